"""What the mail server and the ESP say back: SMTP replies while sending, anymail's webhooks after.

Hard bounces (5xx about the address) and complaints suppress the address; soft bounces
(4xx) are retried with backoff and never suppress on their own: only an address that
soft-bounced SOFT_BOUNCE_LIMIT sends in a row is treated as gone.
"""

import hashlib
import logging
import re

from anymail.signals import EventType, RejectReason, tracking

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import receiver

from newsletter import audience
from newsletter.addresses import email_hash, normalize_email
from newsletter.models import Delivery, FeedbackEvent, Send, Subscriber, Suppression
from newsletter.sending import rates

logger = logging.getLogger(__name__)

SENT = "sent"
DEFER = "defer"
BOUNCE = "bounce"
FAIL = "fail"

ENHANCED_STATUS = re.compile(r"^([245])\.(\d{1,3})\.(\d{1,3})\b")
SMTP_CODE = re.compile(r"\b([245]\d\d)\b")
# Replies without an enhanced status code that classically mean "no such mailbox".
ADDRESS_REPLIES = {550, 551, 553}
# Consecutive sends an address may soft-bounce before it is suppressed as bounced.
SOFT_BOUNCE_LIMIT = 3

HARD_BOUNCE = "hard_bounce"
SOFT_BOUNCE = "soft_bounce"
COMPLAINT = "complaint"
UNSUBSCRIBE = "unsubscribe"


def classify(reply):
    """Return what a reply means for its recipient: SENT, DEFER, BOUNCE (suppress) or FAIL."""
    code = reply.code
    if code == 0 or 200 <= code < 400:
        return SENT
    if 400 <= code < 500:
        return DEFER
    enhanced = ENHANCED_STATUS.match(reply.text)
    if enhanced:
        # X.1.* is about the address, X.2.1 a disabled mailbox; X.7.* (policy, relaying) and
        # the rest are about the message or the sender, which the recipient cannot help.
        subject, detail = enhanced[2], enhanced[3]
        return BOUNCE if subject == "1" or (subject, detail) == ("2", "1") else FAIL
    return BOUNCE if code in ADDRESS_REPLIES else FAIL


@receiver(tracking, dispatch_uid="newsletter_tracking_feedback")
def on_tracking(sender, event, esp_name, **kwargs):
    record_event(event, esp_name)


def event_kind(event):
    """Return HARD_BOUNCE, SOFT_BOUNCE, COMPLAINT, UNSUBSCRIBE, or None for events that change nothing."""
    kind = event.event_type
    if kind == EventType.COMPLAINED or (
        kind == EventType.REJECTED and event.reject_reason == RejectReason.SPAM
    ):
        return COMPLAINT
    if kind == EventType.UNSUBSCRIBED or (
        kind == EventType.REJECTED and event.reject_reason == RejectReason.UNSUBSCRIBED
    ):
        return UNSUBSCRIBE
    if kind == EventType.DEFERRED:
        return SOFT_BOUNCE
    if kind == EventType.BOUNCED:
        # Some ESPs report soft bounces as bounces; the mail server's reply tells them apart.
        code = SMTP_CODE.search(event.mta_response or "")
        soft = (code and code[1].startswith("4")) or _esp_says_soft(event)
        return SOFT_BOUNCE if soft else HARD_BOUNCE
    if kind == EventType.REJECTED and event.reject_reason in {RejectReason.BOUNCED, RejectReason.INVALID}:
        return HARD_BOUNCE
    return None


def _esp_says_soft(event):
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    return raw.get("Type") in {"SoftBounce", "Transient", "DnsError"}


def record_event(event, esp_name):
    """Apply one ESP event exactly once, whatever order or how often the ESP repeats it."""
    kind = event_kind(event)
    if kind is None or not event.recipient:
        return False
    return record(
        esp_name,
        event.event_id or _fallback_event_id(event),
        kind,
        event.recipient,
        lambda: find_delivery(event),
        occurred_at=event.timestamp,
        description=event.description or event.mta_response or "",
        detail=event.mta_response or event.description or "",
    )


def record(source, event_id, kind, recipient, find, *, occurred_at=None, description="", detail=""):
    """Apply one report of `kind` about `recipient` once per (source, event id); return whether it did.

    `find()` returns the Delivery the report is about (or None), called under the transaction
    that records the report. Every source of feedback (ESPs' webhooks, bounce mail) comes here;
    a send whose complaints or bounces then pass their limits pauses itself (rates.py).
    """
    try:
        address_hash = email_hash(recipient)
    except ValidationError:
        logger.info("Ignored a %s event for an invalid address from %s.", kind, source)
        return False
    try:
        with transaction.atomic():
            delivery = find()
            FeedbackEvent.objects.create(
                esp=source,
                event_id=event_id,
                event_type=kind,
                email_hash=address_hash,
                delivery=delivery,
                occurred_at=occurred_at,
                description=description[:255],
            )
            apply(kind, recipient, delivery, detail)
    except IntegrityError:
        logger.info("Ignored a repeated %s event %s from %s.", kind, event_id, source)
        return False
    if delivery is not None and kind in {HARD_BOUNCE, COMPLAINT}:
        rates.watch(delivery.send_id)
    return True


def apply(kind, recipient, delivery, detail):
    """Change the recipient's standing through newsletter.audience, and record it on the delivery."""
    if kind == HARD_BOUNCE:
        audience.suppress(recipient, Suppression.Reason.HARD_BOUNCE)
        _mark(delivery, Delivery.Status.BOUNCED, detail)
    elif kind == COMPLAINT:
        audience.suppress(recipient, Suppression.Reason.COMPLAINT)
        _mark(delivery, Delivery.Status.COMPLAINED, detail)
    elif kind == UNSUBSCRIBE:
        subscriber = Subscriber.objects.filter(email=normalize_email(recipient)).first()
        if subscriber is not None:
            audience.unsubscribe(subscriber, Subscriber.Way.ESP)
        else:
            audience.suppress(recipient, Suppression.Reason.UNSUBSCRIBED)
    elif kind == SOFT_BOUNCE and delivery is not None and soft_bounced_too_often(delivery.subscriber_id):
        audience.suppress(recipient, Suppression.Reason.HARD_BOUNCE)


# A later event never undoes a stronger one: a complaint outranks a bounce, a bounce a send.
# A bounce reported before the batch settles (or before a retry) wins over the pending row.
RANK = {
    Delivery.Status.QUEUED: -1,
    Delivery.Status.SENDING: -1,
    Delivery.Status.SENT: 0,
    Delivery.Status.FAILED: 0,
    Delivery.Status.BOUNCED: 1,
    Delivery.Status.COMPLAINED: 2,
}


def _mark(delivery, status, detail):
    if delivery is None or RANK.get(delivery.status, 3) >= RANK[status]:
        return
    Delivery.objects.filter(pk=delivery.pk, status=delivery.status).update(
        status=status, reply=detail[:255], claim=None, next_attempt_at=None
    )


def soft_bounced_too_often(subscriber_id):
    """Whether the subscriber's last SOFT_BOUNCE_LIMIT sends all soft-bounced."""
    recent = list(
        Delivery.objects.filter(
            subscriber_id=subscriber_id, status__in=[Delivery.Status.SENT, Delivery.Status.FAILED]
        )
        .order_by("-id")
        .values_list("id", "status", "reply")[:SOFT_BOUNCE_LIMIT]
    )
    if len(recent) < SOFT_BOUNCE_LIMIT:
        return False
    reported = set(
        FeedbackEvent.objects.filter(
            delivery_id__in=[row[0] for row in recent], event_type=SOFT_BOUNCE
        ).values_list("delivery_id", flat=True)
    )
    return all(
        delivery_id in reported or (status == Delivery.Status.FAILED and reply.startswith("4"))
        for delivery_id, status, reply in recent
    )


MESSAGE_ID = re.compile(r"<?(\d+)\.([0-9a-f]+)\.(\d+)@")


def find_delivery(event):
    """Find the delivery an event is about: by our metadata, our Message-ID, or its recipient."""
    metadata = event.metadata or {}
    send_id, subscriber_id = metadata.get("newsletter_send"), metadata.get("newsletter_subscriber")
    if not (send_id and subscriber_id):
        match = MESSAGE_ID.match(event.message_id or "")
        if match and Send.objects.filter(pk=match[1], key=match[2]).exists():
            send_id, subscriber_id = match[1], match[3]
    deliveries = Delivery.objects.select_for_update()
    if send_id and subscriber_id and str(send_id).isdigit() and str(subscriber_id).isdigit():
        return deliveries.filter(send_id=send_id, subscriber_id=subscriber_id).first()
    return deliveries.filter(subscriber__email=event.recipient.strip().lower()).order_by("-id").first()


def _fallback_event_id(event):
    parts = [event.event_type, event.recipient, event.message_id or "", str(event.timestamp or "")]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()
