"""Nothing reaches the public in a language without review: translators submit, reviewers approve."""

import pytest

from django.test import Client
from django.urls import reverse

from wagtail.models import WorkflowState

from tests.translators.conftest import translate_all


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def submit(client, translation):
    return client.post(reverse("translators:submit_for_review", args=[translation.pk]), follow=True)


def decide(client, translation, decision, comment=""):
    return client.post(
        reverse("translators:review", args=[translation.pk]),
        {"decision": decision, "comment": comment},
        follow=True,
    )


@pytest.mark.django_db
def test_a_new_translation_starts_as_a_draft(albanian):
    page = albanian.get_target_instance()

    assert not page.live


@pytest.mark.django_db
def test_a_translator_submits_a_reviewer_approves_and_only_then_the_translation_is_live(
    albanian, translator, reviewer, django_capture_on_commit_callbacks
):
    translate_all(albanian)

    response = submit(as_user(translator), albanian)

    page = albanian.get_target_instance().specific
    assert "has been submitted for review" in response.content.decode()
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.get_latest_revision_as_object().title == "SQ: Civic space in the region"

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(as_user(reviewer), albanian, "approve")

    page.refresh_from_db()
    assert "is approved and published" in response.content.decode()
    assert page.live
    assert page.title == "SQ: Civic space in the region"
    assert "SQ: Civil society keeps <b>power</b> in check." in page.specific.body[1].value.source
    assert page.current_workflow_state is None


@pytest.mark.django_db
def test_a_translator_cannot_approve_their_own_translation(albanian, translator):
    translate_all(albanian)
    submit(as_user(translator), albanian)

    response = Client(headers={"X-Requested-With": "XMLHttpRequest"})
    response.force_login(translator)

    assert (
        response.post(reverse("translators:review", args=[albanian.pk]), {"decision": "approve"}).status_code
        == 403
    )
    assert not albanian.get_target_instance().live


@pytest.mark.django_db
def test_an_incomplete_translation_is_not_submitted(albanian, translator):
    response = submit(as_user(translator), albanian)

    assert "strings are not translated yet" in response.content.decode()
    assert albanian.get_target_instance().specific.current_workflow_state is None


@pytest.mark.django_db
def test_changes_requested_go_back_to_the_translator_who_resubmits(albanian, translator, reviewer):
    translate_all(albanian)
    submit(as_user(translator), albanian)

    decide(as_user(reviewer), albanian, "request_changes", "Use “shoqëria civile”.")

    page = albanian.get_target_instance().specific
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    editor = as_user(translator).get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Use “shoqëria civile”." in editor
    assert "Resubmit for review" in editor

    submit(as_user(translator), albanian)

    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.task_states.count() == 2
    assert not page.live


@pytest.mark.django_db
def test_requesting_changes_needs_a_comment(albanian, translator, reviewer):
    translate_all(albanian)
    submit(as_user(translator), albanian)

    response = decide(as_user(reviewer), albanian, "request_changes", "  ")

    assert "Say what needs to change." in response.content.decode()
    assert (
        albanian.get_target_instance().specific.current_workflow_state.status
        == WorkflowState.STATUS_IN_PROGRESS
    )


@pytest.mark.django_db
def test_a_reviewers_correction_is_part_of_what_goes_live(
    albanian, translator, reviewer, django_capture_on_commit_callbacks
):
    translate_all(albanian)
    submit(as_user(translator), albanian)
    title = albanian.source.stringsegment_set.get(context__path="title")
    title.string.translations.filter(locale=albanian.target_locale).update(data="Hapësira qytetare në rajon")
    # A correction made through the editor is newer than the submission.
    from wagtail_localize.models import StringTranslation

    StringTranslation.objects.get(translation_of=title.string, locale=albanian.target_locale).save()

    with django_capture_on_commit_callbacks(execute=True):
        decide(as_user(reviewer), albanian, "approve")

    page = albanian.get_target_instance()
    assert page.live
    assert page.title == "Hapësira qytetare në rajon"


@pytest.mark.django_db
def test_the_editor_shows_the_translator_a_submit_button_and_no_publish_button(albanian, translator):
    response = as_user(translator).get(
        reverse("wagtailadmin_pages:edit", args=[albanian.get_target_instance().pk])
    )

    content = response.content.decode()
    assert "data-submit-for-review" in content
    assert "&quot;canPublish&quot;: false" in content


@pytest.mark.django_db
def test_an_untranslated_slug_keeps_the_sources_and_does_not_hold_up_the_submission(albanian, translator):
    translate_all(albanian)
    albanian.source.stringsegment_set.get(context__path="slug").string.translations.all().delete()

    response = submit(as_user(translator), albanian)

    assert "has been submitted for review" in response.content.decode()
    assert albanian.get_target_instance().specific.get_latest_revision_as_object().slug == "civic-space"


@pytest.mark.django_db
def test_a_reviewer_publishing_from_the_translation_editor_closes_the_review(
    albanian, translator, reviewer, django_capture_on_commit_callbacks
):
    translate_all(albanian)
    submit(as_user(translator), albanian)
    page = albanian.get_target_instance().specific

    with django_capture_on_commit_callbacks(execute=True):
        as_user(reviewer).post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"})

    page.refresh_from_db()
    assert page.live
    assert page.current_workflow_state is None
    assert page.workflow_states.get().status == WorkflowState.STATUS_CANCELLED
