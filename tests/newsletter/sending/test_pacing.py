"""The pace of each mailer: one rate limit, shared through Redis by every worker that sends through it."""

import pytest
import redis

from newsletter.sending import pacing


def ask(pace):
    """Ask the mailer's shared bucket for tokens as a worker does; return (granted, microseconds to wait)."""
    granted, wait = pace.script(keys=[pace.key], args=[pace.rate, pace.burst, pace.chunk])
    return granted, wait


def test_workers_of_one_mailer_share_its_budget_and_other_mailers_have_their_own():
    first = pacing.Pace("newsletter", rate=1)
    second = pacing.Pace("newsletter", rate=1)
    other = pacing.Pace("transactional", rate=1)
    for pace in (first, other):
        pace.client.delete(pace.key)

    first.take()

    granted, wait = ask(second)
    assert (granted, wait > 0) == (0, True), "the second worker waits for the first one's second"
    assert ask(other)[0] == 1, "another mailer's budget is untouched"


def test_an_unlimited_mailer_never_asks_redis():
    pace = pacing.Pace("unlimited", rate=0)
    pace.client.delete(pace.key)

    for _ in range(1000):
        pace.take()

    assert not pace.client.exists(pace.key), "no bucket was ever made"


def test_without_redis_nothing_is_sent(monkeypatch, tmp_path):
    monkeypatch.setattr(pacing, "OUTAGE_LIMIT_SECONDS", 0.2)
    pace = pacing.Pace(
        "newsletter",
        rate=10,
        client=redis.Redis.from_url(f"unix://{tmp_path}/absent.sock", socket_connect_timeout=0.1),
    )

    with pytest.raises(pacing.PacingUnavailable):
        pace.take()
