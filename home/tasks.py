import logging

from celery import shared_task

from django.core.exceptions import ObjectDoesNotExist
from django.utils.module_loading import import_string

from home.background import load_arguments

logger = logging.getLogger(__name__)


@shared_task
def run_localize_job_task(function_path, args, kwargs):
    """Run a wagtail-localize background job, fetching the rows it was given by reference."""
    import_string(function_path)(*load_arguments(args), **load_arguments(kwargs))


@shared_task
def run_django_task_task(task_path, args, kwargs):
    """Run a django-tasks task (Wagtail's reference index, image focal points, ...)."""
    try:
        import_string(task_path).call(*args, **kwargs)
    except ObjectDoesNotExist:
        # Wagtail's tasks look up the row they were queued for; one deleted since (e.g. an
        # inline child replaced when a page is published) leaves nothing to do.
        logger.info("%s: the row for %s no longer exists.", task_path, args)
