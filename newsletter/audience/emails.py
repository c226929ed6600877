"""The emails the audience side sends: rendered from template triples, headers kept clean."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from home.localization import localize_all
from newsletter.audience.lifecycle import supported_language
from newsletter.models import ConsentRecord, MailingList
from newsletter.tokens import CONFIRM, MAX_AGE, confirmation_url


def render_email(template, context, *, to, language):
    """Return the message of a `template`.html / .txt / _subject.txt triple, in `language`.

    Only the subject comes from a template into a header, flattened to one line; `to` holds
    bare, normalised addresses, so no name or field ever reaches a header.
    """
    with translation.override(language):
        context = {"site_name": settings.WAGTAIL_SITE_NAME, "language": language, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=to, headers={"Auto-Submitted": "auto-generated"})
    message.attach_alternative(html, "text/html")
    return message


def send_confirmation(consent_id):
    """Email the link that confirms a consent record; return whether a message was sent.

    Sends nothing for a record that is gone (its subscriber erased) or already confirmed.
    """
    record = (
        ConsentRecord.objects.select_related("subscriber")
        .filter(pk=consent_id, confirmed_at__isnull=True)
        .first()
    )
    if record is None:
        return False
    subscriber = record.subscriber
    language = supported_language(record.requested_language or subscriber.language)
    lists = MailingList.objects.filter(pk__in=[item["id"] for item in record.mailing_lists]).order_by("name")
    context = {
        "lists": localize_all(lists, language),
        "confirmation_url": confirmation_url(subscriber.pk, record.pk),
        "valid_days": MAX_AGE[CONFIRM].days,
    }
    render_email("email/newsletter/confirm", context, to=[subscriber.email], language=language).send(
        using="default"
    )
    return True
