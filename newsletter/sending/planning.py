"""Create sends and start them: one set-based statement plans every recipient, then each
language is rendered once."""

import dataclasses
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, CharField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from home.languages import language_name
from home.localization import localize_all
from newsletter.engagement import consent, links
from newsletter.models import Delivery, MailingList, RenderedMessage, Send
from newsletter.sending import dispatch, recipients, wire
from newsletter.sending.rendering import render_edition

logger = logging.getLogger(__name__)


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
    """Plan and render a queued send, then hand it to the delivery tasks. Safe to repeat.

    A rendering that cannot go out as email pauses the send, with the reason, before anyone
    is mailed; resuming starts it again.
    """
    try:
        return _start(send_id)
    except wire.WireError as error:
        Send.objects.filter(pk=send_id, status=Send.Status.QUEUED).update(
            status=Send.Status.PAUSED, pause_reason=str(error)
        )
        return None


def _start(send_id):
    with transaction.atomic():
        send = Send.objects.select_for_update().filter(pk=send_id, status=Send.Status.QUEUED).first()
        if send is None:
            return None
        started_at = timezone.now()
        planned = plan(send)
        planned_at = timezone.now()
        render_messages(send)
        Send.objects.filter(pk=send.pk).update(
            status=Send.Status.SENDING if planned else Send.Status.FINISHED,
            started_at=started_at,
            planned_at=planned_at,
            finished_at=None if planned else planned_at,
            recipients=planned,
            last_progress_at=planned_at,
        )
        logger.info(
            "Send %s: planned %s recipients in %.2fs",
            send.pk,
            planned,
            (planned_at - started_at).total_seconds(),
        )
        if planned:
            dispatch.deliver(send.pk)
    return planned


def plan(send):
    """Write one queued delivery per recipient in one INSERT ... SELECT; return how many.

    Each row carries the language the recipient receives (the first published translation
    along their language's fallback chain) and the recipient's own language, which the
    interface around the content follows. Recipients with none in the chain get no row.
    """
    lists = MailingList.objects.filter(sends=send)
    subscribers = recipients.reached(send.issue, lists, send.languages)
    languages = subscribers.order_by().values_list("language", flat=True).distinct()
    receives = {
        code: target for code, target in recipients.language_plan(send.issue, languages).items() if target
    }
    if not receives:
        return 0
    rows = (
        subscribers.annotate(
            receives=Case(
                *(When(language=code, then=Value(target)) for code, target in receives.items()),
                output_field=CharField(),
            )
        )
        .filter(language__in=receives)
        .order_by()
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
    table = connection.ops.quote_name(Delivery._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (send_id, subscriber_id, language, reader_language, status, attempts, "  # noqa: S608 - names are ours, values are parameters
            "claimed_on, reply) "
            f"{select} ON CONFLICT DO NOTHING",
            params,
        )
        return cursor.rowcount


def render_messages(send):
    """Render the issue once for each language its deliveries receive, and the words around it
    once for each reader language among those recipients."""
    pages = recipients.translations(send.issue)
    lists = list(send.mailing_lists.all())
    pairs = (
        Delivery.objects.filter(send=send)
        .order_by("language", "reader_language")
        .values_list("language", "reader_language")
        .distinct()
    )
    editions = {}
    for language, reader_language in pairs:
        page = pages[language]
        if language not in editions:
            editions[language] = track_opens(
                send, language, track_links(send, language, render_edition(page, language))
            )
        list_name = list_title(lists, reader_language or language)
        rendered = editions[language].for_reader(reader_language, list_name=list_name)
        try:
            wire.wrap_lines(rendered.html, markup=True)
            wire.wrap_lines(rendered.text, markup=False)
        except wire.WireError as error:
            raise wire.WireError(
                _("The %(language)s version has a line too long for email; shorten it and resume.")
                % {"language": language_name(language)}
            ) from error
        RenderedMessage.objects.update_or_create(
            send=send,
            language=language,
            reader_language=reader_language,
            defaults={
                "page": page,
                "subject": rendered.subject,
                "preheader": rendered.preheader,
                "html": rendered.html,
                "text": rendered.text,
                "web_url": rendered.web_url,
                "list_name": list_name,
            },
        )


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
    html = links.add_pixel(send, language, rendered.html, per_reader=consent.history_allowed())
    return dataclasses.replace(rendered, html=html)


def list_title(mailing_lists, language):
    """Name the lists a send goes to, in `language` where they are translated."""
    return ", ".join(str(mailing_list) for mailing_list in localize_all(mailing_lists, language))
