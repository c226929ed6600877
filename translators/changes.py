"""Keep translation sources in step with what is published, and remember what changed for translators.

wagtail-localize extracts a source's strings when it is first submitted for translation and
again only when someone syncs it. Here every publication of a source (and every save of a
source snippet) syncs it, so translators see the new strings at once, and a SourceChange records
the strings that are new or reworded, for the dashboard and the digest.
"""

from django.db import transaction
from django.db.models import Model

from wagtail.models import Page, TranslatableMixin
from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    StringSegment,
    TemplateSegment,
    TranslationSource,
)

from translators.models import SourceChange


def source_for(instance):
    """Return the translation source extracted from instance, or None if nobody translates it."""
    if not isinstance(instance, TranslatableMixin):
        return None
    return TranslationSource.objects.filter(
        object_id=instance.translation_key, locale_id=instance.locale_id
    ).first()


@transaction.atomic
def record_source_change(source, *, user=None):
    """Sync source with its live object; return the SourceChange made, or None if nothing changed.

    Only what translators act on counts as a change: strings, rich-text structure, overridable
    values and references to translatable objects.
    """
    # Serialise syncs of one source, so each change is measured against the previous one.
    source = TranslationSource.objects.select_for_update().get(pk=source.pk)
    before = _segments(source)
    try:
        source.update_from_db()
    except Model.DoesNotExist:
        return None
    after = _segments(source)
    if after == before:
        return None
    known_strings = {(context, string) for kind, context, string in before if kind == "string"}
    new_strings = [
        {"path": segment.context.path, "text": segment.string.data}
        for segment in StringSegment.objects.filter(source=source)
        .select_related("context", "string")
        .order_by("order")
        if (segment.context_id, segment.string_id) not in known_strings
    ]
    return SourceChange.objects.create(source=source, changed_by=user, strings=new_strings)


def _segments(source):
    return {
        *(
            ("string", c, s)
            for c, s in StringSegment.objects.filter(source=source).values_list("context", "string")
        ),
        *(
            ("template", c, t)
            for c, t in TemplateSegment.objects.filter(source=source).values_list("context", "template")
        ),
        *(
            ("related", c, o)
            for c, o in RelatedObjectSegment.objects.filter(source=source).values_list("context", "object")
        ),
        *(
            ("override", c, d)
            for c, d in OverridableSegment.objects.filter(source=source).values_list("context", "data_json")
        ),
    }


def is_first_publication(instance):
    """Say whether instance is a page whose live version is its first publication."""
    return (
        isinstance(instance, Page)
        and instance.live
        and instance.first_published_at is not None
        and instance.first_published_at == instance.last_published_at
    )
