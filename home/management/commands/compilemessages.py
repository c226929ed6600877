"""Compile the project's .po catalogues with polib, so no GNU gettext is needed to run the site.

Serbian Cyrillic catalogues are written first, from the Serbian Latin ones (home.catalogues).
"""

from pathlib import Path

import polib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import check_for_language, to_locale

from home.catalogues import DerivationError, derive_catalogues
from home.languages import content_language_codes


class Command(BaseCommand):
    help = (
        "Derive the Serbian Cyrillic catalogues from the Serbian Latin ones, compile every .po file "
        "under LOCALE_PATHS into a .mo file, and give each content language without any catalogue "
        "an empty one so that Django will serve it."
    )

    def handle(self, *args, **options):
        try:
            derived = derive_catalogues(settings.LOCALE_PATHS[:-1], settings.LOCALE_PATHS[-1])
        except DerivationError as error:
            raise CommandError(str(error)) from error
        for po_path in derived:
            self.stdout.write(f"Derived {po_path} by transliteration.")
        compiled = 0
        for po_path in self.catalogues():
            mo_path = po_path.with_suffix(".mo")
            if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        for code in self.languages_without_catalogue():
            generated = Path(settings.LOCALE_PATHS[-1]) / to_locale(code) / "LC_MESSAGES"
            generated.mkdir(parents=True, exist_ok=True)
            polib.POFile().save_as_mofile(str(generated / "django.mo"))
            self.stdout.write(f"{code}: no catalogue anywhere; created an empty one.")
        self.stdout.write(f"Compiled {compiled} catalogue(s).")

    def catalogues(self):
        # The last locale path holds generated catalogues, compiled as they are written.
        for locale_path in map(Path, settings.LOCALE_PATHS[:-1]):
            yield from sorted(locale_path.glob("*/LC_MESSAGES/*.po"))

    def languages_without_catalogue(self):
        return [code for code in content_language_codes() if not check_for_language(code)]
