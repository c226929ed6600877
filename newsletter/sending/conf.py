"""The sending engine's settings, read when used so that tests and deployments can override them."""

import socket
from pathlib import Path

from django.conf import settings

# Retry delays, in seconds, after a temporary (4xx) failure: one per attempt, the last repeated.
DEFAULT_RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 60 * 60]


def mailer_alias():
    """The MAILERS alias bulk mail goes through."""
    return getattr(settings, "NEWSLETTER_MAILER", "newsletter")


def rate_limit(alias):
    """Messages per second that mailer `alias` may send across all workers (0: unlimited)."""
    return float(getattr(settings, "NEWSLETTER_RATE_LIMITS", {}).get(alias, 0) or 0)


def connections():
    """How many delivery tasks (each one mail connection) work on a send at once."""
    return int(getattr(settings, "NEWSLETTER_CONNECTIONS", 4))


def retry_delays():
    return list(getattr(settings, "NEWSLETTER_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def max_attempts():
    """Attempts per recipient before a temporary failure becomes final."""
    return int(getattr(settings, "NEWSLETTER_MAX_ATTEMPTS", 5))


def auto_pause_failures():
    """Consecutive failed connections (server down, 421, refused sender) that pause a send."""
    return int(getattr(settings, "NEWSLETTER_AUTO_PAUSE_FAILURES", 5))


def auto_pause_error_ratio():
    """Share of failed recipients in one batch (of at least AUTO_PAUSE_MIN_BATCH) that pauses a send."""
    return float(getattr(settings, "NEWSLETTER_AUTO_PAUSE_ERROR_RATIO", 0.5))


AUTO_PAUSE_MIN_BATCH = 20


def journal_dir():
    return Path(getattr(settings, "NEWSLETTER_JOURNAL_DIR", Path(settings.VAR_DIR) / "newsletter-journal"))


def host_id():
    """The name this machine's workers sign their claims with; its journals live on its disk."""
    return getattr(settings, "NEWSLETTER_HOST_ID", "") or socket.gethostname()


def orphan_after():
    """Seconds after which another host's unsettled claim is presumed lost with that host."""
    return float(getattr(settings, "NEWSLETTER_ORPHAN_AFTER", 60 * 60))


def stall_after():
    """Seconds without progress after which the sweeper restarts a send's delivery tasks."""
    return float(getattr(settings, "NEWSLETTER_STALL_AFTER", 60))


def bounce_address():
    """The envelope sender (Return-Path) that bounces go back to."""
    return getattr(settings, "NEWSLETTER_BOUNCE_ADDRESS", "") or settings.DEFAULT_FROM_EMAIL


def from_address():
    return getattr(settings, "NEWSLETTER_FROM_EMAIL", "") or settings.DEFAULT_FROM_EMAIL


def confirm_send_above():
    """Sends to more subscribers than this ask staff to confirm the number first."""
    return int(getattr(settings, "NEWSLETTER_CONFIRM_SEND_ABOVE", 10))
