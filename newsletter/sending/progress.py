"""Where a send stands: counts per status and language, rate, time left, what went wrong."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from newsletter.models import Delivery, Send
from newsletter.sending.rates import Rates, by_language

# The rate is measured over this recent window, so that it follows pauses and slowdowns.
RATE_WINDOW_SECONDS = 60
FINAL = {
    Delivery.Status.SENT,
    Delivery.Status.BOUNCED,
    Delivery.Status.COMPLAINED,
    Delivery.Status.FAILED,
    Delivery.Status.SKIPPED,
    Delivery.Status.CANCELLED,
}
# Shown on the progress view; "sending" is included so a stuck batch is visible.
STATUS_ORDER = [
    Delivery.Status.QUEUED,
    Delivery.Status.SENDING,
    Delivery.Status.SENT,
    Delivery.Status.BOUNCED,
    Delivery.Status.COMPLAINED,
    Delivery.Status.FAILED,
    Delivery.Status.SKIPPED,
    Delivery.Status.CANCELLED,
]
ERRORS_SHOWN = 5


@dataclass
class Progress:
    send: Send
    total: int = 0
    counts: dict = field(default_factory=dict)
    languages: dict = field(default_factory=dict)
    rate: float = 0.0
    errors: list = field(default_factory=list)
    retrying: int = 0
    # How the delivered messages were received: {language: Rates}, and the send's in all.
    rates_by_language: dict = field(default_factory=dict)
    rates: Rates = field(default_factory=Rates)

    @property
    def done(self):
        return sum(count for status, count in self.counts.items() if status in FINAL)

    @property
    def percent(self):
        return round(100 * self.done / self.total, 1) if self.total else 0.0

    @property
    def eta(self):
        """Time left at the current rate, or None when it cannot be told."""
        remaining = self.total - self.done
        if not remaining or not self.rate or self.send.status != Send.Status.SENDING:
            return None
        return timedelta(seconds=round(remaining / self.rate))

    def as_json(self):
        return {
            "status": self.send.status,
            "status_label": str(self.send.get_status_display()),
            "pause_reason": self.send.pause_reason,
            "total": self.total,
            "done": self.done,
            "percent": self.percent,
            "counts": {status: self.counts.get(status, 0) for status in STATUS_ORDER},
            "languages": self.languages,
            "rate": round(self.rate, 1),
            "eta_seconds": self.eta.total_seconds() if self.eta else None,
            "retrying": self.retrying,
            "errors": [{"reply": reply, "count": count} for reply, count in self.errors],
            "rates": self.rates.as_json(),
            "rates_by_language": {code: value.as_json() for code, value in self.rates_by_language.items()},
        }


def progress(send):
    """Return the Progress of a send in six aggregate queries, whatever its size."""
    send.refresh_from_db()
    deliveries = Delivery.objects.filter(send=send)
    result = Progress(send=send)
    languages = defaultdict(dict)
    for language, status, count in (
        deliveries.order_by().values_list("language", "status").annotate(count=Count("id"))
    ):
        languages[language][status] = count
        result.counts[status] = result.counts.get(status, 0) + count
        result.total += count
    result.languages = dict(sorted(languages.items()))
    now = timezone.now()
    started = send.planned_at or now
    if send.finished_at:
        # An ended send's rate is its average, from planning to its last message.
        result.rate = result.counts.get(Delivery.Status.SENT, 0) / max(
            (send.finished_at - started).total_seconds(), 1
        )
    else:
        window = min(RATE_WINDOW_SECONDS, max((now - started).total_seconds(), 1))
        result.rate = deliveries.filter(sent_at__gte=now - timedelta(seconds=window)).count() / window
    problems = deliveries.filter(
        Q(status__in=[Delivery.Status.FAILED, Delivery.Status.BOUNCED])
        | Q(status=Delivery.Status.QUEUED, attempts__gt=0)
    ).exclude(reply="")
    result.errors = list(
        problems.order_by().values_list("reply").annotate(count=Count("id")).order_by("-count")[:ERRORS_SHOWN]
    )
    result.retrying = deliveries.filter(status=Delivery.Status.QUEUED, attempts__gt=0).count()
    result.rates_by_language, result.rates = by_language(send.pk)
    return result
