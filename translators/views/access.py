"""Who may act on a translation: wagtail-localize's edit check, confined to the user's languages."""

from functools import wraps

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from wagtail.models import Page
from wagtail_localize.models import Translation
from wagtail_localize.views.edit_translation import user_can_edit_instance

from translators.teams import may_edit_snippets_in


def translation_for(request, translation_id):
    """Return (translation, translated instance) if request.user may work on it; else 403 or 404."""
    translation = get_object_or_404(
        Translation.objects.select_related("source", "source__locale", "target_locale"), pk=translation_id
    )
    try:
        instance = translation.get_target_instance()
    except ObjectDoesNotExist as error:
        raise Http404 from error
    if isinstance(instance, Page):
        instance = instance.specific
    elif not may_edit_snippets_in(request.user, translation.target_locale):
        raise PermissionDenied
    if not user_can_edit_instance(request.user, instance):
        raise PermissionDenied
    return translation, instance


def confined(view):
    """Wrap a wagtail-localize view that takes a translation_id so that it checks translation_for first."""

    @wraps(view)
    def wrapper(request, translation_id, *args, **kwargs):
        translation_for(request, translation_id)
        return view(request, translation_id, *args, **kwargs)

    return wrapper
