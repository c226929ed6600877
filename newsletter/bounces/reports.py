"""Read a received message: a delivery status notification (RFC 3464), a complaint in the Abuse
Reporting Format (RFC 5965), an automatic reply (RFC 3834), or something else.

Only what the message says is read here; which delivery it is about, and what follows, is
processing.py's.
"""

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from email.parser import HeaderParser
from email.utils import getaddresses

from newsletter.sending import feedback
from newsletter.sending.smtp import Reply

DSN = "dsn"
ARF = "arf"
AUTO_REPLY = "auto_reply"
UNKNOWN = "unknown"

# Where a mail server or mailbox records the address a message was delivered to: the VERP
# address, when the report came back to one.
ENVELOPE_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To")
# Headers by which mailbox providers and vacation programs mark automatic replies when they
# leave out RFC 3834's Auto-Submitted.
AUTO_REPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Vacation")
AUTO_PRECEDENCE = {"auto_reply", "bulk", "junk", "list"}
# RFC 5965 feedback types that are a recipient's complaint; "not-spam" and the rest are not.
COMPLAINT_TYPES = {"abuse", "fraud"}
STATUS = re.compile(r"\b([245]\.\d{1,3}\.\d{1,3})\b")


@dataclass
class Report:
    """One recipient's fate as a report tells it: a feedback kind, the address, and the reason."""

    kind: str
    recipient: str
    detail: str


@dataclass
class Reading:
    """What a received message is and says."""

    form: str
    message_id: str
    reports: list = field(default_factory=list)
    # Addresses the report was delivered to and the returned message's envelope sender.
    addresses: list = field(default_factory=list)
    # The Message-ID of the message the report is about, when it quotes one.
    original_message_id: str = ""
    # Addresses the returned message was written to (its To, Microsoft's original recipient).
    original_recipients: list = field(default_factory=list)


class Unreadable(ValueError):
    """The message claims to be a report but holds none that can be read."""


def read(raw, envelope_recipients=()):
    """Return the Reading of a raw message; raise Unreadable for a report without its parts."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    reading = Reading(
        form=UNKNOWN,
        message_id=(message.get("Message-ID") or "").strip() or _digest(raw),
        addresses=[*envelope_recipients, *_addresses(message, ENVELOPE_HEADERS)],
    )
    report_type = (message.get_param("report-type") or "").lower()
    if message.get_content_type() == "multipart/report" and report_type == "delivery-status":
        _read_dsn(message, reading)
    elif message.get_content_type() == "multipart/report" and report_type == "feedback-report":
        _read_arf(message, reading)
    elif is_auto_reply(message):
        reading.form = AUTO_REPLY
    return reading


def is_auto_reply(message):
    """Whether a message says it was written by a program, not a person (RFC 3834 and kin)."""
    auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
    return (
        not auto_submitted.startswith("no")
        or any(message.get(name) for name in AUTO_REPLY_HEADERS)
        or (message.get("Precedence") or "").strip().lower() in AUTO_PRECEDENCE
    )


def _read_dsn(message, reading):
    status_parts = [part for part in message.walk() if part.get_content_type() == "message/delivery-status"]
    if not status_parts:
        raise Unreadable("a delivery report without its message/delivery-status part")
    reading.form = DSN
    blocks = status_parts[0].get_payload()
    if not isinstance(blocks, list) or len(blocks) < 2:
        raise Unreadable("a delivery-status part without a recipient")
    per_message, *per_recipient = blocks
    sender = _field_address(per_message.get("X-Postfix-Sender", ""))
    if sender:
        reading.addresses.append(sender)
    if per_message.get("X-Original-Message-ID"):
        reading.original_message_id = per_message["X-Original-Message-ID"].strip()
    for block in per_recipient:
        action = (block.get("Action") or "").strip().lower()
        recipient = _field_address(block.get("Original-Recipient") or block.get("Final-Recipient") or "")
        if not recipient and not action:
            continue  # the empty block some servers end the part with
        # Only a failure is a bounce; "delayed" warns that the server is still trying.
        if action != "failed":
            continue
        status = (block.get("Status") or "").strip()
        diagnostic = " ".join((block.get("Diagnostic-Code") or "").split())
        reading.reports.append(Report(_bounce_kind(status, diagnostic), recipient, f"{status} {diagnostic}"))
    _read_returned(message, reading)


def _bounce_kind(status, diagnostic):
    """A failure is hard when the address is gone; a temporary one, or one about the sender, is soft."""
    status = status if STATUS.fullmatch(status) else next(iter(STATUS.findall(diagnostic)), "5.0.0")
    code = 550 if status.startswith("5") else 450
    # The same rule as the mail server's own replies (feedback.classify): X.1.* and 5.2.1 are
    # about the address. A policy refusal (5.7.*) is counted as soft, as a fault the recipient's
    # address cannot help; enough of them in a row still suppress it (SOFT_BOUNCE_LIMIT).
    verdict = feedback.classify(Reply(code, status))
    return feedback.HARD_BOUNCE if verdict == feedback.BOUNCE else feedback.SOFT_BOUNCE


def _read_arf(message, reading):
    report_parts = [part for part in message.walk() if part.get_content_type() == "message/feedback-report"]
    if not report_parts:
        raise Unreadable("a feedback report without its message/feedback-report part")
    reading.form = ARF
    fields = report_parts[0].get_payload()
    fields = fields[0] if isinstance(fields, list) and fields else HeaderParser().parsestr(str(fields))
    feedback_type = (fields.get("Feedback-Type") or "").strip().lower()
    sender = _field_address(fields.get("Original-Mail-From") or "")
    if sender:
        reading.addresses.append(sender)
    recipient = _field_address(fields.get("Original-Rcpt-To") or "")
    recipient = recipient or _field_address(message.get("X-HmXmrOriginalRecipient") or "")
    _read_returned(message, reading)
    if feedback_type in COMPLAINT_TYPES:
        detail = f"{feedback_type} ({(fields.get('User-Agent') or '').strip()})"
        reading.reports.append(Report(feedback.COMPLAINT, recipient, detail))


def _read_returned(message, reading):
    """Read the returned message's headers: its envelope sender, Message-ID and recipients."""
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/rfc822":
            payload = part.get_payload()
            headers = payload[0] if isinstance(payload, list) and payload else None
        elif kind == "text/rfc822-headers":
            headers = HeaderParser().parsestr(part.get_payload(decode=True).decode(errors="replace"))
        else:
            continue
        if headers is None:
            continue
        reading.addresses += _addresses(headers, ("Return-Path",))
        reading.original_message_id = reading.original_message_id or (headers.get("Message-ID") or "").strip()
        reading.original_recipients += _addresses(headers, ("X-HmXmrOriginalRecipient", "To"))
        return


def _addresses(message, names):
    values = [str(value) for name in names for value in message.get_all(name, [])]
    return [address for _name, address in getaddresses(values) if "@" in address]


def _field_address(value):
    """The address of a report field such as `rfc822; ana@example.org` or `<ana@example.org>`."""
    value = str(value).partition(";")[2] if ";" in str(value) else str(value)
    address = value.strip().strip("<>").strip()
    return address if "@" in address else ""


def _digest(raw):
    return hashlib.sha256(raw).hexdigest()
