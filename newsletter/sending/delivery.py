"""Deliver a send: claim a batch of rows, send it over one reused connection, settle it in bulk.

A batch moves its rows queued → sending under a claim id; the journal (journal.py) records
what reaches the mail server as it happens; settling writes every outcome with a handful of
UPDATEs and then drops the journal. Nothing touches the database per message.
"""

import time
import uuid

from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone

from newsletter.addresses import AddressHash
from newsletter.models import Delivery, RenderedMessage, Send, Subscriber, Suppression
from newsletter.sending import conf
from newsletter.sending.journal import Journal
from newsletter.sending.messages import Messages
from newsletter.sending.notices import Waiter
from newsletter.sending.pacing import Pace, PacingUnavailable
from newsletter.sending.settling import Outcome, finish_if_done, settle
from newsletter.sending.smtp import ConnectionFailed, Reply
from newsletter.sending.sweeping import settle_dead_batches
from newsletter.sending.transports import open_transport

# Rows per batch: enough that claiming and settling cost a few queries per thousand messages,
# few enough that a pause bites within a fraction of a second at full speed and that a killed
# worker leaves little for the sweeper.
BATCH_SIZE = 500
# Under a rate limit, a batch holds at most this many seconds of sending, for the same reasons.
BATCH_SECONDS = 2
# How long one delivery task works before handing on to a fresh one, so that sends share workers.
TASK_SECONDS = 300
# A task waits in place for retries due this soon; later ones are the sweeper's to start.
WAIT_IN_PLACE_SECONDS = 15


def batch_size(rate):
    return max(1, min(BATCH_SIZE, int(rate * BATCH_SECONDS))) if rate else BATCH_SIZE


def deliver(send_id, *, seconds=TASK_SECONDS):
    """Deliver a sending send until it is done, stops or `seconds` pass; return True if work remains."""
    settle_dead_batches()
    send = Send.objects.filter(pk=send_id, status=Send.Status.SENDING).first()
    if send is None:
        return False
    Send.objects.filter(pk=send.pk).update(last_progress_at=timezone.now())
    pace = Pace(send.mailer)
    size = batch_size(pace.rate)
    transport = None
    messages = None
    waiter = Waiter(send.pk)
    deadline = time.monotonic() + seconds
    # Claims start past the last row this task claimed: the rows before it are settled, and a
    # scan from the start would wade through their dead index entries on every claim. Rows
    # queued again behind it (retries, rows given back) are found by one scan from the start
    # when nothing is left ahead.
    frontier = 0
    try:
        while time.monotonic() < deadline:
            claim = uuid.uuid4()
            journal = Journal(claim, send.pk)
            try:
                rows = claim_batch(send, claim, size, after=frontier)
                if not rows:
                    journal.discard()
                    if rows is None:
                        return False
                    if frontier:
                        frontier = 0
                        continue
                    # Still being planned (as the claim read the send): rows are still to come,
                    # or written and waiting for their rendering. Wait for the planner's next
                    # commit; a retry due meanwhile waits for it too, at most `patience`.
                    planning = send.planned_at is None
                    if planning:
                        if waiter.listen():
                            continue
                        wait = waiter.patience
                    else:
                        wait = seconds_until_due(send)
                    if wait is None:
                        finish_if_done(send)
                        return False
                    if wait > min(WAIT_IN_PLACE_SECONDS, deadline - time.monotonic()):
                        return planning
                    waiter.wait(max(wait, 0.05))
                    continue
                frontier = rows[-1][0]
                outcome = Outcome(claimed=[row[0] for row in rows])
                deliverable = screen(rows, outcome)
                try:
                    if deliverable:
                        if transport is None:
                            transport = open_transport(send.mailer)
                            messages = Messages.for_send(send, as_bytes=transport.needs_bytes)
                        transport.deliver(messages.for_rows(deliverable), journal, outcome.report, pace)
                except ConnectionFailed as failure:
                    transport = None
                    outcome.connection_failure = failure.reply
                except PacingUnavailable as error:
                    transport.close()
                    transport = None
                    outcome.connection_failure = Reply(421, f"The rate limiter is unavailable: {error}")
                settle(send, claim, outcome)
            except BaseException:
                # Keep the journal for the sweeper, unlocked: the database may not know yet.
                journal.abandon()
                raise
            journal.discard()
    finally:
        waiter.close()
        if transport is not None:
            transport.close()
    return True


def claim_batch(send, claim, size, after=0):
    """Claim up to `size` due rows of a send; None when the send is no longer sending.

    Returns (id, subscriber id, email, name, language, reader language, subscriber status,
    suppressed) rows,
    looking only past delivery id `after` (see `deliver`). Refreshes `send.planned_at`, read
    with the send's status: whether more rows may still come.
    PostgreSQL hands concurrent workers disjoint rows (FOR UPDATE SKIP LOCKED); SQLite runs
    the block under its write lock (IMMEDIATE transactions), one claimer at a time.
    """
    now = timezone.now()
    with transaction.atomic():
        sending = Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).values_list("planned_at")
        if not (state := sending.first()):
            return None
        (send.planned_at,) = state
        claimed = Delivery.objects.filter(id__in=Subquery(claimable(send, now, after)[:size])).update(
            status=Delivery.Status.SENDING, claim=claim, claimed_at=now, claimed_on=conf.host_id()
        )
    if not claimed:
        return []
    suppressed = Suppression.objects.filter(email_hash=AddressHash(OuterRef("subscriber__email")))
    return list(
        Delivery.objects.filter(claim=claim)
        .annotate(suppressed=Exists(suppressed))
        .order_by("id")
        .values_list(
            "id",
            "subscriber_id",
            "subscriber__email",
            "subscriber__name",
            "language",
            "reader_language",
            "subscriber__status",
            "suppressed",
        )
    )


def claimable(send, now, after=0):
    """The ids of a send's due rows, locked for the transaction; rows another claimer holds are skipped.

    A row is due once its message is rendered: planning renders each edition while the first
    rows already go out.
    """
    rendered = RenderedMessage.objects.filter(
        send=send, language=OuterRef("language"), reader_language=OuterRef("reader_language")
    )
    return (
        Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED, id__gt=after)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Exists(rendered))
        .order_by("id")
        .select_for_update(skip_locked=True)
        .values_list("id", flat=True)
    )


def screen(rows, outcome):
    """Return the rows still to be mailed; those unsubscribed or suppressed since planning are skipped."""
    deliverable = []
    for *row, status, suppressed in rows:
        if status != Subscriber.Status.ACTIVE or suppressed:
            outcome.skipped.append(row[0])
        else:
            deliverable.append(tuple(row))
    return deliverable


def seconds_until_due(send):
    """Seconds until the send's next queued row is due (0 if one is), None if nothing is queued."""
    due = Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).aggregate(
        first=Min("next_attempt_at", default=None), any=Min("id")
    )
    if due["any"] is None:
        return None
    # No time at all: every queued row was due (other workers may have claimed them since).
    if due["first"] is None:
        return 0
    if Delivery.objects.filter(
        send=send, status=Delivery.Status.QUEUED, next_attempt_at__isnull=True
    ).exists():
        return 0
    return max(0.0, (due["first"] - timezone.now()).total_seconds())
