"""The Serbian Cyrillic interface is the Serbian Latin catalogue transliterated at compile time."""

import io

import polib
import pytest

from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from home.catalogues import DerivationError, derived_catalogue
from home.transliteration import latin_to_cyrillic

SERBIAN_LATIN = settings.BASE_DIR / "locale" / "sr_Latn" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def compiled(settings, tmp_path):
    """Compile the catalogues with generated ones going to a directory of the test's own."""
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS[:-1], tmp_path]
    call_command("compilemessages", stdout=io.StringIO())
    return tmp_path


def test_compiling_writes_the_cyrillic_catalogue_as_the_latin_one_transliterated(compiled):
    latin = polib.pofile(str(SERBIAN_LATIN))
    cyrillic = {
        (entry.msgctxt, entry.msgid): entry
        for entry in polib.pofile(str(compiled / "sr/LC_MESSAGES/django.po"))
    }

    translated = [entry for entry in latin if entry.translated() and not entry.obsolete]
    assert translated
    for entry in translated:
        derived = cyrillic[(entry.msgctxt, entry.msgid)]
        assert derived.msgstr == latin_to_cyrillic(entry.msgstr, keep=[settings.WAGTAIL_SITE_NAME])
        assert derived.msgstr_plural == {
            index: latin_to_cyrillic(text, keep=[settings.WAGTAIL_SITE_NAME])
            for index, text in entry.msgstr_plural.items()
        }
    assert (compiled / "sr/LC_MESSAGES/django.mo").exists()


def test_the_cyrillic_interface_speaks_serbian_in_cyrillic_letters(compiled):
    with translation.override("sr"):
        assert translation.gettext("Submit for review") == "Пошаљи на преглед"
        for count, expected in [(1, "Прочитан 1 ред"), (3, "Прочитана 3 реда"), (7, "Прочитано 7 редова")]:
            assert (
                translation.ngettext("%(counter)s row read", "%(counter)s rows read", count)
                % {"counter": count}
                == expected
            )
    with translation.override("sr-latn"):
        assert translation.gettext("Submit for review") == "Pošalji na pregled"


def test_a_transliteration_that_would_break_a_placeholder_is_refused(tmp_path):
    po = polib.POFile()
    po.append(polib.POEntry(msgid="%(count)d strings", msgstr="%(count)d stringova"))
    po.save(str(tmp_path / "django.po"))

    with pytest.raises(DerivationError, match="changed its placeholders"):
        derived_catalogue([tmp_path / "django.po"], "sr", lambda text, keep: text.replace("count", "цоунт"))
