"""Put the sending engine's tasks on the queue: the one place that starts them.

Every task goes out when the current transaction commits, so that a worker never looks for
rows it cannot see yet. Tasks are found by name in Celery's registry: newsletter.tasks
imports the engine, and naming the tasks here keeps that dependency one way.
"""

from celery import current_app

from django.conf import settings

START_SEND_TASK = "newsletter.tasks.start_send_task"
DELIVER_TASK = "newsletter.tasks.deliver_task"


def start(send_id):
    """Have a worker plan and render the send."""
    current_app.tasks[START_SEND_TASK].delay_on_commit(send_id)


def deliver(send_id):
    """Give the send its delivery tasks, one per connection (NEWSLETTER_CONNECTIONS)."""
    task = current_app.tasks[DELIVER_TASK]
    for _ in range(settings.NEWSLETTER_CONNECTIONS):
        task.delay_on_commit(send_id)


def runs_inline():
    """Whether tasks run inside their caller (CELERY_TASK_ALWAYS_EAGER: tests, a worker-less
    shell) rather than on a worker."""
    return current_app.conf.task_always_eager
