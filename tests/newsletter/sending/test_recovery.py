"""A send survives its workers dying and Redis restarting: everyone mailed once, nobody twice.

These tests run `celery worker` processes against a real SMTP server and kill them with
SIGKILL, as an out-of-memory killer or a lost machine would; see docs/sending.md.
"""

import datetime

import pytest

from django.utils import timezone

from newsletter.models import Delivery, Send
from newsletter.sending import journal, planning
from tests.newsletter.factories import build_issue, bulk_subscribers
from tests.newsletter.sending.support import MailServer, RedisServer, WorkerProcess, run_manage, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

RECIPIENTS = 120


@pytest.fixture
def through_the_broker():
    """Send tasks to the worker processes instead of running them in the test."""
    from config import celery_app

    celery_app.control.purge()
    celery_app.conf.task_always_eager = False
    yield celery_app
    celery_app.conf.task_always_eager = True


@pytest.fixture
def workers(tmp_path):
    """Start worker processes (`workers.start(name, **environment)`); stop them all afterwards."""
    started = []

    class Workers:
        def start(self, name, **environment):
            worker = WorkerProcess(tmp_path / f"{name}.log", **environment).wait_until_ready()
            started.append(worker)
            return worker

    yield Workers()
    for worker in started:
        worker.stop()


def expected_message_ids(send):
    subscriber_ids = Delivery.objects.filter(send=send).values_list("subscriber_id", flat=True)
    return {f"<{send.pk}.{send.key}.{pk}@example.org>" for pk in subscriber_ids}


def assert_everyone_mailed_once(server, send):
    received = server.message_ids()
    assert set(received) == expected_message_ids(send), "someone was missed, or mailed who should not be"
    assert set(received.values()) == {1}, f"mailed twice: {[i for i, n in received.items() if n > 1]}"
    assert set(Delivery.objects.filter(send=send).values_list("status", flat=True)) == {Delivery.Status.SENT}


def finished(send):
    return lambda: Send.objects.get(pk=send.pk).status == Send.Status.FINISHED


@pytest.mark.parametrize(
    "held_at",
    ["reply to the final dot", "reply to RCPT", None],
    ids=[
        "killed-after-the-server-took-a-message",
        "killed-before-a-message-went-out",
        "killed-at-an-unplanned-moment",
    ],
)
def test_a_worker_killed_mid_send_leaves_nobody_mailed_twice_or_missed(
    site, mailing_list, through_the_broker, workers, held_at
):
    issue = build_issue(site, ["en", "sq", "ar"])
    bulk_subscribers(mailing_list, RECIPIENTS, ["en", "sq", "ar"])
    with MailServer() as server:
        environment = {
            "NEWSLETTER_EMAIL_URL": server.url(),
            "NEWSLETTER_RATE_LIMIT": 0,
            "NEWSLETTER_CONNECTIONS": 2,
        }
        # The server holds its replies once 40 messages are in, so that the kill finds every
        # connection mid-transaction: with the message taken and unanswered, or not yet sent.
        # With no hold, the kill lands wherever sending happens to be.
        if held_at == "reply to the final dot":
            server.stall_after = 40
        elif held_at == "reply to RCPT":
            server.stall_rcpt_after = 40
        first = workers.start("first", **environment)

        send = planning.create_send(issue["en"], [mailing_list])
        if held_at:
            assert server.stalled.wait(60), first.output()
        else:
            wait_until(lambda: len(server.messages) >= 40, message=first.output())
        first.kill()
        server.stall_after = server.stall_rcpt_after = None
        server.release()

        if held_at:
            # The dead batches are still claimed, and their journals say how far they got.
            assert Delivery.objects.filter(send=send, status=Delivery.Status.SENDING).exists()
            assert list(journal.directory().glob("*.journal"))
        workers.start("second", **environment)
        wait_until(finished(send), timeout=90, message="the send did not finish after the restart")

        assert_everyone_mailed_once(server, send)
        assert len(server.messages) == RECIPIENTS
        if held_at == "reply to the final dot":
            # Messages the server took but never answered count as sent, and were not resent.
            assert Delivery.objects.filter(send=send, reply__startswith="No reply").exists()
        elif held_at == "reply to RCPT":
            # Messages the kill cut off before their content went out were sent again, once.
            assert 2 in server.rcpt_attempts.values()


def test_a_redis_restart_mid_send_loses_nothing_and_sends_nothing_twice(
    site, mailing_list, workers, tmp_path
):
    issue = build_issue(site, ["en", "sq"])
    bulk_subscribers(mailing_list, RECIPIENTS, ["en", "sq"])
    redis_server = RedisServer(tmp_path).start()
    try:
        with MailServer() as server:
            environment = {
                "REDIS_URL": redis_server.url,
                "NEWSLETTER_EMAIL_URL": server.url(),
                # Slow enough that the restart lands mid-send.
                "NEWSLETTER_RATE_LIMIT": 60,
                "NEWSLETTER_CONNECTIONS": 2,
                "NEWSLETTER_SWEEP_SECONDS": 1,
                "NEWSLETTER_STALL_AFTER": 3,
            }
            workers.start("worker", beat=True, **environment)
            started = run_manage(
                "send_newsletter", issue["en"].slug, "--list", mailing_list.slug, **environment
            )
            assert started.returncode == 0, started.stderr
            send = Send.objects.get()

            wait_until(lambda: len(server.messages) >= 30, message="sending did not start")
            # Everything Redis held goes: queued tasks, the rate limiter's bucket, beat's locks.
            redis_server.kill()
            redis_server.start()
            wait_until(finished(send), timeout=120, message="the send did not finish after Redis came back")

            assert len(server.messages) < RECIPIENTS + 1
            assert_everyone_mailed_once(server, send)
    finally:
        redis_server.stop()


def test_a_scheduled_send_is_started_by_beat_when_its_time_comes(site, mailing_list, workers):
    issue = build_issue(site, ["en"])
    bulk_subscribers(mailing_list, 5, ["en"])
    with MailServer() as server:
        scheduled_at = timezone.now() + datetime.timedelta(seconds=2)
        send = planning.create_send(issue["en"], [mailing_list], scheduled_at=scheduled_at)
        assert send.status == Send.Status.SCHEDULED

        workers.start(
            "scheduler", beat=True, NEWSLETTER_EMAIL_URL=server.url(), NEWSLETTER_SCHEDULE_SECONDS=1
        )
        wait_until(finished(send), timeout=60, message="beat did not start the scheduled send")

        send.refresh_from_db()
        assert send.started_at >= scheduled_at
        assert_everyone_mailed_once(server, send)
