"""The newsletter's test data: lists, subscribers with their consent, issues in every language."""

import factory
import wagtail_factories

from django.db import connection
from django.utils import timezone

from wagtail.models import Locale

from newsletter.models import (
    ConsentRecord,
    MailingList,
    NewsletterArchivePage,
    NewsletterIssuePage,
    Subscriber,
    Subscription,
)

# What each language's translation of the test issue says, so a test can tell them apart.
GREETINGS = {
    "en": "Hello, network",
    "sq": "Përshëndetje, rrjet",
    "mk": "Здраво, мрежо",
    "sr-latn": "Zdravo, mreža",
    "cnr": "Zdravo, mrežo",
    "de": "Hallo, Netzwerk",
    "ar": "مرحبا أيتها الشبكة",
}


class MailingListFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Regional newsletter {n}")
    slug = factory.Sequence(lambda n: f"regional-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = MailingList


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A subscriber in any state, on `lists`, with the consent record that put them there."""

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    language = "en"
    status = Subscriber.Status.ACTIVE
    confirmed_at = factory.LazyAttribute(
        lambda subscriber: timezone.now() if subscriber.status == Subscriber.Status.ACTIVE else None
    )

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    @factory.post_generation
    def lists(self, create, extracted, **kwargs):
        lists = list(extracted or [])
        ConsentRecord.objects.create(
            subscriber=self,
            wording="I agree.",
            version="test",
            language=self.language,
            requested_language=self.language,
            source=Subscriber.Source.FORM,
            mailing_lists=[{"id": row.pk, "name": row.name} for row in lists],
            confirmed_at=self.confirmed_at,
        )
        Subscription.objects.bulk_create(Subscription(subscriber=self, mailing_list=row) for row in lists)


class ArchivePageFactory(wagtail_factories.PageFactory):
    title = "Newsletter"
    slug = "newsletter"

    class Meta:
        model = NewsletterArchivePage


class IssuePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Issue {n}")
    subject = "News from the network"
    preheader = "What happened this month"

    class Meta:
        model = NewsletterIssuePage


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def build_issue(homes, languages=GREETINGS, *, drafts=(), body=None):
    """Publish an issue under an archive in English and translate it into `languages`.

    Translations into `drafts` are saved but not published. Each translation's subject and
    first paragraph carry that language's greeting. Returns {language code: issue page}.
    """
    archive = ArchivePageFactory(parent=homes["en"])
    source = IssuePageFactory(
        parent=archive,
        subject=f"[en] {GREETINGS['en']}",
        body=body or [paragraph(GREETINGS["en"])],
    )
    issues = {"en": source}
    for code in [*languages, *drafts]:
        if code == "en":
            continue
        translation = source.copy_for_translation(Locale.objects.get(language_code=code), copy_parents=True)
        translation.subject = f"[{code}] {GREETINGS[code]}"
        translation.title = f"{GREETINGS[code]} ({code})"
        translation.body = body or [paragraph(GREETINGS[code])]
        revision = translation.save_revision()
        if code not in drafts:
            revision.publish()
        issues[code] = NewsletterIssuePage.objects.get(pk=translation.pk)
    return issues


def bulk_subscribers(mailing_list, count, languages, *, prefix="reader"):
    """Create `count` active subscribers to mailing_list, languages round-robin; return them."""
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(
            email=f"{prefix}{n}@example.org",
            language=languages[n % len(languages)],
            status=Subscriber.Status.ACTIVE,
        )
        for n in range(count)
    )
    if connection.features.can_return_rows_from_bulk_insert:
        ids = [subscriber.pk for subscriber in subscribers]
    else:
        ids = list(Subscriber.objects.filter(email__startswith=prefix).values_list("pk", flat=True))
    Subscription.objects.bulk_create(Subscription(subscriber_id=pk, mailing_list=mailing_list) for pk in ids)
    return list(Subscriber.objects.filter(pk__in=ids))
