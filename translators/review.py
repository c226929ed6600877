"""Translations reach the public through review: the translator submits, a reviewer approves."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.coreutils import find_available_slug
from wagtail.models import Page, TaskState, WorkflowState
from wagtail_localize.models import SegmentOverride, StringSegment, StringTranslation, TranslationLog

from translators.strings import untranslated_words


class ReviewError(Exception):
    """An action on a review that cannot go ahead; the message says why, in the user's language."""


def translated_page(translation):
    """Return the page a translation writes to, or None if it translates a snippet."""
    instance = translation.get_target_instance()
    return instance.specific if isinstance(instance, Page) else None


def untranslated_count(translation):
    """Return how many of the source's strings of words have no usable translation yet."""
    return len(untranslated_words(translation))


def may_publish(user, page):
    """Say whether user may change what page shows the public without a review: who may publish it."""
    lock = page.get_lock()
    return page.permissions_for_user(user).can_publish() and not (lock is not None and lock.for_user(user))


@transaction.atomic
def submit_for_review(translation, user):
    """Write the translation to its page as a draft and put the page in its review workflow.

    A page whose review asked for changes goes back to the same review; otherwise a review starts.
    """
    page = translated_page(translation)
    if page is None:
        raise ReviewError(_("Only pages go through review."))
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    lock = page.get_lock()
    if lock is not None and lock.for_user(user):
        raise ReviewError(lock.get_message(user))
    workflow = page.get_workflow()
    if workflow is None:
        raise ReviewError(_("No review workflow covers this page. Ask an administrator to set one up."))
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise ReviewError(_("This translation is already waiting for review."))
    missing = untranslated_count(translation)
    if missing:
        raise ReviewError(
            ngettext(
                "%(count)d string is not translated yet. Translate it before submitting.",
                "%(count)d strings are not translated yet. Translate them before submitting.",
                missing,
            )
            % {"count": missing}
        )
    _write_draft(translation, user)
    page.refresh_from_db()
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    else:
        workflow.start(page, user)
    return page


@transaction.atomic
def approve(translation, user, *, comment=""):
    """Approve the translation under review, with any corrections the reviewer made; it goes live."""
    page, task_state = _task_under_review(translation, user, "approve")
    if _corrected_since(translation, task_state.started_at):
        _write_draft(translation, user)
    task_state.task.specific.on_action(task_state, user, "approve", comment=comment)
    return page


@transaction.atomic
def request_changes(translation, user, *, comment):
    """Send the translation back to its translators with the reviewer's comment."""
    if not comment.strip():
        raise ReviewError(_("Say what needs to change."))
    page, task_state = _task_under_review(translation, user, "reject")
    task_state.task.specific.on_action(task_state, user, "reject", comment=comment)
    return page


def review_status(translation, user):
    """Return what the review panel of the translation editor shows to user."""
    page = translated_page(translation)
    if page is None:
        return {"reviewed": False}
    state = page.current_workflow_state
    task_state = page.current_workflow_task_state
    actions = (
        {name for name, *_rest in task_state.task.specific.get_actions(page, user)} if task_state else set()
    )
    rejected = None
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        rejected = state.task_states.filter(status=TaskState.STATUS_REJECTED).order_by("-finished_at").first()
    workflow = page.get_workflow()
    return {
        "reviewed": True,
        "page": page,
        "workflow": workflow,
        "state": state,
        "in_review": state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS,
        "changes_requested": rejected,
        "can_submit": workflow is not None
        and page.permissions_for_user(user).can_edit()
        and not (state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS),
        "can_approve": "approve" in actions,
        "can_request_changes": "reject" in actions,
        "untranslated": untranslated_count(translation),
    }


def _task_under_review(translation, user, action):
    page = translated_page(translation)
    task_state = page.current_workflow_task_state if page is not None else None
    if task_state is None:
        raise ReviewError(_("This translation is not waiting for review."))
    if action not in {name for name, *_rest in task_state.task.specific.get_actions(page, user)}:
        raise PermissionDenied
    return page, task_state


def _corrected_since(translation, moment):
    contexts = StringSegment.objects.filter(source=translation.source).values("context")
    return (
        StringTranslation.objects.filter(
            locale=translation.target_locale, context__in=contexts, updated_at__gt=moment
        ).exists()
        or SegmentOverride.objects.filter(
            locale=translation.target_locale,
            context__object_id=translation.source.object_id,
            updated_at__gt=moment,
        ).exists()
    )


def _write_draft(translation, user):
    page = translated_page(translation)
    try:
        if page is not None and page.live:
            _write_revision(translation, user)
        else:
            translation.save_target(user=user, publish=False)
    except ValidationError as error:
        raise ReviewError(
            _("The translation cannot be saved: %(errors)s") % {"errors": " ".join(error.messages)}
        ) from error


def _write_revision(translation, user):
    # wagtail-localize saves a draft into the page's own row, which is what a live page shows:
    # a live page gets its translation as a new revision only, published when the review approves.
    draft = translation.source.get_ephemeral_translated_instance(translation.target_locale, fallback=True)
    draft.slug = find_available_slug(draft.get_parent(), slugify(draft.slug), ignore_page_id=draft.pk)
    revision = draft.save_revision(user=user)
    # As wagtail-localize logs each writing of a translation (the dashboard dates its work by it).
    TranslationLog.objects.create(
        source=translation.source, locale=translation.target_locale, revision=revision
    )
