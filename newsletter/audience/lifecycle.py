"""The rules of an address's life: how it comes, is confirmed, changes and leaves.

    (new), unsubscribed ──subscribe──▶ pending ──confirm──▶ active
    active ──subscribe──▶ active             (the new lists join when confirmed)
    pending, active ──unsubscribe──▶ unsubscribed
    any ──suppress──▶ bounced, complained or unsubscribed
    any ──erase──▶ deleted, leaving only the hashed address

Only active subscribers hold subscriptions, and only a confirmed consent record (or an
import's declared consent) makes a subscriber active. Every way in (forms, imports,
campaigns, webhooks, the admin) goes through these functions; none sets a status itself.
"""

from django.db import transaction
from django.utils import timezone

from home.languages import supported_language
from home.limits import RateLimit
from home.localization import localize_all
from newsletter.addresses import clean_name, email_hash, normalize_email
from newsletter.audience.tasks import send_confirmation_task
from newsletter.models import ConsentRecord, MailingList, Subscriber, Subscription, Suppression
from newsletter.tokens import CONFIRM, InvalidToken, read_token

Status = Subscriber.Status
Reason = Suppression.Reason

# Confirmation emails one address may be sent, whoever asks: enough for a person who
# lost the first one, too few for anyone to flood a stranger's inbox through our forms.
CONFIRMATIONS_PER_ADDRESS = RateLimit("confirmations-per-address", limit=3, window=24 * 3600)

# The status a subscriber takes when their address is suppressed for each reason.
STATUS_FOR_REASON = {
    Reason.UNSUBSCRIBED: Status.UNSUBSCRIBED,
    Reason.HARD_BOUNCE: Status.BOUNCED,
    Reason.COMPLAINT: Status.COMPLAINED,
    Reason.MANUAL: Status.UNSUBSCRIBED,
}


class TooManyConfirmations(Exception):
    """The address was sent as many confirmation emails as it may be for now."""


class NotActive(Exception):
    """Only an active subscriber's preferences can be changed."""


def subscribe(address, *, lists, consent, language, name=""):
    """Record a consent and email its confirmation link; return the pending ConsentRecord.

    `lists` are MailingList rows in any language (their source-language rows are what
    people subscribe to); `language` is the one emails will be written in; `consent` is a
    newsletter.audience.Consent holding the exact wording shown. Nothing else changes
    until the link is followed: a new or returning address waits as pending, an active
    subscriber keeps their lists and language meanwhile.

    Returns None, sending nothing, when staff said the address may never be mailed again.
    A bounced or complained address gets its confirmation like any other: confirming lifts
    the suppression. Callers must answer the same either way, so that nobody
    learns whether an address is known. Raises ValidationError for an invalid address,
    TooManyConfirmations when the address had its share of confirmation emails, and
    ValueError when no list is given.
    """
    address = normalize_email(address)
    language = supported_language(language)
    originals = originals_of(lists)
    if not originals:
        raise ValueError("Subscribing needs at least one mailing list.")
    # Counted for every address alike: a limit that spared suppressed ones would reveal them.
    if not CONFIRMATIONS_PER_ADDRESS.hit(address):
        raise TooManyConfirmations(address)
    with transaction.atomic():
        suppression = Suppression.objects.matching(address).first()
        if suppression and suppression.is_permanent:
            return None
        now = timezone.now()
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=address,
            defaults={
                "language": language,
                "name": clean_name(name),
                "source": consent.source,
                "created_at": now,
                "status_changed_at": now,
            },
        )
        if subscriber.status in (Status.UNSUBSCRIBED, Status.BOUNCED, Status.COMPLAINED):
            _set_status(subscriber, Status.PENDING, now)
        if subscriber.status == Status.PENDING and not created:
            # Until they confirm, their latest request speaks for them.
            subscriber.language = language
            subscriber.name = clean_name(name) or subscriber.name
        subscriber.save()
        record = ConsentRecord.objects.create(
            subscriber=subscriber,
            wording=consent.wording,
            version=consent.version,
            language=consent.language,
            requested_language=language,
            source=consent.source,
            source_detail=consent.source_detail,
            mailing_lists=_as_shown(originals, consent.language),
            ip_address=consent.ip_address,
            given_at=now,
        )
        send_confirmation_task.delay_on_commit(record.pk)
    return record


def read_confirmation(token):
    """Return the ConsentRecord a confirmation link stands for, changing nothing.

    Raises InvalidToken as confirm() does; `record.confirmed_at` tells whether the link
    was followed already.
    """
    return _confirmation_request(token, lock=False)


def confirm(token):
    """Make the request a confirmation link stands for take effect; return the subscriber.

    Raises InvalidToken when the token is tampered with, expired or made for another
    purpose, and when its request is void: a later change of status (unsubscribing, a
    bounce) overtook it, or another request was confirmed first. Following the same link
    twice shows the same result and changes nothing.
    """
    with transaction.atomic():
        record = _confirmation_request(token, lock=True)
        subscriber = record.subscriber
        if record.confirmed_at is not None:
            return subscriber
        now = timezone.now()
        record.confirmed_at = now
        record.save(update_fields=["confirmed_at"])
        if subscriber.status == Status.PENDING:
            _set_status(subscriber, Status.ACTIVE, now)
            subscriber.confirmed_at = now
        subscriber.language = supported_language(record.requested_language or subscriber.language)
        subscriber.save()
        _join(subscriber, [item["id"] for item in record.mailing_lists])
        # A confirmed request from the mailbox outweighs an earlier leaving, bounce or complaint.
        Suppression.objects.matching(subscriber.email).filter(reason__in=Suppression.OWNER_REASONS).delete()
    return subscriber


def _confirmation_request(token, *, lock):
    payload = read_token(CONFIRM, token)
    subscribers = Subscriber.objects.select_for_update() if lock else Subscriber.objects.all()
    subscriber = subscribers.filter(pk=payload.get("s")).first()
    record = ConsentRecord.objects.filter(pk=payload.get("c"), subscriber=subscriber).first()
    if subscriber is None or record is None:
        raise InvalidToken("no such request")
    if record.confirmed_at is not None:
        if subscriber.status != Status.ACTIVE:
            raise InvalidToken("already used")
    elif (
        subscriber.status not in (Status.PENDING, Status.ACTIVE)
        or record.given_at < subscriber.status_changed_at
    ):
        raise InvalidToken("overtaken by a later change")
    record.subscriber = subscriber
    return record


def change_preferences(subscriber, *, language=None, lists=None, consent=None):
    """Set an active subscriber's language and lists; None leaves either as it is.

    Joining a list is a consent of its own: `consent` (what the page said) is recorded as
    confirmed, the signed link that reached the page being the proof of the address.
    Raises NotActive for anyone who is not active.
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status != Status.ACTIVE:
            raise NotActive(subscriber.status)
        if language is not None:
            subscriber.language = supported_language(language)
            subscriber.save(update_fields=["language"])
        if lists is not None:
            wanted = {original.pk: original for original in originals_of(lists)}
            current = set(subscriber.subscriptions.values_list("mailing_list_id", flat=True))
            subscriber.subscriptions.exclude(mailing_list_id__in=wanted).delete()
            joining = [wanted[pk] for pk in wanted.keys() - current]
            if joining and consent is None:
                raise TypeError("Joining a list needs the consent the page showed.")
            if joining:
                now = timezone.now()
                ConsentRecord.objects.create(
                    subscriber=subscriber,
                    wording=consent.wording,
                    version=consent.version,
                    language=consent.language,
                    requested_language=subscriber.language,
                    source=consent.source,
                    source_detail=consent.source_detail,
                    mailing_lists=_as_shown(joining, consent.language),
                    ip_address=consent.ip_address,
                    given_at=now,
                    confirmed_at=now,
                )
                _join(subscriber, [item.pk for item in joining])
    return subscriber


def unsubscribe(subscriber, way=""):
    """Stop all mail to the subscriber and remember their address; safe to repeat.

    `way` (a Subscriber.Way) is how they asked, kept for the send reports; a repeat keeps the first.
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status in (Status.PENDING, Status.ACTIVE):
            _set_status(subscriber, Status.UNSUBSCRIBED, timezone.now(), way=way)
            subscriber.save()
            subscriber.subscriptions.all().delete()
        _remember(subscriber.email, Reason.UNSUBSCRIBED)
    return subscriber


def suppress(address, reason):
    """Never mail `address` again; return its Suppression. Safe to repeat.

    For bounce and complaint webhooks (Reason.HARD_BOUNCE, Reason.COMPLAINT) and staff
    (Reason.MANUAL). A subscriber with the address leaves every list and takes the
    matching status. A bounce, complaint or staff entry is never replaced by a milder
    reason. Raises ValidationError for an invalid address.
    """
    if reason not in STATUS_FOR_REASON:
        raise ValueError(f"Cannot suppress for {reason!r}; erase() records erasure.")
    address = normalize_email(address)
    with transaction.atomic():
        suppression = _remember(address, reason)
        subscriber = Subscriber.objects.select_for_update().filter(email=address).first()
        if subscriber is not None:
            status = STATUS_FOR_REASON[suppression.reason]
            if subscriber.status != status:
                _set_status(subscriber, status, timezone.now())
                subscriber.save()
            subscriber.subscriptions.all().delete()
    return suppression


def erase(subscriber):
    """Delete everything held about the subscriber but the hash that keeps imports out."""
    with transaction.atomic():
        _remember(subscriber.email, Reason.ERASED)
        subscriber.delete()


def originals_of(lists):
    """Return the source-language rows of the given mailing lists (any translation)."""
    keys = {mailing_list.translation_key for mailing_list in lists}
    return list(MailingList.objects.originals().filter(translation_key__in=keys).order_by("name", "pk"))


def _as_shown(lists, language_code):
    """The lists a consent covers, as the person saw them named."""
    shown = localize_all(lists, language_code)
    return [{"id": original.pk, "name": str(row)} for original, row in zip(lists, shown, strict=True)]


def _set_status(subscriber, status, when, *, way=""):
    subscriber.status = status
    subscriber.status_changed_at = when
    subscriber.unsubscribed_by = way


def _join(subscriber, list_ids):
    existing = MailingList.objects.filter(pk__in=list_ids).values_list("pk", flat=True)
    Subscription.objects.bulk_create(
        [Subscription(subscriber=subscriber, mailing_list_id=pk) for pk in existing], ignore_conflicts=True
    )


def _remember(address, reason):
    """Record the address's suppression; a milder reason never replaces a stronger one."""
    suppression, created = Suppression.objects.select_for_update().get_or_create(
        email_hash=email_hash(address), defaults={"reason": reason}
    )
    if not created and suppression.reason not in Suppression.LASTING_REASONS and suppression.reason != reason:
        suppression.reason = reason
        suppression.created_at = timezone.now()
        suppression.save(update_fields=["reason", "created_at"])
    return suppression
