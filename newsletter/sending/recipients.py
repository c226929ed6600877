"""Who a send reaches and in which language: the numbers shown before sending, and planning's rules."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from home.languages import content_language_codes
from home.localization import nearest
from newsletter.addresses import AddressHash
from newsletter.models import Delivery, Subscriber, Subscription, Suppression

PUBLISHED = "published"
DRAFT = "draft"
MISSING = "missing"
TRANSLATION_STATUS_LABELS = {PUBLISHED: _("Published"), DRAFT: _("Draft"), MISSING: _("Missing")}


# Deliveries that mean "this subscriber has (or is getting) this issue": a later send of the
# same issue leaves them out. Failed, skipped and cancelled ones may be sent again.
RECEIVED = [
    Delivery.Status.QUEUED,
    Delivery.Status.SENDING,
    Delivery.Status.SENT,
    Delivery.Status.BOUNCED,
    Delivery.Status.COMPLAINED,
]


def translations(issue):
    """Return {language code: page} for every translation of the issue, live or not."""
    pages = Page.objects.filter(translation_key=issue.translation_key).select_related("locale").specific()
    return {page.locale.language_code: page for page in pages}


def translation_status(issue):
    """Return {content language: PUBLISHED, DRAFT or MISSING} for the issue's translations."""
    pages = translations(issue)
    return {
        code: (PUBLISHED if pages[code].live else DRAFT) if code in pages else MISSING
        for code in content_language_codes()
    }


def language_plan(issue, subscriber_languages):
    """Map each subscriber language to the published translation it receives (None: none)."""
    published = {code: code for code, page in translations(issue).items() if page.live}
    return {language: nearest(published, language) for language in subscriber_languages}


def reached(issue, mailing_lists, languages=(), *, planning=None, ids=None):
    """Return the subscribers a send of `issue` to these lists (and subscriber languages) reaches.

    Active, on one of the lists, not suppressed, and not already mailed this issue by another send.
    Planning passes its send (`planning`), whose own rows are no other send's, and the slice of
    subscriber ids it writes (`ids`: after, up to), which each lookup is narrowed to, so that a
    slice costs its own rows and not the lists' or the issue's whole history.
    """
    in_slice = Q(subscriber_id__gt=ids[0], subscriber_id__lte=ids[1]) if ids else Q()
    received = Delivery.objects.filter(
        in_slice,
        subscriber=OuterRef("pk"),
        send__issue__translation_key=issue.translation_key,
        status__in=RECEIVED,
    )
    if planning is not None:
        received = received.exclude(send=planning)
    subscribers = Subscriber.objects.mailable().filter(
        Exists(
            Subscription.objects.filter(in_slice, subscriber=OuterRef("pk"), mailing_list__in=mailing_lists)
        ),
        ~Exists(Suppression.objects.filter(email_hash=AddressHash(OuterRef("email")))),
        ~Exists(received),
    )
    if ids:
        subscribers = subscribers.filter(pk__gt=ids[0], pk__lte=ids[1])
    if languages:
        subscribers = subscribers.filter(language__in=languages)
    return subscribers


@dataclass
class LanguageRow:
    language: str
    subscribers: int
    status: str
    receives: str | None

    @property
    def status_label(self):
        return TRANSLATION_STATUS_LABELS[self.status]

    @property
    def falls_back(self):
        return self.receives is not None and self.receives != self.language


def summary(issue, mailing_lists, languages=()):
    """Return one LanguageRow per subscriber language (content languages first, even if empty)."""
    counts = dict(
        reached(issue, mailing_lists, languages)
        .order_by()
        .values_list("language")
        .annotate(count=Count("id"))
        .values_list("language", "count")
    )
    statuses = translation_status(issue)
    codes = [code for code in content_language_codes() if not languages or code in languages]
    codes += sorted(set(counts) - set(codes))
    plan = language_plan(issue, codes)
    return [LanguageRow(code, counts.get(code, 0), statuses.get(code, MISSING), plan[code]) for code in codes]


def anyone_receives(issue, mailing_lists, languages=()):
    """Whether a send to these lists (and subscriber languages) would reach anyone, without counting."""
    subscribers = reached(issue, mailing_lists, languages)
    languages_with_rules = {settings.LANGUAGE_CODE, *content_language_codes(), *settings.LANGUAGE_FALLBACKS}
    plan = language_plan(issue, languages_with_rules)
    if plan[settings.LANGUAGE_CODE]:
        # Every language's fallback chain ends with the source language, which is published.
        return subscribers.exists()
    return subscribers.filter(language__in=[code for code, receives in plan.items() if receives]).exists()
