"""Fold the clicks counted in Redis (clicks.py) into the database, each exactly once.

A Lua script moves the settled fields of the live hash into a folding hash and names the batch;
the database records the batch with its counts in one transaction; then the folding hash is
dropped. A fold that dies anywhere is finished by the next: a batch the database already has is
dropped, not counted again. A clicker still active within BURST_SECONDS stays in the live hash,
so that a scanner's burst is judged whole. Loads of a send's pixel (opens) fold the same way,
as clicks on its Link of kind OPEN.

With Redis's append-only file (compose.yaml), a clean restart of Redis loses no click and a
crash at most the last second's (appendfsync everysec); without persistence, a restart loses
the clicks not yet folded: at most NEWSLETTER_CLICK_FOLD_SECONDS plus BURST_SECONDS of them.
"""

import logging
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F

from newsletter.engagement import clicks, consent
from newsletter.models import Click, ClickFold, Link, LinkClicks

logger = logging.getLogger(__name__)

FOLDING = "newsletter:clicks:folding"
BATCH = "newsletter:clicks:batch"
# Within this many seconds, clicks on BURST_LINKS different links are a machine's, not a reader's.
BURST_SECONDS = 10
BURST_LINKS = 3
# A clicker never quiet for this long is folded all the same.
MAX_HOLD_SECONDS = 600

MOVE_SCRIPT = """
if redis.call('EXISTS', KEYS[3]) == 0 then
  local fields = redis.call('HGETALL', KEYS[1])
  local busy = {}
  for i = 1, #fields, 2 do
    local bucket, clicker = string.match(fields[i], '^(%d+)|([^|]+)|')
    if bucket and tonumber(bucket) >= tonumber(ARGV[1]) then busy[clicker] = true end
  end
  local moved = 0
  for i = 1, #fields, 2 do
    local bucket, clicker = string.match(fields[i], '^(%d+)|([^|]+)|')
    if bucket and (tonumber(bucket) < tonumber(ARGV[2]) or not busy[clicker]) then
      redis.call('HINCRBY', KEYS[2], fields[i], fields[i + 1])
      redis.call('HDEL', KEYS[1], fields[i])
      moved = moved + 1
    end
  end
  if moved == 0 then return {'', {}} end
  redis.call('SET', KEYS[3], ARGV[3])
end
return {redis.call('GET', KEYS[3]), redis.call('HGETALL', KEYS[2])}
"""


def fold(now=None):
    """Move the settled clicks from Redis into the database; return how many clicks were folded."""
    now = now or time.time()
    redis_client = clicks.client()
    quiet_since = int((now - BURST_SECONDS) // clicks.BUCKET_SECONDS)
    held_at_most = int((now - MAX_HOLD_SECONDS) // clicks.BUCKET_SECONDS)
    batch, flat = redis_client.eval(
        MOVE_SCRIPT, 3, clicks.KEY, FOLDING, BATCH, quiet_since, held_at_most, uuid.uuid4().hex
    )
    batch = batch.decode() if isinstance(batch, bytes) else batch
    if not batch:
        return 0
    counts = {flat[i].decode(): int(flat[i + 1]) for i in range(0, len(flat), 2)}
    total = 0
    with transaction.atomic():
        if not ClickFold.objects.filter(batch=batch).exists():
            total = _write(counts)
            ClickFold.objects.create(batch=batch, clicks=total)
    redis_client.delete(FOLDING, BATCH)
    if total:
        logger.info("Folded %s clicks (batch %s).", total, batch)
    return total


def _parse(counts):
    for name, count in counts.items():
        bucket, clicker, link_id, found = name.split("|")
        yield int(bucket), clicker, int(link_id), found, count


def _write(counts):
    events = list(_parse(counts))
    links = Link.objects.in_bulk({link_id for _b, _c, link_id, _f, _n in events})
    events = [event for event in events if event[2] in links]
    scanners = _scanners(events, links)
    per_hour = defaultdict(lambda: [0, 0])
    history = []
    may_keep = _may_keep_history({clicker for _b, clicker, _l, _f, _n in events})
    for bucket, clicker, link_id, _found, count in events:
        at = datetime.fromtimestamp(bucket * clicks.BUCKET_SECONDS, tz=UTC)
        hour = at.replace(minute=0, second=0, microsecond=0)
        scanner = (links[link_id].send_id, clicker) in scanners
        per_hour[link_id, hour][1 if scanner else 0] += count
        if not scanner and clicker in may_keep:
            history.extend(
                Click(link_id=link_id, subscriber_id=int(clicker[1:]), clicked_at=at) for _ in range(count)
            )
    for (link_id, hour), (reader, scanner) in per_hour.items():
        row, created = LinkClicks.objects.get_or_create(
            link_id=link_id, hour=hour, defaults={"clicks": reader, "scanner_clicks": scanner}
        )
        if not created:
            LinkClicks.objects.filter(pk=row.pk).update(
                clicks=F("clicks") + reader, scanner_clicks=F("scanner_clicks") + scanner
            )
    Click.objects.bulk_create(history)
    return sum(count for *_rest, count in events)


def _scanners(events, links):
    """Return the (send, clicker) pairs that behaved like machines in this batch."""
    flagged = set()
    seen = defaultdict(list)
    for bucket, clicker, link_id, found, _count in events:
        key = (links[link_id].send_id, clicker)
        if found:
            flagged.add(key)
        # Opening a message loads its pixel seconds before a reader's clicks: no sign of a machine.
        if links[link_id].kind != Link.Kind.OPEN:
            seen[key].append((bucket, link_id))
    window = BURST_SECONDS // clicks.BUCKET_SECONDS
    for key, hits in seen.items():
        hits.sort()
        for start, _link in hits:
            burst = {link_id for bucket, link_id in hits if start <= bucket <= start + window}
            if len(burst) >= BURST_LINKS:
                flagged.add(key)
                break
    return flagged


def _may_keep_history(clickers):
    """Return the clickers (`s<id>`) whose clicks may be kept as theirs: setting on, consent given."""
    if not settings.NEWSLETTER_CLICK_HISTORY:
        return set()
    ids = {int(clicker[1:]) for clicker in clickers if clicker.startswith("s")}
    return {f"s{subscriber_id}" for subscriber_id in consent.consenting(ids)}
