"""Benchmark the newsletter's whole sending path and the floor beneath it, on this machine.

For N = 10,000 and 100,000 subscribers across the seven languages and an issue of about
15 KB translated into each: PostgreSQL, Redis, real Celery worker processes and postfix's
smtp-sink. Prints messages per second from "send" to the last message the sink accepted,
planning time, peak memory of every process, SQL statements per 1,000 messages, and the
floor: plain smtplib sending one of the same pre-rendered messages over 1, 4 and 8
connections (one process each) to the same sink.

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench), REDIS_URL
(default redis://127.0.0.1:6379/8: broker 8, cache 9), BENCH_SIZES (default 10000,100000),
BENCH_CONCURRENCY (worker processes and connections, default 8, like the floor's best),
BENCH_START_SIZE (default 1000000: a send to this many is started, timed to its first message
and to the end of its planning while it delivers, then cancelled; 0 skips it),
BENCH_RATE_LIMIT (messages per second the shared limiter allows, default 100000: in the path,
not the bottleneck), BENCH_DKIM (empty: unsigned; "1": every message DKIM-signed with a 2048-bit
key made for the run; "both": each size unsigned, then signed, side by side), BENCH_TRACKING
(default "on,off": each size is sent with links rewritten to counted redirects and without,
newsletter/engagement).
"""

import json
import multiprocessing
import os
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/8")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-3b9f0c2e7d1a4f6b8c5e0a9d2f7b1c4e")
os.environ["DJANGO_DEBUG"] = "false"
os.environ["CONN_MAX_AGE"] = "600"
os.environ["NEWSLETTER_RATE_LIMIT"] = os.environ.get("BENCH_RATE_LIMIT", "100000")
os.environ["NEWSLETTER_CONNECTIONS"] = os.environ.get("BENCH_CONCURRENCY", "8")
os.environ["LOG_LEVEL"] = "WARNING"

TRACKING = os.environ.get("BENCH_TRACKING", "on,off").split(",")
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
START_SIZE = int(os.environ.get("BENCH_START_SIZE", "1000000"))
DKIM_MODES = {"": [False], "0": [False], "1": [True], "on": [True], "both": [False, True]}
SIGNING = DKIM_MODES[os.environ.get("BENCH_DKIM", "").lower()]
DKIM_SELECTOR = "bench"
CONCURRENCY = int(os.environ["NEWSLETTER_CONNECTIONS"])
LANGUAGES = ["en", "sq", "mk", "sr-latn", "cnr", "de", "ar"]
FLOOR_CONNECTIONS = [1, 4, 8]
FLOOR_MESSAGES = int(os.environ.get("BENCH_FLOOR_MESSAGES", "20000"))
SMTP_SINK = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
SEEDS = ROOT / "demo" / "seeds"
RESULTS = ROOT / "bench-results"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """postfix's smtp-sink, counting the messages it accepted (its -c counters) and when."""

    def __init__(self, port):
        self.port = port
        self.count = 0
        self.reached = {}
        self.waiting = set()
        self.process = None

    def start(self):
        self.count = 0
        self.reached = {}
        user = ["-u", "nobody"] if os.geteuid() == 0 else []
        self.process = subprocess.Popen(
            [SMTP_SINK, "-c", *user, f"127.0.0.1:{self.port}", "1024"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise SystemExit("smtp-sink did not start")

    def _read(self):
        buffer = b""
        while chunk := self.process.stdout.read1(65536):
            now = time.perf_counter()
            buffer = (buffer + chunk)[-4096:]
            counts = re.findall(rb"mesg=(\d+)", buffer)
            if counts:
                self.count = int(counts[-1])
                for target in list(self.waiting):
                    if self.count >= target and target not in self.reached:
                        self.reached[target] = now

    def wait_for(self, count, timeout):
        self.waiting.add(count)
        deadline = time.monotonic() + timeout
        while count not in self.reached:
            if time.monotonic() > deadline:
                raise SystemExit(f"smtp-sink accepted {self.count} of {count} messages in {timeout}s")
            time.sleep(0.01)
        return self.reached[count]

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait()


def children(pid):
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


class Watcher:
    """Samples the processes of a run as it goes: the peak memory (VmHWM) and CPU time of each.

    PostgreSQL backends come and go with the workers' connections, so they are looked up on
    every sample; their figures are summed (CPU) and maximised (memory) as one entry.
    """

    INTERVAL = 0.2

    def __init__(self, processes, excluded_backend):
        self.processes = processes
        self.excluded_backend = excluded_backend
        self.peaks = {}
        self.cpu = {}
        self._first = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._sample()
        self._stop.set()
        self._thread.join()

    def _run(self):
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as connection:
            self._connection = connection
            while not self._stop.wait(self.INTERVAL):
                self._sample()

    def _sample(self):
        named = dict(self.processes())
        try:
            rows = self._connection.execute(
                "SELECT pid, backend_type FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid NOT IN (pg_backend_pid(), %s)",
                [self.excluded_backend],
            ).fetchall()
        except Exception:  # noqa: BLE001 - the sampler's connection is not yet open, or closing
            rows = []
        for pid, kind in rows:
            named[f"postgres {'backends' if kind == 'client backend' else 'autovacuum'} {pid}"] = pid
        for name, pid in named.items():
            peak, ticks = process_figures(pid)
            if peak is None:
                continue
            group = name.rsplit(" ", 1)[0] if name.startswith("postgres") else name
            self.peaks[group] = max(self.peaks.get(group, 0), peak)
            self._first.setdefault((name, pid), ticks)
            self.cpu[(group, name, pid)] = ticks - self._first[(name, pid)]

    def cpu_seconds(self):
        totals = {}
        for (group, _name, _pid), ticks in self.cpu.items():
            totals[group] = totals.get(group, 0) + ticks / os.sysconf("SC_CLK_TCK")
        return totals


def process_figures(pid):
    """(peak resident memory in MB, CPU ticks used so far) of a process, or (None, 0) if gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None, 0
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return (int(match[1]) / 1024 if match else None), int(fields[11]) + int(fields[12])


def redis_server_pid():
    """The pid of the Redis server the workers use, as it reports it."""
    import redis

    from django.conf import settings

    return redis.Redis.from_url(settings.REDIS_BROKER_URL).info("server")["process_id"]


def ensure_database():
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


# Characters of text in the issue: with its markup, an English message of about 15 KB.
ISSUE_TEXT = 6_500


def seed_text():
    """Paragraphs of the seed pages (real content the network publishes), about ISSUE_TEXT long."""
    paragraphs, length = [], 0
    for path in sorted(SEEDS.glob("*.txt")):
        for paragraph in path.read_text().split("\n"):
            if len(paragraph.strip()) > 80 and length < ISSUE_TEXT:
                paragraphs.append(paragraph.strip())
                length += len(paragraph.strip())
    if length < ISSUE_TEXT:
        raise SystemExit(f"The seed texts in {SEEDS} give {length:,} characters, not {ISSUE_TEXT:,}.")
    return paragraphs


CYRILLIC = str.maketrans(
    "abcdefghijklmnoprstuvzABCDEFGHIJKLMNOPRSTUVZ", "абцдефгхијклмнопрстувзАБЦДЕФГХИЈКЛМНОПРСТУВЗ"
)
ARABIC = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ابتثجحخدذرزسشصضطظعغفقكلمنه")


def translated(paragraphs, language):
    """Stand-in translations with each script's real byte size (Cyrillic, Arabic: 2 bytes a letter)."""
    if language == "mk":
        return [p.translate(CYRILLIC) for p in paragraphs]
    if language == "ar":
        return [p.lower().translate(ARABIC) for p in paragraphs]
    return [f"[{language}] {p}" for p in paragraphs]


def build_content():
    """Publish the site, three articles to tease and a ~15 KB issue in seven languages."""
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage
    from news.models import ListingPage, NewsPage
    from newsletter.models import NewsletterArchivePage, NewsletterIssuePage

    # Built anew each run, so that the issue measured is always the one this code describes.
    reset_sends()
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Balkan Civic Network", hero_title="Bench", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    listing = home.add_child(instance=ListingPage(title="News", slug="news"))
    articles = [
        listing.add_child(
            instance=NewsPage(title=f"Article {n}", slug=f"article-{n}", lead="A lead paragraph.")
        )
        for n in range(3)
    ]
    archive = home.add_child(instance=NewsletterArchivePage(title="Newsletter", slug="newsletter"))
    paragraphs = seed_text()

    def body(language):
        text = translated(paragraphs, language)
        sections = [text[index : index + 4] for index in range(0, len(text), 4)]
        blocks = []
        for section in sections:
            blocks.append({"type": "heading", "value": {"text": section[0][:60], "level": "h2"}})
            blocks.append({"type": "paragraph", "value": "".join(f"<p>{p}</p>" for p in section)})
        blocks += [
            {"type": "teaser", "value": {"page": a.pk, "summary": "", "show_image": True}} for a in articles
        ]
        blocks += [
            {"type": "button", "value": {"text": "Read more", "page": None, "url": "https://example.org/"}}
        ]
        return blocks

    issue = archive.add_child(
        instance=NewsletterIssuePage(
            title="Bench issue", slug="bench-issue", subject="The network this month", body=body("en")
        )
    )
    for language in LANGUAGES[1:]:
        locale = Locale.objects.get(language_code=language)
        for article in articles:
            article.copy_for_translation(locale, copy_parents=True).save_revision().publish()
        translation = issue.copy_for_translation(locale, copy_parents=True)
        translation.subject = f"[{language}] The network this month"
        translation.body = body(language)
        translation.save_revision().publish()
    return issue


def build_audience(size):
    """Give list `bench-<size>` `size` active subscribers, languages round-robin (reused if there)."""
    from django.db import connection

    from newsletter.models import MailingList, Subscriber, Subscription

    mailing_list, _ = MailingList.objects.get_or_create(
        slug=f"bench-{size}", defaults={"name": f"Bench {size}"}
    )
    have = Subscription.objects.filter(mailing_list=mailing_list).count()
    if have == size:
        return mailing_list
    existing = Subscriber.objects.count()
    if existing < size:
        Subscriber.objects.bulk_create(
            (
                Subscriber(email=f"reader{n}@bench.example.org", language=LANGUAGES[n % 7], status="active")
                for n in range(existing, size)
            ),
            batch_size=5000,
        )
    ids = Subscriber.objects.order_by("id").values_list("id", flat=True)[:size]
    Subscription.objects.filter(mailing_list=mailing_list).delete()
    Subscription.objects.bulk_create(
        (Subscription(subscriber_id=pk, mailing_list=mailing_list) for pk in ids), batch_size=5000
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return mailing_list


def reset_sends():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE newsletter_feedbackevent, newsletter_delivery, newsletter_renderedmessage, "
            "newsletter_send_mailing_lists, newsletter_send CASCADE"
        )
        cursor.execute("VACUUM ANALYZE newsletter_delivery")


def flush_redis():
    import redis

    from django.conf import settings

    for url in (settings.REDIS_BROKER_URL, settings.REDIS_CACHE_URL):
        redis.Redis.from_url(url).flushdb()


def start_workers():
    environment = {**os.environ, "CELERY_TASK_ALWAYS_EAGER": "0"}
    worker = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "--quiet", "-A", "bench._celery", "worker",
            "--pool", "prefork", "--concurrency", str(CONCURRENCY), "--loglevel", "WARNING",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"bench-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=environment,
    )  # fmt: skip
    from config.celery_app import app

    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("The Celery worker did not start.")
    return worker


def stop_workers(worker):
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def fresh_run(size, sink, *, signed):
    """Start a run from nothing: the audience of `size`, no earlier sends, an empty broker and sink,
    new workers. Return (the audience's mailing list, the worker process)."""
    use_signing(signed)
    mailing_list = build_audience(size)
    reset_sends()
    flush_redis()
    sink.stop()
    sink.start()
    return mailing_list, start_workers()


def use_signing(signed):
    """Sign (or not) in this process and in the workers started next."""
    from django.conf import settings

    os.environ["DKIM_SELECTOR"] = settings.DKIM_SELECTOR = DKIM_SELECTOR if signed else ""


def make_dkim_key():
    """Write a 2048-bit key for the run where the workers read it (DKIM_PRIVATE_KEY)."""
    import tempfile

    from home.dkim import generate_key, write_private_key

    path = Path(tempfile.mkdtemp(prefix="bench-dkim-")) / "bench.pem"
    write_private_key(generate_key(2048), path)
    os.environ["DKIM_PRIVATE_KEY"] = str(path)


def run_send(issue, size, sink, signed=False):
    """Send the issue to `size` subscribers; return the figures of the run."""
    import redis

    from django.conf import settings
    from django.db import transaction
    from django.db.models import Count

    from bench._celery import QUERIES_KEY
    from newsletter.models import Delivery, Send
    from newsletter.sending.planning import create_send

    mailing_list, worker = fresh_run(size, sink, signed=signed)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_backend = cursor.fetchone()[0]

    def processes():
        named = {
            "worker (main)": worker.pid,
            "smtp-sink": sink.process.pid,
            "redis-server": redis_server_pid(),
        }
        for number, child in enumerate(children(worker.pid), 1):
            named[f"worker process {number}"] = child
        return named

    watcher = Watcher(processes, own_backend).start()
    try:
        sink.waiting.add(1)
        started = time.perf_counter()
        with transaction.atomic():
            send = create_send(issue, [mailing_list])
        last_accepted = sink.wait_for(size, timeout=max(120, size / 50))
        deadline = time.monotonic() + 120
        while Send.objects.filter(pk=send.pk, status=Send.Status.FINISHED).count() == 0:
            if time.monotonic() > deadline:
                raise SystemExit("The send did not finish.")
            time.sleep(0.1)
        send.refresh_from_db()
        statuses = dict(Delivery.objects.filter(send=send).values_list("status").annotate(n=Count("id")))
        # Let each worker process publish its count after its last task.
        time.sleep(1)
        watcher.stop()
    finally:
        stop_workers(worker)
    client = redis.Redis.from_url(settings.REDIS_CACHE_URL)
    delivery_queries = int(client.get(QUERIES_KEY.format(task="newsletter.tasks.deliver_task")) or 0)
    start_queries = int(client.get(QUERIES_KEY.format(task="newsletter.tasks.start_send_task")) or 0)
    elapsed = last_accepted - started
    return {
        "subscribers": size,
        "dkim": signed,
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "delivered": statuses,
        "seconds": round(elapsed, 2),
        "messages_per_second": round(size / elapsed),
        "first_message_seconds": round(sink.reached[1] - started, 2),
        "planning_seconds": round((send.planned_at - send.started_at).total_seconds(), 2),
        "queries_per_1000": round(delivery_queries / size * 1000, 1),
        "delivery_queries": delivery_queries,
        "planning_and_rendering_queries": start_queries,
        "peak_memory_mb": {name: round(value, 1) for name, value in watcher.peaks.items()},
        "cpu_ms_per_1000": {
            name: round(seconds / size * 1_000_000) for name, seconds in sorted(watcher.cpu_seconds().items())
        },
        "send_id": send.pk,
    }


def run_start(issue, size, sink):
    """Start a send to `size` subscribers; time its first message and the end of its planning
    while it delivers, then cancel it. Returns the figures."""
    from django.db import transaction

    from newsletter.models import Delivery, Send
    from newsletter.sending import control
    from newsletter.sending.planning import create_send

    print(f"… building an audience of {size:,} (kept in the bench database for the next run)", flush=True)
    mailing_list, worker = fresh_run(size, sink, signed=False)
    watcher = Watcher(lambda: {"worker (main)": worker.pid, **{
        f"worker process {number}": child for number, child in enumerate(children(worker.pid), 1)
    }}, None).start()  # fmt: skip
    try:
        sink.waiting.add(1)
        started = time.perf_counter()
        with transaction.atomic():
            send = create_send(issue, [mailing_list])
        first = sink.wait_for(1, timeout=120) - started
        deadline = time.monotonic() + 600
        while not Send.objects.filter(pk=send.pk, planned_at__isnull=False).exists():
            if time.monotonic() > deadline:
                raise SystemExit("The send was not planned in 600 s.")
            time.sleep(0.02)
        planned = time.perf_counter() - started
        delivered_meanwhile = sink.count
        control.cancel(Send.objects.get(pk=send.pk))
        watcher.stop()
    finally:
        stop_workers(worker)
    send.refresh_from_db()
    return {
        **writing_floor(send.pk),
        "subscribers": size,
        "rows": Delivery.objects.filter(send=send).count(),
        "first_message_seconds": round(first, 2),
        "planned_seconds": round(planned, 2),
        "planning_seconds": round((send.planned_at - send.started_at).total_seconds(), 2),
        "delivered_while_planning": delivered_meanwhile,
        "peak_worker_memory_mb": round(
            max(peak for name, peak in watcher.peaks.items() if name.startswith("worker")), 1
        ),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }


def writing_floor(send_id):
    """Planning's floor on this machine, with nothing else running: seconds to write the send's rows
    again in one INSERT ... SELECT, into a copy of the deliveries' table without an index
    ("rows_alone_seconds") and with its indexes ("rows_indexed_seconds"). Planning writes the same
    rows, in slices, choosing each recipient, while delivery runs beside it."""
    from django.db import connection

    figures = {}
    for name, indexes in (("rows_alone_seconds", ""), ("rows_indexed_seconds", " INCLUDING INDEXES")):
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_delivery_floor")
            cursor.execute(f"CREATE TABLE bench_delivery_floor (LIKE newsletter_delivery{indexes})")
            started = time.perf_counter()
            cursor.execute(
                "INSERT INTO bench_delivery_floor SELECT * FROM newsletter_delivery WHERE send_id = %s",
                [send_id],
            )
            figures[name] = round(time.perf_counter() - started, 2)
            cursor.execute("DROP TABLE bench_delivery_floor")
    return figures


def message_sizes(send_id):
    """{language: (HTML part, text part, whole message)} in bytes, as sent."""
    from newsletter.models import Delivery, RenderedMessage, Send
    from newsletter.sending.messages import Messages

    send = Send.objects.get(pk=send_id)
    messages = Messages.for_send(send, as_bytes=True)
    sizes = {}
    for rendering in RenderedMessage.objects.filter(send=send).order_by("language"):
        delivery = Delivery.objects.filter(
            send=send, language=rendering.language, reader_language=rendering.reader_language
        ).select_related("subscriber")[0]
        row = (
            delivery.pk,
            delivery.subscriber_id,
            delivery.subscriber.email,
            "",
            rendering.language,
            rendering.reader_language,
        )
        ((_id, _address, build),) = messages.for_rows([row])
        reader = rendering.reader_language
        key = (
            rendering.language if reader in ("", rendering.language) else f"{rendering.language} for {reader}"
        )
        sizes[key] = (len(rendering.html.encode()), len(rendering.text.encode()), len(build()))
    return sizes


def sample_message(send_id):
    """One recipient's message exactly as the engine puts it on the wire."""
    from newsletter.models import Delivery, Send
    from newsletter.sending.messages import Messages

    send = Send.objects.get(pk=send_id)
    delivery = Delivery.objects.filter(send=send, language="en").select_related("subscriber").first()
    messages = Messages.for_send(send, as_bytes=True)
    row = (delivery.pk, delivery.subscriber_id, delivery.subscriber.email, "", "en", delivery.reader_language)
    ((_id, address, build),) = messages.for_rows([row])
    return address, build()


def _floor_worker(port, message, count, sender, recipient):
    connection = smtplib.SMTP("127.0.0.1", port)
    for _ in range(count):
        connection.sendmail(sender, [recipient], message)
    connection.quit()


# Fresh interpreters: forking this process (with its sink-reading thread) could inherit held locks.
SPAWN = multiprocessing.get_context("spawn")


def measure_floor(sink, message, recipient):
    """Plain smtplib over 1, 4 and 8 parallel connections: the rate to beat."""
    # smtplib expects the message undotted; it dot-stuffs and ends it itself.
    plain = re.sub(rb"(?m)^\.\.", b".", message)
    results = {}
    for connections in FLOOR_CONNECTIONS:
        sink.stop()
        sink.start()
        per_connection = FLOOR_MESSAGES // connections
        total = per_connection * connections
        processes = [
            SPAWN.Process(
                target=_floor_worker, args=(sink.port, plain, per_connection, "news@example.org", recipient)
            )
            for _ in range(connections)
        ]
        started = time.perf_counter()
        for process in processes:
            process.start()
        finished = sink.wait_for(total, timeout=600)
        for process in processes:
            process.join()
        results[connections] = round(total / (finished - started))
    return results


def main():
    if True in SIGNING:
        make_dkim_key()
    ensure_database()
    sink = Sink(free_port())
    os.environ["NEWSLETTER_EMAIL_URL"] = f"smtp://127.0.0.1:{sink.port}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    issue = build_content()
    runs = []
    try:
        for size in SIZES:
            for tracking in TRACKING:
                # Read by the worker processes, which plan and render the send.
                os.environ["NEWSLETTER_TRACK_CLICKS"] = "true" if tracking == "on" else "false"
                for signed in SIGNING:
                    signing = ", DKIM-signed" if signed else ""
                    print(f"… sending to {size:,} subscribers, link tracking {tracking}{signing}", flush=True)
                    runs.append({**run_send(issue, size, sink, signed), "tracking": tracking})
        recipient, message = sample_message(runs[-1]["send_id"])
        sizes = message_sizes(runs[-1]["send_id"])
        print(f"… floor: smtplib, {FLOOR_MESSAGES:,} messages of {len(message):,} bytes", flush=True)
        floor = measure_floor(sink, message, recipient)
        # Last: it starts anew from no sends, as every run does.
        start = run_start(issue, START_SIZE, sink) if START_SIZE else None
    finally:
        sink.stop()
    report(runs, floor, len(message), sizes)
    if start:
        report_start(start)


def report(runs, floor, message_size, sizes):
    best_floor = max(floor.values())
    print()
    print(f"Newsletter send: {CONCURRENCY} worker processes; English message of {message_size:,} bytes")
    header = (
        "subscribers",
        "links tracked",
        "DKIM",
        "msg/s",
        "x floor",
        "seconds",
        "first msg s",
        "planning s",
        "queries/1000",
        "one-off",
        "load",
    )
    print("  ".join(f"{title:>12}" for title in header))
    for run in runs:
        row = (
            f"{run['subscribers']:,}",
            run["tracking"],
            "signed" if run["dkim"] else "-",
            f"{run['messages_per_second']:,}",
            f"{run['messages_per_second'] / best_floor:.2f}",
            run["seconds"],
            run["first_message_seconds"],
            run["planning_seconds"],
            run["queries_per_1000"],
            run["planning_and_rendering_queries"],
            f"{run['load_average'][0]:.1f}",
        )
        print("  ".join(f"{value:>12}" for value in row))
    print("(queries/1000: SQL statements of the delivery tasks per 1,000 messages; one-off: planning and")
    print(" rendering, once per send; load: the machine's one-minute load average at the run's end)")
    unsigned = {
        (run["subscribers"], run["tracking"]): run["messages_per_second"] for run in runs if not run["dkim"]
    }
    for run in runs:
        if run["dkim"] and (run["subscribers"], run["tracking"]) in unsigned:
            ratio = run["messages_per_second"] / unsigned[run["subscribers"], run["tracking"]]
            print(
                f"DKIM-signed at {run['subscribers']:,}: {ratio:.2f} times the unsigned rate of the same run."
            )
    comparable = [
        run for run in runs if (run["dkim"], run["tracking"]) == (runs[-1]["dkim"], runs[-1]["tracking"])
    ]
    if len(comparable) > 1:
        small, large = comparable[0], comparable[-1]
        per_message = (large["delivery_queries"] - small["delivery_queries"]) / (
            large["subscribers"] - small["subscribers"]
        )
        fixed = small["delivery_queries"] - per_message * small["subscribers"]
        print(
            f"Delivery queries = {per_message * 1000:.1f} per 1,000 messages + {fixed:.0f} per send "
            f"(the delivery tasks' start and finish), fitted on N = {small['subscribers']:,} "
            f"and {large['subscribers']:,}."
        )
    print()
    print("Peak memory (MB, VmHWM; a PostgreSQL backend's includes the shared buffers it touched,")
    print("and Redis's is that of the machine's server since it started):")
    for run in runs:
        memory = ", ".join(f"{name} {value}" for name, value in run["peak_memory_mb"].items())
        print(
            f"  {run['subscribers']:>9,}{' signed' if run['dkim'] else ''}, links {run['tracking']}: {memory}"
        )
    print()
    print("CPU time of each process per 1,000 messages (ms):")
    for run in runs:
        cpu = ", ".join(f"{name} {value}" for name, value in run["cpu_ms_per_1000"].items())
        print(f"  {run['subscribers']:>9,}{' signed' if run['dkim'] else ''}, links {run['tracking']}: {cpu}")
    print()
    print("Floor (plain smtplib, one process per connection, same sink, same message):")
    for connections, rate in floor.items():
        print(f"  {connections} connection(s): {rate:,} msg/s")
    print()
    print("The issue in each language (bytes: HTML part, text part, whole message as sent):")
    for language, (html, text, whole) in sizes.items():
        print(f"  {language:<8} {html:>8,} {text:>8,} {whole:>8,}")
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"send_newsletter-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(
        json.dumps({"runs": runs, "floor": floor, "message_bytes": message_size, "sizes": sizes}, indent=2)
    )
    print(f"\n(figures saved to {path.relative_to(ROOT)})")


def report_start(start):
    print()
    print(
        f"Start of a send to {start['subscribers']:,} subscribers ({start['rows']:,} rows planned),"
        " cancelled once planned:"
    )
    print(
        f"  first message accepted by the sink {start['first_message_seconds']} s after the send"
        " was created (target: within 1 s)"
    )
    print(
        f"  every recipient planned after {start['planning_seconds']} s (target: under 5 s), "
        f"while {start['delivered_while_planning']:,} messages went out"
    )
    print(
        f"  floor, with nothing else running: the same rows written in one statement in "
        f"{start['rows_alone_seconds']} s without an index, {start['rows_indexed_seconds']} s with the "
        "table's indexes"
    )
    print(
        f"  peak memory of a worker process: {start['peak_worker_memory_mb']} MB (target: at most 300 MB); "
        f"load {start['load_average'][0]:.1f}"
    )


if __name__ == "__main__":
    main()
