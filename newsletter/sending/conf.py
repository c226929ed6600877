"""What the sending engine derives from its settings, read when used so that tests can override them.

Every NEWSLETTER_* setting and its default is in config/settings/base.py, documented in
docs/configuration.md.
"""

import socket
from email.utils import parseaddr

from django.conf import settings

from home.dkim import address_domain


def rate_limit(alias):
    """Messages per second that mailer `alias` may send across all workers (0: unlimited)."""
    return float(settings.NEWSLETTER_RATE_LIMITS.get(alias, 0) or 0)


def retry_delay(attempts):
    """Seconds to wait before the attempt after `attempts` temporary failures."""
    delays = settings.NEWSLETTER_RETRY_DELAYS
    return delays[min(attempts, len(delays) - 1)]


def host_id():
    """The name this machine's workers sign their claims with; its journals live on its disk."""
    return settings.NEWSLETTER_HOST_ID or socket.gethostname()


def from_address():
    """The From of every newsletter ("Name <address>")."""
    return settings.NEWSLETTER_FROM_EMAIL or settings.DEFAULT_FROM_EMAIL


def bounce_address():
    """The envelope sender (Return-Path) that bounces go back to, a bare address; see also bounces/verp.py."""
    return parseaddr(settings.NEWSLETTER_BOUNCE_ADDRESS or settings.DEFAULT_FROM_EMAIL)[1]


def sender_domain():
    """The domain of the From address, which Message-IDs and the Feedback-ID carry."""
    return address_domain(from_address())


def confirm_send_above():
    """Sends to more subscribers than this ask staff to confirm the number first."""
    return settings.NEWSLETTER_CONFIRM_SEND_ABOVE
