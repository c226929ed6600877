"""A subscriber's consent to a click history of their own: given, withdrawn, asked about."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from newsletter.models import Click, ClickHistoryConsent, Link


def wording():
    """The words a subscriber agrees to, in the active language."""
    return _(
        "Record which links in our newsletters I follow, as mine, so that the network can see "
        "what interests me. I can withdraw this at any time; my history is then deleted."
    )


def history_allowed():
    """Whether the operator keeps per-subscriber click history at all (NEWSLETTER_CLICK_HISTORY)."""
    return bool(settings.NEWSLETTER_CLICK_HISTORY)


def has_consented(subscriber_id):
    return ClickHistoryConsent.objects.filter(subscriber_id=subscriber_id, withdrawn_at__isnull=True).exists()


def consenting(subscriber_ids):
    """Return those of `subscriber_ids` whose consent stands."""
    return set(
        ClickHistoryConsent.objects.filter(
            subscriber_id__in=subscriber_ids, withdrawn_at__isnull=True
        ).values_list("subscriber_id", flat=True)
    )


def give(subscriber, language):
    """Record the subscriber's consent, with the wording shown in `language`."""
    if has_consented(subscriber.pk):
        return None
    with override(language):
        return ClickHistoryConsent.objects.create(subscriber=subscriber, wording=wording(), language=language)


def withdraw(subscriber):
    """Withdraw the subscriber's consent and delete the clicks (and opens) recorded as theirs."""
    ClickHistoryConsent.objects.filter(subscriber=subscriber, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    Click.objects.filter(subscriber=subscriber).delete()


def record_choice(subscriber, wanted, language):
    """Give or withdraw consent as the subscriber chose on their preferences page."""
    if wanted:
        give(subscriber, language)
    else:
        withdraw(subscriber)


def recorded_about(subscriber):
    """Return what the engagement reports hold about the subscriber, as their preferences page says."""
    return {
        "history_allowed": history_allowed(),
        "consented": has_consented(subscriber.pk),
        "clicks": Click.objects.filter(subscriber=subscriber).exclude(link__kind=Link.Kind.OPEN).count(),
        # Loads of the image of a send whose staff chose to count opens.
        "opens": Click.objects.filter(subscriber=subscriber, link__kind=Link.Kind.OPEN).count(),
    }
