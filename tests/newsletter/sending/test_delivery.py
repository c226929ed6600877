"""Delivering a send over a real SMTP server with a real Celery worker."""

import re
import threading
import time
import uuid
from urllib.parse import urlsplit

import pytest

from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone

from newsletter import audience, tokens
from newsletter.addresses import email_hash
from newsletter.models import Delivery, RenderedMessage, Send, Subscriber, Suppression
from newsletter.sending import control, delivery, notices, planning
from tests.newsletter.factories import (
    GREETINGS,
    ArchivePageFactory,
    IssuePageFactory,
    SubscriberFactory,
    build_issue,
    bulk_subscribers,
)
from tests.newsletter.sending.support import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def send_and_wait(issue, mailing_list, **options):
    send = planning.create_send(issue, [mailing_list], **options)
    wait_until(
        lambda: Send.objects.get(pk=send.pk).status in {Send.Status.FINISHED, Send.Status.PAUSED},
        message="the send did not finish",
    )
    send.refresh_from_db()
    return send


def test_each_subscriber_receives_their_language_or_its_fallback(
    site, mailing_list, mail_server, celery_worker
):
    # Montenegrin is still a draft: its readers fall back to Serbian (Latin); German is not
    # translated at all: its readers get English, the source.
    published = ["en", "sq", "mk", "sr-latn", "ar"]
    issue = build_issue(site, published, drafts=["cnr"])
    readers = {
        code: SubscriberFactory(email=f"{code}@example.org", language=code, lists=[mailing_list])
        for code in [*published, "cnr", "de"]
    }

    send = send_and_wait(issue["en"], mailing_list)

    received = {message.recipients[0]: message for message in mail_server.wait_for(len(readers))}
    expected = {"cnr": "sr-latn", "de": "en"}
    for code, reader in readers.items():
        language = expected.get(code, code)
        message = received[reader.email].message
        assert message["Content-Language"] == language
        assert message["Subject"] == f"[{language}] {GREETINGS[language]}"
        assert GREETINGS[language] in received[reader.email].body("plain")
        assert GREETINGS[language] in received[reader.email].body("html")
    assert send.status == Send.Status.FINISHED
    assert Delivery.objects.filter(send=send, status=Delivery.Status.SENT).count() == len(readers)
    assert mail_server.message_ids().most_common(1)[0][1] == 1


def test_arabic_mail_is_written_right_to_left(site, mailing_list, mail_server, celery_worker):
    issue = build_issue(site, ["en", "ar"])
    SubscriberFactory(email="reader@example.org", language="ar", lists=[mailing_list])

    send_and_wait(issue["en"], mailing_list)

    html = mail_server.wait_for(1)[0].body("html")
    assert re.search(r'<html[^>]* lang="ar" dir="rtl"', html)


def test_every_message_carries_one_click_unsubscribe_and_list_headers(
    site, mailing_list, mail_server, celery_worker, settings, client
):
    settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX = "unsubscribe@example.org"
    issue = build_issue(site, ["en"])
    reader = SubscriberFactory(email="reader@example.org", name="Jovana Petrović", lists=[mailing_list])

    send = send_and_wait(issue["en"], mailing_list)

    received = mail_server.wait_for(1)[0]
    message = received.message
    assert message["To"].addresses[0].display_name == "Jovana Petrović"
    assert message["Message-ID"] == f"<{send.pk}.{send.key}.{reader.pk}@example.org>"
    assert message["List-Id"] == "Regional newsletter <regional.testserver>"
    assert message["Content-Language"] == "en"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click, mailto = re.findall(r"<([^>]+)>", str(message["List-Unsubscribe"]))
    # RFC 8058: the one-click address is the subscriber's own signed unsubscribe link.
    match = resolve(urlsplit(one_click).path)
    assert match.view_name == "newsletter:unsubscribe"
    assert tokens.read_token(tokens.UNSUBSCRIBE, match.kwargs["token"])["s"] == reader.pk
    assert mailto.startswith("mailto:unsubscribe@example.org?subject=unsubscribe%20")
    # The body offers the same links, visibly, in both parts.
    for part in ("plain", "html"):
        body = received.body(part)
        assert one_click in body
        preferences = re.search(r"http://testserver/newsletter/preferences/[^\s\"<]+", body)[0]
        assert resolve(urlsplit(preferences).path).view_name == "newsletter:preferences"
    # What a mailbox provider does with the header: POST, no cookie, no CSRF token.
    response = client.post(urlsplit(one_click).path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.parametrize("pipelining", [True, False], ids=["pipelined", "one-command-at-a-time"])
def test_pipelined_and_plain_smtp_deliver_every_message_once(
    site, mailing_list, mail_server, celery_worker, pipelining
):
    mail_server.pipelining = pipelining
    issue = build_issue(site, ["en", "sq"])
    for number in range(25):
        SubscriberFactory(language=["en", "sq"][number % 2], lists=[mailing_list])

    send_and_wait(issue["en"], mailing_list)

    assert len(mail_server.wait_for(25)) == 25
    assert set(mail_server.message_ids().values()) == {1}


def test_a_server_answering_421_for_a_while_gets_the_mail_later(
    site, mailing_list, mail_server, celery_worker, fast_retries
):
    issue = build_issue(site, ["en"])
    readers = [SubscriberFactory(lists=[mailing_list]) for _ in range(6)]
    mail_server.closing = 3

    send = send_and_wait(issue["en"], mailing_list)

    assert send.status == Send.Status.FINISHED
    assert sorted(m.recipients[0] for m in mail_server.wait_for(6)) == sorted(r.email for r in readers)
    assert set(mail_server.message_ids().values()) == {1}
    assert not Suppression.objects.exists()


def test_a_550_suppresses_that_address_and_it_is_never_tried_again(
    site, mailing_list, mail_server, celery_worker, fast_retries
):
    issue = build_issue(site, ["en"])
    gone = SubscriberFactory(email="gone@example.org", lists=[mailing_list])
    others = [SubscriberFactory(lists=[mailing_list]) for _ in range(3)]
    mail_server.refuse["gone@example.org"] = "550 5.1.1 No such user"

    send = send_and_wait(issue["en"], mailing_list)

    assert sorted(m.recipients[0] for m in mail_server.wait_for(3)) == sorted(o.email for o in others)
    bounced = Delivery.objects.get(send=send, subscriber=gone)
    assert bounced.status == Delivery.Status.BOUNCED
    assert bounced.reply.startswith("550 5.1.1")
    assert mail_server.rcpt_attempts["gone@example.org"] == 1
    assert Suppression.objects.is_suppressed("gone@example.org")
    gone.refresh_from_db()
    assert gone.status == Subscriber.Status.BOUNCED


def test_a_soft_bounce_is_retried_and_never_suppresses_on_the_first_try(
    site, mailing_list, mail_server, celery_worker, fast_retries
):
    issue = build_issue(site, ["en"])
    busy = SubscriberFactory(email="busy@example.org", lists=[mailing_list])
    mail_server.refuse["busy@example.org"] = ["450 4.2.1 Mailbox busy, try later"]

    send = send_and_wait(issue["en"], mailing_list)

    assert [m.recipients[0] for m in mail_server.wait_for(1)] == ["busy@example.org"]
    row = Delivery.objects.get(send=send, subscriber=busy)
    assert (row.status, row.attempts) == (Delivery.Status.SENT, 2)
    assert mail_server.rcpt_attempts["busy@example.org"] == 2
    assert not Suppression.objects.exists()


def test_soft_bounces_to_the_last_attempt_fail_without_suppressing(
    site, mailing_list, mail_server, celery_worker, fast_retries, settings
):
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    issue = build_issue(site, ["en"])
    full = SubscriberFactory(email="full@example.org", lists=[mailing_list])
    mail_server.refuse["full@example.org"] = "452 4.2.2 Mailbox full"

    send = send_and_wait(issue["en"], mailing_list)

    row = Delivery.objects.get(send=send, subscriber=full)
    assert (row.status, row.attempts) == (Delivery.Status.FAILED, 3)
    assert mail_server.rcpt_attempts["full@example.org"] == 3
    assert not Suppression.objects.exists()
    full.refresh_from_db()
    assert full.status == Subscriber.Status.ACTIVE


def test_an_unsubscribe_mid_send_stops_mail_to_that_person(
    site, mailing_list, mail_server, celery_worker, monkeypatch
):
    monkeypatch.setattr(delivery, "BATCH_SIZE", 2)
    issue = build_issue(site, ["en"])
    readers = [SubscriberFactory(lists=[mailing_list]) for _ in range(6)]
    leaving = readers[-1]
    mail_server.stall_after = 1

    send = planning.create_send(issue["en"], [mailing_list])
    assert mail_server.stalled.wait(15), "sending did not start"
    audience.unsubscribe(leaving)
    mail_server.stall_after = None
    mail_server.release()
    wait_until(lambda: Send.objects.get(pk=send.pk).status == Send.Status.FINISHED)

    received = [m.recipients[0] for m in mail_server.messages]
    assert sorted(received) == sorted(r.email for r in readers[:-1])
    assert Delivery.objects.get(send=send, subscriber=leaving).status == Delivery.Status.SKIPPED


@pytest.mark.django_db
def test_an_address_suppressed_mid_send_behind_the_audiences_back_gets_no_mail(
    site, mailing_list, mail_server, django_capture_on_commit_callbacks
):
    issue = build_issue(site, ["en"])
    staying = SubscriberFactory(email="staying@example.org", lists=[mailing_list])
    SubscriberFactory(email="restored@example.org", lists=[mailing_list])
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue["en"], [mailing_list])
        planning.start_send(send.pk)
    # Written straight into the table (a bulk import, a restored backup): the subscriber row
    # still says active.
    Suppression.objects.create(
        email_hash=email_hash("restored@example.org"), reason=Suppression.Reason.MANUAL
    )

    delivery.deliver(send.pk)

    assert [message.recipients[0] for message in mail_server.messages] == [staying.email]
    statuses = dict(Delivery.objects.filter(send=send).values_list("subscriber__email", "status"))
    assert statuses == {
        "staying@example.org": Delivery.Status.SENT,
        "restored@example.org": Delivery.Status.SKIPPED,
    }


def test_pause_stops_sending_and_resume_finishes_with_nobody_twice(
    site, mailing_list, mail_server, celery_worker, monkeypatch
):
    monkeypatch.setattr(delivery, "BATCH_SIZE", 2)
    issue = build_issue(site, ["en"])
    readers = [SubscriberFactory(lists=[mailing_list]) for _ in range(10)]
    mail_server.stall_after = 3

    send = planning.create_send(issue["en"], [mailing_list])
    assert mail_server.stalled.wait(15), "sending did not start"
    control.pause(send, "Checking a link")
    mail_server.stall_after = None
    mail_server.release()
    wait_until(lambda: not Delivery.objects.filter(send=send, status=Delivery.Status.SENDING).exists())
    paused_at = len(mail_server.messages)

    assert Send.objects.get(pk=send.pk).status == Send.Status.PAUSED
    assert paused_at < len(readers)
    assert (
        Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).count() == len(readers) - paused_at
    )

    control.resume(send)
    wait_until(lambda: Send.objects.get(pk=send.pk).status == Send.Status.FINISHED)
    assert sorted(m.recipients[0] for m in mail_server.messages) == sorted(r.email for r in readers)
    assert set(mail_server.message_ids().values()) == {1}


@pytest.mark.django_db
def test_cancel_ends_the_send_for_everyone_not_yet_mailed(
    site, mailing_list, mail_server, django_capture_on_commit_callbacks
):
    issue = build_issue(site, ["en"])
    for _ in range(4):
        SubscriberFactory(lists=[mailing_list])
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue["en"], [mailing_list])
        planning.start_send(send.pk)

    control.cancel(send)
    assert delivery.deliver(send.pk) is False

    assert mail_server.messages == []
    assert set(Delivery.objects.filter(send=send).values_list("status", flat=True)) == {
        Delivery.Status.CANCELLED
    }
    with pytest.raises(control.CannotChange):
        control.resume(send)


def test_a_mail_server_that_keeps_failing_pauses_the_send_with_the_reason(
    site, mailing_list, mail_server, celery_worker, fast_retries, settings
):
    settings.NEWSLETTER_AUTO_PAUSE_FAILURES = 3
    issue = build_issue(site, ["en"])
    for _ in range(5):
        SubscriberFactory(lists=[mailing_list])
    mail_server.closing = 1_000

    send = send_and_wait(issue["en"], mailing_list)

    assert send.status == Send.Status.PAUSED
    assert "421" in send.pause_reason
    assert mail_server.messages == []
    assert set(Delivery.objects.filter(send=send).values_list("status", flat=True)) == {
        Delivery.Status.QUEUED
    }


def test_a_wall_of_refusals_pauses_the_send_and_suppresses_nobody(
    site, mailing_list, mail_server, celery_worker
):
    issue = build_issue(site, ["en"])
    for number in range(30):
        reader = SubscriberFactory(lists=[mailing_list])
        if number >= 2:
            mail_server.refuse[reader.email] = "550 5.7.1 Relaying denied"

    send = send_and_wait(issue["en"], mailing_list)

    assert send.status == Send.Status.PAUSED
    assert "Relaying denied" in send.pause_reason
    assert not Suppression.objects.exists()
    assert Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).count() == 28


@pytest.mark.django_db
def test_delivering_costs_the_same_queries_for_20_or_60_recipients(
    site, mailing_list, mail_server, django_capture_on_commit_callbacks
):
    issue = build_issue(site, ["en", "sq"])

    def queries_to_deliver(count):
        for number in range(count):
            SubscriberFactory(language=["en", "sq"][number % 2], lists=[mailing_list])
        with django_capture_on_commit_callbacks(execute=False):
            send = planning.create_send(issue["en"], [mailing_list])
            planning.start_send(send.pk)
        with CaptureQueriesContext(connection) as queries:
            delivery.deliver(send.pk)
        return len(queries)

    assert queries_to_deliver(20) == queries_to_deliver(40)
    assert len(mail_server.messages) == 60


@pytest.mark.django_db
def test_an_address_soft_bouncing_three_sends_running_is_suppressed(
    site, mailing_list, mail_server, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_MAX_ATTEMPTS = 1
    full = SubscriberFactory(email="full@example.org", lists=[mailing_list])
    mail_server.refuse["full@example.org"] = "452 4.2.2 Mailbox full"
    archive = ArchivePageFactory(parent=site["en"])

    for number in range(3):
        with django_capture_on_commit_callbacks(execute=False):
            send = planning.create_send(IssuePageFactory(parent=archive), [mailing_list])
            planning.start_send(send.pk)
        delivery.deliver(send.pk)
        full.refresh_from_db()
        assert (full.status == Subscriber.Status.BOUNCED) == (number == 2)

    assert Suppression.objects.is_suppressed("full@example.org")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_claim_skips_the_rows_another_worker_is_claiming_instead_of_waiting(site, mailing_list):
    issue = build_issue(site, ["en"])
    subscribers = bulk_subscribers(mailing_list, 10, ["en"])
    send = Send.objects.create(issue=issue["en"], status=Send.Status.SENDING)
    Delivery.objects.bulk_create(Delivery(send=send, subscriber=s, language="en") for s in subscribers)
    RenderedMessage.objects.create(
        send=send, language="en", subject="Hello", html="<p>Hello</p>", text="Hello"
    )
    holding, release, held = threading.Event(), threading.Event(), []

    def other_worker():
        with transaction.atomic():
            held.extend(delivery.claimable(send, timezone.now())[:5])
            holding.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert holding.wait(10)
        rows = delivery.claim_batch(send, uuid.uuid4(), 5)
    finally:
        release.set()
        thread.join()

    claimed = {row[0] for row in rows}
    assert len(claimed) == 5
    assert claimed.isdisjoint(held)


@pytest.mark.postgres
def test_a_task_waiting_for_planning_delivers_as_soon_as_the_rendering_commits(
    site, mailing_list, mail_server, monkeypatch
):
    # Without the notice, the task would look again only after 12 s.
    monkeypatch.setattr(notices, "NOTICE_TIMEOUT", 12)
    issue = build_issue(site, ["en"])
    bulk_subscribers(mailing_list, 3, ["en"])
    send = Send.objects.create(issue=issue["en"], status=Send.Status.SENDING, started_at=timezone.now())
    send.mailing_lists.set([mailing_list])
    assert next(planning.Planner(send).slices()) == 3  # written, not rendered: nothing to claim
    took = []

    def delivery_task():
        started = time.monotonic()
        delivery.deliver(send.pk)
        took.append(time.monotonic() - started)
        connection.close()

    thread = threading.Thread(target=delivery_task)
    thread.start()
    try:
        time.sleep(0.5)
        planning.Planner(send).finish()  # renders the edition, then records the send as planned
        assert len(mail_server.wait_for(3)) == 3
    finally:
        thread.join(60)

    assert took and took[0] < 5
    assert Send.objects.get(pk=send.pk).status == Send.Status.FINISHED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_cancel_while_a_worker_holds_queued_rows_waits_for_it_instead_of_deadlocking(site, mailing_list):
    issue = build_issue(site, ["en"])
    subscribers = bulk_subscribers(mailing_list, 4, ["en"])
    send = Send.objects.create(issue=issue["en"], status=Send.Status.SENDING, planned_at=timezone.now())
    Delivery.objects.bulk_create(Delivery(send=send, subscriber=s, language="en") for s in subscribers)
    holding, go_on, errors = threading.Event(), threading.Event(), []

    def in_thread(work):
        try:
            work()
        except Exception as error:  # noqa: BLE001 - the test reports what went wrong
            errors.append(error)
        finally:
            connection.close()

    def worker():
        # Changes queued rows of the send, then notes the send's progress: deliveries, then the
        # send, the order every transaction touching both keeps (newsletter.sending.control).
        with transaction.atomic():
            Delivery.objects.filter(send=send).update(attempts=F("attempts") + 1)
            holding.set()
            go_on.wait(10)
            Send.objects.filter(pk=send.pk).update(last_progress_at=timezone.now())

    working = threading.Thread(target=in_thread, args=[worker])
    working.start()
    assert holding.wait(10)
    cancelling = threading.Thread(target=in_thread, args=[lambda: control.cancel(send)])
    cancelling.start()
    time.sleep(0.5)  # the cancel takes what it takes first, and waits for the rows
    go_on.set()
    working.join(30)
    cancelling.join(30)

    assert errors == []
    send.refresh_from_db()
    assert send.status == Send.Status.CANCELLED
    assert set(Delivery.objects.filter(send=send).values_list("status", flat=True)) == {
        Delivery.Status.CANCELLED
    }
