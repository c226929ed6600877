"""Translate the demo through wagtail-localize, as a translator would in its editor.

The translated texts are data: one PO catalogue per language in demo/translations/, whose
entries are keyed by the source string exactly as wagtail-localize segments it (its own PO
export uses the same msgids). Each translation is a synced wagtail-localize translation, so
translators continue in the admin where the demo left off.
"""

from pathlib import Path

import polib

from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


class MissingTranslationsError(Exception):
    """A catalogue lacks translations of some of an object's source strings."""

    def __init__(self, language_code, instance, strings):
        self.strings = strings
        super().__init__(
            f"{catalogue_path(language_code)} does not translate {len(strings)} string(s) of "
            f"{instance!r}: run `manage.py demo_catalogues` and translate them: {strings}"
        )


def catalogue_path(language_code, directory=TRANSLATIONS_DIR):
    return Path(directory) / f"{language_code}.po"


def catalogue_languages(directory=TRANSLATIONS_DIR):
    """Return the language codes that have a catalogue."""
    return sorted(path.stem for path in Path(directory).glob("*.po"))


def load_catalogue(language_code, directory=TRANSLATIONS_DIR):
    """Return {source string: translation} of the language's translated entries."""
    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(catalogue_path(language_code, directory)))
        if entry.translated() and not entry.obsolete
    }


def source_segments(instance):
    """Return the string segments of the instance's translation source, creating it if need be."""
    if isinstance(instance, Page):
        instance = instance.specific
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    return source, list(
        StringSegment.objects.filter(source=source).select_related("string", "context").order_by("order")
    )


def translate(instance, locale, catalogue, user=None):
    """Make a synced, published translation of `instance` into `locale` from `catalogue`.

    Every source string must be in the catalogue; strings a translator has already
    translated are kept as they are.
    """
    source, segments = source_segments(instance)
    if missing := [segment.string.data for segment in segments if segment.string.data not in catalogue]:
        raise MissingTranslationsError(locale.language_code, instance, missing)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in segments:
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": catalogue[segment.string.data],
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
            },
        )
    if isinstance(instance, Page):
        # wagtail-localize would publish the page when the transaction commits, from the copy
        # it holds now; in the demo's single transaction that copy predates the page's
        # translated children and saving it would lose them from the tree. Publish at once.
        translation.save_target(user=user, publish=False)
        translation.get_target_instance().get_latest_revision().publish(user=user)
    else:
        translation.save_target(user=user, publish=True)
    return translation
