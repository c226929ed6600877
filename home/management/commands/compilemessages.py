"""Compile the project's .po catalogues with polib, so no GNU gettext is needed to run the site."""

import re
from pathlib import Path

import polib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import check_for_language, to_locale

from wagtail import hooks

from home.languages import content_language_codes

# Apps say which languages' catalogues are made from another language's, rather than kept by
# hand: each hook returns {language: (source language, function rewriting a text)}.
DERIVED_CATALOGUES_HOOK = "register_derived_catalogues"

# What a derived translation keeps exactly as its source wrote it: %-placeholders ("%(name)s",
# "%s", "%%") and brace fields ("{name}", "{}").
PLACEHOLDER = re.compile(r"%\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]|%[sdifr%]|\{\w*(?:[!:][^{}]*)?\}")


class Command(BaseCommand):
    help = (
        "Compile every .po file under LOCALE_PATHS into a .mo file, derive the catalogues of "
        "languages made from another (Serbian Cyrillic from Serbian Latin), and give each content "
        "language without any catalogue an empty one so that Django will serve it."
    )

    def handle(self, *args, **options):
        compiled = 0
        for po_path in self.catalogues():
            mo_path = po_path.with_suffix(".mo")
            if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        # Always rewritten: the rewriting function may have changed since the last run.
        for po_path, language, mo_path, rewrite in self.derived_catalogues():
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            derive_catalogue(polib.pofile(str(po_path)), language, rewrite).save_as_mofile(str(mo_path))
            compiled += 1
        for code in self.languages_without_catalogue():
            generated = Path(settings.LOCALE_PATHS[-1]) / to_locale(code) / "LC_MESSAGES"
            generated.mkdir(parents=True, exist_ok=True)
            polib.POFile().save_as_mofile(str(generated / "django.mo"))
            self.stdout.write(f"{code}: no catalogue anywhere; created an empty one.")
        self.stdout.write(f"Compiled {compiled} catalogue(s).")

    def catalogues(self):
        for locale_path in map(Path, settings.LOCALE_PATHS):
            yield from sorted(locale_path.glob("*/LC_MESSAGES/*.po"))

    def derived_catalogues(self):
        """Yield (source .po, language, derived .mo, rewrite) for each catalogue made from another.

        The derived catalogue sits beside its source, under the same locale path; a catalogue
        kept by hand for the language takes its place.
        """
        derivations = {}
        for hook in hooks.get_hooks(DERIVED_CATALOGUES_HOOK):
            derivations.update(hook())
        for locale_path in map(Path, settings.LOCALE_PATHS):
            for language, (source_language, rewrite) in derivations.items():
                sources = locale_path / to_locale(source_language) / "LC_MESSAGES"
                for po_path in sorted(sources.glob("*.po")):
                    target = locale_path / to_locale(language) / "LC_MESSAGES" / po_path.name
                    if not target.exists():
                        yield po_path, language, target.with_suffix(".mo"), rewrite

    def languages_without_catalogue(self):
        return [code for code in content_language_codes() if not check_for_language(code)]


def derive_catalogue(source, language, rewrite):
    """Return the catalogue of language made by rewriting each translation of source.

    Placeholders are kept as they are; untranslated and fuzzy entries are left out.
    """
    derived = polib.POFile()
    derived.metadata = {**source.metadata, "Language": to_locale(language)}
    for entry in source.translated_entries():
        derived.append(
            polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgstr=rewrite_text(entry.msgstr, rewrite),
                msgstr_plural={
                    form: rewrite_text(text, rewrite) for form, text in entry.msgstr_plural.items()
                },
            )
        )
    return derived


def rewrite_text(text, rewrite):
    """Return text with rewrite applied to everything but its placeholders."""
    pieces = PLACEHOLDER.split(text)
    placeholders = PLACEHOLDER.findall(text)
    rewritten = [rewrite(piece) if piece else piece for piece in pieces]
    return "".join(part for pair in zip(rewritten, [*placeholders, ""], strict=True) for part in pair)
