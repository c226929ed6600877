"""What a batch handed to the mail server, written as it happens to a file that outlives its process.

A delivery batch settles its rows in the database in bulk, after the fact; if its process
dies first (SIGKILL, OOM), the database alone cannot tell which of its recipients the mail
server already has. The journal can: before each final dot goes out the batch appends
`h <delivery id>`, and after each reply `r <delivery id> <code> <text>`. Appending is a
write(2) to the page cache, which survives the death of the process, not of the machine.

The batch holds an exclusive lock (flock) on its journal for as long as it lives, and the
kernel releases it when the process dies however it dies: a journal whose lock can be taken
belongs to a dead batch, which is what makes recovery safe without guessing from timeouts.
"""

import fcntl
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

REPLY_TEXT_LIMIT = 200


def directory():
    """Return this database's journal directory (test, bench and development runs stay apart)."""
    database = connection.settings_dict
    identity = f"{database['ENGINE']}|{database.get('HOST')}|{database.get('PORT')}|{database['NAME']}"
    path = Path(settings.NEWSLETTER_JOURNAL_DIR) / hashlib.sha256(identity.encode()).hexdigest()[:16]
    path.mkdir(parents=True, exist_ok=True)
    return path


class Journal:
    """The open, locked journal of one claimed batch."""

    def __init__(self, claim, send_id):
        self.path = directory() / f"{claim}.journal"
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._write(f"send {send_id}\n")

    def handed(self, delivery_id):
        """Record that the final dot of delivery_id's message is about to reach the server."""
        self._write(f"h {delivery_id}\n")

    def replied(self, delivery_id, code, text):
        self._write(f"r {delivery_id} {code} {_one_line(text)}\n")

    def _write(self, line):
        os.write(self.fd, line.encode())

    def abandon(self):
        """Close the journal, keeping it for the sweeper: the database may not hold its outcomes."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def discard(self):
        """Remove the journal once the database holds everything it says."""
        if self.fd is not None:
            self.path.unlink(missing_ok=True)
            os.close(self.fd)
            self.fd = None


class Unjournaled:
    """Stands in for a journal where there is nothing to recover: a test message."""

    def handed(self, delivery_id):
        pass

    def replied(self, delivery_id, code, text):
        pass


@dataclass
class Recovered:
    """What a dead batch's journal says: its send, the dots it handed over, the replies it read."""

    claim: str
    send_id: int
    handed: set = field(default_factory=set)
    replies: dict = field(default_factory=dict)


def orphans():
    """Yield (Recovered, release) for each journal whose batch has died; release() deletes it.

    The journal stays locked by this process until release, so two sweepers never settle one
    batch twice.
    """
    for path in sorted(directory().glob("*.journal")):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        if not path.exists():
            # Its batch finished and removed it between our listing and our lock.
            os.close(fd)
            continue
        with os.fdopen(fd, "rb", closefd=False) as handle:
            recovered = _parse(path.stem, handle.read().decode(errors="replace"))

        def release(path=path, fd=fd):
            path.unlink(missing_ok=True)
            os.close(fd)

        yield recovered, release


def _parse(claim, content):
    recovered = Recovered(claim=claim, send_id=0)
    for line in content.splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "send":
            recovered.send_id = int(rest)
        elif kind == "h":
            recovered.handed.add(int(rest))
        elif kind == "r":
            delivery_id, code, text = (rest.split(" ", 2) + [""])[:3]
            recovered.replies[int(delivery_id)] = (int(code), text)
    return recovered


def _one_line(text):
    return re.sub(r"\s+", " ", text or "")[:REPLY_TEXT_LIMIT]
