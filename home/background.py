"""Hand Wagtail's tasks and wagtail-localize's jobs to Celery, passing ids rather than objects.

Wagtail enqueues through django-tasks (TASKS), wagtail-localize through its own small job
API (WAGTAILLOCALIZE_JOBS); neither ships a Celery backend. Both backends below send the
callable's dotted path and its arguments as JSON; model instances travel as
("app_label.model", pk) references and are fetched again by the worker. Messages are sent
when the current transaction commits, so a worker never looks for a row it cannot see yet.
"""

from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_module_path, get_random_id, normalize_json

from django.apps import apps
from django.db import models
from django.utils import timezone

from wagtail_localize.tasks import BaseJobBackend

MODEL_REFERENCE = "__model__"


def dump_arguments(value):
    """Return value as JSON-ready data, model instances replaced by references to their rows."""
    if isinstance(value, models.Model):
        if value.pk is None:
            raise TypeError(f"Cannot pass an unsaved {type(value).__name__} to a background job.")
        return {MODEL_REFERENCE: value._meta.label_lower, "pk": value.pk}
    if isinstance(value, dict):
        return {key: dump_arguments(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [dump_arguments(item) for item in value]
    return normalize_json(value)


def load_arguments(value):
    """Invert dump_arguments: fetch each referenced row again."""
    if isinstance(value, dict):
        if MODEL_REFERENCE in value:
            model = apps.get_model(value[MODEL_REFERENCE])
            return model._default_manager.get(pk=value["pk"])
        return {key: load_arguments(item) for key, item in value.items()}
    if isinstance(value, list):
        return [load_arguments(item) for item in value]
    return value


class CeleryJobBackend(BaseJobBackend):
    """wagtail-localize's job backend (WAGTAILLOCALIZE_JOBS) running jobs on Celery."""

    def enqueue(self, func, args, kwargs):
        from home.tasks import run_localize_job_task

        run_localize_job_task.delay_on_commit(
            get_module_path(func), dump_arguments(list(args)), dump_arguments(dict(kwargs))
        )


class CeleryTaskBackend(BaseTaskBackend):
    """A django-tasks backend (TASKS) that runs Wagtail's tasks on Celery."""

    def enqueue(self, task, args, kwargs):
        from home.tasks import run_django_task_task

        self.validate_task(task)
        args, kwargs = normalize_json(list(args)), normalize_json(dict(kwargs))
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        run_django_task_task.delay_on_commit(task.module_path, args, kwargs)
        return result
