"""The translators' digest: one email a day per translator and language, listing what to update."""

import datetime

import pytest

from django.utils import timezone

from wagtail.models import Locale

from tests.factories import NewsPageFactory
from tests.translators.conftest import start_translation, translate_all
from translators.digest import send_translator_digests
from translators.models import DigestDelivery
from translators.tasks import send_translator_digests_task


@pytest.fixture
def published_translation(news):
    """The news item, translated into Albanian and published."""
    translation = start_translation(news, "sq")
    translate_all(translation)
    translation.save_target(publish=True)
    return translation


def publish_with_heading(page, heading):
    page = page.specific
    page.body[0].value["text"] = heading
    page.save_revision().publish()


def to(messages, user):
    return [message for message in messages if message.recipients == [user.email]]


@pytest.mark.django_db(transaction=True)
def test_a_published_change_reaches_the_translators_once_through_the_worker(
    migrated_rows, published_translation, teams, translator, make_user, smtp_sink, celery_worker
):
    news = published_translation.source.get_source_instance()

    publish_with_heading(news, "Why civic space matters in 2024")

    (digest,) = smtp_sink.wait_for(1)
    assert digest.recipients == [translator.email]
    assert digest.message["Subject"] == "Çfarë pret përkthimin tuaj në shqip"
    text = digest.body("plain")
    assert "Civic space in the region" in text
    assert "* Why civic space matters in 2024" in text
    assert "<q>Why civic space matters in 2024</q>" in digest.body("html")

    # A second change the same day: recorded, listed on the dashboard, but no second email.
    publish_with_heading(news, "Why civic space matters in 2025")
    # The worker runs tasks in order: once the German translator's digest arrives, the Albanian
    # digest task of the second change has run before it.
    german = make_user("greta", teams["de"].translators)
    send_translator_digests_task.delay([Locale.objects.get(language_code="de").pk])
    messages = smtp_sink.wait_for(2)

    assert len(to(messages, translator)) == 1
    assert len(to(messages, german)) == 1
    assert DigestDelivery.objects.filter(recipient=translator).count() == 1


@pytest.mark.django_db
def test_changes_after_the_days_digest_go_out_the_next_morning(
    published_translation, translator, smtp_sink, django_capture_on_commit_callbacks
):
    news = published_translation.source.get_source_instance()
    today = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        publish_with_heading(news, "Why civic space matters in 2024")
    assert len(smtp_sink.wait_for(1)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        publish_with_heading(news, "Why civic space matters in 2025")

    assert send_translator_digests(now=today) == 0
    assert send_translator_digests(now=today + datetime.timedelta(days=1)) == 1
    assert send_translator_digests(now=today + datetime.timedelta(days=1)) == 0

    second = smtp_sink.wait_for(2)[1]
    assert "* Why civic space matters in 2025" in second.body("plain")
    assert "2024" not in second.body("plain")


@pytest.mark.django_db
def test_nothing_new_means_no_digest(published_translation, translator, smtp_sink):
    assert send_translator_digests() == 1, "the first digest lists what already waits"

    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert send_translator_digests(now=tomorrow) == 0
    assert len(smtp_sink.messages) == 1


@pytest.mark.django_db
def test_only_the_languages_of_the_changed_source_are_told(
    published_translation, teams, translator, make_user, smtp_sink, django_capture_on_commit_callbacks
):
    send_translator_digests()
    german = make_user("greta", teams["de"].translators)
    DigestDelivery.objects.create(
        recipient=german, locale=teams["de"].locale, day=timezone.localdate(), sent_at=timezone.now()
    )
    news = published_translation.source.get_source_instance()

    with django_capture_on_commit_callbacks(execute=True):
        publish_with_heading(news, "Why civic space matters in 2024")

    # The source is translated into Albanian only; the German translator is not written to.
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert send_translator_digests(now=tomorrow) == 1
    assert [message.recipients for message in smtp_sink.wait_for(2)] == [
        [translator.email],
        [translator.email],
    ]


@pytest.mark.django_db
def test_the_digest_is_written_in_the_translators_admin_language(
    published_translation, translator, smtp_sink
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = "de"
    profile.save()

    send_translator_digests()

    (digest,) = smtp_sink.wait_for(1)
    assert '<html lang="de" dir="ltr">' in digest.body("html")


@pytest.mark.django_db
def test_a_new_english_page_is_announced_to_every_language(
    published_translation, teams, translator, make_user, smtp_sink, django_capture_on_commit_callbacks
):
    german = make_user("greta", teams["de"].translators)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    for user, team in ((translator, teams["sq"]), (german, teams["de"])):
        DigestDelivery.objects.create(
            recipient=user, locale=team.locale, day=yesterday.date(), sent_at=yesterday
        )
    listing = published_translation.source.get_source_instance().get_parent()

    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=listing, title="Grants for 2025", slug="grants").save_revision().publish()

    messages = smtp_sink.wait_for(2)
    assert sorted(message.recipients[0] for message in messages) == [translator.email, german.email]
    assert all("Grants for 2025" in message.body("plain") for message in messages)
