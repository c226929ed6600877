"""Translators work in their own languages: elsewhere the admin refuses them.

Wagtail's admin answers a refused request with 403 when it comes from the admin's scripts, and
with a redirect to the dashboard and a message when it is a page load; these tests send the
header the scripts send, so that a refusal is a 403.
"""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation

from config.machine_translation import parse_machine_translator
from tests.factories import TopicFactory
from tests.translators.conftest import start_translation, translate_all
from tests.translators.test_machine_translation import LibreTranslateServer


@pytest.fixture
def client():
    return Client(headers={"X-Requested-With": "XMLHttpRequest"})


@pytest.fixture
def german(news):
    return start_translation(news, "de")


@pytest.mark.django_db
def test_a_translator_edits_their_languages_pages_and_gets_403_on_another_languages(
    client, translator, albanian, german
):
    client.force_login(translator)

    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=[albanian.get_target_instance().pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=[german.get_target_instance().pk])).status_code
        == 403
    )


@pytest.mark.django_db
def test_a_translator_gets_403_on_another_languages_translation_views(client, translator, german):
    client.force_login(translator)
    segment = german.source.stringsegment_set.first()
    override = german.source.overridablesegment_set.first()

    responses = [
        client.get(reverse("wagtail_localize:download_pofile", args=[german.pk])),
        client.post(
            reverse("wagtail_localize:upload_pofile", args=[german.pk]),
            {"file": SimpleUploadedFile("de.po", german.export_po().__unicode__().encode())},
        ),
        client.post(reverse("wagtail_localize:machine_translate", args=[german.pk])),
        client.get(reverse("wagtail_localize:preview_translation", args=[german.pk])),
        client.post(reverse("wagtail_localize:stop_translation", args=[german.pk])),
        client.put(
            reverse("wagtail_localize:edit_string_translation", args=[german.pk, segment.pk]),
            "value=Hallo",
            content_type="application/x-www-form-urlencoded",
        ),
        client.put(
            reverse("wagtail_localize:edit_override", args=[german.pk, override.pk]),
            "value=https://example.de",
            content_type="application/x-www-form-urlencoded",
        ),
        client.post(reverse("translators:submit_for_review", args=[german.pk])),
        client.post(reverse("translators:review", args=[german.pk]), {"decision": "approve"}),
    ]

    assert [response.status_code for response in responses] == [403] * len(responses)
    german.refresh_from_db()
    assert german.enabled
    assert not german.source.stringsegment_set.filter(
        string__translations__locale=german.target_locale
    ).exists()


@pytest.mark.django_db
def test_a_translator_is_offered_only_their_own_language_to_translate_into(client, translator, news):
    client.force_login(translator)

    response = client.get(reverse("wagtail_localize:submit_page_translation", args=[news.pk]))

    assert [locale.language_code for locale in response.context["form"].fields["locales"].queryset] == ["sq"]
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[news.pk]),
        {"locales": [Locale.objects.get(language_code="de").pk]},
    )
    assert response.status_code == 200
    assert not news.has_translation(Locale.objects.get(language_code="de"))


@pytest.mark.django_db
def test_a_translator_cannot_sync_or_publish_the_sources_translations(client, translator, albanian):
    client.force_login(translator)

    response = client.get(reverse("wagtail_localize:update_translations", args=[albanian.source.pk]))

    assert response.status_code == 403


@pytest.mark.django_db
def test_a_translator_edits_snippets_in_their_language_only(client, translator, teams):
    topic = TopicFactory(name="Civic space")
    albanian = topic.copy_for_translation(Locale.objects.get(language_code="sq"))
    albanian.save()
    german = topic.copy_for_translation(Locale.objects.get(language_code="de"))
    german.save()
    client.force_login(translator)

    def edit(snippet):
        return client.get(reverse("wagtailsnippets_home_topic:edit", args=[snippet.pk])).status_code

    assert (edit(albanian), edit(german), edit(topic)) == (200, 403, 403)


@pytest.mark.django_db
def test_a_translator_gets_403_on_another_languages_snippet_translation(client, translator, teams):
    topic = TopicFactory(name="Civic space")
    german = start_translation(topic, "de")
    client.force_login(translator)

    response = client.get(reverse("wagtail_localize:download_pofile", args=[german.pk]))

    assert response.status_code == 403
    assert (
        client.get(
            reverse("wagtail_localize:download_pofile", args=[start_translation(topic, "sq").pk])
        ).status_code
        == 200
    )


@pytest.mark.django_db
def test_a_page_load_refused_goes_back_to_the_dashboard_with_the_reason(translator, german):
    browser = Client()
    browser.force_login(translator)

    response = browser.get(
        reverse("wagtailadmin_pages:edit", args=[german.get_target_instance().pk]), follow=True
    )

    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    assert "you do not have permission" in response.content.decode()


@pytest.mark.django_db
def test_translators_cannot_publish_reviewers_can(translator, reviewer, albanian):
    page = albanian.get_target_instance()

    assert not page.permissions_for_user(translator).can_publish()
    assert page.permissions_for_user(reviewer).can_publish()


@pytest.mark.django_db
def test_syncing_with_publish_publishes_finished_translations_and_names_the_unfinished(
    news, make_user, django_capture_on_commit_callbacks
):
    finished, unfinished = start_translation(news, "sq"), start_translation(news, "de")
    translate_all(finished)
    editor = Client()
    editor.force_login(make_user("editor", is_superuser=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            reverse("wagtail_localize:update_translations", args=[finished.source.pk]),
            {"publish_translations": "on"},
            follow=True,
        )

    assert finished.get_target_instance().live
    assert not unfinished.get_target_instance().live
    assert "Not published in Deutsch: 6 strings are not translated yet." in [
        str(message) for message in response.context["messages"]
    ]


@pytest.mark.django_db
def test_syncing_with_machine_translation_fills_only_the_languages_the_service_has(news, make_user, settings):
    albanian, macedonian = start_translation(news, "sq"), start_translation(news, "mk")
    editor = Client()
    editor.force_login(make_user("editor", is_superuser=True))
    with LibreTranslateServer(languages=("en", "sq")) as server:
        settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = parse_machine_translator(
            {"LIBRETRANSLATE_URL": server.url}
        )

        response = editor.post(
            reverse("wagtail_localize:update_translations", args=[albanian.source.pk]),
            {"use_machine_translation": "on"},
        )

    assert response.status_code == 302
    assert {body["target"] for body in server.translations()} == {"sq"}
    assert StringTranslation.objects.filter(
        locale=albanian.target_locale, translation_type="machine"
    ).exists()
    assert not StringTranslation.objects.filter(locale=macedonian.target_locale).exists()
