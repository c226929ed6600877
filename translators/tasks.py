from celery import shared_task

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page

from translators.digest import send_translator_digests
from translators.publishing import after_publication, after_unpublication


@shared_task
def page_published_task(page_id, user_id=None):
    """Sync the published page's translation source, notify its translators, update its editions."""
    page = Page.objects.filter(pk=page_id).specific().first()
    if page is None or not page.live:
        return
    _notify(after_publication(page, user=_user(user_id)))


@shared_task
def page_unpublished_task(page_id, user_id=None):
    """Take down the transliterated editions of an unpublished page."""
    page = Page.objects.filter(pk=page_id).specific().first()
    if page is not None and not page.live:
        after_unpublication(page, user=_user(user_id))


@shared_task
def snippet_saved_task(content_type_id, pk):
    """Sync the saved snippet's translation source, notify its translators, update its editions."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    snippet = model._default_manager.filter(pk=pk).first() if model else None
    if snippet is not None:
        _notify(after_publication(snippet))


@shared_task
def send_translator_digests_task(locale_ids=None):
    """Send the day's digests that are due (all languages, or those given)."""
    send_translator_digests(locale_ids=locale_ids)


def _notify(locale_ids):
    if locale_ids is None or locale_ids:
        send_translator_digests_task.delay_on_commit(locale_ids)


def _user(user_id):
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None
