"""Which of a source's strings are words to translate, and which of those still wait for a translation."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef

from wagtail_localize.models import StringSegment, StringTranslation

# Fields whose values are addresses or identifiers, never words, whatever the language: a
# translation may keep the source's value (wagtail-localize then uses it), and a
# transliteration must keep it.
IDENTIFIER_FIELDS = (models.SlugField, models.URLField, models.EmailField)


def holds_identifier(model, path):
    """Say whether the string at a content path of model is an address or identifier, not words."""
    try:
        field = model._meta.get_field(path.split(".", 1)[0])
    except FieldDoesNotExist:
        return False
    return isinstance(field, IDENTIFIER_FIELDS)


def untranslated_words(translation):
    """Return the source's segments of words that have no usable translation into the target yet."""
    model = translation.source.specific_content_type.model_class()
    segments = (
        StringSegment.objects.filter(source=translation.source)
        .exclude(
            Exists(
                StringTranslation.objects.filter(
                    translation_of=OuterRef("string"),
                    context=OuterRef("context"),
                    locale=translation.target_locale,
                    has_error=False,
                )
            )
        )
        .select_related("context")
    )
    return [segment for segment in segments if not holds_identifier(model, segment.context.path)]
