"""Interface catalogues derived from another language's: Serbian Cyrillic from Serbian Latin.

Nobody translates the interface into Serbian Cyrillic: its catalogues are the Serbian Latin ones,
transliterated each time the catalogues are compiled, so the two scripts never say different things.
"""

import re
from pathlib import Path

import polib

from django.conf import settings

from home.transliteration import latin_to_cyrillic

# {derived locale: (locale it is derived from, transliteration)}, as gettext names locales.
DERIVED_CATALOGUES = {"sr": ("sr_Latn", latin_to_cyrillic)}

_PLACEHOLDER = re.compile(r"%\(\w+\)[#0+-]*\d*(?:\.\d+)?[a-zA-Z]|%[sdif%]|\{\w*\}")


class DerivationError(Exception):
    """A derived catalogue would break an interface string; the message names it."""


def derive_catalogues(locale_paths, target):
    """Write every derived locale's catalogues into target from its source's in locale_paths.

    A domain's catalogues in several locale paths are merged, the first path's translation winning
    as it does when Django reads them. Returns the .po files written.
    """
    written = []
    for derived, (source, transliterate) in DERIVED_CATALOGUES.items():
        domains = {}
        for locale_path in map(Path, locale_paths):
            if locale_path == Path(target):
                continue
            for po_path in sorted((locale_path / source / "LC_MESSAGES").glob("*.po")):
                domains.setdefault(po_path.stem, []).append(po_path)
        for domain, po_paths in domains.items():
            catalogue = derived_catalogue(po_paths, derived, transliterate)
            directory = Path(target) / derived / "LC_MESSAGES"
            directory.mkdir(parents=True, exist_ok=True)
            catalogue.save(str(directory / f"{domain}.po"))
            catalogue.save_as_mofile(str(directory / f"{domain}.mo"))
            written.append(directory / f"{domain}.po")
    return written


def derived_catalogue(po_paths, language, transliterate):
    """Return one catalogue in language: the entries of po_paths (first wins), transliterated."""
    keep = [settings.WAGTAIL_SITE_NAME]
    sources = [polib.pofile(str(path)) for path in po_paths]
    derived = polib.POFile(wrapwidth=0)
    derived.header = (
        f"Generated from {', '.join(_shown(path) for path in po_paths)} by transliteration when the "
        "catalogues are compiled. Do not edit: correct the source catalogue."
    )
    derived.metadata = {**sources[-1].metadata, **sources[0].metadata, "Language": language}
    seen = set()
    for source in sources:
        for entry in source:
            key = (entry.msgctxt, entry.msgid)
            if entry.obsolete or key in seen:
                continue
            seen.add(key)
            derived.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr=_transliterated(entry.msgstr, transliterate, keep),
                    msgstr_plural={
                        index: _transliterated(text, transliterate, keep)
                        for index, text in entry.msgstr_plural.items()
                    },
                    flags=list(entry.flags),
                    occurrences=entry.occurrences,
                )
            )
    return derived


def _shown(path):
    return str(path.relative_to(settings.BASE_DIR)) if path.is_relative_to(settings.BASE_DIR) else str(path)


def _transliterated(text, transliterate, keep):
    result = transliterate(text, keep=keep)
    if sorted(_PLACEHOLDER.findall(result)) != sorted(_PLACEHOLDER.findall(text)):
        raise DerivationError(f"Transliterating {text!r} changed its placeholders: {result!r}.")
    return result
