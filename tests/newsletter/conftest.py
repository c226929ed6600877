"""Fixtures for the audience (lists in two languages, subscribers in any state) and for sending
(issues in every language, a mailing list, a programmable mail server)."""

import pytest

from django.utils import timezone

from wagtail.models import Locale

from newsletter.models import ConsentRecord, MailingList, Subscriber, Subscription
from tests.newsletter.sending_factories import MailingListFactory, build_issue
from tests.newsletter.sending_support import MailServer, use_mail_server


@pytest.fixture
def lists(db):
    """Source-language lists, two public and one private; the public ones also in Macedonian."""
    english = Locale.objects.get(language_code="en")
    macedonian = Locale.objects.get(language_code="mk")
    created = {
        "regional": MailingList.objects.create(name="Regional newsletter", slug="regional", locale=english),
        "calls": MailingList.objects.create(name="Calls for proposals", slug="calls", locale=english),
        "board": MailingList.objects.create(name="Board", slug="board", is_public=False, locale=english),
    }
    for slug, name in (("regional", "Регионален билтен"), ("calls", "Повици за предлози")):
        translation = created[slug].copy_for_translation(macedonian)
        translation.name = name
        translation.save()
        created[f"{slug}-mk"] = translation
    return created


@pytest.fixture
def make_subscriber(db):
    """Return a function creating a subscriber in a given state, with consent on record."""

    def make(email="ana@example.org", *, status=Subscriber.Status.ACTIVE, language="en", lists=(), name=""):
        now = timezone.now()
        subscriber = Subscriber.objects.create(
            email=email,
            name=name,
            language=language,
            status=status,
            confirmed_at=now if status == Subscriber.Status.ACTIVE else None,
        )
        ConsentRecord.objects.create(
            subscriber=subscriber,
            wording="I agree.",
            version="test",
            language=language,
            requested_language=language,
            source=Subscriber.Source.FORM,
            mailing_lists=[{"id": row.pk, "name": row.name} for row in lists],
            confirmed_at=now if status == Subscriber.Status.ACTIVE else None,
        )
        Subscription.objects.bulk_create(
            Subscription(subscriber=subscriber, mailing_list=row) for row in lists
        )
        return subscriber

    return make


@pytest.fixture
def issue(site):
    """An issue published in all seven languages ({code: page})."""
    return build_issue(site)


@pytest.fixture
def mailing_list(db):
    return MailingListFactory(name="Regional newsletter", slug="regional")


@pytest.fixture
def mail_server(settings):
    """A real SMTP server announcing PIPELINING; all mailers point at it."""
    with MailServer() as server:
        use_mail_server(settings, server)
        yield server


@pytest.fixture
def fast_retries(settings):
    """Retry delays of a fifth of a second, so that a test sees the retry happen."""
    settings.NEWSLETTER_RETRY_DELAYS = [0.2]
    return settings
