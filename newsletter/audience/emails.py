"""The emails the audience side sends: the link that confirms a subscription."""

from home.languages import supported_language
from home.localization import localize_all
from home.mail import render_email
from newsletter.models import ConsentRecord, MailingList
from newsletter.tokens import CONFIRM, MAX_AGE, confirmation_url


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
