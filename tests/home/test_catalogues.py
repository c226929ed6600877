"""Every content language's catalogue is complete, safe to format, and in step with the code."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import polib
import pytest

from django.conf import settings
from django.utils.translation import to_locale

CATALOGUE_LANGUAGES = [
    code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != settings.LANGUAGE_CODE
]
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib")
# `%(name)s`, `%s`, `%5.2f`, `%%`: the conversions Python's %-formatting understands.
PRINTF = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])"
)
# `{name}`, `{0}`, `{}`, `{name!r:>10}`; doubled braces are literal.
BRACE = re.compile(r"(?<!\{)\{(?P<field>[^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
TAG = re.compile(r"<\s*(?P<closing>/?)\s*(?P<name>[a-zA-Z][a-zA-Z0-9-]*)[^<>]*>")

pytestmark = pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)


@pytest.fixture
def catalogue_path(language):
    return Path(settings.BASE_DIR) / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"


@pytest.fixture
def catalogue(catalogue_path):
    if not catalogue_path.exists():
        pytest.skip("No catalogue (test_the_catalogue_exists fails)")
    return polib.pofile(str(catalogue_path))


@pytest.fixture
def plural_forms(catalogue):
    """Return (nplurals, the plural function) that the catalogue's header declares."""
    forms = parse_plural_forms(catalogue.metadata.get("Plural-Forms", ""))
    if forms is None:
        pytest.skip(
            "No valid Plural-Forms header (test_the_header_names_the_language_and_its_plural_forms fails)"
        )
    return forms


def test_the_catalogue_exists(catalogue_path):
    assert catalogue_path.exists(), f"{catalogue_path.relative_to(settings.BASE_DIR)} does not exist"


def test_the_header_names_the_language_and_its_plural_forms(catalogue, language):
    header = catalogue.metadata
    assert to_locale(header.get("Language", "")) == to_locale(language)
    assert "charset=utf-8" in header.get("Content-Type", "").lower()
    assert parse_plural_forms(header.get("Plural-Forms", "")), f"Plural-Forms: {header.get('Plural-Forms')!r}"


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue, plural_forms):
    nplurals, _plural = plural_forms
    problems = ["the header is marked fuzzy"] if catalogue.metadata_is_fuzzy else []
    for entry in active(catalogue):
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {describe(entry)}")
        if not all(text.strip() for text in translations(entry, nplurals).values()):
            problems.append(f"untranslated: {describe(entry)}")
    assert not problems, "\n".join(problems)


def test_plural_entries_fill_every_form_the_header_declares(catalogue, plural_forms):
    nplurals, _plural = plural_forms
    problems = []
    for entry in active(catalogue):
        if not entry.msgid_plural:
            continue
        filled = sorted(form for form, text in entry.msgstr_plural.items() if text.strip())
        if filled != list(range(nplurals)):
            problems.append(f"forms {filled} filled instead of 0 to {nplurals - 1}: {describe(entry)}")
    assert not problems, "\n".join(problems)


def test_translations_keep_the_placeholders_and_tags_of_their_source(catalogue, plural_forms):
    nplurals, plural = plural_forms
    # As msgfmt allows: a form that only one number uses ("one", "two") may leave that number
    # unwritten, so it may drop a named placeholder; positional ones must all stay.
    single_number_forms = {form for form, count in Counter(map(plural, range(1000))).items() if count == 1}
    problems = []
    for entry in active(catalogue):
        source = entry.msgid_plural or entry.msgid
        for form, text in translations(entry, nplurals).items():
            if not text:
                continue  # Reported as untranslated.
            may_drop_names = bool(entry.msgid_plural) and form in single_number_forms
            problems.extend(
                f"{problem} in {text!r} ({describe(entry)})"
                for problem in placeholder_problems(entry, source, text, may_drop_names=may_drop_names)
            )
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def sources_copy(tmp_path_factory):
    """Return a copy of the project's sources, where makemessages may rewrite catalogues."""
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"GNU gettext is not installed (no {', '.join(missing)}), so nothing can be extracted")
    copy = tmp_path_factory.mktemp("extraction") / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "var",
            "__pycache__",
            ".pytest_cache",
            ".ruff_cache",
            "test-results",
            "bench-results",
            "*.mo",
        ),
    )
    return copy


def test_the_catalogue_holds_exactly_the_strings_makemessages_extracts(
    catalogue, catalogue_path, language, sources_copy
):
    command = [
        sys.executable,
        "manage.py",
        "makemessages",
        f"--locale={to_locale(language)}",
        "--no-obsolete",
        *makemessages_options(),
    ]
    # As `make messages` runs it: the default settings, the copy's own state directory.
    environment = {
        name: value for name, value in os.environ.items() if name not in {"DJANGO_SETTINGS_MODULE", "VAR_DIR"}
    }
    run = subprocess.run(command, cwd=sources_copy, env=environment, capture_output=True, text=True)
    assert run.returncode == 0, f"makemessages failed:\n{run.stderr}"

    extracted = polib.pofile(str(sources_copy / catalogue_path.relative_to(settings.BASE_DIR)))
    held, wanted = set(map(key, catalogue)), set(map(key, active(extracted)))
    problems = [f"not in the catalogue: {describe_key(k)}" for k in sorted(wanted - held, key=str)]
    problems += [f"no longer in the code: {describe_key(k)}" for k in sorted(held - wanted, key=str)]
    assert not problems, "Run `make messages` and translate what changed:\n" + "\n".join(problems)


def makemessages_options():
    """Return the --extension and --ignore options of `make messages`, to extract as the team does."""
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    recipe = re.search(r"^messages:.*?(?=^\S|\Z)", makefile, re.MULTILINE | re.DOTALL)
    assert recipe, "The Makefile has no `messages` target"
    return re.findall(r"--(?:ignore|extension)=\S+", recipe[0])


def parse_plural_forms(header):
    """Return (nplurals, plural function) from a Plural-Forms header, or None if it is not valid."""
    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", header)
    if match is None:
        return None
    try:
        return int(match[1]), gettext.c2py(match[2])
    except ValueError:
        return None


def active(po):
    return [entry for entry in po if not entry.obsolete]


def translations(entry, nplurals):
    """Return {plural form (0 for a singular entry): translation} for every form the entry needs."""
    if entry.msgid_plural:
        return {form: entry.msgstr_plural.get(form, "") for form in range(nplurals)}
    return {0: entry.msgstr}


def placeholder_problems(entry, source, text, *, may_drop_names):
    """Yield what the translation lost or added among the source's placeholders and HTML tags."""
    if "python-format" in entry.flags:
        names = printf(entry.msgid).named | printf(source).named
        wanted, got = printf(source), printf(text)
        yield from name_problems(names, got.named, "%(name)s placeholders", may_drop_names=may_drop_names)
        if got.positional != wanted.positional:
            yield f"positional placeholders {list(got.positional)} instead of {list(wanted.positional)}"
        if got.escaped != wanted.escaped:
            yield f"{got.escaped} '%%' instead of {wanted.escaped}"
        if got.lone:
            yield "a lone '%' (write '%%')"
    names = brace(entry.msgid).named | brace(source).named
    wanted = brace(source)
    if names or wanted.positional or "python-brace-format" in entry.flags:
        got = brace(text)
        yield from name_problems(names, got.named, "{name} placeholders", may_drop_names=may_drop_names)
        if got.positional != wanted.positional:
            yield f"{len(got.positional)} '{{}}' placeholders instead of {len(wanted.positional)}"
    if tags(text) != tags(source):
        yield f"HTML tags {sorted(tags(text).elements())} instead of {sorted(tags(source).elements())}"


def name_problems(wanted, got, kind, *, may_drop_names):
    if got - wanted:
        yield f"{kind} {sorted(got - wanted)} that the source lacks"
    if wanted - got and not may_drop_names:
        yield f"{kind} {sorted(wanted - got)} missing"


class Printf(NamedTuple):
    named: set  # "%(name)s"
    positional: tuple  # "%s", "%d", in order
    escaped: int  # "%%"
    lone: int  # "%" that starts no placeholder: formatting the string raises


def printf(text):
    matches = list(PRINTF.finditer(text))
    return Printf(
        named={f"%({m['name']}){m['type']}" for m in matches if m["name"] is not None},
        positional=tuple(m[0] for m in matches if m["name"] is None and m["type"] != "%"),
        escaped=sum(1 for m in matches if m[0] == "%%"),
        lone=PRINTF.sub("", text).count("%"),
    )


class Brace(NamedTuple):
    named: set  # "{name}", "{0}"
    positional: tuple  # "{}", numbered in order


def brace(text):
    fields = [m["field"] for m in BRACE.finditer(text)]
    return Brace(
        named={f"{{{field}}}" for field in fields if field},
        positional=tuple("{}" for field in fields if not field),
    )


def tags(text):
    return Counter(f"<{m['closing']}{m['name'].lower()}>" for m in TAG.finditer(text))


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def describe(entry):
    return describe_key(key(entry))


def describe_key(entry_key):
    context, msgid, _plural = entry_key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")
