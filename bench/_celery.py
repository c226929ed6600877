"""The project's Celery app, plus a count of the SQL statements each worker process sends.

Used by `make bench` only (-A bench._celery): the workers run the production code unchanged.
"""

import redis
from celery.signals import task_postrun, worker_process_init

from config.celery_app import app

QUERIES_KEY = "bench:queries:{task}"
_count = [0]


def _counting(execute, sql, params, many, context):
    _count[0] += 1
    return execute(sql, params, many, context)


@worker_process_init.connect
def _install(**kwargs):
    from django.db import connection

    connection.execute_wrappers.append(_counting)


@task_postrun.connect
def _publish(sender=None, **kwargs):
    from django.conf import settings

    redis.Redis.from_url(settings.REDIS_CACHE_URL).incrby(QUERIES_KEY.format(task=sender.name), _count[0])
    _count[0] = 0


__all__ = ["app"]
