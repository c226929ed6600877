"""Publishing a half-translated page takes a publisher's confirmation of what is missing."""

import pytest

from django.test import Client
from django.urls import reverse

from wagtail_localize.models import StringTranslation

from home.models import Topic
from tests.factories import TopicFactory
from tests.translators.conftest import start_translation, translate_all


def as_user(user):
    client = Client(headers={"X-Requested-With": "XMLHttpRequest"})
    client.force_login(user)
    return client


@pytest.fixture
def half_albanian(news, translator):
    """The news item in Albanian with its lead and rich text paragraph left untranslated."""
    translation = start_translation(news, "sq", user=translator)
    translate_all(translation)
    StringTranslation.objects.filter(locale=translation.target_locale, context__path__in=["lead"]).delete()
    StringTranslation.objects.filter(
        locale=translation.target_locale, translation_of__data__startswith="Civil society keeps"
    ).delete()
    return translation


def publish(client, page, **confirmation):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish", **confirmation}
    )


@pytest.mark.django_db
def test_a_reviewer_is_told_what_is_untranslated_and_publishes_only_when_confirming(
    half_albanian, reviewer, django_capture_on_commit_callbacks
):
    page = half_albanian.get_target_instance()
    client = as_user(reviewer)

    response = publish(client, page)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Publish with untranslated strings?" in html
    assert "2 strings are not translated into" in html
    assert "<li>Lead: 1 string</li>" in html
    assert "<li>Body: 1 string</li>" in html
    page.refresh_from_db()
    assert not page.live

    with django_capture_on_commit_callbacks(execute=True):
        response = publish(client, page, **{"publish-untranslated": response.context["token"]})

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.specific.lead == "What happened, in one paragraph."


@pytest.mark.django_db
def test_a_confirmation_holds_only_for_the_strings_it_named(half_albanian, reviewer):
    page = half_albanian.get_target_instance()
    client = as_user(reviewer)
    token = publish(client, page).context["token"]
    StringTranslation.objects.filter(
        locale=half_albanian.target_locale, translation_of__data="Why civic space matters"
    ).delete()

    response = publish(client, page, **{"publish-untranslated": token})

    assert "3 strings are not translated into" in response.content.decode()
    page.refresh_from_db()
    assert not page.live


@pytest.mark.django_db
def test_a_translator_is_refused_publishing_a_half_translated_page(half_albanian, translator):
    page = half_albanian.get_target_instance()

    response = publish(as_user(translator), page, **{"publish-untranslated": "anything"})

    assert response.status_code == 403
    page.refresh_from_db()
    assert not page.live


@pytest.mark.django_db
def test_a_complete_translation_is_published_without_a_question(
    news, translator, reviewer, django_capture_on_commit_callbacks
):
    translation = start_translation(news, "sq", user=translator)
    translate_all(translation)
    page = translation.get_target_instance()

    with django_capture_on_commit_callbacks(execute=True):
        response = publish(as_user(reviewer), page)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live


@pytest.mark.django_db
def test_a_translator_cannot_put_a_half_translated_snippet_live(teams, translator):
    topic = TopicFactory(name="Civic space", slug="civic-space")
    translation = start_translation(topic, "sq", user=translator)
    albanian = Topic.objects.get(translation_key=topic.translation_key, locale=translation.target_locale)
    url = reverse("wagtailsnippets_home_topic:edit", args=[albanian.pk])

    response = as_user(translator).post(url, {"action": "publish"})

    assert response.status_code == 403
    albanian.refresh_from_db()
    assert albanian.name == "Civic space"
