"""The site's own emails: rendered from template triples; and a backend that keeps them as files."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import timezone, translation

from home.models import NetworkSettings


def render_email(template, context, *, to, language):
    """Return the message of a `template`.html / .txt / _subject.txt triple, in `language`.

    The HTML extends email/base.html and the text ends with email/footer.txt: the newsletter's
    masthead and the network's name and address.

    Only the subject comes from a template into a header, flattened to one line; `to` holds
    bare, normalised addresses, so no name or field ever reaches a header.
    """
    network = NetworkSettings.load()
    with translation.override(language):
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "language": language,
            # The network's name and postal address, in every email's footer.
            "network_name": network.display_name,
            "network_address": network.address.strip(),
            **context,
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=to, headers={"Auto-Submitted": "auto-generated"})
    message.attach_alternative(html, "text/html")
    return message


class OutboxBackend(BaseEmailBackend):
    """Write each message to `file_path` as an .eml file that any mail client opens."""

    def __init__(self, *, file_path, **kwargs):
        super().__init__(**kwargs)
        self.directory = Path(file_path)

    def send_messages(self, email_messages):
        self.directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}.eml"
            mime = message.message()
            (self.directory / name).write_bytes(mime.as_bytes(policy=mime.policy.clone(linesep="\r\n")))
        return len(email_messages)
