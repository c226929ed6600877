"""Turn an EMAIL_URL into a mailer of Django's MAILERS setting.

outbox:                    keep every message as an .eml file in var/outbox (the default)
smtp://user:pass@host:25   plain SMTP; add ?tls=1 for STARTTLS (or use smtp+tls://)
smtps://user:pass@host:465 SMTP over TLS
console:                   print messages to standard output
anymail://postmark         an ESP through django-anymail; its credentials and webhook
                           secret come from ANYMAIL_* variables (ANYMAIL_POSTMARK_SERVER_TOKEN)
"""

from urllib.parse import parse_qsl, unquote, urlsplit

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def parse_email_url(url, *, outbox_dir):
    """Return the MAILERS entry ({"BACKEND": ..., "OPTIONS": {...}}) that url describes."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    scheme = parts.scheme
    if scheme == "outbox":
        return {"BACKEND": "home.mail.OutboxBackend", "OPTIONS": {"file_path": str(outbox_dir)}}
    if scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "anymail":
        return {"BACKEND": f"anymail.backends.{parts.hostname}.EmailBackend"}
    if scheme in {"smtp", "smtp+tls", "smtps"}:
        return {
            "BACKEND": SMTP_BACKEND,
            "OPTIONS": {
                "host": parts.hostname or "localhost",
                "port": parts.port or (465 if scheme == "smtps" else 25),
                "username": unquote(parts.username or ""),
                "password": unquote(parts.password or ""),
                "use_tls": scheme == "smtp+tls" or query.get("tls") in {"1", "true"},
                "use_ssl": scheme == "smtps",
                "timeout": int(query.get("timeout", 30)),
            },
        }
    raise ValueError(
        f"EMAIL_URL: unknown scheme {scheme!r}; use outbox:, console:, smtp://, smtps:// or anymail://<esp>."
    )
