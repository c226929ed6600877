"""Check a PO file as `msgfmt --check` does, without GNU gettext, and a translation's markup.

polib, which reads the file afterwards, forgives what msgfmt refuses (a string without its closing
quotation mark loses its last character), and BeautifulSoup closes the tags a translation leaves
open. These checks run first and return each problem as a sentence in the user's language that
starts with its line number.
"""

import re
from collections import Counter
from html.parser import HTMLParser

from django.utils.translation import gettext as _

_KEYWORD = re.compile(
    r"(?P<keyword>msgctxt|msgid_plural|msgid|msgstr(?:\[(?P<index>\d+)\])?)(?:\s+(?P<rest>.*))?$"
)
_STRING = re.compile(r'"(?P<body>(?:[^"\\]|\\.)*)"\s*$')
_ESCAPE = re.compile(r"\\(?:[\\\"ntrabfv]|[0-7]{1,3}|x[0-9a-fA-F]+)")
_PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*(?P<count>\d+)\s*;\s*plural\s*=\s*[^;]+;?\s*$")
# What `msgfmt --check-format` compares, by the format flag an entry carries.
_PLACEHOLDERS = {
    "python-format": re.compile(r"%(?:\(\w+\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"),
    "python-brace-format": re.compile(r"\{[^{}]*\}"),
    "c-format": re.compile(
        r"%(?:\d+\$)?[#0 +'-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcsp%]"
    ),
}
VOID_ELEMENTS = frozenset({"br", "hr", "img", "wbr"})


def syntax_problems(text):
    """Return the problems msgfmt finds in the PO file's text: strings, keywords and their order."""
    problems = []
    entry = []  # (keyword, line) of the entry being read
    last = None  # the keyword that a string on its own line continues
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            last = None if not stripped else last
            continue
        keyword = _KEYWORD.match(stripped)
        if keyword is not None:
            name = keyword.group("keyword")
            if name in ("msgctxt", "msgid") and (_has_translation(entry) or "msgid" in dict(entry)):
                problems += _entry_problems(entry)
                entry = []
            entry.append((name, number))
            last = name
            problems += _string_problems(keyword.group("rest") or "", number)
        elif stripped.startswith('"') and last is not None:
            problems += _string_problems(stripped, number)
        else:
            problems.append(_("Line %(line)s: this line is not part of a PO entry.") % {"line": number})
            last = None
    return problems + _entry_problems(entry)


def _has_translation(entry):
    return any(name.startswith("msgstr") for name, _line in entry)


def _string_problems(token, number):
    match = _STRING.match(token)
    if match is None:
        if token.startswith('"'):
            return [_("Line %(line)s: the text has no closing quotation mark.") % {"line": number}]
        return [_("Line %(line)s: a quoted text was expected here.") % {"line": number}]
    unknown = _ESCAPE.sub("", match.group("body").replace("\\\\", ""))
    if "\\" in unknown:
        return [_("Line %(line)s: a backslash starts no known escape sequence.") % {"line": number}]
    return []


def _entry_problems(entry):
    if not entry:
        return []
    names = [name for name, _line in entry]
    first_line = entry[0][1]
    expected = ["msgid"]
    if names[0] == "msgctxt":
        expected.insert(0, "msgctxt")
    if "msgid_plural" in names:
        expected.append("msgid_plural")
        plurals = names[len(expected) :]
        expected += [f"msgstr[{index}]" for index in range(max(len(plurals), 1))]
    else:
        expected.append("msgstr")
    if names == expected:
        return []
    if not _has_translation(entry):
        return [_("Line %(line)s: the entry has no translation (msgstr).") % {"line": first_line}]
    for (name, line), wanted in zip(entry, expected, strict=False):
        if name != wanted:
            return [_("Line %(line)s: “%(keyword)s” is not expected here.") % {"line": line, "keyword": name}]
    extra_name, extra_line = entry[len(expected)]
    return [
        _("Line %(line)s: “%(keyword)s” is not expected here.") % {"line": extra_line, "keyword": extra_name}
    ]


def header_problems(po):
    """Return what msgfmt --check-header finds in the parsed file's header entry."""
    header = next((entry for entry in po if entry.msgid == "" and not entry.msgctxt), None)
    line = header.linenum if header is not None else 1
    problems = []
    content_type = po.metadata.get("Content-Type", "")
    if "charset=utf-8" not in content_type.lower().replace(" ", ""):
        problems.append(
            _("Line %(line)s: the header must declare UTF-8 (Content-Type: text/plain; charset=UTF-8).")
            % {"line": line}
        )
    plural_forms = po.metadata.get("Plural-Forms")
    if plural_forms is not None:
        match = _PLURAL_FORMS.match(plural_forms)
        if match is None:
            problems.append(_("Line %(line)s: the header's Plural-Forms is not valid.") % {"line": line})
        else:
            problems += _plural_count_problems(po, int(match.group("count")))
    elif any(entry.msgid_plural for entry in po):
        problems.append(
            _("Line %(line)s: the file has plural forms but its header has no Plural-Forms.") % {"line": line}
        )
    return problems


def _plural_count_problems(po, count):
    return [
        _("Line %(line)s: the header says %(count)d plural forms but this entry has %(found)d.")
        % {"line": entry.linenum, "count": count, "found": len(entry.msgstr_plural)}
        for entry in po
        if entry.msgid_plural and len(entry.msgstr_plural) != count
    ]


def entry_problems(entry):
    """Return what msgfmt --check-format finds in one entry: newlines and its flags' placeholders."""
    if not entry.msgstr:
        return []
    problems = []
    if entry.msgid.startswith("\n") != entry.msgstr.startswith("\n"):
        problems.append(
            _("Line %(line)s: the source and the translation must both start with a line break, or neither.")
            % {"line": entry.linenum}
        )
    if entry.msgid.endswith("\n") != entry.msgstr.endswith("\n"):
        problems.append(
            _("Line %(line)s: the source and the translation must both end with a line break, or neither.")
            % {"line": entry.linenum}
        )
    for flag in entry.flags:
        pattern = _PLACEHOLDERS.get(flag)
        if pattern is None:
            continue
        expected, found = pattern.findall(entry.msgid), pattern.findall(entry.msgstr)
        if Counter(expected) != Counter(found):
            problems.append(
                _("Line %(line)s: the source has the placeholders %(expected)s, the translation %(found)s.")
                % {
                    "line": entry.linenum,
                    "expected": " ".join(expected) or "—",
                    "found": " ".join(found) or "—",
                }
            )
    return problems


def markup_problems(source, translation, line):
    """Return the ways translation's tags fail the source's: left open, closed unopened, or different."""
    translated = _Tags(translation)
    problems = [
        _("Line %(line)s: <%(tag)s> is not closed.") % {"line": line, "tag": tag}
        for tag in translated.unclosed
    ]
    problems += [
        _("Line %(line)s: </%(tag)s> closes a tag that is not open.") % {"line": line, "tag": tag}
        for tag in translated.unopened
    ]
    expected = _Tags(source).opened
    missing = expected - translated.opened
    extra = translated.opened - expected
    if missing or extra:
        problems.append(
            _("Line %(line)s: the translation's tags differ from the source text's (%(difference)s).")
            % {
                "line": line,
                "difference": ", ".join(
                    [_("missing %(tag)s") % {"tag": tag} for tag in _shown(missing)]
                    + [_("extra %(tag)s") % {"tag": tag} for tag in _shown(extra)]
                ),
            }
        )
    return problems


def _shown(tags):
    return sorted(f'<{name} id="{id_}">' if id_ else f"<{name}>" for name, id_ in tags.elements())


class _Tags(HTMLParser):
    """The tags of an HTML fragment: those opened (with their ids), left open, and closed unopened."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.opened = Counter()
        self.unclosed = []
        self.unopened = []
        self._open = []
        self.feed(html)
        self.close()
        self.unclosed += reversed(self._open)

    def handle_starttag(self, tag, attrs):
        self.opened[(tag, dict(attrs).get("id"))] += 1
        if tag not in VOID_ELEMENTS:
            self._open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.opened[(tag, dict(attrs).get("id"))] += 1

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        if tag not in self._open:
            self.unopened.append(tag)
            return
        # Closing an outer tag first leaves the inner ones open.
        while (inner := self._open.pop()) != tag:
            self.unclosed.append(inner)
