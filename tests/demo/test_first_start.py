"""`make run` on a fresh checkout, as its steps run: the demo loaded beside one embedded Redis,
then the site, worker and scheduler served beside the next, and a visitor searching."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from wagtail.models import Page

from home.languages import content_language_codes
from news.models import EventPage, ListingPage
from tests.newsletter.sending.support import database_url

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_run_environment(var_dir, port):
    """The environment `make run` gives its commands, on the test's database and directory."""
    environment = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    return {
        **environment,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url(),
        "VAR_DIR": str(var_dir),
        "WEB_PORT": str(port),
        "PATH": f"{BIN}{os.pathsep}{environment.get('PATH', '')}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }


def beside_embedded_redis(var_dir, *command):
    return [sys.executable, "scripts/embedded_redis.py", "--dir", str(var_dir / "redis"), "--", *command]


@contextlib.contextmanager
def served(environment, var_dir):
    """`honcho start` of Procfile.dev (web, worker, beat) beside the embedded Redis, as `make run` serves."""
    log = (var_dir / "honcho.log").open("wb")
    process = subprocess.Popen(
        beside_embedded_redis(var_dir, str(BIN / "honcho"), "start", "--procfile", "Procfile.dev"),
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own server)
        return response.read().decode()


def search_titles(base_url, language, query):
    from bs4 import BeautifulSoup

    html = BeautifulSoup(
        fetch(f"{base_url}/{language}/search/?{urllib.parse.urlencode({'q': query})}"), "html.parser"
    )
    # Matched words are highlighted (<mark>): the title's text is read as the reader sees it.
    return [" ".join(title.get_text().split()) for title in html.find_all(class_="search-result__title")]


def wait_for_server(base_url, process, timeout=90):
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError):
            fetch(base_url + "/robots.txt")
            return
        assert process.poll() is None, "make run's processes stopped"
        assert time.monotonic() < deadline, "the site was not served"
        time.sleep(0.5)


def something_to_find(language):
    """A live page of the language's demo: an event where events are translated, else a section."""
    pages = Page.objects.live().filter(locale__language_code=language).order_by("path")
    return (pages.type(EventPage).first() or pages.type(ListingPage).first()).title


# The database as migrations leave it, as on a first start (`migrated_rows`).
@pytest.mark.django_db(transaction=True)
def test_search_finds_the_demo_in_every_language_from_the_first_start(migrated_rows, tmp_path):
    port = free_port()
    environment = make_run_environment(tmp_path, port)
    loading = subprocess.run(
        beside_embedded_redis(tmp_path, sys.executable, "manage.py", "load_demo"),
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert loading.returncode == 0, loading.stderr[-3000:]
    expected = {language: something_to_find(language) for language in content_language_codes()}

    base_url = f"http://127.0.0.1:{port}"
    with served(environment, tmp_path) as process:
        wait_for_server(base_url, process)
        found = {language: search_titles(base_url, language, title) for language, title in expected.items()}

    missing = {language: titles for language, titles in found.items() if expected[language] not in titles}
    assert missing == {}, json.dumps({"expected": expected, "found": found}, ensure_ascii=False)
