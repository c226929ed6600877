"""The pace of each mailer: one rate limit, shared through Redis by every worker on every host.

A token bucket kept in Redis and updated by a Lua script (atomic, timed by Redis's own
clock, so hosts need not agree on the time). Workers take tokens in small chunks to keep
Redis out of the per-message path; unused tokens are simply lost, which can only slow a
send, never speed it past the limit. Without Redis no token is handed out: sending waits.
"""

import time

import redis

from django.conf import settings

from newsletter.sending import conf

BUCKET_SCRIPT = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000000)
local granted = math.min(wanted, math.floor(tokens))
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], 60000)
local wait = 0
if granted == 0 then wait = math.ceil((1 - tokens) * 1000000 / rate) end
return {granted, wait}
"""

# Tokens asked for at once: about 50 ms of the rate, so Redis sees ~20 calls per second
# per worker at most, while a worker never sits on more than a blink of the budget.
CHUNK_SECONDS = 0.05
MAX_CHUNK = 200
# How long a worker waits for Redis to come back before giving its batch back.
OUTAGE_LIMIT_SECONDS = 60


class PacingUnavailable(Exception):
    """Redis stayed unreachable: the rate cannot be enforced, so nothing may be sent."""


class Pace:
    """The shared token bucket of one mailer; `take()` blocks until one message may go."""

    def __init__(self, alias, rate=None, *, client=None):
        self.rate = conf.rate_limit(alias) if rate is None else rate
        self.key = f"newsletter:rate:{alias}"
        self.chunk = max(1, min(MAX_CHUNK, int(self.rate * CHUNK_SECONDS)))
        # The bucket holds one second of the rate: a send may start with that burst, no more.
        self.burst = max(self.rate, self.chunk)
        self.allowance = 0
        self.client = client or redis.Redis.from_url(
            settings.REDIS_CACHE_URL, socket_timeout=5, socket_connect_timeout=2, retry_on_timeout=False
        )
        self.script = self.client.register_script(BUCKET_SCRIPT)

    def take(self):
        if not self.rate:
            return
        while not self.allowance:
            self._refill()
        self.allowance -= 1

    def _refill(self):
        outage_started = None
        while True:
            try:
                granted, wait = self.script(keys=[self.key], args=[self.rate, self.burst, self.chunk])
                break
            except (redis.ConnectionError, redis.TimeoutError) as error:
                outage_started = outage_started or time.monotonic()
                if time.monotonic() - outage_started > OUTAGE_LIMIT_SECONDS:
                    raise PacingUnavailable(str(error)) from error
                time.sleep(0.5)
        if granted:
            self.allowance += int(granted)
        else:
            time.sleep(int(wait) / 1_000_000)
