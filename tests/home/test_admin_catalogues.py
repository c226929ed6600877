"""The admin's catalogues (config/admin_locale/) are complete, safe to format, and translate
strings that Wagtail and wagtail-localize still use; wagtail-localize speaks every admin language."""

from pathlib import Path

import polib
import pytest

from django.conf import settings
from django.utils.translation import to_locale, trans_real

import wagtail
import wagtail_localize

from tests.home.test_catalogues import (
    active,
    describe,
    parse_plural_forms,
    placeholder_problems,
    translations,
)

ADMIN_LOCALE = Path(settings.BASE_DIR) / "config" / "admin_locale"
# Kept by hand; Serbian Cyrillic (sr) is derived from Serbian Latin by compilemessages.
KEPT_LANGUAGES = ["sq", "mk", "sr-latn", "cnr"]
ADMIN_LANGUAGES = [*KEPT_LANGUAGES, "sr"]
DOMAINS = ["django", "djangojs"]


def upstream_catalogues(package, domain):
    """Return the English catalogues of domain that a package ships (one per app inside it)."""
    return sorted(Path(package.__file__).parent.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"))


def key(entry):
    return (entry.msgctxt, entry.msgid)


@pytest.fixture(params=KEPT_LANGUAGES)
def language(request):
    return request.param


@pytest.fixture(params=DOMAINS)
def domain(request):
    return request.param


@pytest.fixture
def catalogue(language, domain):
    path = ADMIN_LOCALE / to_locale(language) / "LC_MESSAGES" / f"{domain}.po"
    assert path.exists(), f"{path.relative_to(settings.BASE_DIR)} does not exist"
    return polib.pofile(str(path))


def test_the_header_names_the_language_and_its_plural_forms(catalogue, language):
    assert to_locale(catalogue.metadata["Language"]) == to_locale(language)
    assert not catalogue.metadata_is_fuzzy
    assert parse_plural_forms(catalogue.metadata.get("Plural-Forms", ""))


def test_every_entry_is_translated_keeps_its_placeholders_and_none_is_fuzzy(catalogue):
    nplurals, plural = parse_plural_forms(catalogue.metadata["Plural-Forms"])
    single_number_forms = {
        form for form in range(nplurals) if [plural(n) for n in range(1000)].count(form) == 1
    }
    problems = []
    for entry in active(catalogue):
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {describe(entry)}")
        for form, text in translations(entry, nplurals).items():
            if not text.strip():
                problems.append(f"untranslated: {describe(entry)}")
                continue
            may_drop_names = bool(entry.msgid_plural) and form in single_number_forms
            source = entry.msgid_plural or entry.msgid
            problems.extend(
                f"{problem} in {text!r} ({describe(entry)})"
                for problem in placeholder_problems(entry, source, text, may_drop_names=may_drop_names)
            )
    assert not problems, "\n".join(problems)


def test_every_entry_translates_a_string_that_wagtail_or_wagtail_localize_still_uses(catalogue, domain):
    upstream = {
        key(entry)
        for package in (wagtail, wagtail_localize)
        for path in upstream_catalogues(package, domain)
        for entry in polib.pofile(str(path))
    }

    stale = [describe(entry) for entry in active(catalogue) if key(entry) not in upstream]

    assert not stale, "No longer in Wagtail or wagtail-localize (remove them):\n" + "\n".join(stale)


@pytest.mark.parametrize("admin_language", ADMIN_LANGUAGES)
@pytest.mark.parametrize("domain_name", DOMAINS)
def test_the_whole_of_wagtail_localize_is_translated(admin_language, domain_name):
    if domain_name == "django":
        catalogue = trans_real.translation(admin_language)._catalog
    else:
        catalogue = trans_real.DjangoTranslation(
            admin_language,
            domain=domain_name,
            localedirs=[path.parents[2] for path in upstream_catalogues(wagtail_localize, domain_name)],
        )._catalog
    untranslated = [
        describe(entry)
        for path in upstream_catalogues(wagtail_localize, domain_name)
        for entry in polib.pofile(str(path))
        if not _translated(catalogue, entry)
    ]

    assert not untranslated, "\n".join(untranslated)


def _translated(catalogue, entry):
    message = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    if entry.msgid_plural:
        return (message, 0) in catalogue
    return message in catalogue
