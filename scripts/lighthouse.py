"""Measure the demo site with Lighthouse as production serves it; fail below the targets.

`make lighthouse` runs this beside an embedded Redis (or the one REDIS_URL names). It builds the
demo in a database of its own (var/lighthouse/), collects the static files, serves the site with
the production settings through gunicorn, and runs Lighthouse (var/tools/, installed by the
Makefile; CHROME_PATH is Debian's Chromium) on the home page, a listing, an article, a campaign
and the subscribe page, in English and Arabic, with the mobile profile. Targets: performance 95,
accessibility, best practices and SEO 100. Reports are kept in var/lighthouse/reports/.

Production serves uploads from its web server or object storage; here a WhiteNoise wrapper
(scripts/lighthouse_wsgi.py) stands in for it, with the caching headers such a server gives.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK_DIR = ROOT / "var" / "lighthouse"
LIGHTHOUSE = ROOT / "var" / "tools" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# Pages measured, by the path of their English edition; the Arabic edition is found through hreflang.
PAGES = {
    "home": "/en/",
    "listing": "/en/news/",
    "article": "/en/news/joint-action-for-promoting-civic-space/",
    "campaign": "/en/campaigns/better-local-democracy/",
    "subscribe": "/en/newsletter/subscribe/",
}
LANGUAGES = ("en", "ar")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(port):
    """The variables production settings require, for a site on this machine over plain HTTP."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": os.environ.get("LIGHTHOUSE_DATABASE_URL", f"sqlite:///{WORK_DIR / 'db.sqlite3'}"),
        "REDIS_URL": os.environ["REDIS_URL"],
        "EMAIL_URL": "outbox:",
        "VAR_DIR": str(WORK_DIR / "var"),
        "BASE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


def manage(environment, *arguments):
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, check=True)


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own server)
        return response.read().decode()


@contextlib.contextmanager
def served(environment, port):
    """gunicorn serving the production WSGI application (with uploads), until the block ends."""
    log = (WORK_DIR / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "scripts.lighthouse_wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--access-logfile", "-"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                fetch(f"http://127.0.0.1:{port}/robots.txt")
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start: see {WORK_DIR / 'gunicorn.log'}")
            time.sleep(0.5)
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def urls_to_measure(base_url):
    """{(page, language): URL}, the Arabic editions read from the English pages' hreflang links."""
    urls = {}
    for name, path in PAGES.items():
        html = fetch(base_url + path)
        urls[name, "en"] = base_url + path
        if match := re.search(r'<link rel="alternate" hreflang="ar" href="([^"]+)"', html):
            urls[name, "ar"] = match[1]
        elif path.startswith("/en/") and "/newsletter/" in path:
            urls[name, "ar"] = base_url + "/ar/" + path.removeprefix("/en/")
    return urls


def lighthouse(url, report_path):
    """Run Lighthouse's mobile profile on `url`; return {category: score out of 100}."""
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report_path}",
         f"--only-categories={','.join(CATEGORIES)}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        check=True,
    )  # fmt: skip
    report = json.loads(Path(report_path).read_text())
    failing = [
        audit_id
        for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    scores = {category: round(report["categories"][category]["score"] * 100) for category in CATEGORIES}
    return scores, failing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep", action="store_true", help="reuse the database and static files of a previous run"
    )
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `make lighthouse`.")
    if "REDIS_URL" not in os.environ:
        raise SystemExit("Run beside Redis: `make lighthouse`, or set REDIS_URL.")
    port = free_port()
    environment = production_environment(port)
    reports = WORK_DIR / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    if not args.keep:
        (WORK_DIR / "db.sqlite3").unlink(missing_ok=True)
    manage(environment, "compilemessages")
    manage(environment, "migrate", "--noinput", "--verbosity", "0")
    manage(environment, "load_demo", "--verbosity", "0")
    manage(environment, "collectstatic", "--noinput", "--verbosity", "0")

    results = {}
    with served(environment, port):
        base_url = f"http://127.0.0.1:{port}"
        urls = urls_to_measure(base_url)
        for url in urls.values():
            # The first visit makes the pictures' renditions and the social cards: measure the second.
            fetch(url)
        for (name, language), url in urls.items():
            results[name, language] = lighthouse(url, reports / f"{name}-{language}.json")

    failed = False
    sys.stdout.write(
        f"{'page':<12}{'lang':<6}" + "".join(f"{category:>16}" for category in CATEGORIES) + "\n"
    )
    for (name, language), (scores, failing) in results.items():
        sys.stdout.write(f"{name:<12}{language:<6}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES))
        below = [category for category in CATEGORIES if scores[category] < TARGETS[category]]
        failed = failed or bool(below)
        sys.stdout.write(
            f"   below target: {', '.join(below)}; failing audits: {failing}\n" if below else "\n"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
