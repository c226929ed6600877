"""Signed, single-purpose tokens for the links in emails: no account, no password.

Each purpose signs with its own salt, so a token made for one purpose is refused by every
other; tokens carry the subscriber's id (and a confirmation's consent record). The URL helpers
take ids, not objects, so that the sending engine can build per-recipient links without
loading rows. A confirmation link works once: newsletter.audience.confirm refuses a consent
record that is already confirmed or that a later change of status made void.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM = "confirm"
MANAGE = "manage"
UNSUBSCRIBE = "unsubscribe"

# How long each kind of link works. Unsubscribe links never expire: mailbox providers and
# RFC 8058 expect them to work for as long as the message may be read.
MAX_AGE = {
    CONFIRM: timedelta(days=7),
    MANAGE: timedelta(days=365),
    UNSUBSCRIBE: None,
}


class InvalidToken(Exception):
    """The token is tampered with, expired, or made for another purpose."""


def make_token(purpose, subscriber_id, **extra):
    return signing.dumps({"s": subscriber_id, **extra}, salt=f"newsletter.{purpose}", compress=False)


def read_token(purpose, token):
    """Return the token's payload ({"s": subscriber id, ...}); raise InvalidToken otherwise."""
    try:
        return signing.loads(token, salt=f"newsletter.{purpose}", max_age=MAX_AGE[purpose])
    except signing.BadSignature as error:
        raise InvalidToken(str(error)) from error


def read_subscriber_id(purpose, token):
    """Return the subscriber id a token was made for; raise InvalidToken otherwise."""
    payload = read_token(purpose, token)
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise InvalidToken("malformed payload")
    return payload["s"]


def absolute(path):
    return f"{settings.BASE_URL}{path}"


def confirmation_url(subscriber_id, consent_id):
    """The link in a confirmation email: it confirms one consent record, once."""
    token = make_token(CONFIRM, subscriber_id, c=consent_id)
    return absolute(reverse("newsletter:confirm", args=[token]))


def unsubscribe_url(subscriber_id):
    """The one-click (RFC 8058) unsubscribe address: POST unsubscribes, GET asks first."""
    return absolute(reverse("newsletter:unsubscribe", args=[make_token(UNSUBSCRIBE, subscriber_id)]))


def preferences_url(subscriber_id):
    """The subscriber's preferences page: language, lists, their data, leaving."""
    return absolute(reverse("newsletter:preferences", args=[make_token(MANAGE, subscriber_id)]))


def unsubscribe_mailto(subscriber_id):
    """The mailto: unsubscribe address, or None where no inbound mail route is configured."""
    mailbox = settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX
    if not mailbox:
        return None
    return f"mailto:{mailbox}?subject=unsubscribe%20{make_token(UNSUBSCRIBE, subscriber_id)}"
