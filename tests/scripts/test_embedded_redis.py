"""scripts/embedded_redis.py: the Redis that `make run` starts beside each of its commands."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_beside_embedded_redis(directory, code):
    environment = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    command = [sys.executable, "scripts/embedded_redis.py", "--dir", str(directory), "--"]
    return subprocess.run(
        [
            *command,
            sys.executable,
            "-c",
            f"import os, redis; r = redis.Redis.from_url(os.environ['REDIS_URL']); {code}",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )


def test_what_one_command_queued_is_there_for_the_next(tmp_path):
    # `make run` loads the demo beside one Redis and serves beside the next: the tasks the demo
    # queued (indexing its pages for search) must wait for the worker, not vanish in between.
    run_beside_embedded_redis(tmp_path, "r.lpush('celery', 'index the demo')")

    later = run_beside_embedded_redis(tmp_path, "print(r.lrange('celery', 0, -1))")

    assert later.stdout.strip() == "[b'index the demo']"
