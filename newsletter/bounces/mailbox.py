"""Read the bounce mailbox (BOUNCE_MAILBOX_URL) by IMAP or POP3, as Celery beat asks.

Each waiting message is processed (processing.py) and then deleted when it is done with: a
report applied or repeated, an automatic reply. A message kept for a person (unreadable, not a
report, unmatched, forged) stays: IMAP marks it seen and only unseen messages are read; POP3
has no flags, so its unique id is remembered in the cache and the message is not read again.
"""

import hashlib
import imaplib
import logging
import poplib
from collections import Counter
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache

from newsletter.bounces.processing import process

logger = logging.getLogger(__name__)

PORTS = {"imap": 143, "imaps": 993, "pop3": 110, "pop3s": 995}
TIMEOUT_SECONDS = 30
# Messages read per poll: a flood waits for the next polls rather than holding one task for long.
MESSAGES_PER_POLL = 500
# How long POP3 message ids of kept messages are remembered.
KEPT_SECONDS = 30 * 24 * 3600


class BadMailboxUrl(ValueError):
    """BOUNCE_MAILBOX_URL is not imap(s):// or pop3(s):// with a user, password and host."""


def poll(url=None):
    """Process the messages waiting in the bounce mailbox; return a Counter of their Results.

    Does nothing without a mailbox. A mailbox that cannot be reached or refuses the login is
    logged and tried again at the next poll.
    """
    url = settings.BOUNCE_MAILBOX_URL if url is None else url
    if not url:
        return Counter()
    try:
        location = parse_url(url)
    except BadMailboxUrl as error:
        logger.error("%s", error)  # noqa: TRY400 - a setting, not a bug: no traceback
        return Counter()
    reader = _read_imap if location["scheme"].startswith("imap") else _read_pop3
    results = Counter()
    try:
        reader(location, results)
    except (OSError, EOFError, poplib.error_proto, imaplib.IMAP4.error) as error:
        logger.warning("Could not read the bounce mailbox %s: %s", location["host"], error)
    if results:
        logger.info("Bounce mailbox read: %s", dict(results))
    return results


def parse_url(url):
    """Return the parts of a mailbox URL; raise BadMailboxUrl."""
    parts = urlsplit(url)
    if parts.scheme not in PORTS or not parts.hostname or parts.username is None:
        raise BadMailboxUrl("BOUNCE_MAILBOX_URL must be imap(s):// or pop3(s)://user:password@host[/folder].")
    return {
        "scheme": parts.scheme,
        "host": parts.hostname,
        "port": parts.port or PORTS[parts.scheme],
        "user": unquote(parts.username),
        "password": unquote(parts.password or ""),
        "folder": unquote(parts.path.strip("/")) or "INBOX",
    }


def _read_pop3(location, results):
    secure = location["scheme"] == "pop3s"
    kind = poplib.POP3_SSL if secure else poplib.POP3
    client = kind(location["host"], location["port"], timeout=TIMEOUT_SECONDS)
    try:
        client.user(location["user"])
        client.pass_(location["password"])
        for number, uid in _pop3_messages(client)[:MESSAGES_PER_POLL]:
            kept_key = _kept_key(location, uid) if uid else None
            if kept_key and cache.get(kept_key):
                continue
            _response, lines, _size = client.retr(number)
            result = process(b"\r\n".join(lines) + b"\r\n")
            results[result] += 1
            if result.done:
                client.dele(number)
            elif kept_key:
                cache.set(kept_key, 1, KEPT_SECONDS)
        # Deletions take effect only when the session ends properly (RFC 1939's UPDATE state).
        client.quit()
    except BaseException:
        client.close()
        raise


def _pop3_messages(client):
    """Return [(message number, unique id or None)] of the maildrop."""
    try:
        _response, listing, _size = client.uidl()
        return [(int(number), uid.decode()) for number, uid in (line.split(None, 1) for line in listing)]
    except poplib.error_proto:
        count, _size = client.stat()
        return [(number, None) for number in range(1, count + 1)]


def _kept_key(location, uid):
    mailbox = f"{location['user']}@{location['host']}:{location['port']}/{uid}"
    return "bounces:kept:" + hashlib.sha256(mailbox.encode()).hexdigest()


def _read_imap(location, results):
    kind = imaplib.IMAP4_SSL if location["scheme"] == "imaps" else imaplib.IMAP4
    client = kind(location["host"], location["port"], timeout=TIMEOUT_SECONDS)
    try:
        client.login(location["user"], location["password"])
        _check(client.select(_quoted(location["folder"])))
        uids = _check(client.uid("SEARCH", None, "UNSEEN"))[0].split()
        done = []
        for uid in uids[:MESSAGES_PER_POLL]:
            data = _check(client.uid("FETCH", uid, "(BODY.PEEK[])"))
            raw = next((item[1] for item in data if isinstance(item, tuple)), None)
            result = process(raw) if raw else None
            if result is None:
                continue
            results[result] += 1
            if result.done:
                done.append(uid)
            else:
                _check(client.uid("STORE", uid, "+FLAGS", r"(\Seen)"))
        if done:
            _check(client.uid("STORE", b",".join(done), "+FLAGS", r"(\Deleted \Seen)"))
            _check(client.expunge())
        client.logout()
    except BaseException:
        client.shutdown()
        raise


def _check(response):
    status, data = response
    if status != "OK":
        raise imaplib.IMAP4.error(f"{status} {data!r}")
    return data


def _quoted(folder):
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
