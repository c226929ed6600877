"""The rate limit shared through Redis by every worker of a mailer."""

import pytest

from newsletter.sending import throttle


def test_workers_of_one_mailer_share_its_budget(settings):
    first = throttle.RateLimiter("newsletter", rate=1)
    second = throttle.RateLimiter("newsletter", rate=1)
    other = throttle.RateLimiter("transactional", rate=1)

    first.take()
    granted, wait = second.script(keys=[second.key], args=[second.rate, second.burst, second.chunk])
    other.take()

    assert (granted, wait > 0) == (0, True)


def test_an_unlimited_mailer_never_asks_redis():
    limiter = throttle.RateLimiter("newsletter", rate=0, client=None)
    limiter.client = None

    for _ in range(1000):
        limiter.take()


def test_without_redis_nothing_is_sent(monkeypatch, tmp_path):
    import redis

    monkeypatch.setattr(throttle, "OUTAGE_LIMIT_SECONDS", 0.2)
    limiter = throttle.RateLimiter(
        "newsletter",
        rate=10,
        client=redis.Redis.from_url(f"unix://{tmp_path}/absent.sock", socket_connect_timeout=0.1),
    )

    with pytest.raises(throttle.ThrottleUnavailable):
        limiter.take()
