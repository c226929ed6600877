"""How often visitors may use a form, counted in the cache (Redis) that every process shares, and who
the client is. (The sending engine paces its mail apart: newsletter/sending/pacing.py.)"""

import functools
import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


class RateLimit:
    """Allow at most `limit` events per key in each window of `window` seconds.

    Counts live in the shared cache, not in the process, so that every web worker and
    every host enforces one limit. Keys are hashed: no address or IP is stored in clear.
    """

    def __init__(self, name, *, limit, window):
        self.name = name
        self.limit = limit
        self.window = window

    def hit(self, key):
        """Count one event for `key`; return whether it is within the limit."""
        return self._increment(key) <= self.limit

    def _increment(self, key):
        digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]
        bucket = int(time.time() // self.window)
        cache_key = f"ratelimit:{self.name}:{digest}:{bucket}"
        cache.add(cache_key, 0, timeout=self.window)
        try:
            return cache.incr(cache_key)
        except ValueError:
            # The window closed between add and incr: this event opens the next one.
            cache.add(cache_key, 0, timeout=self.window)
            return cache.incr(cache_key)


def client_ip(request):
    """Return the client's IP address.

    REMOTE_ADDR, unless the request came through a proxy in TRUSTED_PROXIES: then the
    right-most address in X-Forwarded-For that is not itself a trusted proxy (everything
    to its left was written by the client and proves nothing).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not _within(remote, networks):
        return remote
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(forwarded):
        if not _is_ip(hop):
            break
        if not _within(hop, networks):
            return hop
    return remote


@functools.cache
def _trusted_networks(entries):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _is_ip(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _within(value, networks):
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    return any(address in network for network in networks)
