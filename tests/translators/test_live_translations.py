"""A live translation changes only through review: no wagtail-localize action goes around it."""

import pytest

from django.test import Client
from django.urls import reverse

from wagtail_localize.models import StringTranslation

from tests.translators.conftest import start_translation, translate_all

XHR = {"X-Requested-With": "XMLHttpRequest"}


def as_user(user):
    client = Client(headers=XHR)
    client.force_login(user)
    return client


@pytest.fixture
def live_albanian(news, translator, reviewer, django_capture_on_commit_callbacks):
    """The news item translated into Albanian, submitted, approved and live."""
    translation = start_translation(news, "sq", user=translator)
    translate_all(translation)
    as_user(translator).post(reverse("translators:submit_for_review", args=[translation.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        as_user(reviewer).post(reverse("translators:review", args=[translation.pk]), {"decision": "approve"})
    assert translation.get_target_instance().live
    return translation


def public(page):
    response = Client().get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def albanian_page(translation):
    return translation.get_target_instance().specific


@pytest.mark.django_db
def test_a_translator_is_not_offered_convert_to_alias_and_is_refused_it(live_albanian, translator, news):
    page = albanian_page(live_albanian)
    client = as_user(translator)

    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    url = reverse("wagtail_localize:convert_to_alias", args=[page.pk])
    responses = [client.get(url), client.post(url)]

    assert "&quot;convertToAliasUrl&quot;: null" in editor
    assert [response.status_code for response in responses] == [403, 403]
    page.refresh_from_db()
    assert page.alias_of is None
    assert "SQ: Civic space in the region" in public(page)


@pytest.mark.django_db
def test_a_reviewer_converts_a_translation_to_an_alias_of_its_source(live_albanian, reviewer, news):
    page = albanian_page(live_albanian)
    client = as_user(reviewer)

    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    response = client.post(reverse("wagtail_localize:convert_to_alias", args=[page.pk]))

    assert f"/admin/localize/page/{page.pk}/convert_to_alias/" in editor
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.alias_of_id == news.pk
    assert "Civic space in the region" in public(page)


@pytest.mark.django_db
def test_the_page_editor_of_a_stopped_translation_offers_convert_to_alias_to_reviewers_only(
    live_albanian, translator, reviewer
):
    page = albanian_page(live_albanian)
    live_albanian.enabled = False
    live_albanian.save()
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])

    assert "localize-convert-to-alias" not in as_user(translator).get(edit).content.decode()
    assert "localize-convert-to-alias" in as_user(reviewer).get(edit).content.decode()
    response = as_user(translator).post(edit, {"localize-convert-to-alias": "1"})
    assert response.status_code == 302
    assert as_user(translator).get(response["Location"]).status_code == 403
    page.refresh_from_db()
    assert page.alias_of is None


@pytest.mark.django_db
def test_a_translators_change_to_a_live_translation_stays_off_the_site_until_approved(
    live_albanian, translator, reviewer, django_capture_on_commit_callbacks
):
    page = albanian_page(live_albanian)
    StringTranslation.objects.filter(
        locale=live_albanian.target_locale, translation_of__data="Civic space in the region"
    ).update(data="Hapësira qytetare, e rishikuar")

    as_user(translator).post(reverse("translators:submit_for_review", args=[live_albanian.pk]))

    assert "SQ: Civic space in the region" in public(page)
    assert "e rishikuar" not in public(page)
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Hapësira qytetare, e rishikuar"
    with django_capture_on_commit_callbacks(execute=True):
        as_user(reviewer).post(
            reverse("translators:review", args=[live_albanian.pk]), {"decision": "approve"}
        )
    assert "Hapësira qytetare, e rishikuar" in public(page)
