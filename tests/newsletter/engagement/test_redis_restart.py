"""Clicks counted in Redis survive Redis restarting before they are folded (folding.py's bound)."""

import time

import pytest

from newsletter.engagement import clicks, links
from newsletter.models import LinkClicks, Send
from tests.newsletter.engagement.support import fold_everything, follow
from tests.newsletter.factories import build_issue
from tests.newsletter.sending.support import RedisServer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def own_redis(tmp_path, settings):
    server = RedisServer(tmp_path, persistent=True).start()
    settings.REDIS_CACHE_URL = server.url
    clicks.client.cache_clear()
    yield server
    server.stop()
    clicks.client.cache_clear()


def rewritten_links(site):
    issue = build_issue(site, ["en"])["en"]
    send = Send.objects.create(issue=issue)
    html = '<html><body><a href="https://example.org/a">A</a> <a href="https://example.org/b">B</a></body></html>'
    rewritten, _text = links.rewrite(send, "en", html, "")
    return send, [match["href"] for match in links.ANCHOR.finditer(rewritten)]


def folded_clicks(send):
    return sum(LinkClicks.objects.filter(link__send=send).values_list("clicks", flat=True))


@pytest.mark.parametrize("stop", ["restart", "crash_after_a_second"])
def test_clicks_survive_redis_restarting_before_the_fold(site, own_redis, stop):
    send, urls = rewritten_links(site)
    for n in range(5):
        assert follow(urls[n % 2], address=f"198.51.100.{n + 1}").status_code == 302

    if stop == "restart":
        own_redis.stop()
    else:
        # appendfsync everysec: what was counted more than a second ago is on disk.
        time.sleep(1.5)
        own_redis.kill()
    own_redis.start()
    clicks.client().connection_pool.disconnect()

    assert fold_everything() == 5
    assert folded_clicks(send) == 5
    # Folded once: a second fold after another restart finds nothing left to count.
    own_redis.stop()
    own_redis.start()
    assert fold_everything() == 0
    assert folded_clicks(send) == 5


def test_the_first_click_after_redis_restarted_is_counted(site, own_redis):
    _send, urls = rewritten_links(site)
    assert follow(urls[0], address="198.51.100.1").status_code == 302
    # The web process's connection to Redis is now dead, and nobody told it.
    own_redis.stop()
    own_redis.start()
    assert follow(urls[0], address="198.51.100.2").status_code == 302

    assert sum(int(count) for count in clicks.client().hvals(clicks.KEY)) == 2
