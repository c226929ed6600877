"""Settings for the test suite: the real database and Redis given, fast hashing, no network."""

import os

from config.redis_urls import database_number, for_kombu, with_database

from .base import *  # noqa: F403
from .base import VAR_DIR, env

VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has none until something runs

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = BASE_URL
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process unless a test starts a real worker (tests/conftest.py: celery_worker);
# worker processes that tests start set CELERY_TASK_ALWAYS_EAGER=0.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
WAGTAILEMBEDS_FINDERS = []
# Pages are cached only in the tests of caching (tests/home/caching/), which switch it on: elsewhere
# a test may change content without publishing and read the page again.
WAGTAIL_CACHE = env.bool("PAGE_CACHE", default=False)
WAGTAILFRONTENDCACHE = {}

# Parallel test processes (pytest-xdist) each get their own pair of Redis databases, so
# that one process's worker never takes another's tasks and flushing a cache is private.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker.startswith("gw"):
    _first = database_number(REDIS_URL) + 2 * (int(_xdist_worker[2:]) + 1)  # noqa: F405
    REDIS_BROKER_URL = with_database(REDIS_URL, _first)  # noqa: F405
    REDIS_CACHE_URL = with_database(REDIS_URL, _first + 1)  # noqa: F405
    CELERY_BROKER_URL = for_kombu(REDIS_BROKER_URL)
    CACHES["default"]["LOCATION"] = REDIS_CACHE_URL  # noqa: F405
    CACHES["pages"]["LOCATION"] = REDIS_CACHE_URL  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the live server, a Celery worker thread and subprocesses must see
    # the same database and wait for each other's locks (shared-cache memory fails instead).
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{_xdist_worker or 'main'}.sqlite3")}  # noqa: F405
