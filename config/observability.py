"""How the site reports on itself: logs to standard error, and errors to Sentry when configured."""

import json
import logging

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

LOG_FORMATS = ("text", "json")
# Fields of every LogRecord, left out when a record's `extra` context is copied into JSON.
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, any `extra` context, traceback."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        entry.update(
            {
                key: value
                for key, value in vars(record).items()
                if key not in _RECORD_FIELDS and not key.startswith("_")
            }
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(*, level, format):
    """Return the LOGGING setting: everything at `level` to standard error, as text or JSON."""
    if format not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {format!r}.")
    formatter = (
        {"()": JsonFormatter}
        if format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }


def init_sentry(dsn, *, environment):
    """Send unhandled errors of the web and worker processes to Sentry, if a DSN is given."""
    if not dsn:
        return
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration(monitor_beat_tasks=True)],
        # Subscribers' addresses and IP addresses stay out of error reports.
        send_default_pii=False,
    )
