"""Errors reach the operator: structured logs on standard error, and Sentry when it is configured."""

import gzip
import http.server
import json
import logging
import subprocess
import sys
import threading

import pytest

try:
    import brotli
except ImportError:  # the SDK compresses with brotli only where it is installed
    brotli = None

from django.conf import settings

from config.observability import JsonFormatter, logging_config


class SentryIngest(http.server.ThreadingHTTPServer):
    """A local stand-in for Sentry's ingest endpoint, keeping the envelopes it is sent."""

    def __init__(self):
        self.envelopes = []
        self.arrived = threading.Event()
        super().__init__(("127.0.0.1", 0), SentryIngestHandler)

    @property
    def dsn(self):
        return f"http://public-key@127.0.0.1:{self.server_address[1]}/42"


class SentryIngestHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        self.server.envelopes.append(body.decode(errors="replace"))
        self.server.arrived.set()
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry():
    server = SentryIngest()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def test_an_error_logged_by_a_process_with_a_sentry_dsn_reaches_sentry(sentry):
    script = (
        "import django, logging, sentry_sdk; django.setup(); "
        "logging.getLogger('newsletter').error('The mail server refused us'); "
        "sentry_sdk.flush(5)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "SENTRY_DSN": sentry.dsn,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert sentry.arrived.wait(10), "nothing reached Sentry"
    envelope = "\n".join(sentry.envelopes)
    assert "The mail server refused us" in envelope


def test_without_a_dsn_nothing_is_sent_anywhere():
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()


def test_json_logs_are_one_object_per_line_with_their_context():
    record = logging.LogRecord(
        "newsletter.sending", logging.WARNING, __file__, 1, "Send %s paused", (7,), None
    )
    record.send_id = 7

    entry = json.loads(JsonFormatter().format(record))

    assert entry["level"] == "WARNING"
    assert entry["logger"] == "newsletter.sending"
    assert entry["message"] == "Send 7 paused"
    assert entry["send_id"] == 7


def test_an_unknown_log_format_is_refused_at_start():
    with pytest.raises(ValueError, match="LOG_FORMAT must be one of text, json"):
        logging_config(level="INFO", format="xml")
