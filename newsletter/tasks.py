"""The sending engine's Celery tasks: thin wrappers that take ids and call newsletter.sending.

newsletter.sending.dispatch is what puts them on the queue.
"""

from celery import shared_task
from celery.signals import worker_init, worker_ready

from django import db

from newsletter.bounces import mailbox
from newsletter.engagement import folding
from newsletter.sending import delivery, planning, rendering, sweeping


@shared_task
def start_send_task(send_id):
    """Plan and render a send, then start its delivery tasks."""
    planning.start_send(send_id)


@shared_task
def deliver_task(send_id):
    """Deliver batches of a send over one connection; hand on to a fresh task if work remains."""
    if delivery.deliver(send_id):
        deliver_task.delay(send_id)


@shared_task
def start_due_sends_task():
    """Start the scheduled sends whose time has come (run by Celery beat)."""
    planning.start_due_sends()


@shared_task
def sweep_sends_task():
    """Settle dead workers' batches and restart stalled sends (run by Celery beat)."""
    sweeping.sweep()


@shared_task
def poll_bounce_mailbox_task():
    """Apply the bounces and complaints waiting in BOUNCE_MAILBOX_URL (run by Celery beat)."""
    mailbox.poll()


@shared_task
def fold_clicks_task():
    """Fold the clicks counted in Redis into the database (run by Celery beat)."""
    folding.fold()


@worker_init.connect
def warm_up_rendering(sender, **kwargs):
    """Prepare rendering in the worker's parent, before the pool forks: every process inherits it."""
    rendering.warm_up()


@worker_ready.connect
def settle_after_restart(sender, **kwargs):
    """A worker starting on this host settles what a dead predecessor left in its journals."""
    try:
        sweeping.settle_dead_batches()
    finally:
        # Runs in the pool's parent: no connection of its may outlive this into a forked child.
        db.connections.close_all()
