"""Settings shared by every environment: safe by default, configured from the environment."""

import os
from pathlib import Path

import environ
from celery.schedules import crontab

from django.utils.csp import CSP

from config.email_urls import parse_email_url
from config.frontend_cache import frontend_cache_from_env
from config.languages import (
    DEFAULT_CONTENT_LANGUAGES,
    DEFAULT_LANGUAGE_FALLBACKS,
    parse_content_languages,
    parse_fallbacks,
)
from config.machine_translation import parse_machine_translator
from config.observability import init_sentry, logging_config
from config.redis_urls import database_number, for_kombu, with_database
from config.storage import media_storage

BASE_DIR = Path(__file__).resolve().parents[2]
# Runtime state of a checkout (SQLite database, uploads, outbox, Redis data); git-ignored.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default=None)
# Keys replaced by SECRET_KEY that still verify what they signed, such as the unsubscribe links
# of emails already sent (valid for a year): docs/deployment.md, "Rotating SECRET_KEY".
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
# Absolute address of the public site, for links in emails and feeds.
BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Applications

INSTALLED_APPS = [
    "home",
    "news",
    "newsletter",
    "campaigns",
    "demo",
    # Before wagtail_localize and wagtail.admin: it extends their editor templates.
    "translators",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    # Pages for anonymous readers come from Redis (home/caching.py); superusers can empty it.
    "wagtailcache",
    "modelcluster",
    "taggit",
    "django_filters",
    "anymail",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    # For its catalogues: Wagtail's admin says "2 hours ago" with humanize's naturaltime.
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that changes a page's body or headers: it answers If-None-Match and
    # If-Modified-Since with a 304, for kept pages too.
    "django.middleware.http.ConditionalGetMiddleware",
    "home.middleware.PublicContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session, language and CSRF middleware: a kept page is answered before they run,
    # with the headers they gave it when it was rendered (home/caching.py).
    "home.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.LanguagePrefixMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.designation_footnotes",
            ],
        },
    },
]

# Data

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and the scheduler share one file: wait for locks instead
    # of failing, and let readers proceed while one process writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Without REDIS_URL, `make run` and `make test` start an embedded Redis at this socket
# (scripts/embedded_redis.py). Broker and cache use separate databases so that flushing
# one never drops the other's keys.
REDIS_URL = env("REDIS_URL", default=f"unix://{VAR_DIR / 'redis' / 'redis.sock'}")
_REDIS_DB = database_number(REDIS_URL)
REDIS_BROKER_URL = with_database(REDIS_URL, _REDIS_DB)
REDIS_CACHE_URL = with_database(REDIS_URL, _REDIS_DB + 1)

CACHES = {
    "default": {
        "BACKEND": "config.redis_cache.RedisCache",
        "LOCATION": REDIS_CACHE_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="network"),
    },
    # Pages for anonymous readers (wagtail-cache, home/caching.py), emptied on every change to
    # content: beside the default cache, under their own prefix, which is all that emptying drops.
    "pages": {
        "BACKEND": "home.caching.PageCache",
        "LOCATION": REDIS_CACHE_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="network") + "-pages",
        "TIMEOUT": env.int("PAGE_CACHE_SECONDS", default=24 * 60 * 60),
    },
}
# PAGE_CACHE=0 serves every page freshly rendered (to measure rendering, or to debug a template).
WAGTAIL_CACHE = env.bool("PAGE_CACHE", default=True)
WAGTAIL_CACHE_BACKEND = "pages"
# How long a CDN or proxy may keep a page no purge reached, and serve it stale while it refetches.
PAGE_CACHE_SHARED_SECONDS = env.int("PAGE_CACHE_SHARED_SECONDS", default=10 * 60)
PAGE_CACHE_STALE_SECONDS = env.int("PAGE_CACHE_STALE_SECONDS", default=60)
# The CDN or reverse proxy told to purge pages when they change (config/frontend_cache.py).
WAGTAILFRONTENDCACHE = frontend_cache_from_env(os.environ)
# home.caching.affected_urls names each translation's own address; Wagtail would otherwise also
# purge every address with its language prefix swapped, most of which show nothing.
WAGTAILFRONTENDCACHE_LANGUAGES = []

AUTH_USER_MODEL = "home.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English is the source; CONTENT_LANGUAGES lists every language pages are
# published in ("en,sq,...", or "xx:Local name[:rtl]" for a language Django lacks).

LANGUAGE_CODE = "en"
LANGUAGES = parse_content_languages(env("CONTENT_LANGUAGES", default=DEFAULT_CONTENT_LANGUAGES))
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LANGUAGE_FALLBACKS = parse_fallbacks(env("LANGUAGE_FALLBACKS", default=DEFAULT_LANGUAGE_FALLBACKS))
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", default="Europe/Belgrade")
# The site's strings; Django's own strings for languages it lacks (cnr); the admin's strings
# (Wagtail's and wagtail-localize's) in the languages they lack; and, last, empty catalogues
# that `compilemessages` makes for any other language CONTENT_LANGUAGES adds. Earlier entries
# take precedence, and all of them over the catalogues that Django and Wagtail ship.
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "config" / "locale",
    BASE_DIR / "config" / "admin_locale",
    VAR_DIR / "locale",
]
FORMAT_MODULE_PATH = ["config.formats"]
# Languages offered for the admin's own interface. Wagtail ships Arabic, German and Croatian;
# config/admin_locale/ gives the screens that translators and reviewers use (the dashboard, the
# page explorer, the editors, review and its emails, the account) in Albanian, Macedonian,
# Serbian and Montenegrin, and compilemessages writes the Serbian Cyrillic from the Latin.
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("en", "English"),
    ("sq", "Shqip"),
    ("mk", "Македонски"),
    ("sr-latn", "Srpski (latinica)"),
    ("sr", "Српски (ћирилица)"),
    ("cnr", "Crnogorski"),
    ("hr", "Hrvatski"),
    ("de", "Deutsch"),
    ("ar", "العربية"),
]

# Static files and uploads

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploads live on this host's disk unless AWS_STORAGE_BUCKET_NAME names S3-compatible object
# storage, which every web and worker host then shares (docs/deployment.md).
STORAGES = {
    "default": media_storage(env),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Deployments serve collected files with hashed names (WhiteNoise caches them for a year).
COLLECTED_STATIC_STORAGE = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Balkan Civic Network <news@example.org>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# EMAIL_URL sends the site's own mail (confirmations, notifications); NEWSLETTER_EMAIL_URL,
# when set, sends newsletters through another server or ESP stream. See config/email_urls.py.
EMAIL_URL = env("EMAIL_URL", default="outbox:")
# The MAILERS alias that newsletters go through.
NEWSLETTER_MAILER = "newsletter"
MAILERS = {
    "default": parse_email_url(EMAIL_URL, outbox_dir=VAR_DIR / "outbox"),
    NEWSLETTER_MAILER: parse_email_url(
        env("NEWSLETTER_EMAIL_URL", default=EMAIL_URL), outbox_dir=VAR_DIR / "outbox"
    ),
}
# Replies to the site's mail and newsletters go here (empty: to the From address).
REPLY_TO_EMAIL = env("REPLY_TO_EMAIL", default="")
# DKIM: with a selector, every message the site assembles (newsletters over SMTP, confirmations,
# notifications) is signed for DKIM_DOMAIN (empty: DEFAULT_FROM_EMAIL's domain) with
# DKIM_PRIVATE_KEY, a PEM file's path or the PEM itself. `manage.py dkim_key` makes a key,
# `manage.py check_sender` checks the DNS (docs/sender-authentication.md).
DKIM_SELECTOR = env("DKIM_SELECTOR", default="")
DKIM_DOMAIN = env("DKIM_DOMAIN", default="")
DKIM_PRIVATE_KEY = env("DKIM_PRIVATE_KEY", default="")
# The DNS servers `check_sender` asks ("host" or "host:port"; empty: the system's resolver).
SENDER_CHECK_NAMESERVERS = env.list("SENDER_CHECK_NAMESERVERS", default=[])
# An ESP's credentials and webhook secret: every ANYMAIL_<NAME> variable becomes ANYMAIL[<NAME>].
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value for name, value in os.environ.items() if name.startswith("ANYMAIL_")
}

# Newsletters: every setting of the sending engine, with its default (docs/configuration.md,
# docs/sending.md). The sender and the envelope sender (where bounces go) default to
# DEFAULT_FROM_EMAIL when empty.
NEWSLETTER_FROM_EMAIL = env("NEWSLETTER_FROM_EMAIL", default="")
NEWSLETTER_BOUNCE_ADDRESS = env("NEWSLETTER_BOUNCE_ADDRESS", default="")
# VERP (docs/bounces.md): with a domain, each newsletter on the SMTP path leaves with its own
# signed envelope sender, <local part>+<delivery>-<signature>@<domain>, whose bounces then name
# their delivery. Mail to that domain must reach BOUNCE_MAILBOX_URL or `manage.py bounce_server`.
NEWSLETTER_VERP_DOMAIN = env("NEWSLETTER_VERP_DOMAIN", default="")
NEWSLETTER_VERP_LOCAL_PART = env("NEWSLETTER_VERP_LOCAL_PART", default="bounces")
# A mailbox of bounces and complaint reports that beat reads every BOUNCE_POLL_SECONDS, e.g.
# imaps://user:password@host/INBOX or pop3s://user:password@host (empty: not read).
BOUNCE_MAILBOX_URL = env("BOUNCE_MAILBOX_URL", default="")
BOUNCE_POLL_SECONDS = env.float("BOUNCE_POLL_SECONDS", default=60)
# A send pauses itself when its complaints pass this share of the messages delivered (Gmail's bulk
# sender rules: never reach 0.3%) or its hard bounces pass theirs, once at least
# NEWSLETTER_RATES_MIN_SAMPLE messages were delivered (docs/bounces.md).
NEWSLETTER_COMPLAINT_RATE_LIMIT = env.float("NEWSLETTER_COMPLAINT_RATE_LIMIT", default=0.003)
NEWSLETTER_HARD_BOUNCE_RATE_LIMIT = env.float("NEWSLETTER_HARD_BOUNCE_RATE_LIMIT", default=0.05)
NEWSLETTER_RATES_MIN_SAMPLE = env.int("NEWSLETTER_RATES_MIN_SAMPLE", default=1000)
# Messages per second each mailer may send across every worker and host (0: unlimited): the
# rate protects the newsletter mail server.
NEWSLETTER_RATE_LIMITS = {NEWSLETTER_MAILER: env.float("NEWSLETTER_RATE_LIMIT", default=50)}
# Delivery tasks (each one mail connection) working on a send at once.
NEWSLETTER_CONNECTIONS = env.int("NEWSLETTER_CONNECTIONS", default=4)
# Seconds to wait after a temporary (4xx) failure, one per attempt, the last repeated; and the
# attempts per recipient before a temporary failure becomes final.
NEWSLETTER_RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 60 * 60]
NEWSLETTER_MAX_ATTEMPTS = 5
# A send pauses itself after this many failed connections in a row, or when this share of a
# batch (of at least 20) is refused.
NEWSLETTER_AUTO_PAUSE_FAILURES = 5
NEWSLETTER_AUTO_PAUSE_ERROR_RATIO = 0.5
NEWSLETTER_JOURNAL_DIR = Path(env("NEWSLETTER_JOURNAL_DIR", default=str(VAR_DIR / "newsletter-journal")))
# The name this worker host signs its claims with (empty: the host name).
NEWSLETTER_HOST_ID = env("NEWSLETTER_HOST_ID", default="")
# Seconds after which another host's unsettled claim is presumed lost with that host.
NEWSLETTER_ORPHAN_AFTER = 60 * 60
# Seconds without progress before the sweeper restarts a send's delivery tasks.
NEWSLETTER_STALL_AFTER = env.float("NEWSLETTER_STALL_AFTER", default=60)
# Where mail to the List-Unsubscribe mailto: address arrives (an anymail inbound route);
# without it, emails offer only the one-click HTTPS unsubscribe.
NEWSLETTER_UNSUBSCRIBE_MAILBOX = env("NEWSLETTER_UNSUBSCRIBE_MAILBOX", default="")

# A public form (subscribing, signing) sent sooner than this after it was shown was filled in by a bot.
FORM_MIN_SECONDS = env.float("FORM_MIN_SECONDS", default=2.0)
# Sends to more subscribers than this ask staff to confirm the number of recipients first.
NEWSLETTER_CONFIRM_SEND_ABOVE = env.int("NEWSLETTER_CONFIRM_SEND_ABOVE", default=10)
# Engagement reports (docs/reports.md). Links go through our own signed redirect and are counted
# per link, with no one's identity; a subscriber's own click history is kept only when this is on
# AND they consented on their preferences page. Open tracking is off unless a send asks for it.
NEWSLETTER_TRACK_CLICKS = env.bool("NEWSLETTER_TRACK_CLICKS", default=True)
NEWSLETTER_CLICK_HISTORY = env.bool("NEWSLETTER_CLICK_HISTORY", default=False)
NEWSLETTER_CLICK_FOLD_SECONDS = env.float("NEWSLETTER_CLICK_FOLD_SECONDS", default=30)

# Background work: Celery on Redis. Wagtail's tasks and wagtail-localize's jobs are
# handed to Celery too (home/background.py), by id.

CELERY_BROKER_URL = for_kombu(REDIS_BROKER_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A process for each newsletter connection, plus one so that confirmations and the sweeper never
# wait behind a send (docs/sending.md); WORKER_CONCURRENCY overrides it.
CELERY_WORKER_CONCURRENCY = env.int("WORKER_CONCURRENCY", default=NEWSLETTER_CONNECTIONS + 1)
# In memory: every entry below keeps its state in the database (docs/decisions.md).
CELERY_BEAT_SCHEDULER = "celery.beat:Scheduler"
CELERY_BEAT_SCHEDULE = {
    # Translators hear each morning about sources that changed after yesterday's digest.
    "translator-digests": {
        "task": "translators.tasks.send_translator_digests_task",
        "schedule": crontab(hour=7, minute=0),
    },
    # Scheduled newsletter sends live in the database; beat only looks for due ones.
    "newsletter-start-due-sends": {
        "task": "newsletter.tasks.start_due_sends_task",
        "schedule": env.float("NEWSLETTER_SCHEDULE_SECONDS", default=30),
    },
    # Settles batches of dead workers, restarts stalled sends (docs/sending.md).
    "newsletter-sweep": {
        "task": "newsletter.tasks.sweep_sends_task",
        "schedule": env.float("NEWSLETTER_SWEEP_SECONDS", default=60),
    },
    # Reads bounces and complaint reports from BOUNCE_MAILBOX_URL; does nothing without one.
    "newsletter-bounce-mailbox": {
        "task": "newsletter.tasks.poll_bounce_mailbox_task",
        "schedule": BOUNCE_POLL_SECONDS,
    },
    # Clicks are counted in Redis; this folds them into the database (newsletter/engagement).
    "newsletter-fold-clicks": {
        "task": "newsletter.tasks.fold_clicks_task",
        "schedule": NEWSLETTER_CLICK_FOLD_SECONDS,
    },
}

TASKS = {"default": {"BACKEND": "home.background.CeleryTaskBackend"}}
WAGTAILLOCALIZE_JOBS = {"BACKEND": "home.background.CeleryJobBackend"}

# Wagtail

WAGTAIL_SITE_NAME = env("SITE_NAME", default="Balkan Civic Network")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "home.CustomImage"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation in the translation editor: DeepL, Google or LibreTranslate, whichever the
# environment configures (config/machine_translation.py).
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = parse_machine_translator(os.environ)

# Security headers. The public site runs no inline script or style and loads nothing from
# other sites but embedded players; the admin is exempt (home.middleware).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": ["https:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# A form whose CSRF check fails gets the site's own page, in the reader's language.
CSRF_FAILURE_VIEW = "home.errors.csrf_failure"

# Requests arrive through these proxies, whose X-Forwarded-For we believe (IPs or networks).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# Logs go to standard error, as lines of text or (LOG_FORMAT=json) one JSON object per line;
# errors also go to Sentry when SENTRY_DSN is set.
LOGGING = logging_config(level=env("LOG_LEVEL", default="INFO"), format=env("LOG_FORMAT", default="text"))
init_sentry(env("SENTRY_DSN", default=""), environment=env("SENTRY_ENVIRONMENT", default="production"))
