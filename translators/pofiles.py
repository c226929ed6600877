"""Translating offline: import the PO file a translator downloaded from a translation and filled in.

wagtail-localize exports the file (`Translation.export_po`); its importer skips what it does not
recognise and half-applies a damaged file. Here the whole file is checked first, and a file that
is not a PO file, belongs to another translation, quotes text the source no longer has or breaks
a string's markup is refused with the reasons, changing nothing: first what `msgfmt --check`
would refuse (translators/pochecks.py), then what does not fit the translation. A file that
passes changes exactly the strings whose translation it changes.
"""

import re
import tempfile
from dataclasses import dataclass

import polib

from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.strings import StringValue, validate_translation_links

from translators.pochecks import entry_problems, header_problems, markup_problems, syntax_problems

# A page's strings fit in a few kilobytes; anything near this size is not one of our files.
MAX_FILE_SIZE = 2 * 1024 * 1024
# Problems quoted in the message that refuses a file; the rest are counted.
PROBLEMS_SHOWN = 5
TRANSLATION_ID_HEADER = "X-WagtailLocalize-TranslationID"
TOOL_NAME = "PO File"


class POFileError(Exception):
    """A PO file refused as a whole; the message says why, in the user's language."""


@dataclass
class POImport:
    changed: int
    fuzzy: int


def import_po_file(translation, uploaded_file, *, user):
    """Check a PO file against translation, then write the translations it changes.

    Fuzzy entries (marked uncertain in a PO editor) and empty ones are left out. Raises
    POFileError, having written nothing, if any part of the file cannot be used.
    """
    po = _parse(uploaded_file)
    _check_belongs_to(po, translation)
    entries = _checked_entries(po, translation)
    return _write(translation, entries, user=user)


def _parse(uploaded_file):
    if uploaded_file is None:
        raise POFileError(_("Choose a PO file to upload."))
    if uploaded_file.size > MAX_FILE_SIZE:
        raise POFileError(_("This file is too large to be a translation's PO file."))
    try:
        text = uploaded_file.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise POFileError(_("This is not a PO file: it is not UTF-8 text.")) from error
    problems = syntax_problems(text)
    # A text without a single entry is no PO file at all: polib says where it stops making sense.
    if problems and re.search(r"^\s*msgid\s", text, re.MULTILINE):
        raise POFileError(_refusal(problems))
    # polib reads a file by name when given a string that names one: give it a file of our own.
    with tempfile.NamedTemporaryFile("w", suffix=".po", encoding="utf-8", delete_on_close=False) as file:
        file.write(text)
        file.close()
        try:
            return polib.pofile(file.name, encoding="utf-8")
        except OSError as error:
            line = re.search(r"line (\d+)", str(error))
            raise POFileError(
                _("This is not a valid PO file (line %(line)s).") % {"line": line.group(1)}
                if line
                else _("This is not a valid PO file.")
            ) from error


def _check_belongs_to(po, translation):
    translation_id = po.metadata.get(TRANSLATION_ID_HEADER, "").strip()
    if translation_id == str(translation.uuid):
        return
    if not translation_id:
        raise POFileError(
            _("This PO file was not downloaded from a translation on this site. Download it from this page.")
        )
    other = Translation.objects.filter(uuid=translation_id).select_related("source", "target_locale").first()
    if other is None:
        raise POFileError(_("This PO file belongs to a translation that no longer exists."))
    raise POFileError(
        _("This PO file belongs to another translation: “%(title)s” into %(language)s.")
        % {"title": other.source.object_repr, "language": other.target_locale.get_display_name()}
    )


def _checked_entries(po, translation):
    segments = {
        (segment.context.path, segment.string.data): segment
        for segment in StringSegment.objects.filter(source=translation.source).select_related(
            "context", "string"
        )
    }
    problems, entries, seen = header_problems(po), [], set()
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        quoted = Truncator(entry.msgid).chars(60)
        if entry.msgid_plural:
            problems.append(_("Line %(line)s: plural forms are not used here.") % {"line": entry.linenum})
        elif key in seen:
            problems.append(
                _("Line %(line)s: “%(text)s” appears twice.") % {"line": entry.linenum, "text": quoted}
            )
        elif key not in segments:
            problems.append(
                _("Line %(line)s: “%(text)s” is not in the current source text.")
                % {"line": entry.linenum, "text": quoted}
            )
        elif entry.msgstr and not entry.fuzzy:
            problems += _translation_problems(entry)
        seen.add(key)
        entries.append((entry, segments.get(key)))
    if problems:
        raise POFileError(_refusal(problems))
    return entries


def _translation_problems(entry):
    problems = entry_problems(entry)
    try:
        StringValue.from_translated_html(entry.msgstr)
        validate_translation_links(entry.msgid, entry.msgstr)
    except ValueError as error:
        problems.append(_("Line %(line)s: %(error)s") % {"line": entry.linenum, "error": error.args[0]})
    return problems + markup_problems(entry.msgid, entry.msgstr, entry.linenum)


def _refusal(problems):
    message = " ".join(problems[:PROBLEMS_SHOWN])
    hidden = len(problems) - PROBLEMS_SHOWN
    if hidden > 0:
        message += " " + ngettext("And %(count)d more problem.", "And %(count)d more problems.", hidden) % {
            "count": hidden
        }
    return _("Nothing was imported. %(problems)s") % {"problems": message}


@transaction.atomic
def _write(translation, entries, *, user):
    existing = {
        (string_translation.translation_of_id, string_translation.context_id): string_translation
        for string_translation in StringTranslation.objects.filter(
            locale=translation.target_locale,
            translation_of__in=[segment.string_id for _entry, segment in entries],
            context__in=[segment.context_id for _entry, segment in entries],
        )
    }
    changed = fuzzy = 0
    for entry, segment in entries:
        if entry.fuzzy and entry.msgstr:
            fuzzy += 1
        if not entry.msgstr or entry.fuzzy:
            continue
        current = existing.get((segment.string_id, segment.context_id))
        if current is not None and current.data == entry.msgstr and not current.has_error:
            continue
        StringTranslation.objects.update_or_create(
            translation_of_id=segment.string_id,
            locale=translation.target_locale,
            context_id=segment.context_id,
            defaults={
                "data": entry.msgstr,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "tool_name": TOOL_NAME,
                "last_translated_by": user,
                "has_error": False,
                "field_error": "",
            },
        )
        changed += 1
    return POImport(changed=changed, fuzzy=fuzzy)
