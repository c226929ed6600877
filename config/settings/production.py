"""Settings for a deployment: refuses to start without its secrets, services and real addresses."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.deployment import settings_problems
from home.dkim import key_problem

from .base import *  # noqa: F403
from .base import (
    BASE_URL,
    COLLECTED_STATIC_STORAGE,
    DEFAULT_FROM_EMAIL,
    DKIM_PRIVATE_KEY,
    DKIM_SELECTOR,
    STORAGES,
    env,
)

_problems = settings_problems(
    environ=os.environ,
    secret_key=env("SECRET_KEY", default=""),
    base_url=BASE_URL,
    from_addresses={
        "DEFAULT_FROM_EMAIL": DEFAULT_FROM_EMAIL,
        "NEWSLETTER_FROM_EMAIL": env("NEWSLETTER_FROM_EMAIL", default=None),
    },
)
# A key that is configured but cannot sign would send mail that fails DKIM: refuse instead.
_problems += filter(None, [key_problem(selector=DKIM_SELECTOR, private_key=DKIM_PRIVATE_KEY)])
if _problems:
    raise ImproperlyConfigured("Production settings refuse to start:\n- " + "\n- ".join(_problems))

# The configured ESP's webhooks must authenticate their callers (checked by the home app).
REFUSE_UNAUTHENTICATED_WEBHOOKS = True

STORAGES["staticfiles"] = COLLECTED_STATIC_STORAGE

# HTTPS everywhere. Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=1 so that
# Django trusts its X-Forwarded-Proto header.
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Orchestrators and load balancers ask over plain HTTP, from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[BASE_URL])
SECURE_CONTENT_TYPE_NOSNIFF = True
# Preloading commits the domain to HTTPS in browsers for good: the operator opts in with
# SECURE_HSTS_PRELOAD=1, and check --deploy need not remind every other deployment.
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
