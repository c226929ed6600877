"""The translation editor's Publish, held back while strings are untranslated.

wagtail-localize publishes a translation with strings missing (they show in the source language)
and only says so afterwards. Here a publisher first confirms, on a page that says how many strings
are missing and in which fields; a translator, who submits for review instead, is refused.
"""

import hashlib
from collections import Counter

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.template.response import TemplateResponse
from django.utils.text import capfirst

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.models import Translation

from translators.review import may_publish
from translators.strings import untranslated_words

CONFIRMATION_FIELD = "publish-untranslated"


def hold_back_incomplete_publication(request, instance):
    """Return a confirmation page, or raise 403, for a Publish of an incomplete translation; else None."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    translation = (
        Translation.objects.filter(
            source__object_id=instance.translation_key, target_locale_id=instance.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )
    if translation is None:
        return None
    missing = untranslated_words(translation)
    if not missing:
        return None
    if not _may_publish_incomplete(request.user, instance):
        raise PermissionDenied
    token = _token(missing)
    if request.POST.get(CONFIRMATION_FIELD) == token:
        return None
    return TemplateResponse(
        request,
        "translators/editor/confirm_publish.html",
        {
            "instance": instance,
            "translation": translation,
            "missing": len(missing),
            "fields": _fields(translation, missing),
            "token": token,
            "confirmation_field": CONFIRMATION_FIELD,
            "edit_url": AdminURLFinder(request.user).get_edit_url(instance),
        },
    )


def _may_publish_incomplete(user, instance):
    if isinstance(instance, Page):
        return may_publish(user, instance)
    if isinstance(instance, DraftStateMixin):
        return user.has_perm(get_permission_name("publish", type(instance)))
    # A snippet without drafts is saved live by whoever may edit it: only staff beyond the
    # language teams' rights (who may change the model anywhere) put it live incomplete.
    return user.is_superuser or user.has_perm(get_permission_name("add", type(instance)))


def _token(segments):
    """Name the missing strings, so that a confirmation holds only for what it was shown."""
    ids = ",".join(str(segment.pk) for segment in sorted(segments, key=lambda segment: segment.pk))
    return hashlib.sha256(ids.encode()).hexdigest()[:32]


def _fields(translation, segments):
    model = translation.source.specific_content_type.model_class()
    ordered = sorted(segments, key=lambda segment: segment.order)
    counts = Counter(segment.context.path.split(".", 1)[0] for segment in ordered)
    return [{"label": _label(model, name), "strings": count} for name, count in counts.items()]


def _label(model, name):
    try:
        return capfirst(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
