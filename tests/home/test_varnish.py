"""A real Varnish, with the project's VCL, in front of the site: a publish purges exactly what it shows.

Debian's `varnish` package provides varnishd (`make varnish` installs it where it can); without it
the test is skipped.
"""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
import wagtail_factories

from django.conf import settings

from tests.content import build_content, translate
from tests.factories import build_site

VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)

pytestmark = pytest.mark.skipif(
    VARNISHD is None,
    reason="varnishd is not installed (Debian package `varnish`; `make varnish` installs it)",
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def varnish(live_server, tmp_path):
    """Varnish on a free port, its backend the test's live server: its base URL."""
    backend_host, backend_port = live_server.url.removeprefix("http://").split(":")
    vcl = VCL.read_text().replace('.host = "127.0.0.1";', f'.host = "{backend_host}";')
    vcl = vcl.replace('.port = "8000";', f'.port = "{backend_port}";')
    (tmp_path / "test.vcl").write_text(vcl)
    port = free_port()
    process = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / "work"), "-a", f"127.0.0.1:{port}"]
        + ["-f", str(tmp_path / "test.vcl"), "-s", "malloc,32m", "-p", "ban_lurker_sleep=0.01"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"varnishd did not start: {process.stderr.read().decode()}")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def fetch(varnish, path, **headers):
    """GET `path` through Varnish as the site's own host: (X-Cache, body)."""
    response = requests.get(varnish + path, headers={"Host": "localhost", **headers}, timeout=30)
    return response.headers["X-Cache"], response.text


@pytest.mark.django_db(transaction=True)
def test_publishing_purges_exactly_the_addresses_that_show_the_page_in_every_language(
    migrated_rows, varnish, settings
):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": varnish}
    }
    content = build_content(build_site())
    translate(content.listing, "de")
    translate(content.news, "de")
    shows_the_news = [
        "/en/news/second-national-conference/",
        "/de/news/second-national-conference/",
        "/en/news/",
        "/de/news/",
        "/en/",
        "/de/",
        "/en/feed/",
        "/de/feed/",
        "/sitemap.xml",
        "/sitemap-en.xml",
        "/sitemap-de.xml",
    ]
    unrelated = ["/en/news/smart-balkans/", "/en/news/regional-workshop/"]
    for path in shows_the_news + unrelated:
        fetch(varnish, path)
        assert fetch(varnish, path)[0] == "hit", path

    news = content.news.specific
    news.title = "Third National Conference in Serbia"
    news.save_revision().publish()

    time.sleep(0.2)  # the ban lurker
    for path in shows_the_news:
        assert fetch(varnish, path)[0] == "miss", f"{path} was not purged"
    for path in unrelated:
        assert fetch(varnish, path)[0] == "hit", f"{path} was purged"
    assert "Third National Conference in Serbia" in fetch(varnish, "/en/news/")[1]
    assert "Third National Conference in Serbia" in fetch(varnish, "/en/news/second-national-conference/")[1]

    # A snippet shown on some pages: the funder's logo is on the project page only.
    for path in ("/en/news/smart-balkans/", "/en/news/second-national-conference/"):
        fetch(varnish, path)
        assert fetch(varnish, path)[0] == "hit", path
    content.funder.logo = wagtail_factories.ImageFactory(title="New funder logo")
    content.funder.save()

    time.sleep(0.2)
    assert fetch(varnish, "/en/news/smart-balkans/")[0] == "miss", "the page showing the logo was not purged"
    assert fetch(varnish, "/en/news/second-national-conference/")[0] == "hit"


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_editor_and_a_form_pass_through_varnish(migrated_rows, varnish):
    build_site()

    fetch(varnish, "/en/")
    assert fetch(varnish, "/en/")[0] == "hit"
    assert fetch(varnish, "/en/", Cookie="sessionid=abc")[0] == "miss"
    fetch(varnish, "/form-tokens/")
    assert fetch(varnish, "/form-tokens/")[0] == "miss"
