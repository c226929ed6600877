"""Create sends and start them at once: recipients are planned in slices, each committed as it
is written, and each edition is rendered as soon as a slice needs it, so that the first messages
go out while the rest of a large audience is still being planned."""

import dataclasses
import logging
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, CharField, Count, F, Max, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from home.languages import content_language_codes, language_name
from home.localization import localize_all, nearest
from newsletter.engagement import consent, links
from newsletter.models import Delivery, MailingList, RenderedMessage, Send, Subscription
from newsletter.sending import dispatch, notices, recipients, wire
from newsletter.sending.rendering import render_edition
from newsletter.sending.settling import finish_if_done

logger = logging.getLogger(__name__)

# Recipients per planning slice, one transaction each. The first is one delivery batch, so
# that delivery starts after a few milliseconds of planning whatever the audience's size;
# the slices then grow until their few statements cost nothing beside their rows. The last
# size repeats.
SLICE_ROWS = (500, 5_000, 50_000, 100_000)
# A language code no subscriber has: the fallback chain of any language without a rule of its own.
UNLISTED_LANGUAGE = "-"


class NobodyToSend(Exception):
    """No subscriber of the lists (and languages) has a language with a published translation."""


def create_send(issue, mailing_lists, *, languages=(), scheduled_at=None, user=None, track_opens=False):
    """Record a send of `issue`; start it once the transaction commits, or at `scheduled_at`.

    Raises NobodyToSend, recording nothing, when nobody would receive it.
    """
    if not recipients.anyone_receives(issue, mailing_lists, languages):
        raise NobodyToSend
    with transaction.atomic():
        send = Send.objects.create(
            issue=issue,
            languages=sorted(languages),
            status=Send.Status.SCHEDULED if scheduled_at else Send.Status.QUEUED,
            scheduled_at=scheduled_at,
            created_by=user,
            track_opens=track_opens,
        )
        send.mailing_lists.set(mailing_lists)
        if not scheduled_at:
            dispatch.start(send.pk)
    return send


def start_due_sends(now=None):
    """Start every scheduled send whose time has come; return their ids."""
    now = now or timezone.now()
    started = []
    due = Send.objects.filter(status=Send.Status.SCHEDULED, scheduled_at__lte=now).values_list(
        "pk", flat=True
    )
    for send_id in due:
        with transaction.atomic():
            # Conditional, so that two schedulers running at once start a send only once.
            if Send.objects.filter(pk=send_id, status=Send.Status.SCHEDULED).update(
                status=Send.Status.QUEUED
            ):
                dispatch.start(send_id)
                started.append(send_id)
    return started


def start_send(send_id):
    """Plan and render a queued send while its delivery tasks already work; return how many
    recipients it has, or None if it was not waiting to start. Safe to repeat: a start that
    died halfway is carried on from its last slice.

    An edition that cannot go out as email pauses the send, with the reason, before any of its
    readers is mailed; resuming renders it again and carries on.
    """
    try:
        return _start(send_id)
    except wire.WireError as error:
        Send.objects.filter(pk=send_id, status__in=[Send.Status.QUEUED, Send.Status.SENDING]).update(
            status=Send.Status.PAUSED, pause_reason=str(error)
        )
        return None


def _start(send_id):
    send, fresh = begin(send_id)
    if send is None:
        return None
    planner = Planner(send)
    # Delivery starts with the first rows and waits in place for the rest; tasks that run
    # inline would wait on this very planning, so they start once it is done.
    deliver_early = fresh and not dispatch.runs_inline()
    for planned in planner.slices():
        if deliver_early and planned:
            dispatch.deliver(send.pk)
            fresh = deliver_early = False
    recipients_count = planner.finish()
    if fresh and recipients_count:
        dispatch.deliver(send.pk)
    return recipients_count


def begin(send_id):
    """Mark a queued send as sending, or find a sending one whose planning stopped halfway.

    Returns (send, fresh): fresh when this call started it, so its delivery tasks are still to
    be given; (None, False) when the send is not waiting to be planned.
    """
    now = timezone.now()
    with transaction.atomic():
        send = (
            Send.objects.select_for_update()
            .filter(Q(status=Send.Status.QUEUED) | Q(status=Send.Status.SENDING, planned_at__isnull=True))
            .filter(pk=send_id)
            .first()
        )
        if send is None:
            return None, False
        fresh = send.status == Send.Status.QUEUED
        if fresh:
            send.status = Send.Status.SENDING
            send.started_at = send.started_at or now
        send.last_progress_at = now
        send.save(update_fields=["status", "started_at", "last_progress_at"])
    return send, fresh


class Planner:
    """Write a send's delivery rows slice by slice and render each (edition, reader language)
    pair its rows need, once.

    Rendering an edition costs as much CPU as planning tens of thousands of rows, and a row
    can go out only once its edition is rendered. So each slice renders one waiting pair, the
    one with the most rows, and the next slice is written at once: delivery gets rows of one
    language to send on every connection while the other languages render, instead of a
    trickle of the first slice's rows, one language at a time. The pairs still waiting when
    the last slice is written are rendered before the send counts as planned.
    """

    def __init__(self, send):
        self.send = send
        self.lists = list(MailingList.objects.filter(sends=send))
        self.pages = recipients.translations(send.issue)
        self.receives = receive_language(send.issue)
        self.rendered = set(
            RenderedMessage.objects.filter(send=send).values_list("language", "reader_language")
        )
        self.editions = {}
        self.planned_up_to = (
            Delivery.objects.filter(send=send).aggregate(last=Max("subscriber_id"))["last"] or 0
        )
        # {pair: rows} of the rows written without a rendering yet. A start carried on after a
        # crash or a pause renders what its planned rows still lack.
        self.waiting = Counter()
        self.note_waiting(planned_pairs(send))

    def slices(self):
        """Plan the send slice by slice; yield how many rows each slice wrote. Stops early when
        the send is paused or cancelled meanwhile."""
        sizes = iter(SLICE_ROWS)
        size = next(sizes)
        while True:
            after = self.planned_up_to
            with transaction.atomic():
                upto = slice_end(self.lists, after, size)
                if upto is None:
                    return
                written = plan(self.send, self.lists, self.receives, after=after, upto=upto)
                planned = written.total()
                Send.objects.filter(pk=self.send.pk).update(
                    recipients=F("recipients") + planned, last_progress_at=timezone.now()
                )
                notices.announce(self.send.pk)
            self.planned_up_to = upto
            yield planned
            self.note_waiting(written)
            self.render_waiting(limit=1)
            if not self.still_sending():
                return
            size = next(sizes, size)

    def still_sending(self):
        """Whether planning goes on. A send cancelled mid-planning gets the rows written since
        its cancelling cancelled too."""
        status = Send.objects.filter(pk=self.send.pk).values_list("status", flat=True).first()
        if status == Send.Status.CANCELLED:
            Delivery.objects.filter(send=self.send, status=Delivery.Status.QUEUED).update(
                status=Delivery.Status.CANCELLED
            )
        return status == Send.Status.SENDING

    def note_waiting(self, written):
        """Add rows written ({pair: rows}) to those waiting, for the pairs with no rendering yet;
        new pairs in their order, so that of pairs with as many rows the first renders first."""
        for pair, rows in sorted(written.items()):
            if pair not in self.rendered:
                self.waiting[pair] += rows

    def render_waiting(self, limit=None):
        """Render up to `limit` (None: all) of the waiting pairs, those with the most rows first;
        each is committed at once, so delivery of its rows starts while the next one renders."""
        for pair, _rows in self.waiting.most_common(limit):
            self.render(*pair)
            self.rendered.add(pair)
            del self.waiting[pair]

    def render(self, language, reader_language):
        page = self.pages[language]
        if language not in self.editions:
            self.editions[language] = track_opens(
                self.send, language, track_links(self.send, language, render_edition(page, language))
            )
        list_name = list_title(self.lists, reader_language or language)
        rendered = self.editions[language].for_reader(reader_language, list_name=list_name)
        try:
            # Kept with its lines broken as they go on the wire (where a newline means what the
            # space did), so that no delivery process scans the 20 KB again to build its
            # templates (a few ms per pair in each process). The text part has no long lines
            # to speak of, and keeps its own: ESPs receive it as written.
            html = "\n".join(wire.wrap_lines(rendered.html, markup=True))
            wire.wrap_lines(rendered.text, markup=False)
        except wire.WireError as error:
            raise wire.WireError(
                _("The %(language)s version has a line too long for email; shorten it and resume.")
                % {"language": language_name(language)}
            ) from error
        try:
            with transaction.atomic():
                RenderedMessage.objects.create(
                    send=self.send,
                    language=language,
                    reader_language=reader_language,
                    page=page,
                    subject=rendered.subject,
                    preheader=rendered.preheader,
                    html=html,
                    text=rendered.text,
                    web_url=rendered.web_url,
                    list_name=list_name,
                )
                notices.announce(self.send.pk)
        except IntegrityError:
            pass  # a start carried on beside this one rendered it first: the same snapshot

    def finish(self):
        """Render the pairs still waiting and record that every recipient is planned; a send with
        nobody left finishes at once."""
        if self.waiting and self.still_sending():
            self.render_waiting()
        send = Send.objects.get(pk=self.send.pk)
        if send.status != Send.Status.SENDING:
            return send.recipients
        now = timezone.now()
        nobody = not send.recipients
        Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).update(
            planned_at=now,
            last_progress_at=now,
            **({"status": Send.Status.FINISHED, "finished_at": now} if nobody else {}),
        )
        # The delivery tasks waiting for more rows may now finish.
        notices.announce(send.pk)
        logger.info(
            "Send %s: planned %s recipients in %.2fs",
            send.pk,
            send.recipients,
            (now - send.started_at).total_seconds(),
        )
        if not nobody:
            # Its delivery tasks may all have seen the last row go before planning ended.
            finish_if_done(send)
        return send.recipients


def receive_language(issue):
    """The language each subscriber receives the issue in, as an SQL expression of their own
    language: the first published translation along its fallback chain, NULL if none."""
    published = {code: code for code, page in recipients.translations(issue).items() if page.live}
    codes = {*content_language_codes(), *settings.LANGUAGE_FALLBACKS}
    return Case(
        *(
            When(language=code, then=Value(target))
            for code in sorted(codes)
            if (target := nearest(published, code))
        ),
        default=Value(nearest(published, UNLISTED_LANGUAGE)),
        output_field=CharField(),
    )


def slice_end(mailing_lists, after, size):
    """The subscriber id that ends the next slice of up to `size` list members past `after`, or
    None when none is left. Counted on the lists alone (their index, in id order): who of
    them is reached is the slice's own statement's business."""
    members = (
        Subscription.objects.filter(mailing_list__in=mailing_lists, subscriber_id__gt=after)
        .order_by("subscriber_id")
        .values_list("subscriber_id", flat=True)
    )
    end = next(iter(members[size - 1 : size]), None)
    return end or members.aggregate(last=Max("subscriber_id"))["last"]


def planned_pairs(send):
    """{(edition, reader language): rows} of the rows a send already has: none for a fresh
    start, those of the slices written before a crash or a pause for a carried-on one."""
    rows = (
        Delivery.objects.filter(send=send)
        .values_list("language", "reader_language")
        .annotate(rows=Count("id"))
        .order_by()
    )
    return Counter({(language, reader_language): count for language, reader_language, count in rows})


def plan(send, mailing_lists, receives, *, after, upto):
    """Write one queued delivery per reached subscriber with an id in (after, upto] in one
    INSERT ... SELECT; return {(edition, reader language): rows written}.

    Each row carries the language the recipient receives (`receives`) and the recipient's own
    language, which the interface around the content follows. Recipients with no published
    translation along their chain get no row; rows already written are left as they are.

    The rows are written with a plain INSERT: none of them can exist yet, as a start carries
    on past the last subscriber its send has a row for, and each slice commits whole. Only a
    second start of the same send running at once (a sweeper's restart of a planning that
    was slow, not dead) can have written some: the unique (send, subscriber) constraint then
    refuses the slice, which is written again around the rows already there. Checking every
    row for a conflict up front (ON CONFLICT) would cost a quarter of the statement.
    """
    subscribers = recipients.reached(
        send.issue, mailing_lists, send.languages, planning=send, ids=(after, upto)
    )
    rows = (
        subscribers.annotate(receives=receives)
        .filter(receives__isnull=False)
        .order_by("pk")
        .values_list(
            Value(send.pk),
            "pk",
            "receives",
            "language",
            Value(Delivery.Status.QUEUED),
            Value(0),
            Value(""),
            Value(""),
        )
    )
    select, params = rows.query.sql_with_params()
    try:
        with transaction.atomic():
            return insert_rows(select, params)
    except IntegrityError:
        return insert_rows(select, params, skip_existing=True)


def insert_rows(select, params, *, skip_existing=False):
    """Insert the deliveries `select` yields; return {(edition, reader language): rows written}.

    Counted by the INSERT itself (RETURNING), so that no statement reads the rows again to
    learn which editions they wait for. PostgreSQL sums them up in the database; other
    databases, whose INSERT cannot feed a query, return them row by row.
    """
    table = connection.ops.quote_name(Delivery._meta.db_table)
    insert = (
        f"INSERT INTO {table} (send_id, subscriber_id, language, reader_language, status, attempts, "  # noqa: S608 - names are ours, values are parameters
        f"claimed_on, reply) {select}{' ON CONFLICT DO NOTHING' if skip_existing else ''} "
        "RETURNING language, reader_language"
    )
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(insert, params)
            return Counter(map(tuple, cursor.fetchall()))
        # The rows returned wait in memory to be counted: a slice's take a few MB, more than
        # the default work_mem, and would otherwise be written to a temporary file first.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(
            f"WITH written AS ({insert}) "  # noqa: S608 - our own statement
            "SELECT language, reader_language, COUNT(*) FROM written GROUP BY language, reader_language",
            params,
        )
        return Counter({(language, reader_language): rows for language, reader_language, rows in cursor})


def track_links(send, language, rendered):
    """Return the rendering with its links through our counted redirect, when clicks are tracked."""
    if not settings.NEWSLETTER_TRACK_CLICKS:
        return rendered
    html, text = links.rewrite(
        send, language, rendered.html, rendered.text, per_reader=consent.history_allowed()
    )
    return dataclasses.replace(rendered, html=html, text=text)


def track_opens(send, language, rendered):
    """Return the rendering with an image that counts its opens, when staff chose so for this send."""
    if not send.track_opens:
        return rendered
    # Counted in total only, never as a reader's: consent to click history covers links alone.
    html = links.add_pixel(send, language, rendered.html)
    return dataclasses.replace(rendered, html=html)


def list_title(mailing_lists, language):
    """Name the lists a send goes to, in `language` where they are translated."""
    return ", ".join(str(mailing_list) for mailing_list in localize_all(mailing_lists, language))
