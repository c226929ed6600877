"""Launching a campaign in another language through wagtail-localize, as translators do."""

import datetime

import pytest

from wagtail.models import Locale
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from campaigns.models import Campaign, CampaignPage, CampaignPartner
from tests.factories import OrganisationFactory


def translate_through_localize(page, language_code, on_commit):
    """Translate every segment of the page's source (marking each "[code] ...") and publish."""
    locale = Locale.objects.get(language_code=language_code)
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": f"[{language_code}] {segment.string.data}"},
        )
    # wagtail-localize publishes when the transaction commits.
    with on_commit(execute=True):
        translation.save_target(publish=True)
    return source, translation


@pytest.mark.django_db
def test_translators_translate_the_words_while_the_timeline_and_target_follow_the_source(
    make_campaign, django_capture_on_commit_callbacks
):
    page = make_campaign(
        title="Defend civic space",
        ask="Protect the space where citizens organise.",
        goals="<ul><li>A law that protects protest</li></ul>",
        hashtag="CivicSpace",
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 9, 30),
        signature_target=5000,
    )
    page.save_revision().publish()

    source, translation = translate_through_localize(page, "sq", django_capture_on_commit_callbacks)

    albanian = CampaignPage.objects.get(translation_key=page.translation_key, locale__language_code="sq")
    assert albanian.live
    assert albanian.title == "[sq] Defend civic space"
    assert albanian.ask == "[sq] Protect the space where citizens organise."
    assert "[sq] A law that protects protest" in albanian.goals
    assert (albanian.status, albanian.start_date, albanian.end_date, albanian.signature_target) == (
        "active",
        datetime.date(2026, 3, 1),
        datetime.date(2026, 9, 30),
        5000,
    )
    overridable = set(
        OverridableSegment.objects.filter(source=source).values_list("context__path", flat=True)
    )
    assert "hashtag" in overridable, "a translator may use a local hashtag"
    assert not overridable & {"status", "start_date", "end_date", "signature_target"}, (
        "one campaign has one timeline and one target in every language"
    )

    page.status = CampaignPage.Status.WON
    page.end_date = datetime.date(2026, 6, 1)
    partner = OrganisationFactory(name="BCSDN")
    page.partners.add(CampaignPartner(organisation=partner))
    page.save_revision().publish()
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    albanian = CampaignPage.objects.get(pk=albanian.pk)
    assert (albanian.status, albanian.end_date) == ("won", datetime.date(2026, 6, 1))
    assert [link.organisation for link in albanian.partners.all()] == [partner], (
        "partners added later reach the translations when they are synced"
    )
    assert Campaign.objects.count() == 1
    assert (
        Campaign.objects.get().mailing_list.get_translation(albanian.locale).name == "[sq] Defend civic space"
    )
