"""Messages as SMTP-ready bytes, built once per send and language with gaps for each recipient.

A template holds the whole message (headers from headers.py, text and HTML parts) encoded, with
CRLF line ends, dot-stuffed (RFC 5321 §4.5.2) and no line over SMTP's limit, so that a
recipient's message is one bytes join: their address, Message-ID and links go into the gaps
that the markers (markers.py) left. Bodies are 8bit (RFC 6152): the mail server must announce
8BITMIME, as every current one does.
"""

import hashlib
import html
import secrets
from email.utils import format_datetime

from django.utils import timezone

from home import dkim
from newsletter.sending import markers
from newsletter.sending.headers import ListUnsubscribe, Mailbox, encode

# SMTP allows 998 octets per line. A line is wrapped well before, because each slot in it
# grows by up to SLOT_ALLOWANCE octets when a recipient's link takes its place.
LINE_LIMIT = 998
WRAP_AT = 700
SLOT_ALLOWANCE = 300


class WireError(ValueError):
    """The content cannot be put on the wire as 8bit SMTP lines."""


class MessageTemplate:
    """One language's message with named gaps; `render` fills them for one recipient."""

    def __init__(self, text, signing=None):
        pieces = markers.PATTERN.split(text)
        self.pieces = [piece.encode() if index % 2 == 0 else None for index, piece in enumerate(pieces)]
        self.slots = [(index, pieces[index]) for index in range(1, len(pieces), 2)]
        self.slot_names = {name for _index, name in self.slots}
        self.signing = signing

    def render(self, values):
        """Return the message for one recipient; `values` maps every slot name to bytes."""
        pieces = self.pieces.copy()
        for index, name in self.slots:
            pieces[index] = values[name]
        if self.signing is not None:
            pieces.insert(0, self.signing.signature(values))
        return b"".join(pieces)


class Signing:
    """The DKIM signature of each recipient's message of a template (home.dkim).

    What all recipients share is canonicalised once, and the body's hash is taken once up to
    the first recipient's gap; each message then costs the hash of the rest and one RSA
    signature. `fields` are the template's (name, encoded value) header fields; `body` its
    body, not dot-stuffed, gaps as markers.
    """

    def __init__(self, key, fields, body, timestamp):
        self.key = key
        self.timestamp = timestamp
        self.names = key.signed_names(name.lower() for name, _value in fields)
        values = {name.lower(): (name, value) for name, value in fields}
        self.headers = []
        for name in dict.fromkeys(self.names):
            if name not in values:
                continue
            field_name, value = values[name]
            if markers.PATTERN.search(value):
                self.headers.append((field_name.encode(), MessageTemplate(value)))
            elif self.headers and isinstance(self.headers[-1], bytes):
                self.headers[-1] += dkim.canonical_header(field_name.encode(), value.encode())
            else:
                self.headers.append(dkim.canonical_header(field_name.encode(), value.encode()))
        pieces = markers.PATTERN.split(body)
        self.body_start = hashlib.sha256(dkim.canonical_body_piece(pieces[0].encode()))
        self.body_rest = [
            dkim.canonical_body_piece(piece.encode()) if index % 2 else piece
            for index, piece in enumerate(pieces[1:])
        ]

    def signature(self, values):
        """Return the DKIM-Signature header field of the message that `values` fill."""
        body = self.body_start.copy()
        for index, piece in enumerate(self.body_rest):
            body.update(piece if index % 2 else dkim.canonical_body_piece(values[piece]))
        headers = b"".join(
            part if isinstance(part, bytes) else dkim.canonical_header(part[0], part[1].render(values))
            for part in self.headers
        )
        return self.key.signature(headers, self.names, body.digest(), self.timestamp)


def build_template(headers, *, html_body, text_body, date=None, signer=None):
    """Return the MessageTemplate of one language's message.

    `headers` come from headers.issue_headers, with markers (markers.py) where each recipient's
    own values go: `to`, `message_id`, `list_unsubscribe`. The link markers of the text and HTML
    parts become gaps of their own: `text_unsubscribe_url`, `html_unsubscribe_url`, and so on.
    With `signer` (a home.dkim.DkimKey), each message starts with its DKIM signature.
    """
    boundary = f"=_{secrets.token_hex(16)}"
    date = date or timezone.now()
    fields = [
        *((name, encode(name, value)) for name, value in headers),
        ("Date", format_datetime(date, usegmt=True)),
        ("MIME-Version", "1.0"),
        ("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
    ]
    body = [
        f"--{boundary}",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: 8bit",
        "",
        *wrap_lines(markers.rename(text_body, "text"), markup=False),
        f"--{boundary}",
        'Content-Type: text/html; charset="utf-8"',
        "Content-Transfer-Encoding: 8bit",
        "",
        *wrap_lines(markers.rename(html_body, "html"), markup=True),
        f"--{boundary}--",
        "",
    ]
    lines = [*(f"{name}: {value}" for name, value in fields), "", *body]
    stuffed = ("." + line if line.startswith(".") else line for line in lines)
    signing = None
    if signer is not None:
        signing = Signing(signer, fields, "\r\n".join(body), int(date.timestamp()))
    return MessageTemplate("\r\n".join(stuffed), signing)


def recipient_values(*, email, name, message_id, unsubscribe_url, preferences_url, mailto=None, reader="-"):
    """Return the bytes for every gap of one recipient's message; `reader` is their click part."""
    return {
        "text_reader": reader.encode(),
        "html_reader": html.escape(reader).encode(),
        "to": encode("To", Mailbox(name, email)).encode(),
        "message_id": message_id.encode(),
        "list_unsubscribe": encode("List-Unsubscribe", ListUnsubscribe(unsubscribe_url, mailto)).encode(),
        "text_unsubscribe_url": unsubscribe_url.encode(),
        "text_preferences_url": preferences_url.encode(),
        "html_unsubscribe_url": html.escape(unsubscribe_url).encode(),
        "html_preferences_url": html.escape(preferences_url).encode(),
    }


def wrap_lines(text, *, markup):
    """Split text into lines of at most LINE_LIMIT octets, breaking overlong ones at a space.

    In markup, a break falls only where HTML treats a newline like the space it replaces:
    in text or between attributes, never inside a comment (Outlook's conditional comments
    break) or a quoted attribute value.
    """
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend([line] if _fits(line) else _wrap(line, markup))
    return lines


def _fits(line):
    """Whether a line needs no break, as _wrap would find, without its scan of each character:
    its octets, with each slot's allowance, stay within WRAP_AT."""
    if len(line) * 4 <= WRAP_AT:
        return True
    return len(line.encode()) + SLOT_ALLOWANCE * len(markers.PATTERN.findall(line)) <= WRAP_AT


def _wrap(line, markup):
    slot_starts = {match.start() for match in markers.PATTERN.finditer(line)}
    chars = list(line)
    in_tag = in_comment = False
    quote = None
    size = since_break = 0
    candidate = -1
    for index, char in enumerate(line):
        if markup:
            if in_comment:
                in_comment = not (char == ">" and line[index - 2 : index] == "--")
            elif quote:
                quote = None if char == quote else quote
            elif in_tag:
                if char in "\"'":
                    quote = char
                elif char == ">":
                    in_tag = False
            elif char == "<":
                in_comment = line.startswith("<!--", index)
                in_tag = not in_comment
        width = 1 if char < "\x80" else len(char.encode())
        if index in slot_starts:
            width += SLOT_ALLOWANCE
        if char == " " and not in_comment and quote is None:
            candidate, since_break = index, 0
        else:
            since_break += width
        size += width
        if size > WRAP_AT:
            if candidate < 0:
                if size > LINE_LIMIT:
                    raise WireError("A line of the message has no place to break before SMTP's limit.")
                continue
            chars[candidate] = "\n"
            size, candidate = since_break, -1
    return "".join(chars).split("\n")
