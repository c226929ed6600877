"""Steer a send: pause, resume, cancel, by hand or when errors pile up.

A transaction that changes both a send's deliveries and the send itself changes the deliveries
first, as settling a batch (settling.py) and planning a slice (planning.py) do. In the other
order, a cancel holding the send while a worker holds queued rows it wants would each wait for
the other, and PostgreSQL would abort one of them.
"""

from django.db import transaction
from django.utils import timezone

from newsletter.models import Delivery, Send
from newsletter.sending import dispatch


class CannotChange(Exception):
    """The send is not in a state that allows this change."""


def pause(send, reason=""):
    """Stop claiming new batches; those in flight finish. Returns the updated send."""
    if not Send.objects.filter(pk=send.pk, status__in=[Send.Status.SENDING, Send.Status.QUEUED]).update(
        status=Send.Status.PAUSED, pause_reason=reason
    ):
        raise CannotChange(send.get_status_display())
    send.refresh_from_db()
    return send


def auto_pause(send, reason, **changes):
    """Pause a send that is failing, keeping the reason for the people watching it."""
    Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).update(
        status=Send.Status.PAUSED, pause_reason=reason, **changes
    )


def resume(send):
    """Carry on from where the send stopped: planned sends deliver, unplanned ones start."""
    with transaction.atomic():
        planned = Send.objects.filter(pk=send.pk, planned_at__isnull=False)
        if planned.filter(status=Send.Status.PAUSED).update(
            status=Send.Status.SENDING,
            pause_reason="",
            consecutive_failures=0,
            last_progress_at=timezone.now(),
        ):
            # Retries the pause cut short are due again now.
            Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).exclude(
                next_attempt_at=None
            ).update(next_attempt_at=None)
            dispatch.deliver(send.pk)
        elif Send.objects.filter(pk=send.pk, status=Send.Status.PAUSED, planned_at__isnull=True).update(
            status=Send.Status.QUEUED, pause_reason=""
        ):
            dispatch.start(send.pk)
        else:
            raise CannotChange(send.get_status_display())
    send.refresh_from_db()
    return send


def cancel(send):
    """End a send for good: rows not yet sent are cancelled; a batch in flight still settles."""
    ending = Send.objects.filter(pk=send.pk).exclude(status__in=[Send.Status.FINISHED, Send.Status.CANCELLED])
    with transaction.atomic():
        if not ending.exists():
            raise CannotChange(send.get_status_display())
        # The rows first, then the send (see above).
        Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.CANCELLED, next_attempt_at=None
        )
        if not ending.update(status=Send.Status.CANCELLED, finished_at=timezone.now()):
            raise CannotChange(send.get_status_display())
    send.refresh_from_db()
    return send
