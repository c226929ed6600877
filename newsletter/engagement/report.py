"""The report of one send: what each language's readers received and did, as tables.

Every figure comes from rows already recorded: deliveries (sent, bounced, complained), the
feedback events that ESPs reported (soft bounces, unsubscribes), subscribers who left after the
send (by the way they used), and the folded click counts (scanners apart), with the pixel's
loads (opens) for a send that counted them. Each table feeds the admin page (with its
chart), its CSV export and `newsletter_status --report` alike.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import TruncHour
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.languages import language_name
from newsletter.engagement import consent
from newsletter.models import Click, Delivery, FeedbackEvent, Link, LinkClicks, Send, Subscriber
from newsletter.sending import feedback

TIMELINE_HOURS = 72
PREVIOUS_SENDS = 5
# Where an unsubscribe's way was not recorded: staff's, an import's, or one from before ways were.
UNKNOWN_WAY = "unknown"

OPENS_CAVEAT = gettext_lazy(
    "Opens are an estimate, and an inflated one: Apple Mail Privacy Protection and Gmail's image "
    "proxy load a message's images for its reader, often whether or not anyone reads it. Clicks "
    "are the figure to trust."
)


@dataclass
class Table:
    """One table of the report: a key for its CSV, a title, column headings and rows of values."""

    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    note: str = ""
    # A name for each column, for code that picks one out (the admin's charts).
    keys: list = field(default_factory=list)


def rate(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def left_after(deliveries, send):
    """Return those of `deliveries` whose subscriber unsubscribed after it and before a later one."""
    later = Delivery.objects.filter(
        subscriber=OuterRef("subscriber"),
        id__gt=OuterRef("id"),
        sent_at__lt=OuterRef("subscriber__status_changed_at"),
    )
    return deliveries.filter(
        subscriber__status=Subscriber.Status.UNSUBSCRIBED,
        sent_at__isnull=False,
        subscriber__status_changed_at__gte=send.started_at or send.created_at,
    ).filter(~Exists(later))


def left_by_us(deliveries, send):
    """Return those of `deliveries` whose reader left by our own one-click, link or mailto address
    after it; the ESP's unsubscribes are its reported events, never counted here as well."""
    return (
        left_after(deliveries, send)
        .exclude(feedback__event_type=feedback.UNSUBSCRIBE)
        .exclude(subscriber__unsubscribed_by=Subscriber.Way.ESP)
    )


def _by_language(send):
    deliveries = Delivery.objects.filter(send=send)
    status = deliveries.values_list("language", "status").annotate(n=Count("id")).order_by()
    counts = defaultdict(Counter)
    for language, row_status, n in status:
        counts[language][row_status] += n
    for language, kind, n in (
        FeedbackEvent.objects.filter(delivery__send=send)
        .values_list("delivery__language", "event_type")
        .annotate(n=Count("delivery", distinct=True))
        .order_by()
    ):
        counts[language][f"event:{kind}"] += n
    # Subscribers who left by our own ways after this send reached them, each by the way they
    # used first: a second unsubscribe changes nothing (newsletter.audience.unsubscribe).
    for language, way, n in (
        left_by_us(deliveries, send)
        .values_list("language", "subscriber__unsubscribed_by")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[language][f"left:{way or UNKNOWN_WAY}"] += n
    clicks = (
        LinkClicks.objects.filter(link__send=send, link__kind=Link.Kind.CONTENT)
        .values_list("link__language")
        .annotate(readers=Sum("clicks"), scanners=Sum("scanner_clicks"))
        .order_by()
    )
    for language, readers, scanners in clicks:
        counts[language]["clicks"] += readers
        counts[language]["scanner"] += scanners
    honeypot = LinkClicks.objects.filter(link__send=send, link__kind=Link.Kind.HONEYPOT)
    for language, n in honeypot.values_list("link__language").annotate(n=Sum("scanner_clicks")).order_by():
        counts[language]["scanner"] += n
    if send.track_opens:
        opens = LinkClicks.objects.filter(link__send=send, link__kind=Link.Kind.OPEN)
        for language, n in opens.values_list("link__language").annotate(n=Sum("clicks")).order_by():
            counts[language]["opens"] += n
    if consent.history_allowed():
        for language, n in (
            Click.objects.filter(link__send=send, link__kind=Link.Kind.CONTENT)
            .values_list("link__language")
            .annotate(n=Count("subscriber", distinct=True))
            .order_by()
        ):
            counts[language]["unique"] += n
    return counts


def summary(send):
    """Return the table of what each language's edition did, with a total row.

    Readers who clicked (with consent) show only where click history is on, unsubscribes whose
    way was not recorded only where there are some, and opens only for a send that counted them.
    """
    counts = _by_language(send)
    total = Counter()
    for row in counts.values():
        total.update(row)
    columns = [
        ("language", _("Language")),
        ("recipients", _("Recipients")),
        ("delivered", _("Delivered")),
        ("hard_bounces", _("Hard bounces")),
        ("soft_bounces", _("Soft bounces")),
        ("complaints", _("Complaints")),
        ("left:one_click", _("Unsubscribed by one-click")),
        ("left:link", _("Unsubscribed by the link")),
        ("left:mailto", _("Unsubscribed by email")),
        ("left:esp", _("Unsubscribed through the ESP")),
        *([("left:unknown", _("Unsubscribed, way not recorded"))] if total[f"left:{UNKNOWN_WAY}"] else []),
        ("clicks", _("Clicks")),
        *([("unique", _("Readers who clicked (with consent)"))] if consent.history_allowed() else []),
        ("click_rate", _("Click rate %")),
        ("scanner", _("Scanner clicks (not counted)")),
        *([("opens", _("Opens (estimate)"))] if send.track_opens else []),
    ]
    table = Table(
        "summary", _("By language"), [heading for _key, heading in columns], keys=[key for key, _h in columns]
    )
    for language in sorted(counts):
        table.rows.append(_summary_row(language_name(language), counts[language], table.keys))
    table.rows.append(_summary_row(_("All languages"), total, table.keys))
    return table


def _summary_row(name, row, keys):
    delivered = row[Delivery.Status.SENT]
    values = {
        **{key: row[key] for key in keys},
        "language": name,
        "recipients": sum(row[status] for status in Delivery.Status.values),
        "delivered": delivered,
        "hard_bounces": row[Delivery.Status.BOUNCED],
        "soft_bounces": row[f"event:{feedback.SOFT_BOUNCE}"],
        "complaints": row[Delivery.Status.COMPLAINED],
        "left:esp": row[f"event:{feedback.UNSUBSCRIBE}"],
        "click_rate": rate(row["clicks"], delivered),
    }
    return [values[key] for key in keys]


def fallbacks(send):
    """Return the table of readers who got another language's edition, by language pair."""
    table = Table(
        "fallbacks",
        _("Fallbacks: readers whose language had no translation"),
        [_("Reader's language"), _("Edition received"), _("Readers")],
    )
    pairs = (
        Delivery.objects.filter(send=send)
        .exclude(reader_language="")
        .exclude(reader_language=F("language"))
        .values_list("reader_language", "language")
        .annotate(n=Count("id"))
        .order_by("reader_language", "language")
    )
    table.rows = [[language_name(reader), language_name(edition), n] for reader, edition, n in pairs]
    return table


def per_link(send):
    """Return the click-through of each link of each language's edition."""
    delivered = dict(
        Delivery.objects.filter(send=send, status=Delivery.Status.SENT)
        .values_list("language")
        .annotate(n=Count("id"))
        .order_by()
    )
    table = Table(
        "links",
        _("Links"),
        [
            _("Language"),
            _("Position"),
            _("Link text"),
            _("Target"),
            _("Clicks"),
            _("Click-through %"),
            _("Scanner clicks"),
        ],
    )
    links = (
        Link.objects.filter(send=send, kind=Link.Kind.CONTENT)
        .annotate(readers=Sum("hourly__clicks"), scanners=Sum("hourly__scanner_clicks"))
        .order_by("language", "position")
    )
    for link in links:
        readers = link.readers or 0
        table.rows.append(
            [
                language_name(link.language),
                link.position,
                link.text,
                link.target,
                readers,
                rate(readers, delivered.get(link.language, 0)),
                link.scanners or 0,
            ]
        )
    return table


def timeline(send):
    """Return readers' and scanners' clicks in each hour of the first TIMELINE_HOURS."""
    table = Table(
        "timeline", _("Clicks in the first 72 hours"), [_("Hour"), _("Clicks"), _("Scanner clicks")]
    )
    start = send.started_at or send.created_at
    if start is None:
        return table
    first = start.replace(minute=0, second=0, microsecond=0)
    hours = dict.fromkeys(range(TIMELINE_HOURS), (0, 0))
    rows = (
        LinkClicks.objects.filter(
            link__send=send, hour__gte=first, hour__lt=first + timedelta(hours=TIMELINE_HOURS)
        )
        .exclude(link__kind=Link.Kind.OPEN)
        .annotate(at=TruncHour("hour"))
        .values_list("at")
        .annotate(readers=Sum("clicks"), scanners=Sum("scanner_clicks"))
        .order_by()
    )
    for at, readers, scanners in rows:
        index = int((at - first).total_seconds() // 3600)
        hours[index] = (readers, scanners)
    table.rows = [[index, *hours[index]] for index in range(TIMELINE_HOURS)]
    return table


def comparison(send):
    """Return this send beside the previous sends to any of the same lists."""
    table = Table(
        "comparison",
        _("Compared with previous sends to the same lists"),
        [_("Issue"), _("Started"), _("Delivered"), _("Clicks"), _("Click rate %"), _("Unsubscribed")],
    )
    lists = send.mailing_lists.all()
    earlier = (
        Send.objects.filter(mailing_lists__in=lists, created_at__lte=send.created_at)
        .exclude(status__in=[Send.Status.SCHEDULED, Send.Status.CANCELLED])
        .distinct()
        .select_related("issue")
        .order_by("-created_at", "-id")[: PREVIOUS_SENDS + 1]
    )
    for other in earlier:
        delivered = other.deliveries.filter(status=Delivery.Status.SENT).count()
        clicks = (
            LinkClicks.objects.filter(link__send=other, link__kind=Link.Kind.CONTENT).aggregate(
                n=Sum("clicks")
            )["n"]
            or 0
        )
        left = (
            other.deliveries.filter(
                Q(feedback__event_type=feedback.UNSUBSCRIBE)
                | Q(pk__in=left_by_us(other.deliveries.all(), other))
            )
            .distinct()
            .count()
        )
        started = other.started_at or other.created_at
        table.rows.append(
            [
                other.issue.title,
                started.strftime("%Y-%m-%d %H:%M"),
                delivered,
                clicks,
                rate(clicks, delivered),
                left,
            ]
        )
    return table


def send_report(send):
    """Return every table of the report of `send`."""
    tables = [summary(send), fallbacks(send), per_link(send), timeline(send), comparison(send)]
    notes = [
        _(
            "Scanners (security gateways that fetch every link) are kept out of the clicks. Unique "
            "readers are counted only where the operator allows click history and the reader consented."
        )
    ]
    if send.track_opens:
        notes.append(str(OPENS_CAVEAT))
        notes.append(
            _(
                "Opens count every load of the image, not readers: a message opened twice counts "
                "twice, so no open rate is given."
            )
        )
    tables[0].note = " ".join(notes)
    return tables
