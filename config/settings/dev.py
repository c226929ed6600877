"""Settings for `make run` on a developer's machine: debug on, local defaults everywhere."""

import contextlib

from .base import *  # noqa: F403
from .base import VAR_DIR, env

VAR_DIR.mkdir(exist_ok=True)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-8f2c1d7e4b9a")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
INTERNAL_IPS = ["127.0.0.1"]
# A template being edited shows at once; PAGE_CACHE=1 tries the page cache (docs/caching.md).
WAGTAIL_CACHE = env.bool("PAGE_CACHE", default=False)

# A git-ignored local.py holds one developer's own overrides.
with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
