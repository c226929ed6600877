"""How a send is received: hard bounces, soft bounces and complaints, in all and per language,
and the pause when complaints or hard bounces pass their limits.

Mailbox providers judge a sender by these rates (Gmail asks bulk senders to keep complaints under
0.3%); a send that passes a limit stops before it costs the domain its reputation. A send is
paused for its rates once: resuming it is staff's decision to carry on, which the watch respects.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext

from newsletter.models import Delivery, FeedbackEvent, Send
from newsletter.sending.control import auto_pause

# The statuses of messages a mail server took: the base of every rate.
DELIVERED = [Delivery.Status.SENT, Delivery.Status.BOUNCED, Delivery.Status.COMPLAINED]
SOFT_BOUNCE = "soft_bounce"  # feedback.SOFT_BOUNCE, which imports this module


@dataclass
class Rates:
    delivered: int = 0
    hard_bounces: int = 0
    soft_bounces: int = 0
    complaints: int = 0

    @property
    def hard_bounce_rate(self):
        return self.hard_bounces / self.delivered if self.delivered else 0.0

    @property
    def complaint_rate(self):
        return self.complaints / self.delivered if self.delivered else 0.0

    @property
    def hard_bounce_percent(self):
        return percent(self.hard_bounce_rate)

    @property
    def complaint_percent(self):
        return percent(self.complaint_rate)

    def as_json(self):
        return {
            "delivered": self.delivered,
            "hard_bounces": self.hard_bounces,
            "soft_bounces": self.soft_bounces,
            "complaints": self.complaints,
            "hard_bounce_rate": self.hard_bounce_rate,
            "complaint_rate": self.complaint_rate,
        }


def by_language(send_id):
    """Return ({language: Rates}, Rates of the whole send) in two aggregate queries."""
    languages = {}
    for language, delivered, bounced, complained in (
        Delivery.objects.filter(send_id=send_id, status__in=DELIVERED)
        .order_by()
        .values_list("language")
        .annotate(
            delivered=Count("id"),
            bounced=Count("id", filter=Q(status=Delivery.Status.BOUNCED)),
            complained=Count("id", filter=Q(status=Delivery.Status.COMPLAINED)),
        )
    ):
        languages[language] = Rates(delivered, bounced, 0, complained)
    for language, soft in (
        FeedbackEvent.objects.filter(delivery__send_id=send_id, event_type=SOFT_BOUNCE)
        .order_by()
        .values_list("delivery__language")
        .annotate(soft=Count("delivery_id", distinct=True))
    ):
        languages.setdefault(language, Rates()).soft_bounces = soft
    total = Rates()
    for rates in languages.values():
        total.delivered += rates.delivered
        total.hard_bounces += rates.hard_bounces
        total.soft_bounces += rates.soft_bounces
        total.complaints += rates.complaints
    return dict(sorted(languages.items())), total


def over_limit(rates):
    """Return why `rates` should stop a send, in the reader's language, or "" when they should not."""
    if rates.delivered < settings.NEWSLETTER_RATES_MIN_SAMPLE:
        return ""
    if rates.complaint_rate > settings.NEWSLETTER_COMPLAINT_RATE_LIMIT:
        reason = gettext(
            "Complaints reached %(rate)s of %(delivered)s delivered messages (%(count)s), "
            "above the limit of %(limit)s."
        )
        count, rate, limit = rates.complaints, rates.complaint_rate, settings.NEWSLETTER_COMPLAINT_RATE_LIMIT
    elif rates.hard_bounce_rate > settings.NEWSLETTER_HARD_BOUNCE_RATE_LIMIT:
        reason = gettext(
            "Hard bounces reached %(rate)s of %(delivered)s delivered messages (%(count)s), "
            "above the limit of %(limit)s."
        )
        count, rate = rates.hard_bounces, rates.hard_bounce_rate
        limit = settings.NEWSLETTER_HARD_BOUNCE_RATE_LIMIT
    else:
        return ""
    return reason % {
        "rate": percent(rate),
        "delivered": rates.delivered,
        "count": count,
        "limit": percent(limit),
    }


def watch(send_id):
    """Pause a sending send whose complaints or hard bounces passed their limit; return the reason or ""."""
    if not Send.objects.filter(pk=send_id, status=Send.Status.SENDING, rates_paused=False).exists():
        return ""
    _languages, total = by_language(send_id)
    reason = over_limit(total)
    if reason:
        auto_pause(Send(pk=send_id), reason, rates_paused=True)
    return reason


def percent(rate):
    """A rate as a percentage with the precision that its size needs: 0.35 %, 12 %."""
    value = rate * 100
    return f"{value:.2f} %" if value < 10 else f"{value:.0f} %"
