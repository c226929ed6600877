"""The rules of a signature's life: given, confirmed by its owner, counted once, erased on request.

    (new) ──sign──▶ pending ──confirm──▶ confirmed   (counted once)
    pending ──sign──▶ pending        (the latest form speaks; earlier links stop working)
    confirmed ──sign──▶ confirmed    (its owner is told by email that it counts already)
    pending ──erase──▶ deleted
    confirmed ──erase──▶ anonymous   (still counted; identifies nobody)

Views and the admin call these functions; none changes a signature or a count itself.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from campaigns.models.signatures import Campaign, Signature
from campaigns.tasks import send_signature_email_task
from campaigns.tokens import read_confirmation_token
from home.caching import content_changed
from home.limits import RateLimit
from newsletter import audience
from newsletter.addresses import clean_name, normalize_email
from newsletter.models import Subscriber
from newsletter.tokens import InvalidToken

# Emails about one campaign that one address may be sent in a day, whoever asks: enough for a
# person who lost the first, too few to flood a stranger's inbox through the form.
EMAILS_PER_ADDRESS = RateLimit("signature-emails-per-address", limit=3, window=24 * 3600)

# Change a version whenever its wording changes: each record keeps the text it showed, and
# the version tells which records were given under which text.
CONSENT_VERSION = "2026-1"
CONSENT_WORDING = _(
    "I sign this campaign. I agree that my name, email address, country and organisation are kept "
    "to count and verify my signature, that my name is shown only if I ask for it, and that I can "
    "ask for my data to be erased at any time."
)
UPDATES_VERSION = "2026-1"
UPDATES_WORDING = _(
    "Send me updates about this campaign by email. I can unsubscribe at any time through the link "
    "in every email."
)


# What erasing a confirmed signature clears or blurs.
ERASED_FIELDS = [
    "email",
    "name",
    "organisation",
    "ip_address",
    "show_name",
    "wants_updates",
    "signed_at",
    "confirmed_at",
    "erased_at",
]


class SigningClosed(Exception):
    """The campaign takes no signatures now (not open yet, closed or won)."""


class TooManyEmails(Exception):
    """The address was sent as many emails about the campaign as it may be for now."""


@dataclass(frozen=True)
class Confirmation:
    """What following a confirmation link did."""

    signature: Signature
    # True when this visit counted the signature (not an earlier one).
    counted: bool = False
    # Whether the newsletter was asked to email a confirmation of the campaign's updates;
    # False when the address had its share of such emails today.
    updates_requested: bool = False


def sign(
    page, *, email, name, country, organisation="", show_name=False, wants_updates=False, ip_address=None
):
    """Record a signature of the page's campaign, and email its owner what it needs.

    A new or pending signature's owner gets the link that confirms it (the latest request
    replacing earlier ones); the owner of a confirmed signature is told that it counts
    already, and nothing changes. Callers answer the same in every case, so that nobody
    learns who signed. `country` is a source-language home.Country row.

    Raises SigningClosed when the campaign takes no signatures, TooManyEmails when the
    address had its share of emails about this campaign today, and ValidationError for an
    invalid address.
    """
    if not page.accepts_signatures:
        raise SigningClosed(page.phase)
    campaign = page.campaign
    address = normalize_email(email)
    if not EMAILS_PER_ADDRESS.hit(f"{campaign.pk}:{address}"):
        raise TooManyEmails(address)
    language = page.locale.language_code
    with translation.override(language):
        wording = str(CONSENT_WORDING)
    request = {
        "name": clean_name(name),
        "organisation": clean_name(organisation),
        "country": country,
        "show_name": show_name,
        "wants_updates": wants_updates,
        "language": language,
        "consent_wording": wording,
        "consent_version": CONSENT_VERSION,
        "consent_language": language,
        "ip_address": ip_address,
        "signed_at": timezone.now(),
    }
    with transaction.atomic():
        signature, created = Signature.objects.select_for_update().get_or_create(
            campaign=campaign, email=address, defaults=request
        )
        if not created and signature.confirmed_at is None:
            for field, value in request.items():
                setattr(signature, field, value)
            signature.save()
        send_signature_email_task.delay_on_commit(signature.pk)


def read_confirmation(page, token):
    """Return the signature a confirmation link on the page stands for, changing nothing.

    Raises InvalidToken when the link is tampered with or expired, belongs to another
    campaign, or was overtaken by a later request or an erasure.
    """
    return _signature_for(page, token, lock=False)


def confirm(page, token):
    """Count the signature a confirmation link stands for, once; return the Confirmation.

    Following the link again changes nothing. A signer who asked for updates is subscribed
    to the campaign's list through newsletter.audience, which records the consent, honours
    suppressions and emails its own confirmation. Raises InvalidToken as read_confirmation
    does, and SigningClosed when the campaign stopped taking signatures before the link
    was followed.
    """
    with transaction.atomic():
        signature = _signature_for(page, token, lock=True)
        if signature.confirmed_at is not None:
            return Confirmation(signature)
        if not page.accepts_signatures:
            raise SigningClosed(page.phase)
        signature.confirmed_at = timezone.now()
        signature.save(update_fields=["confirmed_at"])
        # In the database, not in Python: concurrent confirmations each add their one.
        Campaign.objects.filter(pk=signature.campaign_id).update(signature_count=F("signature_count") + 1)
        page.campaign.refresh_from_db(fields=["signature_count"])
        # The count shows on the campaign's pages and on every card of it, in every language.
        content_changed([page])
        updates_requested = signature.wants_updates and _ask_for_updates(page, signature)
    return Confirmation(signature, counted=True, updates_requested=updates_requested)


def erase(address):
    """Erase every signature of an address; return how many there were.

    Pending signatures are deleted. Confirmed ones keep counting, with only their campaign,
    country, language and day: name, address, organisation and IP address are gone.
    """
    address = normalize_email(address)
    now = timezone.now()
    with transaction.atomic():
        signatures = list(Signature.objects.select_for_update().filter(email=address))
        Signature.objects.filter(pk__in=[row.pk for row in signatures if row.confirmed_at is None]).delete()
        confirmed = [row for row in signatures if row.confirmed_at is not None]
        # The campaign pages name these signers among their supporters.
        named_on = {row.campaign_id for row in confirmed if row.show_name}
        for signature in confirmed:
            signature.email = None
            signature.name = signature.organisation = ""
            signature.ip_address = None
            signature.show_name = signature.wants_updates = False
            signature.signed_at = _day_of(signature.signed_at)
            signature.confirmed_at = _day_of(signature.confirmed_at)
            signature.erased_at = now
        Signature.objects.bulk_update(confirmed, ERASED_FIELDS)
        if named_on:
            keys = Campaign.objects.filter(pk__in=named_on).values("translation_key")
            content_changed(Page.objects.filter(translation_key__in=keys))
    return len(signatures)


def _day_of(moment):
    """The start of the moment's day, where the site is: a date without the time of day."""
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def _signature_for(page, token, *, lock):
    signature_id, requested_at = read_confirmation_token(token)
    campaign = page.campaign
    signatures = Signature.objects.select_for_update() if lock else Signature.objects.all()
    signature = signatures.filter(
        pk=signature_id, campaign_id=campaign.pk if campaign else None, erased_at__isnull=True
    ).first()
    if signature is None or signature.signed_at != requested_at:
        raise InvalidToken("no such request")
    return signature


def _ask_for_updates(page, signature):
    """Subscribe the signer to the campaign's list; return whether a confirmation was requested."""
    mailing_list = page.campaign.mailing_list
    if mailing_list is None:
        return False
    with translation.override(signature.consent_language):
        wording = str(UPDATES_WORDING)
    consent = audience.Consent(
        wording=wording,
        version=UPDATES_VERSION,
        language=signature.consent_language,
        source=Subscriber.Source.CAMPAIGN,
        source_detail=page.get_full_url()[:255],
        ip_address=signature.ip_address,
    )
    try:
        # Returns None for a suppressed address: the signer is answered the same either way.
        audience.subscribe(
            signature.email,
            lists=[mailing_list],
            consent=consent,
            language=signature.language,
            name=signature.name,
        )
    except audience.TooManyConfirmations:
        return False
    return True
