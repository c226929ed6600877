"""Fixtures shared by the whole suite: the site tree, a real SMTP server, a real Celery
worker and a real browser."""

import importlib
import os
import shutil

import pytest
import redis

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import clear_url_caches
from django.utils import translation

from wagtail.models import Collection, Page

from tests.factories import build_site
from tests.mail import SmtpSink

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Debian's Chromium, run as root in a closed network: no sandbox, no background fetches.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        if "browser" in item.keywords and not CHROMIUM:
            item.add_marker(pytest.mark.skip(reason="Chromium is not installed (make browser)"))


@pytest.fixture(scope="session", autouse=True)
def _redis_is_reachable():
    try:
        redis.Redis.from_url(settings.REDIS_CACHE_URL).ping()
    except (redis.ConnectionError, FileNotFoundError) as error:
        pytest.exit(
            f"Redis is not reachable at {settings.REDIS_URL} ({error}). Run the suite with "
            "`make test`, which starts an embedded Redis, or set REDIS_URL.",
            returncode=3,
        )


@pytest.fixture(autouse=True)
def _default_language():
    """Leave no language active for the next test: a request's stays active in the thread."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _rebuild_urls():
    """Import the URL configuration again: which ESP webhooks exist is decided at import."""
    clear_url_caches()
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))


@pytest.fixture(autouse=True)
def _urls_follow_the_settings(request):
    """After a test that mounted webhooks, and once its settings are restored, unmount them."""
    yield
    if "esp_webhooks" in request.fixturenames:
        _rebuild_urls()


@pytest.fixture
def esp_webhooks(settings):
    """Mount the webhooks of the given ESPs, as if a mailer sent through each: `esp_webhooks("postmark")`."""

    def mount(*esps):
        extra = {f"esp-{esp}": {"BACKEND": f"anymail.backends.{esp}.EmailBackend"} for esp in esps}
        settings.MAILERS = {**settings.MAILERS, **extra}
        _rebuild_urls()

    return mount


@pytest.fixture
def site(db):
    """The site with a published home page in every content language ({code: HomePage})."""
    return build_site()


@pytest.fixture
def migrated_rows(transactional_db):
    """The rows that Wagtail's and wagtail-localize's migrations create and this app needs.

    A transactional test empties every table when it ends, these rows included, and Django
    cannot restore them once the browser tests have started (Playwright's event loop gives the
    test a database connection of its own), so transactional tests put them back.
    """
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
        )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    Permission.objects.get_or_create(
        content_type=ContentType.objects.get_or_create(app_label="wagtail_localize", model="translation")[0],
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )


@pytest.fixture
def content(site):
    """Published English content of every kind beneath the site (tests/content.py)."""
    from tests.content import build_content

    return build_content(site)


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on 127.0.0.1; Django's mail goes to it for the test's duration."""
    with SmtpSink() as sink:
        settings.MAILERS = {
            alias: {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": sink.host, "port": sink.port, "timeout": 10},
            }
            for alias in settings.MAILERS
        }
        yield sink


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker, consuming from the test's Redis broker in a thread."""
    from celery.contrib.testing.worker import start_worker

    from config import celery_app

    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = True


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright."""
    # Playwright's synchronous API runs an event loop in this thread; Django's ORM would
    # otherwise refuse to run beside it even though nothing here is asynchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser):
    """A fresh browser tab with its own cookies."""
    context = browser.new_context()
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()
