"""Apply what a received bounce or complaint report says, through the webhooks' own rules.

A report is matched to its delivery by the VERP address it came back to (or the returned
message's envelope sender), then by the returned message's Message-ID, and only then by the
address it reports, which must have been sent a newsletter. Each report is applied once: a
message read again (a mailbox polled twice, a server retrying) changes nothing.
"""

import enum
import logging

from django.core.exceptions import ValidationError
from django.db.models import Q

from newsletter.addresses import normalize_email
from newsletter.bounces import reports, verp
from newsletter.models import Delivery, Send
from newsletter.sending import feedback

logger = logging.getLogger(__name__)

# The source that bounce mail's FeedbackEvents are recorded under (FeedbackEvent.esp).
SOURCE = "mail"
# Deliveries that a report may be matched to by its recipient's address alone.
HANDED_OVER = [Delivery.Status.SENT, Delivery.Status.BOUNCED, Delivery.Status.COMPLAINED]


class Result(enum.StrEnum):
    """What became of a received message; the first three are done with, the rest kept for a person."""

    APPLIED = "applied"
    REPEATED = "repeated"
    IGNORED = "ignored"
    UNMATCHED = "unmatched"
    NOT_A_REPORT = "not_a_report"
    FORGED = "forged"
    UNREADABLE = "unreadable"

    @property
    def done(self):
        return self in {Result.APPLIED, Result.REPEATED, Result.IGNORED}


def process(raw, envelope_recipients=()):
    """Apply the reports of one received message (bytes); return its Result. Never raises for bad mail."""
    try:
        reading = reports.read(raw, envelope_recipients)
    except reports.Unreadable as error:
        logger.warning("Kept a message that could not be read as a report: %s.", error)
        return Result.UNREADABLE
    except Exception:  # noqa: BLE001
        # Whatever a stranger's message does to the parser, the mailbox is read on.
        logger.exception("Kept a message that could not be parsed.")
        return Result.UNREADABLE
    if reading.form in {reports.AUTO_REPLY, reports.UNKNOWN} or not reading.reports:
        if reading.form == reports.UNKNOWN:
            logger.info("Kept %s: neither a report nor an automatic reply.", reading.message_id)
            return Result.NOT_A_REPORT
        return Result.IGNORED
    try:
        by_verp = verp.find(reading.addresses)
    except verp.Forged as error:
        logger.warning("Kept %s: its VERP address %s has a wrong signature.", reading.message_id, error)
        return Result.FORGED
    results = []
    for index, report in enumerate(reading.reports):
        delivery = _match(reading, report, by_verp)
        if delivery is None:
            logger.info("Kept %s: no delivery matches its %s report.", reading.message_id, report.kind)
            results.append(Result.UNMATCHED)
            continue
        applied = feedback.record(
            SOURCE,
            f"{reading.message_id}:{index}"[:255],
            report.kind,
            delivery.subscriber.email,
            lambda delivery=delivery: Delivery.objects.select_for_update().get(pk=delivery.pk),
            description=f"{reading.form}: {report.detail}",
            detail=report.detail,
        )
        results.append(Result.APPLIED if applied else Result.REPEATED)
    return min(results, key=list(Result).index) if results else Result.IGNORED


def _match(reading, report, by_verp):
    """Return the delivery a report is about, or None."""
    deliveries = Delivery.objects.select_related("subscriber")
    if by_verp is not None:
        return deliveries.filter(pk=by_verp).first()
    delivery = _by_message_id(deliveries, reading.original_message_id)
    if delivery is not None:
        return delivery
    candidates = [report.recipient] if report.recipient else reading.original_recipients
    for address in candidates:
        try:
            address = normalize_email(address)
        except ValidationError:
            continue
        delivery = (
            deliveries.filter(subscriber__email=address, status__in=HANDED_OVER).order_by("-id").first()
        )
        if delivery is not None:
            return delivery
    return None


def _by_message_id(deliveries, message_id):
    match = feedback.MESSAGE_ID.match(message_id.strip())
    if match is None:
        return None
    send_id, key, subscriber_id = match.groups()
    if not Send.objects.filter(pk=send_id, key=key).exists():
        return None
    return deliveries.filter(Q(send_id=send_id) & Q(subscriber_id=subscriber_id)).first()
