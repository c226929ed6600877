"""Benchmark the click redirect (/r/<link>/<reader>/) against a bare Django view on the same server.

gunicorn serves the project (production middleware, DEBUG off) with the bench's URLconf, which
adds a view returning "ok"; wrk drives each URL for the same time and connections, as a browser
(a reader's click, not a scanner's). The two take turns in slices, so that a machine whose load
changes during the run weighs on both alike. The redirect reads its link once per process and
counts each click with one Redis increment. Prints requests per second of both, the ratio
(goal: at least 0.70), latency (of the last slice), the machine's load, and the CPU time that
gunicorn's processes and the Redis server spent on each request: a figure the other programs
sharing the machine disturb less than the rate.

Environment: DATABASE_URL, REDIS_URL (as `make bench`), BENCH_WRK_SECONDS (default 10, for each
URL), BENCH_WRK_SLICES (default 5), BENCH_WRK_CONNECTIONS (default 32), BENCH_WEB_WORKERS
(default 2 per core).
"""

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/8")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-3b9f0c2e7d1a4f6b8c5e0a9d2f7b1c4e")
os.environ["DJANGO_DEBUG"] = "false"
os.environ["CONN_MAX_AGE"] = "600"
os.environ["LOG_LEVEL"] = "WARNING"

SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
SLICES = int(os.environ.get("BENCH_WRK_SLICES", "5"))
CONNECTIONS = int(os.environ.get("BENCH_WRK_CONNECTIONS", "32"))
WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", str(2 * (os.cpu_count() or 1))))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_wrk():
    if shutil.which("wrk"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    return bool(shutil.which("wrk"))


def answer(port, path):
    """Ask our server for `path`; return the status, not following a redirect."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"User-Agent": BROWSER})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def a_link():
    """Return the path of a redirect to a link of a send, made here if the database has none."""
    from newsletter.engagement.links import NOBODY, link_token
    from newsletter.models import Link, NewsletterIssuePage, Send

    link = Link.objects.order_by("pk").first()
    if link is None:
        issue = NewsletterIssuePage.objects.first()
        if issue is None:
            raise SystemExit("No issue to link from: bench/send_newsletter.py makes one.")
        send = Send.objects.create(issue=issue, status=Send.Status.FINISHED)
        link = Link.objects.create(send=send, language="en", position=1, target="https://example.org/")
    return f"/r/{link_token(link.pk)}/{NOBODY}/"


# A reader's browser: the redirect tells scanners by their agent, and wrk sends none.
BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)


def wrk(url, seconds):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-H", f"User-Agent: {BROWSER}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in", output)[1])
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)[1]
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)[1]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return requests, p50, p99, int(errors[1]) if errors else 0


def cpu_seconds(pids):
    """CPU time (user and system) the processes `pids` have used so far."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def take_turns(urls, pids):
    """Drive each URL for SECONDS in all, in SLICES turns.

    Return (req/s, p50, p99, errors, CPU ms per request of `pids`) for each URL.
    """
    seconds = max(1, SECONDS // SLICES)
    totals = {url: [0, "", "", 0, 0.0] for url in urls}
    for _ in range(SLICES):
        for url in urls:
            cpu_before = cpu_seconds(pids)
            requests, p50, p99, errors = wrk(url, seconds)
            total = totals[url]
            total[0] += requests
            total[1:3] = p50, p99
            total[3] += errors
            total[4] += cpu_seconds(pids) - cpu_before
    return [
        (requests / (seconds * SLICES), p50, p99, errors, cpu * 1000 / max(requests, 1))
        for requests, p50, p99, errors, cpu in totals.values()
    ]


def main():
    if not ensure_wrk():
        print("SKIPPED: wrk is not installed (Debian package `wrk`).")
        return
    import django

    django.setup()
    from django.core.management import call_command

    from newsletter.engagement import clicks

    call_command("migrate", verbosity=0)
    path = a_link()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--access-logfile", "/dev/null", "bench._wsgi:application"],
        cwd=ROOT, env=os.environ,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        # Importing the project in every process takes a while on a busy machine.
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"{base}/bench/bare/", timeout=2).read()  # noqa: S310 - our own server
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start.") from None
                time.sleep(0.3)
        # Warm every process: each reads the link once.
        for _ in range(WORKERS * 20):
            urllib.request.urlopen(f"{base}/bench/bare/", timeout=5).read()  # noqa: S310 - our own server
            answer(port, path)  # not followed: its target is elsewhere
        clicks.client().delete(clicks.KEY)
        load_before = os.getloadavg()[0]
        workers = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        redis_server = clicks.client().info("server")["process_id"]
        bare, redirect = take_turns(
            [f"{base}/bench/bare/", f"{base}{path}"], [*map(int, workers), redis_server]
        )
        load_after = os.getloadavg()[0]
        counted = sum(int(value) for value in clicks.client().hvals(clicks.KEY))
    finally:
        server.terminate()
        server.wait()
    print(
        f"gunicorn, {WORKERS} processes; wrk -t2 -c{CONNECTIONS}, {SLICES} turns of {SECONDS // SLICES}s "
        f"each; load average {load_before:.1f} before, {load_after:.1f} after, {os.cpu_count()} cores"
    )
    print(f"{'':>20} {'req/s':>10} {'p50':>10} {'p99':>10} {'errors':>8} {'CPU ms/req':>11}")
    for name, (rate, p50, p99, errors, cpu) in (("bare Django view", bare), ("click redirect", redirect)):
        print(f"{name:>20} {rate:>10,.0f} {p50:>10} {p99:>10} {errors:>8} {cpu:>11.3f}")
    print(f"redirect / bare: {redirect[0] / bare[0]:.2f} (goal ≥ 0.70); clicks counted in Redis: {counted:,}")
    print(f"CPU per request, bare / redirect (gunicorn and Redis): {bare[4] / redirect[4]:.2f}")


if __name__ == "__main__":
    main()
