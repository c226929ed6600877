"""Deliver a send: claim a batch of rows, send it over one reused connection, settle it in bulk.

A batch moves its rows queued → sending under a claim id; the journal (journal.py) records
what reaches the mail server as it happens; settling writes every outcome with a handful of
UPDATEs and then drops the journal. Nothing touches the database per message.
"""

import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, F, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from newsletter import audience
from newsletter.models import Delivery, Send, Subscriber, Suppression
from newsletter.sending import conf, feedback
from newsletter.sending.control import auto_pause
from newsletter.sending.journal import Journal
from newsletter.sending.messages import Messages
from newsletter.sending.recipients import AddressHash
from newsletter.sending.smtp import ConnectionFailed, Reply
from newsletter.sending.throttle import RateLimiter, ThrottleUnavailable
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


@dataclass
class Outcome:
    """What happened to a batch: a reply per delivery reported, and whether the connection failed."""

    replies: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)
    connection_failure: Reply | None = None
    # The ids the batch claimed, when known (a journal recovered after a death does not know).
    claimed: list | None = None

    def report(self, delivery_id, reply):
        self.replies[delivery_id] = reply


def batch_size(rate):
    return max(1, min(BATCH_SIZE, int(rate * BATCH_SECONDS))) if rate else BATCH_SIZE


def deliver(send_id, *, seconds=TASK_SECONDS):
    """Deliver a sending send until it is done, stops or `seconds` pass; return True if work remains."""
    from newsletter.sending.sweeping import settle_dead_batches

    settle_dead_batches()
    send = Send.objects.filter(pk=send_id, status=Send.Status.SENDING).first()
    if send is None:
        return False
    Send.objects.filter(pk=send.pk).update(last_progress_at=timezone.now())
    limiter = RateLimiter(send.mailer)
    size = batch_size(limiter.rate)
    transport = None
    messages = None
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
                    wait = seconds_until_due(send)
                    if wait is None:
                        finish_if_done(send)
                        return False
                    if wait > min(WAIT_IN_PLACE_SECONDS, deadline - time.monotonic()):
                        return False
                    time.sleep(max(wait, 0.05))
                    continue
                frontier = rows[-1][0]
                outcome = Outcome(claimed=[row[0] for row in rows])
                deliverable = screen(rows, outcome)
                try:
                    if deliverable:
                        if transport is None:
                            transport = open_transport(send.mailer)
                            messages = Messages(send, as_bytes=transport.needs_bytes)
                        transport.deliver(messages.for_rows(deliverable), journal, outcome.report, limiter)
                except ConnectionFailed as failure:
                    transport = None
                    outcome.connection_failure = failure.reply
                except ThrottleUnavailable as error:
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
        if transport is not None:
            transport.close()
    return True


def claim_batch(send, claim, size, after=0):
    """Claim up to `size` due rows of a send; None when the send is no longer sending.

    Returns (id, subscriber id, email, name, language, subscriber status, suppressed) rows,
    looking only past delivery id `after` (see `deliver`).
    PostgreSQL hands concurrent workers disjoint rows (FOR UPDATE SKIP LOCKED); SQLite runs
    the block under its write lock (IMMEDIATE transactions), one claimer at a time.
    """
    now = timezone.now()
    with transaction.atomic():
        if not Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).exists():
            return None
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
            "subscriber__status",
            "suppressed",
        )
    )


def claimable(send, now, after=0):
    """The ids of a send's due rows, locked for the transaction; rows another claimer holds are skipped."""
    return (
        Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED, id__gt=after)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("id")
        .select_for_update(skip_locked=True)
        .values_list("id", flat=True)
    )


def screen(rows, outcome):
    """Return the rows still to be mailed; those unsubscribed or suppressed since planning are skipped."""
    deliverable = []
    for delivery_id, subscriber_id, email, name, language, status, suppressed in rows:
        if status != Subscriber.Status.ACTIVE or suppressed:
            outcome.skipped.append(delivery_id)
        else:
            deliverable.append((delivery_id, subscriber_id, email, name, language))
    return deliverable


def settle(send, claim, outcome):
    """Write a batch's outcomes in bulk, then decide whether the send must pause."""
    now = timezone.now()
    verdicts = defaultdict(list)
    for delivery_id, reply in outcome.replies.items():
        verdicts[feedback.classify(reply)].append(delivery_id)
    attempted = len(outcome.replies)
    errors = attempted - len(verdicts[feedback.SENT])
    storm = attempted >= conf.AUTO_PAUSE_MIN_BATCH and errors / attempted >= conf.auto_pause_error_ratio()
    rows = Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING)
    # The usual batch: every claimed row answered 2xx or skipped. Its sent rows are then simply
    # "the rest of the claim", one UPDATE without a list of ids.
    everyone_answered = (
        outcome.claimed is not None
        and not outcome.connection_failure
        and len(outcome.claimed) == attempted + len(outcome.skipped)
    )
    plainly_sent = everyone_answered and not storm
    with transaction.atomic():
        _update(rows, outcome.skipped, Delivery.Status.SKIPPED, outcome)
        in_doubt = [i for i in verdicts[feedback.SENT] if outcome.replies[i].code == 0]
        _update(
            rows,
            verdicts[feedback.SENT] if not plainly_sent else in_doubt,
            Delivery.Status.SENT,
            outcome,
            sent_at=now,
        )
        if storm:
            # A wall of refusals says more about the server or the sender than about the
            # recipients: nobody is suppressed or given up on; the rows wait for a resume.
            _release(rows, next_attempt_at=None)
        else:
            _update(rows, verdicts[feedback.FAIL], Delivery.Status.FAILED, outcome)
            bounced = rows.filter(id__in=verdicts[feedback.BOUNCE])
            for email in bounced.values_list("subscriber__email", flat=True):
                audience.suppress(email, Suppression.Reason.HARD_BOUNCE)
            _update(rows, verdicts[feedback.BOUNCE], Delivery.Status.BOUNCED, outcome)
            _defer(rows.filter(id__in=verdicts[feedback.DEFER]), outcome, now)
            if plainly_sent:
                _update(rows, None, Delivery.Status.SENT, outcome, sent_at=now)
            else:
                backoff = _backoff(send.consecutive_failures) if outcome.connection_failure else 0
                _release(rows, next_attempt_at=now + timedelta(seconds=backoff) if backoff else None)
        failed_connection = outcome.connection_failure and not verdicts[feedback.SENT]
        Send.objects.filter(pk=send.pk).update(
            last_progress_at=now,
            consecutive_failures=F("consecutive_failures") + 1 if failed_connection else 0,
        )
    failures = send.consecutive_failures + 1 if failed_connection else 0
    send.consecutive_failures = failures
    if storm:
        replies = Counter(
            str(reply) for reply in outcome.replies.values() if feedback.classify(reply) != feedback.SENT
        )
        reply, count = replies.most_common(1)[0]
        reason = gettext(
            "%(errors)s of %(attempted)s recipients in one batch were refused (%(count)s× “%(reply)s”)."
        )
        auto_pause(send, reason % {"errors": errors, "attempted": attempted, "count": count, "reply": reply})
    elif failures >= conf.auto_pause_failures():
        reason = gettext("The mail server failed %(count)s times in a row: “%(reply)s”.")
        auto_pause(send, reason % {"count": failures, "reply": outcome.connection_failure})


def _update(rows, ids, status, outcome, **extra):
    """Move the rows `ids` (None: all `rows`) to `status` with their replies, one UPDATE per reply."""
    changes = {
        "status": status,
        "attempts": F("attempts") + 1,
        "claim": None,
        "next_attempt_at": None,
        **extra,
    }
    if ids is None:
        rows.update(reply="", **changes)
        return
    by_reply = defaultdict(list)
    for delivery_id in ids:
        reply = outcome.replies.get(delivery_id)
        by_reply["" if reply is None or 200 <= reply.code < 300 else str(reply)[:255]].append(delivery_id)
    for reply, group in by_reply.items():
        rows.filter(id__in=group).update(reply=reply, **changes)


def _defer(rows, outcome, now):
    """Queue temporarily refused rows again after their backoff, or fail them past the last attempt."""
    delays = conf.retry_delays()
    groups = defaultdict(list)
    for delivery_id, attempts in rows.values_list("id", "attempts"):
        groups[attempts, str(outcome.replies[delivery_id])[:255]].append(delivery_id)
    given_up = []
    for (attempts, reply), ids in groups.items():
        if attempts + 1 >= conf.max_attempts():
            changes = {"status": Delivery.Status.FAILED, "next_attempt_at": None}
            given_up += ids
        else:
            delay = delays[min(attempts, len(delays) - 1)]
            changes = {"status": Delivery.Status.QUEUED, "next_attempt_at": now + timedelta(seconds=delay)}
        rows.filter(id__in=ids).update(reply=reply, attempts=attempts + 1, claim=None, **changes)
    # An address that has soft-bounced every send lately is treated as gone (feedback.py).
    for subscriber_id, email in Delivery.objects.filter(id__in=given_up).values_list(
        "subscriber_id", "subscriber__email"
    ):
        if feedback.soft_bounced_too_often(subscriber_id):
            audience.suppress(email, Suppression.Reason.HARD_BOUNCE)


def _release(rows, next_attempt_at):
    """Give back the rows nobody tried: queued as they were, their attempts untouched."""
    rows.update(status=Delivery.Status.QUEUED, claim=None, next_attempt_at=next_attempt_at)


def _backoff(failures):
    delays = conf.retry_delays()
    return delays[min(failures, len(delays) - 1)]


def seconds_until_due(send):
    """Seconds until the send's next queued row is due (0 if one is), None if nothing is queued."""
    due = Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).aggregate(
        first=Min("next_attempt_at", default=None), any=Min("id")
    )
    if due["any"] is None:
        return None
    if Delivery.objects.filter(
        send=send, status=Delivery.Status.QUEUED, next_attempt_at__isnull=True
    ).exists():
        return 0
    return max(0.0, (due["first"] - timezone.now()).total_seconds())


def finish_if_done(send):
    """Mark the send finished when no row is queued or in flight any more."""
    with transaction.atomic():
        if Delivery.objects.filter(send=send).pending().exists():
            return False
        return bool(
            Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).update(
                status=Send.Status.FINISHED, finished_at=timezone.now()
            )
        )
