"""Settle what dead workers left behind and restart what stalled; the policy is in docs/sending.md."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from newsletter.models import Delivery, Send
from newsletter.sending import dispatch, journal
from newsletter.sending.settling import Outcome, finish_if_done, settle
from newsletter.sending.smtp import NO_REPLY, Reply

logger = logging.getLogger(__name__)


def sweep():
    """Run every recovery step; return what each did, for logs and the status command."""
    return {
        "dead_batches": settle_dead_batches(),
        "orphaned_rows": release_orphaned_claims(),
        "restarted_sends": restart_stalled_sends(),
    }


def settle_dead_batches():
    """Settle the batches whose worker died on this host, from their journals; return how many.

    A message whose reply was read is settled by that reply; one whose final dot went out
    unanswered counts as accepted; one that never got that far is queued again.
    """
    settled = 0
    sends = set()
    for recovered, release in journal.orphans():
        try:
            if recovered.send_id:
                send = Send.objects.filter(pk=recovered.send_id).first()
                if send is not None:
                    settle(send, recovered.claim, outcome_from(recovered))
                    sends.add(send.pk)
                    settled += 1
        finally:
            release()
    for send_id in sends:
        logger.warning("Send %s: settled a batch whose worker died.", send_id)
        kick(send_id)
    return settled


def outcome_from(recovered):
    outcome = Outcome()
    for delivery_id in recovered.handed:
        outcome.report(delivery_id, NO_REPLY)
    for delivery_id, (code, text) in recovered.replies.items():
        outcome.report(delivery_id, Reply(code, text))
    return outcome


def release_orphaned_claims():
    """Queue again the rows claimed long ago by a host that never settled them; return how many.

    Their journal is out of reach (another machine's disk), so whether the server has them is
    unknown: they are sent again, under the same Message-ID (docs/sending.md).
    """
    cutoff = timezone.now() - timedelta(seconds=settings.NEWSLETTER_ORPHAN_AFTER)
    # A finished send has no row in flight; asking per send keeps to the (send, status) index.
    unfinished = Send.objects.exclude(status=Send.Status.FINISHED).values("pk")
    orphaned = Delivery.objects.filter(
        send__in=unfinished, status=Delivery.Status.SENDING, claimed_at__lt=cutoff
    )
    sends = set(orphaned.values_list("send_id", flat=True).distinct())
    count = orphaned.update(status=Delivery.Status.QUEUED, claim=None, next_attempt_at=None)
    if count:
        logger.warning("Requeued %s deliveries whose claims were orphaned.", count)
    for send_id in sends:
        kick(send_id)
    return count


def restart_stalled_sends():
    """Restart delivery of sends with due rows but no progress for a while (lost tasks, Redis restarts)."""
    now = timezone.now()
    stalled_before = now - timedelta(seconds=settings.NEWSLETTER_STALL_AFTER)
    due = Delivery.objects.filter(send=OuterRef("pk"), status=Delivery.Status.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    restarted = []
    sending = Send.objects.filter(status=Send.Status.SENDING).filter(
        Q(last_progress_at__lt=stalled_before) | Q(last_progress_at__isnull=True)
    )
    # Sends whose planning died halfway (a killed worker); read before the loops below mark progress.
    unplanned = list(sending.filter(planned_at__isnull=True).values_list("pk", flat=True))
    for send in sending.filter(Exists(due)):
        Send.objects.filter(pk=send.pk).update(last_progress_at=now)
        kick(send.pk)
        restarted.append(send.pk)
    for send in sending.filter(~Exists(due)):
        finish_if_done(send)
    for send in Send.objects.filter(status=Send.Status.QUEUED, created_at__lt=stalled_before):
        # Its start task was lost with the broker's queue: a start is safe to repeat.
        dispatch.start(send.pk)
        restarted.append(send.pk)
    for send_id in unplanned:
        # A start carries the planning on from its last slice.
        Send.objects.filter(pk=send_id).update(last_progress_at=now)
        dispatch.start(send_id)
        restarted.append(send_id)
    return restarted


def kick(send_id):
    """Make sure a sending send has its delivery tasks."""
    if Send.objects.filter(pk=send_id, status=Send.Status.SENDING).exists():
        dispatch.deliver(send_id)
