"""The production entry point, booted for real: release, gunicorn, a Celery worker and beat.

`scripts/entrypoint all` runs as an operator runs it on one host (and as the container's
entrypoint runs each role), against the test's database and Redis and a real SMTP server.
"""

import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import redis
import requests

from django.conf import settings

from tests.html import parse
from tests.mail import SmtpSink
from tests.newsletter.factories import MailingListFactory
from tests.newsletter.sending.support import ROOT, database_url

pytestmark = pytest.mark.django_db(transaction=True)

BOOT_TIMEOUT_SECONDS = 240


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ProductionHost:
    """`scripts/entrypoint all` in its own process group, with production settings only."""

    def __init__(self, tmp_path, **environment):
        self.port = free_port()
        self.log_path = tmp_path / "production.log"
        inherited = {name: os.environ[name] for name in ("HOME", "LANG") if name in os.environ}
        self.environment = {
            **inherited,
            # The virtualenv's programs first, as an activated one (or a container's image) has them.
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1",
            "BASE_URL": "https://network.example.org",
            "DATABASE_URL": database_url(),
            # The test process's own pair of Redis databases (broker, then cache), which the suite
            # empties before each test: counts kept there by an earlier run (three confirmation
            # emails a day to one address) must not refuse this run's subscription.
            "REDIS_URL": settings.REDIS_BROKER_URL,
            "DEFAULT_FROM_EMAIL": "Balkan Civic Network <news@balkancivic.net>",
            "SECURE_PROXY_SSL_HEADER": "1",
            "VAR_DIR": str(tmp_path / "var"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "2",
            "WORKER_CONCURRENCY": "2",
            "LOG_FORMAT": "json",
            "FORM_MIN_SECONDS": "1",
            **environment,
        }
        self.process = None

    def __enter__(self):
        # No task left queued by an earlier test reaches this host's worker (the cache database
        # is emptied before every test).
        redis.Redis.from_url(settings.REDIS_BROKER_URL).flushdb()
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [str(ROOT / "scripts" / "entrypoint"), "all"],
            cwd=ROOT,
            env=self.environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + BOOT_TIMEOUT_SECONDS
        while not self._answers("/healthz"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"production did not start:\n{self.output()}")
            time.sleep(0.5)
        return self

    def __exit__(self, *exc_info):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()

    def _answers(self, path):
        with contextlib.suppress(requests.RequestException):
            return self.get(path, timeout=2).status_code == 200
        return False

    def url(self, path):
        return urljoin(f"http://127.0.0.1:{self.port}", path)

    def get(self, path, session=None, **kwargs):
        """GET `path` as the TLS-terminating proxy in front of gunicorn passes it on."""
        headers = {"X-Forwarded-Proto": "https", **kwargs.pop("headers", {})}
        kwargs.setdefault("timeout", 30)
        return (session or requests).get(self.url(path), headers=headers, allow_redirects=False, **kwargs)

    def output(self):
        return self.log_path.read_text(errors="replace")[-6000:]


@pytest.fixture
def media_on_disk(settings, tmp_path):
    """Uploads written where the production host reads them (its VAR_DIR's media/), not to memory."""
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def test_the_production_entry_point_serves_the_site_and_runs_the_worker_and_beat(
    media_on_disk, content, tmp_path
):
    public_list = MailingListFactory(name="Regional newsletter", slug="regional")
    with SmtpSink() as sink, ProductionHost(tmp_path, EMAIL_URL=f"smtp://{sink.host}:{sink.port}") as host:
        ready = host.get("/readyz")
        assert ready.status_code == 200, host.output()
        assert ready.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}

        pages = [*(home.url for home in content.homes.values()), *(page.url for page in content.pages)]
        for path in [*pages, "/en/newsletter/subscribe/", "/sitemap.xml", "/en/feed/", "/robots.txt"]:
            response = host.get(path)
            assert response.status_code == 200, (path, response.status_code, host.output())
            assert "Traceback" not in response.text

        # Static files are collected with hashed names, served by WhiteNoise and cached for good.
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', host.get("/en/").text)[1]
        assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
        css = host.get(stylesheet)
        assert css.status_code == 200
        assert "immutable" in css.headers["Cache-Control"]

        # No debug pages: an unknown address gets the site's own 404 in its language.
        missing = host.get("/sq/no-such-page/")
        assert missing.status_code == 404
        assert parse(missing, status=404).html["lang"] == "sq"
        # Plain HTTP goes to HTTPS.
        assert host.get("/en/", headers={"X-Forwarded-Proto": "http"}).status_code == 301

        # The worker runs with production settings: a subscription's confirmation goes out.
        session = requests.Session()
        form = parse(host.get("/en/newsletter/subscribe/", session=session)).find(
            "form", class_="subscribe-form"
        )
        fields = {
            field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")
        }
        # The page is the same for everyone (cacheable): its script fetches the form's CSRF token
        # and start time when the visitor starts filling it in, which sets the CSRF cookie then.
        fields.update(host.get("/form-tokens/", session=session).json())
        time.sleep(1.5)  # the form's minimum fill time
        # The CSRF cookie is marked Secure, which a client only returns over HTTPS: the proxy's job.
        posted = requests.post(
            host.url("/en/newsletter/subscribe/"),
            data={
                **fields,
                "email": "ana@example.org",
                "language": "en",
                "lists": public_list.pk,
                "consent": "on",
            },
            headers={
                "X-Forwarded-Proto": "https",
                "Referer": host.url("/en/newsletter/subscribe/").replace("http:", "https:"),
                "Cookie": "; ".join(f"{name}={value}" for name, value in session.cookies.items()),
            },
            allow_redirects=False,
            timeout=30,
        )
        assert posted.status_code == 302, (posted.status_code, posted.text[:2000], host.output())
        confirmation = sink.wait_for(1, timeout=60)[0]
        assert confirmation.recipients == ["ana@example.org"]
        assert "https://network.example.org/newsletter/confirm/" in confirmation.body()

        log = host.log_path.read_text(errors="replace")
        assert "beat: Starting" in log
        assert '"level": "INFO"' in log, "logs are structured"


def test_an_image_is_built_without_any_secret_or_service(tmp_path):
    # What the Dockerfile runs at build time, where no secret and no database exist.
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--dry-run"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "config.settings.build",
            "VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "static files copied" in result.stdout
