"""Count a click in one Redis increment; beat folds the counts into the database (folding.py).

Each click adds one to a field of one Redis hash, named by the five-second bucket it fell in,
who clicked and which link, with flags for what gives a scanner away. Who clicked is a
consenting reader's subscriber id, or else a keyed hash of the address and browser that lives
only in Redis, until the fold has told scanners from readers.
"""

import functools
import hashlib
import hmac
import logging
import os
import re
import threading
import time

import redis

from django.conf import settings

from home.limits import client_ip

logger = logging.getLogger(__name__)

KEY = "newsletter:clicks"
# Clicks are grouped in buckets of this many seconds: fine enough to see a scanner's burst.
BUCKET_SECONDS = 5

HEAD = "h"
AGENT = "a"
HONEYPOT = "t"

# Security gateways, link checkers and prefetchers that say what they are (and anything that
# sends no agent at all). Searched in the lowercased agent: a case-insensitive search of this
# alternation costs each reader's click some 30 µs, a third of what the redirect adds to a view.
SCANNER_AGENTS = re.compile(
    r"barracuda|mimecast|proofpoint|zscaler|symantec|messagelabs|trend ?micro|fireeye|forcepoint"
    r"|sophos|cisco|ironport|safelinks|safe links|microsoft office protection|bingpreview"
    r"|google-safety|googleimageproxy|bot\b|bot/|crawler|spider|scanner|python-requests|python-urllib"
    r"|curl/|wget/|go-http-client|okhttp|java/|libwww|headlesschrome|phantomjs"
)


@functools.cache
def client(url=None):
    """Return the Redis client that counts clicks (the cache's database)."""
    return redis.Redis.from_url(
        url or settings.REDIS_CACHE_URL, socket_timeout=2, socket_connect_timeout=1, retry_on_timeout=False
    )


_counting = threading.local()


def _counting_connection():
    """Return this thread's own connection to the clicks' Redis, made with `client()`'s settings.

    A click is one command on a connection kept open: redis-py's pool, retry and metrics wrapper
    around each command costs the redirect more than the round trip itself.
    """
    redis_client = client()
    kept = getattr(_counting, "connection", None)
    if kept is None or _counting.client is not redis_client or _counting.pid != os.getpid():
        if kept is not None and _counting.pid == os.getpid():
            kept.disconnect()
        pool = redis_client.connection_pool
        _counting.connection = pool.connection_class(**pool.connection_kwargs)
        _counting.client, _counting.pid = redis_client, os.getpid()
    return _counting.connection


def _increment(name):
    connection = _counting_connection()
    command = connection.pack_command("HINCRBY", KEY, name, 1)
    for attempt in (1, 2):
        try:
            connection.send_packed_command(command)
            connection.read_response()
            return
        except redis.ConnectionError:
            # A connection Redis dropped (a restart) fails on its first use: count on a fresh
            # one, once.
            connection.disconnect()
            if attempt == 2:
                raise
        except redis.RedisError:
            # A timeout may hide an increment that was made, and leaves a reply never read on
            # the connection: not counted again, and the connection not used again.
            connection.disconnect()
            raise


def who(request, send_id, subscriber_id):
    """Name the clicker for the fold: `s<id>` for a consenting reader, else an unlinkable hash."""
    if subscriber_id is not None:
        return f"s{subscriber_id}"
    agent = request.headers.get("User-Agent", "")
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{send_id}|{client_ip(request)}|{agent}".encode(), hashlib.sha256
    )
    return "f" + digest.hexdigest()[:12]


def flags(request, *, honeypot):
    """Return what gives the request away as a machine's: HEAD, a scanner's agent, the honeypot."""
    found = ""
    if request.method == "HEAD":
        found += HEAD
    agent = request.headers.get("User-Agent", "")
    if not agent or SCANNER_AGENTS.search(agent.lower()):
        found += AGENT
    if honeypot:
        found += HONEYPOT
    return found


# Mail apps' image proxies, which load a message's images as its reader opens it (Gmail, Yahoo).
IMAGE_PROXIES = re.compile(r"googleimageproxy|ggpht\.com|yahoomailproxy", re.I)


def field(bucket, clicker, link_id, found):
    return f"{bucket}|{clicker}|{link_id}|{found}"


def record(request, *, link_id, send_id, honeypot, subscriber_id=None, now=None):
    """Count one click in Redis; return False (and lose the click) if Redis cannot be reached."""
    bucket = int((now or time.time()) // BUCKET_SECONDS)
    name = field(bucket, who(request, send_id, subscriber_id), link_id, flags(request, honeypot=honeypot))
    try:
        _increment(name)
    except redis.RedisError:
        logger.warning("A click on link %s was not counted: Redis is unreachable.", link_id)
        return False
    return True


def record_open(request, *, link_id, send_id, now=None):
    """Count one load of a send's pixel as a click on it; False (the load lost) if Redis is down.

    A mail app's image proxy is how its reader opens the message, so it is not flagged as a scanner.
    """
    bucket = int((now or time.time()) // BUCKET_SECONDS)
    found = flags(request, honeypot=False)
    if IMAGE_PROXIES.search(request.headers.get("User-Agent", "")):
        found = found.replace(AGENT, "")
    name = field(bucket, who(request, send_id, None), link_id, found)
    try:
        _increment(name)
    except redis.RedisError:
        logger.warning("An open of pixel %s was not counted: Redis is unreachable.", link_id)
        return False
    return True
