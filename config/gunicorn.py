"""gunicorn's settings for `scripts/entrypoint web`, from the environment."""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104 - a container's port
# Two processes per core, plus one, as gunicorn's documentation suggests.
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1))
timeout = int(os.environ.get("WEB_TIMEOUT", 30))
# Restart each process now and then, so that no slow leak ever becomes an outage.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory, not on a container's overlay disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Only the proxies named in TRUSTED_PROXIES may say which scheme a request came over.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1")
accesslog = "-"
errorlog = "-"
