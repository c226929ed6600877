"""What orchestrators and load balancers ask: is the process up, and can it reach what it needs."""

import redis

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# A readiness probe that hangs is worse than one that fails: each check gets this long.
CHECK_TIMEOUT_SECONDS = 2


@never_cache
@require_GET
def healthz(request):
    """Answer 200 while the process serves requests; check nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Answer 200 when the database and Redis answer, else 503 naming what failed."""
    checks = {"database": _database_answers(), "redis": _redis_answers()}
    ready = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            "checks": {name: "ok" if ok else "failed" for name, ok in checks.items()},
        },
        status=200 if ready else 503,
    )


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not ready", which is the answer
        return False


def _redis_answers():
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_timeout=CHECK_TIMEOUT_SECONDS,
            socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
        )
        with client:
            return client.ping()
    except (redis.RedisError, OSError):
        return False
