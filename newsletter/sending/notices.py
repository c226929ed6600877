"""Wake the delivery tasks that wait for a send's planning, when the planning commits more rows.

While a send is planned (planning.py), its delivery tasks run out of claimable rows now and
then: the next slice is not written yet, or its edition not rendered. On PostgreSQL they then
sleep until the planner's next commit: the planner NOTIFYs the send's channel inside the
transaction that writes the rows or the rendering, and the database delivers the notice when
that transaction commits, to the connections that LISTEN. A waiting task therefore claims the
new rows as soon as it can see them, and costs nothing while it waits: eight tasks polling
every 50 ms took the CPU the planner needed (on two cores) and most of a send's fixed SQL.

Notices only decide when a task looks again: claiming stays the database's business, so a lost
notice costs at most a wait of NOTICE_TIMEOUT. So does a connection through a proxy that pools
transactions (PgBouncer in that mode), where LISTEN hears nothing. Other databases have no
notices: tasks look again every POLL_SECONDS.
"""

import time
from contextlib import suppress

from django.db import Error, connection

# The longest a listening task waits for a notice: only a notice lost with a connection, or a
# change nobody announces (a pause, a cancel), is noticed this late.
NOTICE_TIMEOUT = 1.0
# How often a task looks again where the database has no notices.
POLL_SECONDS = 0.05


def _channel(send_id):
    return f"newsletter_send_{int(send_id)}"


def _has_notices():
    return connection.vendor == "postgresql"


def announce(send_id):
    """Tell the send's waiting delivery tasks that more of it may be claimable, when the current
    transaction commits (at once outside one)."""
    if _has_notices():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [_channel(send_id)])


class Waiter:
    """A delivery task's way of waiting for its send's planning."""

    def __init__(self, send_id):
        self.channel = _channel(send_id)
        # The database connection that listens: one opened since (after an error) does not.
        self.listener = None

    @property
    def listening(self):
        return self.listener is not None and self.listener is connection.connection

    def listen(self):
        """Start listening; True if this call started it. A commit announced before it is not
        heard, so the caller looks for rows once more before its first wait."""
        if self.listening or not _has_notices():
            return False
        with connection.cursor() as cursor:
            cursor.execute(f"LISTEN {self.channel}")
        self.listener = connection.connection
        return True

    @property
    def patience(self):
        """How long to wait for planning to go on before looking again anyway."""
        return NOTICE_TIMEOUT if self.listening else POLL_SECONDS

    def wait(self, seconds):
        """Wait `seconds`, or less if a notice comes (or came while the task was busy)."""
        if not self.listening:
            time.sleep(seconds)
            return
        for _notice in self.listener.notifies(timeout=seconds, stop_after=1):
            pass  # the notices that came meanwhile are read too: each says "look again"

    def close(self):
        """Stop listening, so that the connection goes back to the next task as it came."""
        if self.listening:
            # A connection that broke meanwhile has stopped listening, and its error is not ours.
            with suppress(Error), connection.cursor() as cursor:
                cursor.execute(f"UNLISTEN {self.channel}")
        self.listener = None
