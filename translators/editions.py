"""Editions produced from another language by transliteration rather than translation.

The Serbian Cyrillic (`sr`) edition of a page or snippet is a wagtail-localize translation whose
source is the Serbian Latin (`sr-latn`) translation: every string is transliterated, so the
Cyrillic edition follows the Latin one without a translator of its own. A string that someone
corrects by hand in the Cyrillic edition keeps the correction until the Latin string changes.
"""

import functools

from django.conf import settings
from django.db import transaction

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from home.models import NetworkSettings
from home.transliteration import latin_to_cyrillic
from translators.models import LatinTerms
from translators.strings import holds_identifier

# Recorded on each transliterated string, as wagtail-localize records "PO File" or "DeepL".
TOOL_NAME = "Transliteration"

# {edition language: (language it is transliterated from, transliteration)}
TRANSLITERATED_EDITIONS = {"sr": ("sr-latn", latin_to_cyrillic)}


def derived_languages():
    """Return {edition language: source language} for the transliterated editions this site publishes."""
    codes = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    return {
        code: source_code
        for code, (source_code, _function) in TRANSLITERATED_EDITIONS.items()
        if code in codes and source_code in codes
    }


def edition_locale_for(instance):
    """Return the locale of the edition transliterated from instance's language, or None."""
    for code, source_code in derived_languages().items():
        if instance.locale.language_code == source_code:
            return Locale.objects.filter(language_code=code).first()
    return None


@transaction.atomic
def sync_transliterated_edition(instance, *, user=None):
    """Write the transliterated edition of a page or snippet; return it, or None if it has none.

    The edition is published when instance is live (pages) and always for snippets. Parent
    pages that lack an edition get one first, so the edition sits in its own language's tree.
    """
    if isinstance(instance, Page):
        instance = instance.specific
    locale = edition_locale_for(instance)
    if locale is None:
        return None
    if isinstance(instance, Page):
        _sync_parents(instance, locale, user=user)

    source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    # The edition follows this source alone; another synced translation into it would compete.
    Translation.objects.filter(
        source__object_id=source.object_id, target_locale=locale, enabled=True
    ).exclude(pk=translation.pk).update(enabled=False)

    transliterate = functools.partial(
        TRANSLITERATED_EDITIONS[locale.language_code][1], keep=terms_kept_in_latin(instance)
    )
    _write_strings(source, locale, transliterate, user=user)
    if not isinstance(instance, Page):
        translation.save_target(user=user, publish=getattr(instance, "live", True))
        return source.get_translated_instance(locale)
    # wagtail-localize would publish on commit, from the page as it is now: a child added later
    # in this transaction (the page this edition's parents are made for) would be forgotten
    # (numchild 0) and Wagtail could not route to it. So publish here, from the saved draft.
    translation.save_target(user=user, publish=False)
    edition = source.get_translated_instance(locale)
    if instance.live:
        # Whoever published the Latin text has published its transliteration.
        edition.get_latest_revision().publish(user=user, skip_permission_checks=True)
        edition.refresh_from_db()
    return edition


def terms_kept_in_latin(instance):
    """Return the terms instance's transliterated edition keeps in Latin: the site's names and its own."""
    names = [settings.WAGTAIL_SITE_NAME, NetworkSettings.load().display_name]
    own = LatinTerms.objects.filter(translation_key=instance.translation_key).first()
    return [*names, *(own.as_list() if own else [])]


def _sync_parents(page, locale, *, user):
    missing = [
        ancestor.specific
        for ancestor in page.get_ancestors().filter(depth__gt=1, locale=page.locale)
        if not ancestor.has_translation(locale)
    ]
    for ancestor in missing:
        sync_transliterated_edition(ancestor, user=user)


def _write_strings(source, locale, transliterate, *, user):
    model = source.specific_content_type.model_class()
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    existing = {
        (translation.translation_of_id, translation.context_id): translation
        for translation in StringTranslation.objects.filter(
            locale=locale,
            translation_of__in=segments.values("string"),
            context__in=segments.values("context"),
        )
    }
    for segment in segments:
        text = segment.string.data
        if not holds_identifier(model, segment.context.path):
            text = transliterate(text)
        current = existing.get((segment.string_id, segment.context_id))
        if current is None:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                data=text,
                translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
                tool_name=TOOL_NAME,
                last_translated_by=user,
            )
        elif current.tool_name == TOOL_NAME and current.data != text:
            # A translation someone wrote by hand is a correction: it stays.
            current.data = text
            current.has_error = False
            current.save()
