"""VERP envelope senders: `bounces+<delivery id>-<signature>@<domain>`, one per delivery.

A mail server that accepts a message and bounces it later writes to its envelope sender; with
a delivery's own signed address there, the bounce names its delivery beyond doubt, whatever the
report says or leaves out. The signature (a truncated HMAC of the id under SECRET_KEY) keeps
anyone from suppressing a subscriber by mailing a made-up bounce to a guessed address.
Signatures are lowercase hex because some mail servers lowercase local parts.
"""

import functools
import hashlib
import hmac
import re

from django.conf import settings
from django.utils.crypto import salted_hmac

from newsletter.sending import conf

SALT = "newsletter.bounces.verp"
# 40 bits: a forger needs a trillion guesses per delivery, and the address stays short.
SIGNATURE_CHARS = 10


def enabled():
    """Whether newsletters leave with VERP envelope senders (NEWSLETTER_VERP_DOMAIN is set)."""
    return bool(settings.NEWSLETTER_VERP_DOMAIN)


def address(delivery_id):
    """Return the signed envelope sender of a delivery."""
    return _addresses()(delivery_id)


def envelope_senders():
    """Return the function of a delivery id that gives its envelope sender, as bytes.

    Without VERP every message has the bounce address; so has a message without a delivery
    (id 0: a test message).
    """
    plain = conf.bounce_address().encode()
    if not enabled():
        return lambda _delivery_id: plain
    make = _addresses()
    return lambda delivery_id: make(delivery_id).encode() if delivery_id else plain


def _addresses():
    """Return a function making VERP addresses; settings and key are read once, as it runs per message."""
    before = f"{settings.NEWSLETTER_VERP_LOCAL_PART}+"
    after = f"@{settings.NEWSLETTER_VERP_DOMAIN}"
    # Copying a keyed HMAC skips hashing the key again for every message.
    keyed = hmac.new(_key(settings.SECRET_KEY), digestmod=hashlib.sha256)

    def make(delivery_id):
        number = str(delivery_id)
        mac = keyed.copy()
        mac.update(number.encode())
        return f"{before}{number}-{mac.hexdigest()[:SIGNATURE_CHARS]}{after}"

    return make


class Forged(ValueError):
    """A VERP address whose signature is wrong."""


def read(value):
    """Return the delivery id a VERP address names, or None if it is not one of ours.

    Raises Forged when it has our form but not our signature.
    """
    if not enabled():
        return None
    match = _pattern(settings.NEWSLETTER_VERP_LOCAL_PART, settings.NEWSLETTER_VERP_DOMAIN).fullmatch(
        value.strip().strip("<>")
    )
    if match is None:
        return None
    delivery_id = int(match["id"])
    if not hmac.compare_digest(match["signature"].lower(), _signature(delivery_id)):
        raise Forged(value)
    return delivery_id


def find(values):
    """Return the first delivery id that any of the `values` (addresses) names, or None.

    Raises Forged when one has our form but not our signature and none is genuine.
    """
    forged = None
    for value in values:
        try:
            delivery_id = read(value)
        except Forged as error:
            forged = error
            continue
        if delivery_id is not None:
            return delivery_id
    if forged is not None:
        raise forged
    return None


def _signature(delivery_id):
    return hmac.new(_key(settings.SECRET_KEY), str(delivery_id).encode(), "sha256").hexdigest()[
        :SIGNATURE_CHARS
    ]


@functools.cache
def _key(secret):
    return salted_hmac(SALT, "key", secret=secret, algorithm="sha256").digest()


@functools.cache
def _pattern(local, domain):
    return re.compile(
        rf"{re.escape(local)}\+(?P<id>\d{{1,18}})-(?P<signature>[0-9a-f]{{{SIGNATURE_CHARS}}})@{re.escape(domain)}",
        re.IGNORECASE,
    )
