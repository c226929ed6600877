"""Settle a batch: write what the mail server said about each of its rows, in a handful of UPDATEs.

Delivery (delivery.py) settles the batches it sends; the sweeper (sweeping.py) those a dead
worker left, from their journals. Either way the same rules apply, and settling then decides
whether the send must pause.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from newsletter import audience
from newsletter.models import Delivery, Send, Suppression
from newsletter.sending import conf, feedback, rates
from newsletter.sending.control import auto_pause
from newsletter.sending.smtp import NO_REPLY, Reply

# A batch's share of refusals pauses a send only when the batch tried at least this many
# recipients: a few refusals in a small batch say nothing about the server.
AUTO_PAUSE_MIN_BATCH = 20


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

    def verdicts(self):
        """Group the reported ids by what their replies mean (feedback.classify)."""
        verdicts = defaultdict(list)
        for delivery_id, reply in self.replies.items():
            verdicts[feedback.classify(reply)].append(delivery_id)
        return verdicts

    def answered_in_full(self):
        """Whether every claimed row was answered or skipped on a connection that held."""
        return (
            self.claimed is not None
            and not self.connection_failure
            and len(self.claimed) == len(self.replies) + len(self.skipped)
        )


def settle(send, claim, outcome):
    """Write a batch's outcomes in bulk, then pause the send if they show it failing."""
    now = timezone.now()
    verdicts = outcome.verdicts()
    storm = _is_storm(outcome, verdicts)
    rows = Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING)
    with transaction.atomic():
        _update(rows, outcome.skipped, Delivery.Status.SKIPPED, outcome)
        if storm:
            # A wall of refusals says more about the server or the sender than about the
            # recipients: nobody is suppressed or given up on; the rows wait for a resume.
            _update(rows, verdicts[feedback.SENT], Delivery.Status.SENT, outcome, sent_at=now)
            _release(rows, next_attempt_at=None)
        else:
            _record_replies(send, rows, verdicts, outcome, now)
        _record_progress(send, outcome.connection_failure and not verdicts[feedback.SENT], now)
    if storm:
        auto_pause(send, _storm_reason(outcome))
    elif send.consecutive_failures >= settings.NEWSLETTER_AUTO_PAUSE_FAILURES:
        reason = gettext("The mail server failed %(count)s times in a row: “%(reply)s”.")
        auto_pause(send, reason % {"count": send.consecutive_failures, "reply": outcome.connection_failure})
    elif verdicts[feedback.BOUNCE]:
        rates.watch(send.pk)


def _is_storm(outcome, verdicts):
    """Whether enough of the batch was refused to say more about the server than the recipients."""
    attempted = len(outcome.replies)
    errors = attempted - len(verdicts[feedback.SENT])
    return (
        attempted >= AUTO_PAUSE_MIN_BATCH and errors / attempted >= settings.NEWSLETTER_AUTO_PAUSE_ERROR_RATIO
    )


def _storm_reason(outcome):
    refusals = [reply for reply in outcome.replies.values() if feedback.classify(reply) != feedback.SENT]
    reply, count = Counter(str(reply) for reply in refusals).most_common(1)[0]
    reason = gettext(
        "%(errors)s of %(attempted)s recipients in one batch were refused (%(count)s× “%(reply)s”)."
    )
    attempted = len(outcome.replies)
    return reason % {"errors": len(refusals), "attempted": attempted, "count": count, "reply": reply}


def _record_replies(send, rows, verdicts, outcome, now):
    """Record what each reply means; the rows nobody answered go back to the queue."""
    # The usual batch: every claimed row answered 2xx or skipped. Its sent rows are then simply
    # "the rest of the claim", one UPDATE without a list of ids; only the rows sent without a
    # reply need one of their own, to keep saying so.
    plainly_sent = outcome.answered_in_full()
    sent = verdicts[feedback.SENT]
    if plainly_sent:
        sent = [delivery_id for delivery_id in sent if outcome.replies[delivery_id].code == NO_REPLY.code]
    _update(rows, sent, Delivery.Status.SENT, outcome, sent_at=now)
    _update(rows, verdicts[feedback.FAIL], Delivery.Status.FAILED, outcome)
    bounced = rows.filter(id__in=verdicts[feedback.BOUNCE])
    for email in bounced.values_list("subscriber__email", flat=True):
        audience.suppress(email, Suppression.Reason.HARD_BOUNCE)
    _update(rows, verdicts[feedback.BOUNCE], Delivery.Status.BOUNCED, outcome)
    _defer(rows.filter(id__in=verdicts[feedback.DEFER]), outcome, now)
    if plainly_sent:
        _update(rows, None, Delivery.Status.SENT, outcome, sent_at=now)
    else:
        # Each failed connection in a row waits longer before its rows are due again.
        backoff = conf.retry_delay(send.consecutive_failures) if outcome.connection_failure else 0
        _release(rows, next_attempt_at=now + timedelta(seconds=backoff) if backoff else None)


def _record_progress(send, failed_connection, now):
    """Note that the send moved, counting failed connections in a row (any success resets it)."""
    Send.objects.filter(pk=send.pk).update(
        last_progress_at=now,
        consecutive_failures=F("consecutive_failures") + 1 if failed_connection else 0,
    )
    send.consecutive_failures = send.consecutive_failures + 1 if failed_connection else 0


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
    groups = defaultdict(list)
    for delivery_id, attempts in rows.values_list("id", "attempts"):
        groups[attempts, str(outcome.replies[delivery_id])[:255]].append(delivery_id)
    given_up = []
    for (attempts, reply), ids in groups.items():
        if attempts + 1 >= settings.NEWSLETTER_MAX_ATTEMPTS:
            changes = {"status": Delivery.Status.FAILED, "next_attempt_at": None}
            given_up += ids
        else:
            delay = conf.retry_delay(attempts)
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


def finish_if_done(send):
    """Mark the send finished when every recipient is planned and no row is queued or in flight any more."""
    with transaction.atomic():
        if Delivery.objects.filter(send=send).pending().exists():
            return False
        return bool(
            Send.objects.filter(pk=send.pk, status=Send.Status.SENDING, planned_at__isnull=False).update(
                status=Send.Status.FINISHED, finished_at=timezone.now()
            )
        )
