"""Signals that start background work after publications; the work itself is in tasks.py."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save

from wagtail.models import Page, TranslatableMixin
from wagtail.signals import page_published, page_unpublished
from wagtail.snippets.models import get_snippet_models


def connect():
    page_published.connect(on_page_published, dispatch_uid="translators.page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="translators.page_unpublished")
    post_save.connect(on_model_saved, dispatch_uid="translators.snippet_saved")


def on_page_published(sender, instance, revision=None, **kwargs):
    from translators.tasks import page_published_task

    user = getattr(revision, "user", None)
    # Published outside its review (the translation editor's Publish button, used by a reviewer):
    # close the review, as Wagtail's page editor does, so that nobody waits on it.
    state = instance.current_workflow_state
    if state is not None and getattr(settings, "WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH", True):
        state.cancel(user=user)
    page_published_task.delay_on_commit(instance.pk, getattr(user, "pk", None))


def on_page_unpublished(sender, instance, **kwargs):
    from translators.tasks import page_unpublished_task

    page_unpublished_task.delay_on_commit(instance.pk)


def on_model_saved(sender, instance, raw=False, **kwargs):
    if raw or isinstance(instance, Page) or not isinstance(instance, TranslatableMixin):
        return
    if not isinstance(instance, tuple(get_snippet_models())) or not _may_matter(instance):
        return
    from translators.tasks import snippet_saved_task

    snippet_saved_task.delay_on_commit(ContentType.objects.get_for_model(instance).pk, instance.pk)


def _may_matter(snippet):
    """Say whether saving snippet can change a translation source or a transliterated edition."""
    from translators.changes import source_for
    from translators.editions import edition_locale_for

    return source_for(snippet) is not None or edition_locale_for(snippet) is not None
