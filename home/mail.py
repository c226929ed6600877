"""The site's own emails: rendered from template triples, signed; and a backend that keeps them as files."""

import email.policy
import uuid
from email.utils import make_msgid
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import timezone, translation

from home import dkim
from home.dkim import address_domain
from home.models import NetworkSettings, localized_details


def mail_domain():
    """The site's own mail domain, which Message-IDs carry: DEFAULT_FROM_EMAIL's, else BASE_URL's host."""
    return address_domain(settings.DEFAULT_FROM_EMAIL)


def reply_to():
    """The Reply-To of the site's mail and newsletters (REPLY_TO_EMAIL), or None."""
    return settings.REPLY_TO_EMAIL or None


class SiteEmail(EmailMultiAlternatives):
    """A message the site assembles itself: a Message-ID on its own domain, signed when a DKIM key is set.

    Backends that write a MIME message (SMTP, the outbox, an ESP's raw-message API) send the
    signature along; an ESP that takes fields through its API signs with its own key.
    Subclasses change the MIME message in `mime`, which is what the signature covers.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        named = {name.lower() for name in self.extra_headers}
        if "message-id" not in named:
            # Django's default names the host (often `localhost`), which spam filters count against.
            self.extra_headers["Message-ID"] = make_msgid(domain=mail_domain())
        if not self.reply_to and "reply-to" not in named and reply_to():
            self.reply_to = [reply_to()]

    def mime(self, *, policy):
        """Return the MIME message before signing."""
        return super().message(policy=policy)

    def message(self, *, policy=email.policy.default):
        message = self.mime(policy=policy)
        key = dkim.signing_key()
        if key is not None:
            signed = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
            field = key.sign(signed).decode().removeprefix("DKIM-Signature: ").removesuffix("\r\n")
            message["DKIM-Signature"] = VerbatimHeader("DKIM-Signature", field)
        return message


class VerbatimHeader(str):
    """A header value the email package writes as it is (it folds only header objects it made itself).

    `value` is folded already, with CRLF line ends.
    """

    def __new__(cls, name, value):
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy):
        lines = self.split("\r\n")
        return f"{self.name}: {policy.linesep.join(lines)}{policy.linesep}"


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
            "network_details": localized_details(language_code=language),
            **context,
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = SiteEmail(
        subject, text, to=to, headers={"Auto-Submitted": "auto-generated", "Content-Language": language}
    )
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
