"""compilemessages compiles every catalogue and writes Serbian Cyrillic from Serbian Latin."""

import polib
import pytest

from django.core.management import call_command
from django.utils import translation

SERBIAN_LATIN = """
msgid ""
msgstr ""
"Language: sr_Latn\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
"n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

#, python-format
msgid "Page '%(page_title)s' has been published."
msgstr "Stranica „%(page_title)s“ je objavljena."

#, python-brace-format
msgid "Translated with {tool_name} on {date}"
msgstr "Prevedeno pomoću usluge {tool_name} {date}"

msgid "Sorry, no pages match <em>%(query_string)s</em>"
msgstr "Nijedna stranica ne odgovara pojmu <em>%(query_string)s</em>"

#, python-format
msgid "%(num)s error"
msgid_plural "%(num)s errors"
msgstr[0] "%(num)s greška"
msgstr[1] "%(num)s greške"
msgstr[2] "%(num)s grešaka"

msgid "Not translated yet"
msgstr ""
"""


@pytest.fixture
def locale_paths(tmp_path, settings):
    catalogues = tmp_path / "locale"
    latin = catalogues / "sr_Latn" / "LC_MESSAGES"
    latin.mkdir(parents=True)
    (latin / "django.po").write_text(SERBIAN_LATIN, encoding="utf-8")
    settings.LOCALE_PATHS = [catalogues, tmp_path / "generated"]
    return catalogues


def compiled(path):
    return {entry.msgid: entry.msgstr or entry.msgstr_plural for entry in polib.mofile(str(path))}


def test_the_cyrillic_catalogue_is_written_from_the_latin_one_keeping_placeholders_and_markup(locale_paths):
    call_command("compilemessages", verbosity=0)

    cyrillic = compiled(locale_paths.parent / "generated" / "sr" / "LC_MESSAGES" / "django.mo")
    assert cyrillic["Page '%(page_title)s' has been published."] == "Страница „%(page_title)s“ је објављена."
    assert cyrillic["Translated with {tool_name} on {date}"] == "Преведено помоћу услуге {tool_name} {date}"
    assert cyrillic["Sorry, no pages match <em>%(query_string)s</em>"] == (
        "Ниједна страница не одговара појму <em>%(query_string)s</em>"
    )
    assert cyrillic["%(num)s error"] == {0: "%(num)s грешка", 1: "%(num)s грешке", 2: "%(num)s грешака"}
    assert not cyrillic.get("Not translated yet")


def test_a_cyrillic_catalogue_kept_by_hand_takes_the_place_of_the_transliteration(locale_paths):
    kept = locale_paths / "sr" / "LC_MESSAGES"
    kept.mkdir(parents=True)
    (kept / "django.po").write_text(
        SERBIAN_LATIN.replace("sr_Latn", "sr").replace("Stranica „", "Ручно: „"), encoding="utf-8"
    )

    call_command("compilemessages", verbosity=0)

    assert compiled(kept / "django.mo")["Page '%(page_title)s' has been published."].startswith("Ручно")


def test_the_admin_speaks_serbian_cyrillic_once_the_catalogues_are_compiled():
    call_command("compilemessages", verbosity=0)

    with translation.override("sr"):
        assert translation.gettext("Dashboard") == "Контролна табла"
        assert translation.gettext("Sign in") == "Пријави се"
