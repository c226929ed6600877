"""Benchmark the public site's pages beside a bare Django view served by the same processes.

gunicorn (production settings, 2 workers) on PostgreSQL with the demo content (load_demo), and
wrk at concurrency 16: first a bare view (bench/_urls.py: the same middleware, no query, no
template), then each page type in several languages, uncached and, where the site has a page
cache (wagtail-cache's WAGTAIL_CACHE setting, switched by the PAGE_CACHE variable), cached.
Prints requests per second and the share of the bare view's; then, measured in-process, each
page's median CPU time and SQL statements for one uncached render; then the sitemap with the
demo's pages and a sitemap page's worth more (its first page full), then with BENCH_BULK_PAGES
more, made in bulk for the run and removed after it.

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench; the pages use its
database with a `_pages` suffix), REDIS_URL (default redis://127.0.0.1:6379/8: the cache is 9),
BENCH_DURATION (seconds of wrk per address, default 5), BENCH_CONCURRENCY (default 16),
BENCH_LANGUAGES (default en,sq,ar), BENCH_RENDERS (in-process renders per page, default 15),
BENCH_BULK_PAGES (default 10000), BENCH_SERVE (default 1; 0 measures only in-process: the CPU
table), BENCH_INSTRUCTIONS (default 0; 1 also counts each render's instructions under valgrind's
callgrind, which takes about ten minutes: on a shared virtual machine CPU time varies by half from
run to run, an instruction count by a few percent). Needs Debian's wrk: installed here when run
as root.

Every page gets its row, whatever happens to another: a page that fails or times out is marked
so in its row, and the in-process table is printed before the servers start.
"""

import contextlib
import gc
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_base_database = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
_url = urlsplit(_base_database)
DATABASE_URL = _url._replace(path=_url.path.rstrip("/") + "_pages").geturl()
WORK_DIR = ROOT / "var" / "bench-pages"
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "bench._settings",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/8"),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret-7c1e9a4b2d6f8e0a3c5b7d9f1e2a4c6b"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "EMAIL_URL": "outbox:",
        "DEFAULT_FROM_EMAIL": "Balkan Civic Network <news@balkancivic.net>",
        "BASE_URL": "https://balkancivic.net",
        "VAR_DIR": str(WORK_DIR),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        # The in-process measures are of uncached renders; each server run says its own.
        "PAGE_CACHE": "0",
    }
)

DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
LANGUAGES = os.environ.get("BENCH_LANGUAGES", "en,sq,ar").split(",")
RENDERS = int(os.environ.get("BENCH_RENDERS", "15"))
BULK_PAGES = int(os.environ.get("BENCH_BULK_PAGES", "10000"))
SERVE = os.environ.get("BENCH_SERVE", "1") != "0"
INSTRUCTIONS = os.environ.get("BENCH_INSTRUCTIONS", "0") != "0"
# Renders counted per page under callgrind, after two that warm it up.
COUNTED_RENDERS = 2
BARE = "/bench/bare"
# Longer than any wrk run can take (its own requests time out after 10 s): a hung run is a failed row.
WRK_GRACE_SECONDS = 60
WORKERS = 2
BULK_SLUG = "bench-bulk"
RESULTS = ROOT / "bench-results"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_wrk():
    """Return wrk's path, installing Debian's package when run as root; else stop and say why."""
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("… installing wrk (apt-get install wrk)", flush=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            stdout=subprocess.DEVNULL,
            check=False,
        )
    if not shutil.which("wrk"):
        raise SystemExit(
            "bench/pages.py needs wrk: `apt-get install wrk` (Debian's package), then run again."
        )
    return shutil.which("wrk")


def ensure_database():
    import psycopg

    url = urlsplit(DATABASE_URL)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(*arguments):
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=os.environ, check=True)


def page_cache_available():
    """Whether the site can cache pages (wagtail-cache's WAGTAIL_CACHE setting exists)."""
    from django.conf import settings

    return hasattr(settings, "WAGTAIL_CACHE")


def page_addresses():
    """[(page type, language, path)] of the demo: each public page type in each benchmarked language."""
    from wagtail.models import Locale

    from campaigns.models import CampaignIndexPage, CampaignPage
    from home.models import HomePage, MembersDirectoryPage, StandardPage
    from news.models import (
        EventPage,
        ListingPage,
        NewsPage,
        ProjectPage,
        PublicationLibraryPage,
        PublicationPage,
    )
    from newsletter.models import NewsletterArchivePage, NewsletterIssuePage

    def english(model, **filters):
        return model.objects.live().filter(locale__language_code="en", **filters).order_by("path").first()

    sources = {
        "home": english(HomePage),
        "news listing": english(ListingPage, slug="news"),
        "events listing": english(ListingPage, slug="events"),
        "news item": english(NewsPage),
        "project": english(ProjectPage),
        "event": english(EventPage),
        "publications": english(PublicationLibraryPage),
        "publication": english(PublicationPage),
        "campaigns": english(CampaignIndexPage),
        "campaign": english(CampaignPage),
        "issue archive": english(NewsletterArchivePage),
        "newsletter issue": english(NewsletterIssuePage),
        "standard page": english(StandardPage, slug="about"),
        "members": english(MembersDirectoryPage),
    }
    addresses = []
    for language in LANGUAGES:
        locale = Locale.objects.filter(language_code=language).first()
        for kind, source in sources.items():
            page = source and locale and source.get_translation_or_none(locale)
            if page is not None and page.live:
                addresses.append((kind, language, page.get_url()))
        addresses.append(("search", language, f"/{language}/search/?q=civic"))
        addresses.append(("feed", language, f"/{language}/feed/"))
    addresses.append(("sitemap", "all", "/sitemap.xml"))
    return addresses


def measure_render(client, path):
    """(median CPU ms, SQL statements) of one uncached in-process render of `path`."""
    from django.db import connection

    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(path)
    times = []
    for _ in range(RENDERS):
        started = time.process_time()
        client.get(path)
        times.append((time.process_time() - started) * 1000)
    return round(statistics.median(times), 1), len(statements)


class Failed:
    """A measure that could not be taken, and why: its row says so instead of a figure."""

    def __init__(self, error):
        self.reason = f"{type(error).__name__}: {error}".splitlines()[0][:80]

    def __repr__(self):
        return f"failed ({self.reason})"


def attempt(measure, *arguments):
    """Return measure(*arguments), or a Failed saying why it could not be taken."""
    try:
        return measure(*arguments)
    except Exception as error:  # noqa: BLE001 (one page's failure must not lose the other rows)
        print(f"  {arguments[-1]}: {Failed(error)!r}", flush=True)
        return Failed(error)


def sitemap_section(client):
    """The path of the first sitemap an index lists, or None when /sitemap.xml is the sitemap itself."""
    content = client.get("/sitemap.xml").content.decode()
    if "<sitemapindex" not in content:
        return None
    first = re.search(r"<loc>(.*?)</loc>", content)
    url = urlsplit(first[1])
    return url.path + (f"?{url.query}" if url.query else "")


def fetch(url):
    # A fresh worker's first render of a page is slow on a busy machine: wait for it.
    with urllib.request.urlopen(url, timeout=180) as response:  # noqa: S310 (our own server)
        return response.read()


@contextlib.contextmanager
def served(cached):
    """gunicorn serving the bench settings with 2 workers, the page cache on or off, until the block ends."""
    port = free_port()
    log = (WORK_DIR / f"gunicorn-{'cached' if cached else 'uncached'}.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--timeout", "120"],
        cwd=ROOT, env={**os.environ, "PAGE_CACHE": "1" if cached else "0"},
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            with contextlib.suppress(OSError):
                fetch(f"{base}/bench/bare")
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start: see {log.name}")
            time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def wrk(binary, url):
    """Requests per second wrk reaches on `url`; errors (non-2xx/3xx, timeouts) are said."""
    # Two threads: the machine's two cores are shared with the server under test.
    output = subprocess.run(
        [binary, "-t2", f"-c{CONCURRENCY}", f"-d{DURATION}s", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=DURATION + WRK_GRACE_SECONDS,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    problems = []
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        problems.append(f"{match[1]} non-2xx")
    if match := re.search(r"Socket errors: (.*)", output):
        problems.append(match[1].strip())
    return rate, ", ".join(problems)


def run_server(binary, addresses, cached):
    """{path: (req/s, problems) or Failed} for the bare view and every address, on one gunicorn."""
    results = {}
    paths = [BARE, *addresses]
    try:
        with served(cached) as base:
            for path in paths:
                results[path] = attempt(fetch_and_wrk, binary, base + path)
                if not isinstance(results[path], Failed):
                    print(
                        f"  {'cached' if cached else 'uncached'} {path}: {results[path][0]:,.0f} req/s",
                        flush=True,
                    )
    except (Exception, SystemExit) as error:  # noqa: BLE001 (the server itself: every row is marked)
        print(f"  the {'cached' if cached else 'uncached'} server failed: {error}", flush=True)
        failure = Failed(error)
        results.update({path: failure for path in paths if path not in results})
    return results


def fetch_and_wrk(binary, url):
    fetch(url)
    return wrk(binary, url)


def bulk_container():
    """The English standard page the bulk pages go under, made once (not in menus)."""
    from home.models import HomePage, StandardPage

    existing = StandardPage.objects.filter(slug=BULK_SLUG, locale__language_code="en").first()
    if existing:
        return existing
    home = HomePage.objects.get(locale__language_code="en")
    container = StandardPage(title="Bench pages", slug=BULK_SLUG)
    home.add_child(instance=container)
    container.save_revision().publish()
    return container


def remove_bulk_pages():
    from django.db import connection

    from home.models import StandardPage

    container = StandardPage.objects.filter(slug=BULK_SLUG, locale__language_code="en").first()
    if container is None:
        return
    below = [f"{container.path}%", container.depth]
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM home_standardpage WHERE page_ptr_id IN "
            "(SELECT id FROM wagtailcore_page WHERE path LIKE %s AND depth > %s)",
            below,
        )
        cursor.execute("DELETE FROM wagtailcore_page WHERE path LIKE %s AND depth > %s", below)
    container.numchild = 0
    container.save(update_fields=["numchild"])


def add_bulk_pages(count):
    """Add `count` live standard pages under the bulk container: Page rows then StandardPage rows."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from wagtail.models import Page

    from home.models import StandardPage

    container = bulk_container()
    content_type = ContentType.objects.get_for_model(StandardPage)
    now = timezone.now()
    pages = [
        Page(
            title=f"Bench page {n}",
            draft_title=f"Bench page {n}",
            slug=f"bench-page-{n}",
            url_path=f"{container.url_path}bench-page-{n}/",
            path=Page._get_path(container.path, container.depth + 1, n + 1),
            depth=container.depth + 1,
            numchild=0,
            content_type=content_type,
            locale_id=container.locale_id,
            translation_key=uuid.uuid4(),
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
        )
        for n in range(count)
    ]
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=1000)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO home_standardpage "
                "(page_ptr_id, listing_summary, introduction, body, listing_image_id) "
                "SELECT id, '', '', '[]', NULL FROM wagtailcore_page WHERE path LIKE %s AND depth = %s",
                [f"{container.path}%", container.depth + 1],
            )
        container.numchild = count
        container.save(update_fields=["numchild"])
    refresh_statistics()


def refresh_statistics():
    """Bring PostgreSQL's statistics of the pages up to date, as autovacuum does within a minute of a
    large change on a real site. Measured before it had, the first page of the English sitemap was
    planned for a table of a few hundred pages: 102 ms of scanning every page instead of 0.2 ms."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE wagtailcore_page, home_standardpage")


def live_pages():
    from wagtail.models import Page

    return Page.objects.live().filter(depth__gt=1).count()


def measure_sitemap(client, binary):
    """Sitemap figures: in-process CPU and queries, and req/s uncached and cached, for its addresses."""
    paths = ["/sitemap.xml"]
    if section := sitemap_section(client):
        paths.append(section)
    figures = {"pages": live_pages()}
    for path in paths:
        render = attempt(measure_render, client, path)
        figures[path] = (
            {"failed": render.reason}
            if isinstance(render, Failed)
            else {"cpu_ms": render[0], "queries": render[1]}
        )
    for cached in [False, True] if SERVE and page_cache_available() else [False] if SERVE else []:
        rates = run_server(binary, paths, cached)
        for path in paths:
            rate = rates[path]
            figures[path]["cached" if cached else "uncached"] = None if isinstance(rate, Failed) else rate[0]
    return figures


def main():
    binary = ensure_wrk() if SERVE else None
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    ensure_database()
    print("… migrating, loading the demo and collecting static files", flush=True)
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("load_demo", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    import django

    django.setup()
    from django.test import Client

    remove_bulk_pages()
    addresses = page_addresses()
    client = Client()
    print(f"… rendering {len(addresses)} addresses in-process", flush=True)
    rendered = [BARE, *(path for _kind, _language, path in addresses)]
    renders = {path: attempt(measure_render, client, path) for path in rendered}
    report_renders(addresses, renders)
    if INSTRUCTIONS:
        report_instructions(addresses, count_instructions(rendered))
    if not SERVE:
        return
    paths = [path for _kind, _language, path in addresses]
    print("… serving uncached", flush=True)
    uncached = run_server(binary, paths, cached=False)
    cached = run_server(binary, paths, cached=True) if page_cache_available() else None
    from home.sitemaps import LocaleSitemap

    # The smaller site has enough pages that the first page of the English sitemap is full, as it
    # is on the larger one: the two compare the site's size, not the page's.
    small = LocaleSitemap.limit
    print(f"… the sitemap with {small} pages more than the demo's, then {BULK_PAGES:,}", flush=True)
    sitemaps = []
    try:
        for count in (small, BULK_PAGES):
            remove_bulk_pages()
            add_bulk_pages(count)
            sitemaps.append(measure_sitemap(client, binary))
    finally:
        remove_bulk_pages()
    report(addresses, renders, uncached, cached, sitemaps)


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def report_renders(addresses, renders):
    """Print each page's median CPU and queries of one uncached in-process render, beside the bare view's."""
    bare = renders[BARE]
    bare_cpu = None if isinstance(bare, Failed) else bare[0]
    print()
    print(
        f"Uncached renders in-process (median CPU of {RENDERS}, time.process_time). "
        f"Load average (1, 5, 15 min): {load_average()}"
    )
    print(f"{'page':<18}{'lang':<8}{'CPU ms':>10}{'× bare':>10}{'queries':>10}")
    rows = [("bare view", "", BARE), *addresses]
    for kind, language, path in rows:
        render = renders[path]
        if isinstance(render, Failed):
            print(f"{kind:<18}{language:<8}{'—':>10}{'':>10}{'—':>10}  ({render!r})")
            continue
        cpu, queries = render
        ratio = f"{cpu / bare_cpu:.0f}×" if bare_cpu and path != BARE else ""
        print(f"{kind:<18}{language:<8}{cpu:>10.1f}{ratio:>10}{queries:>10}")
    measured = [
        renders[path] for _kind, _language, path in addresses if not isinstance(renders[path], Failed)
    ]
    if measured:
        print(
            f"(median of all pages {statistics.median(cpu for cpu, _queries in measured):.1f} ms, "
            f"most queries {max(queries for _cpu, queries in measured)})",
            flush=True,
        )


def count_instructions(paths):
    """{path: millions of instructions of one uncached render}, counted by callgrind in a process
    of its own (this script with --instructions) that zeroes the count before a page's counted
    renders and dumps it after them."""
    if not shutil.which("valgrind"):
        print("  valgrind is not installed (apt-get install valgrind): no instruction counts", flush=True)
        return {}
    out = WORK_DIR / "callgrind"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    print(f"… counting instructions of {len(paths)} addresses under callgrind", flush=True)
    run = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--log-file={out}/valgrind.log",
            f"--callgrind-out-file={out}/run.%p",
            sys.executable,
            __file__,
            "--instructions",
            *paths,
        ],
        cwd=ROOT,
        # The database as this script was given it: the process names its own, as this one did.
        env={**os.environ, "DATABASE_URL": _base_database},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if run.returncode:
        print(f"  counting failed: {run.stderr.strip().splitlines()[-1:]}", flush=True)
        return {}
    counts = {}
    for dump in out.glob("run.*.*"):
        head = dump.read_text(errors="replace")[:4000]
        index = re.search(r"^desc: Trigger: dump (\d+)$", head, re.MULTILINE)
        summary = re.search(r"^summary: (\d+)$", head, re.MULTILINE)
        if index and summary:
            counts[paths[int(index.group(1))]] = int(summary.group(1)) / COUNTED_RENDERS / 1e6
    return counts


def render_counted(paths):
    """The process callgrind runs: each page warmed up, then its counted renders alone counted."""
    import django

    django.setup()
    from django.test import Client

    client = Client()
    for index, path in enumerate(paths):
        client.get(path)
        client.get(path)
        # Every page's count starts from a collected heap, whatever the pages before it left.
        gc.collect()
        callgrind_control("--zero")
        for _ in range(COUNTED_RENDERS):
            client.get(path)
        callgrind_control(f"--dump={index}")


def callgrind_control(command):
    """Give callgrind, counting this process, a command; stop the count if it fails. callgrind_control
    says so in its output only (its exit status is 0): a count that was not zeroed would include the
    warm-up renders."""
    run = subprocess.run(
        [shutil.which("callgrind_control"), command, str(os.getpid())], capture_output=True, text=True
    )
    if run.returncode or run.stdout.startswith("Error"):
        raise SystemExit(f"callgrind_control {command}: {(run.stdout + run.stderr).strip()}")


def report_instructions(addresses, counts):
    """Print each page's instructions for one uncached render, beside the bare view's."""
    if not counts:
        return
    bare = counts.get(BARE)
    print()
    print(f"Instructions of one uncached render (callgrind, mean of {COUNTED_RENDERS} after two)")
    print(f"{'page':<18}{'lang':<8}{'M instr':>10}{'× bare':>10}")
    for kind, language, path in [("bare view", "", BARE), *addresses]:
        count = counts.get(path)
        if count is None:
            print(f"{kind:<18}{language:<8}{'—':>10}")
            continue
        ratio = f"{count / bare:.0f}×" if bare and path != BARE else ""
        print(f"{kind:<18}{language:<8}{count:>10.1f}{ratio:>10}")
    measured = [counts[path] for _kind, _language, path in addresses if path in counts]
    if measured:
        print(f"(median of all pages {statistics.median(measured):.1f} M instructions)", flush=True)


def _rate_cells(result, bare):
    """The req/s and share cells of one served measure, and its problems."""
    if isinstance(result, Failed):
        return ["—", ""], repr(result)
    rate, problems = result
    share = f"{rate / bare:.1%}" if bare else ""
    return [f"{rate:,.0f}", share], problems


def report(addresses, renders, uncached, cached, sitemaps):
    bare = uncached[BARE][0] if not isinstance(uncached[BARE], Failed) else None
    bare_cached = cached[BARE][0] if cached and not isinstance(cached[BARE], Failed) else None
    print()
    print(
        f"Public pages: gunicorn, {WORKERS} workers, production settings, PostgreSQL; "
        f"wrk -c{CONCURRENCY} for {DURATION}s each. Load average (1, 5, 15 min): {load_average()}"
    )
    print(
        f"Bare view: {f'{bare:,.0f} req/s' if bare else repr(uncached[BARE])} uncached run"
        + (
            f", {f'{bare_cached:,.0f} req/s' if bare_cached else repr(cached[BARE])} cached run"
            if cached
            else ""
        )
    )
    header = ["page", "lang", "uncached r/s", "share", "cached r/s", "share", "CPU ms", "queries"]
    print(f"{header[0]:<18}{header[1]:<8}" + "".join(f"{title:>14}" for title in header[2:]))
    for kind, language, path in addresses:
        uncached_cells, problems = _rate_cells(uncached[path], bare)
        if cached:
            cached_cells, cached_problems = _rate_cells(cached[path], bare_cached)
            problems = ", ".join(filter(None, [problems, cached_problems]))
        else:
            cached_cells = ["n/a (no page cache)", ""]
        render = renders[path]
        render_cells = ["—", "—"] if isinstance(render, Failed) else [f"{render[0]:.1f}", str(render[1])]
        cells = [*uncached_cells, *cached_cells, *render_cells]
        print(
            f"{kind:<18}{language:<8}"
            + "".join(f"{cell:>14}" for cell in cells)
            + (f"  ({problems})" if problems else "")
        )
    print(f"(CPU ms and queries: one uncached render in-process, median of {RENDERS}; see the table above)")
    print()
    print("Sitemap, by the number of live pages:")
    for figures in sitemaps:
        for path, values in figures.items():
            if path == "pages":
                continue
            rates = ", ".join(
                f"{values[mode]:,.1f} req/s {mode}" if values.get(mode) is not None else f"{mode} failed"
                for mode in ("uncached", "cached")
                if mode in values
            )
            render = (
                f"render failed ({values['failed']})"
                if "failed" in values
                else f"{values['cpu_ms']:.1f} ms CPU, {values['queries']} queries"
            )
            print(f"  {figures['pages']:>6,} pages {path:<24} {rates or 'not served'}; {render}")
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"pages-{time.strftime('%Y%m%d-%H%M%S')}.json"

    def figure(result, index):
        return None if isinstance(result, Failed) else result[index]

    path.write_text(
        json.dumps(
            {
                "load": os.getloadavg(),
                "bare": {"uncached": bare, "cached": bare_cached, "cpu_ms": figure(renders[BARE], 0)},
                "pages": [
                    {
                        "page": kind,
                        "language": language,
                        "path": address,
                        "uncached": figure(uncached[address], 0),
                        "cached": figure(cached[address], 0) if cached else None,
                        "cpu_ms": figure(renders[address], 0),
                        "queries": figure(renders[address], 1),
                    }
                    for kind, language, address in addresses
                ],
                "sitemaps": sitemaps,
            },
            indent=2,
        )
    )
    print(f"\n(figures saved to {path.relative_to(ROOT)})")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--instructions"]:
        render_counted(sys.argv[2:])
    else:
        main()
