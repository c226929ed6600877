"""Serbian Cyrillic from Serbian Latin, letter for letter, for whole pages and snippets."""

import io

import pytest

from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from home.models import Topic
from tests.factories import TopicFactory
from tests.translators.conftest import start_translation
from translators.editions import sync_transliterated_edition
from translators.models import LatinTerms


@pytest.fixture
def cyrillic(settings):
    """Serbian Cyrillic among the content languages, beside Serbian Latin."""
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [*settings.LANGUAGES, ("sr", "Српски")]
    return Locale.objects.get_or_create(language_code="sr")[0]


@pytest.fixture
def serbian_latin(news):
    """The news item translated into Serbian Latin (a rich text paragraph with a link) and published."""
    translation = start_translation(news, "sr-latn")
    latin = {
        "title": "Građanski prostor u regionu",
        "slug": "gradjanski-prostor",
        "lead": "Šta se dogodilo, u jednom pasusu.",
        "Why civic space matters": "Zašto je građanski prostor važan",
        "Transparency prevents corruption.": "Transparentnost sprečava korupciju.",
        "Eivind": "Ajvind",
        'Civil society keeps <b>power</b> in check. Read <a id="a1">the report</a>.': (
            "Civilno društvo drži <b>vlast</b> pod kontrolom. "
            'Pročitajte <a id="a1">izveštaj</a> na YouTube kanalu.'
        ),
    }
    for segment in translation.source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            data=latin.get(segment.context.path) or latin[segment.string.data],
            translation_type="manual",
        )
    translation.save_target(publish=False)
    page = translation.get_target_instance().specific
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def page_in(locale, page):
    return page.get_translation(locale).specific


@pytest.mark.django_db
def test_a_whole_page_is_transliterated_rich_text_and_links_included(
    serbian_latin, cyrillic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sync_transliterated_edition(serbian_latin)

    page = page_in(cyrillic, serbian_latin)
    assert page.live
    assert page.title == "Грађански простор у региону"
    assert page.slug == "gradjanski-prostor", "addresses stay in Latin letters"
    assert page.lead == "Шта се догодило, у једном пасусу."
    heading, paragraph, quote = page.body
    assert heading.value["text"] == "Зашто је грађански простор важан"
    assert paragraph.value.source == (
        '<p>Цивилно друштво држи <b>власт</b> под контролом. Прочитајте <a href="https://example.org/report">'
        "извештај</a> на YouTube каналу.</p>"
    )
    assert (quote.value["text"], quote.value["attribution"]) == (
        "Транспарентност спречава корупцију.",
        "Ајвинд",
    )
    # The parent listing was given its Cyrillic edition first, in the Cyrillic tree.
    assert page.get_parent().locale == cyrillic
    assert page.url_path.startswith(page.get_parent().url_path)


@pytest.mark.django_db
def test_publishing_the_latin_translation_keeps_the_cyrillic_edition_in_step(
    serbian_latin, cyrillic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sync_transliterated_edition(serbian_latin)
    serbian_latin.lead = "Šta se dogodilo juče."

    with django_capture_on_commit_callbacks(execute=True):
        serbian_latin.save_revision().publish()

    assert page_in(cyrillic, serbian_latin).lead == "Шта се догодило јуче."


@pytest.mark.django_db
def test_a_hand_correction_in_cyrillic_survives_until_the_latin_changes(
    serbian_latin, cyrillic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sync_transliterated_edition(serbian_latin)
    translation = Translation.objects.get(
        source__object_id=serbian_latin.translation_key, source__locale__language_code="sr-latn"
    )
    corrected = StringTranslation.objects.get(
        locale=cyrillic, context__path="lead", translation_of__locale__language_code="sr-latn"
    )
    corrected.data = "Шта се десило, у једном пасусу."
    corrected.translation_type = "manual"
    corrected.tool_name = ""
    corrected.save()

    with django_capture_on_commit_callbacks(execute=True):
        sync_transliterated_edition(serbian_latin)
    assert page_in(cyrillic, serbian_latin).lead == "Шта се десило, у једном пасусу."
    assert translation.enabled


@pytest.mark.django_db
def test_unpublishing_the_latin_translation_takes_the_cyrillic_edition_down(
    serbian_latin, cyrillic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sync_transliterated_edition(serbian_latin)

    with django_capture_on_commit_callbacks(execute=True):
        serbian_latin.unpublish()

    assert not page_in(cyrillic, serbian_latin).live


@pytest.mark.django_db
def test_snippets_get_their_cyrillic_edition_when_the_latin_one_is_saved(
    site, cyrillic, django_capture_on_commit_callbacks
):
    topic = TopicFactory(name="Civic space", slug="civic-space")
    latin = topic.copy_for_translation(Locale.objects.get(language_code="sr-latn"))
    latin.name = "Građanski prostor"

    with django_capture_on_commit_callbacks(execute=True):
        latin.save()

    edition = Topic.objects.get(translation_key=topic.translation_key, locale=cyrillic)
    assert (edition.name, edition.slug) == ("Грађански простор", "civic-space")


@pytest.mark.django_db
def test_without_cyrillic_among_the_languages_nothing_is_produced(serbian_latin):
    assert sync_transliterated_edition(serbian_latin) is None
    assert not Locale.objects.filter(language_code="sr").exists()


@pytest.fixture
def cyrillic_catalogue(settings, tmp_path):
    """The Serbian Cyrillic interface catalogue, compiled as `compilemessages` compiles it."""
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS[:-1], tmp_path]
    call_command("compilemessages", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_first_cyrillic_page_under_a_new_section_is_served_with_a_cyrillic_interface(
    serbian_latin, cyrillic, cyrillic_catalogue, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sync_transliterated_edition(serbian_latin)

    page = page_in(cyrillic, serbian_latin)
    section = page.get_parent()
    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Грађански простор у региону" in html
    assert '<html lang="sr"' in html
    assert "Пређи на садржај" in html, "the interface speaks Serbian in Cyrillic too"
    assert client.get(section.url).status_code == 200
    assert section.numchild == 1


@pytest.fixture
def latin_translation(serbian_latin, cyrillic, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sync_transliterated_edition(serbian_latin)
    return Translation.objects.get(
        source__object_id=serbian_latin.translation_key, target_locale__language_code="sr-latn"
    )


def keep_in_latin(client, translation, terms):
    response = client.post(
        reverse("translators:keep_in_latin", args=[translation.pk]), {"terms": terms}, follow=True
    )
    return [str(message) for message in response.context["messages"]]


@pytest.mark.django_db
def test_a_reviewer_keeps_a_pages_own_terms_in_latin_in_its_live_cyrillic_edition(
    latin_translation, serbian_latin, cyrillic, teams, make_user, client
):
    client.force_login(make_user("milica", teams["sr-latn"].reviewers))
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[serbian_latin.pk]))
    assert "Keep in Latin letters in the Cyrillic edition" in editor.content.decode()

    messages = keep_in_latin(client, latin_translation, "Ajvind\nGrađanski prostor\n")

    assert messages == ["The Cyrillic edition now keeps these terms in Latin letters."]
    page = page_in(cyrillic, serbian_latin)
    assert page.title == "Građanski prostor у региону"
    response = client.get(page.url)
    assert "Ajvind" in response.content.decode()


@pytest.mark.django_db
def test_a_translators_terms_wait_for_the_next_publication_of_the_latin_text(
    latin_translation, serbian_latin, cyrillic, teams, make_user, client, django_capture_on_commit_callbacks
):
    client.force_login(make_user("jovan", teams["sr-latn"].translators))

    messages = keep_in_latin(client, latin_translation, "Ajvind")

    assert messages == [
        "Saved. The Cyrillic edition keeps these terms in Latin letters from the next publication."
    ]
    assert page_in(cyrillic, serbian_latin).body[2].value["attribution"] == "Ајвинд"
    with django_capture_on_commit_callbacks(execute=True):
        serbian_latin.save_revision().publish()
    assert page_in(cyrillic, serbian_latin).body[2].value["attribution"] == "Ajvind"


@pytest.mark.django_db
def test_another_languages_translator_cannot_set_the_terms(latin_translation, translator, client):
    client.force_login(translator)

    response = client.post(
        reverse("translators:keep_in_latin", args=[latin_translation.pk]),
        {"terms": "x"},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )

    assert response.status_code == 403
    assert not LatinTerms.objects.exists()
