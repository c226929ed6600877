"""The headers of an issue's message: one set, built here, for every way a message leaves.

`issue_headers` lists them as values that know two forms: their text (what an ESP's API and a
reader see) and their encoding for the wire (`encode`: ASCII, RFC 2047 where the text is not,
folded with CRLF). The fast path (wire.py) writes the encoding; `IssueEmail` gives a Django email
backend (an ESP through anymail, the outbox, an SMTP server without 8BITMIME) the text, and
writes the same encoding into the MIME message, because Python's email package would otherwise
fold a long List-Unsubscribe into RFC 2047 words that no mailbox provider reads as a link.
"""

import re
from dataclasses import dataclass
from email.header import Header
from email.utils import parseaddr

from home.mail import SiteEmail, VerbatimHeader, reply_to

ONE_CLICK = "List-Unsubscribe=One-Click"
CRLF = "\r\n"
# A display name that RFC 5322 lets go unquoted: words of atext (any letter) and spaces.
BARE_PHRASE = re.compile(r"[\w !#$%&'*+/=?^`{|}~-]+")


@dataclass(frozen=True)
class Text:
    """Unstructured text, such as a subject."""

    value: str

    def __str__(self):
        return self.value

    def encoded(self, name):
        return Header(self.value, "utf-8", header_name=name).encode(linesep=CRLF)


@dataclass(frozen=True)
class Mailbox:
    """An address with its display name: `"O'Brien, Pat" <pat@example.org>`, or the bare address."""

    name: str
    address: str

    @classmethod
    def parse(cls, value):
        """Return the mailbox that a setting such as DEFAULT_FROM_EMAIL ("Name <address>") names."""
        name, address = parseaddr(value)
        return cls(name, address)

    def __str__(self):
        name = _collapse(self.name)
        return f"{_quoted(name)} <{self.address}>" if name else self.address

    def encoded(self, name):
        display = _collapse(self.name)
        return f"{_encoded_phrase(display)} <{self.address}>" if display else self.address


@dataclass(frozen=True)
class ListId:
    """A List-Id (RFC 2919): the list's name and its identifier, e.g. `regional.example.org`."""

    name: str
    label: str

    def __str__(self):
        name = _collapse(self.name)
        return f"{_quoted(name)} <{self.label}>" if name else f"<{self.label}>"

    def encoded(self, name):
        display = _collapse(self.name)
        return f"{_encoded_phrase(display)} <{self.label}>" if display else f"<{self.label}>"


@dataclass(frozen=True)
class ListUnsubscribe:
    """The one-click HTTPS unsubscribe address (RFC 8058) and, where mail can unsubscribe, the mailto:."""

    url: str
    mailto: str | None = None

    def __str__(self):
        return ", ".join(self._addresses())

    def encoded(self, name):
        # Each address whole on its line: a URL split by encoding is no link.
        return f",{CRLF} ".join(self._addresses())

    def _addresses(self):
        return [f"<{self.url}>", *([f"<{self.mailto}>"] if self.mailto else [])]


def issue_headers(
    *, sender, recipient, subject, message_id, language, list_unsubscribe, list_id=None, feedback_id=None
):
    """Return the headers of an issue's message, in order, as (name, value) pairs.

    `sender` and `recipient` are Mailboxes, `list_unsubscribe` a ListUnsubscribe and `list_id`
    a ListId (None: no list, as for a test message); any of them may instead be a marker that
    the fast path fills for each recipient. `feedback_id` (see `feedback_id`) names the send
    in Gmail's feedback loop. Date, the MIME structure and the DKIM signature are the transport's.
    """
    headers = [
        ("From", sender),
        ("To", recipient),
        ("Subject", Text(subject)),
        ("Message-ID", message_id),
        ("Content-Language", language),
    ]
    if reply_to():
        headers.append(("Reply-To", Mailbox.parse(reply_to())))
    if list_id is not None:
        headers.append(("List-Id", list_id))
    headers += [("List-Unsubscribe", list_unsubscribe), ("List-Unsubscribe-Post", ONE_CLICK)]
    # Bulk mail says so: auto-responders (vacation replies) then stay silent.
    headers.append(("Precedence", "bulk"))
    if feedback_id is not None:
        headers.append(("Feedback-ID", feedback_id))
    return headers


def feedback_id(campaign, mailing_list, sender):
    """Return a Feedback-ID (Gmail's feedback loop): `campaign:list:sender`, colons kept out of each part."""
    return ":".join(str(part).replace(":", "-") for part in (campaign, mailing_list, sender))


def encode(name, value):
    """Return a header's value as it goes on the wire: ASCII, folded with CRLF."""
    return value.encoded(name) if hasattr(value, "encoded") else value


class IssueEmail(SiteEmail):
    """An issue's message for a Django email backend, with the headers of `issue_headers`.

    ESPs that take headers through their API get them as text (`extra_headers`); backends that
    send a MIME message get them exactly as the fast path writes them.
    """

    def __init__(self, headers, *, text, html):
        fields = dict(headers)
        super().__init__(
            str(fields["Subject"]),
            text,
            str(fields["From"]),
            [str(fields["To"])],
            headers={name: str(value) for name, value in headers if name not in {"From", "To", "Subject"}},
        )
        self.attach_alternative(html, "text/html")
        self.issue_headers = headers

    def mime(self, *, policy):
        message = super().mime(policy=policy)
        for name, value in self.issue_headers:
            del message[name]
            message[name] = VerbatimHeader(name, encode(name, value))
        return message


def _collapse(name):
    return " ".join((name or "").split())


def _quoted(name):
    """A display name as RFC 5322 text: quoted unless it is plain words."""
    if BARE_PHRASE.fullmatch(name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _encoded_phrase(name):
    """A display name for the wire: quoted where ASCII needs it, RFC 2047 words where it is not ASCII."""
    if name.isascii():
        return _quoted(name)
    return Header(name, "utf-8").encode(linesep=CRLF)
