"""Settling batches whose worker died, from their journals, and claims of a vanished host."""

import datetime
import uuid

import pytest

from django.utils import timezone

from newsletter.models import Delivery, Send, Suppression
from newsletter.sending import journal, planning, sweeping
from tests.newsletter.factories import build_issue, bulk_subscribers

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimed(site, mailing_list, django_capture_on_commit_callbacks):
    """Four deliveries of a sending send, claimed by one batch: (send, claim, rows)."""
    issue = build_issue(site, ["en"])
    subscribers = bulk_subscribers(mailing_list, 4, ["en"])
    send = Send.objects.create(issue=issue["en"], status=Send.Status.SENDING, planned_at=timezone.now())
    claim = uuid.uuid4()
    rows = [
        Delivery.objects.create(
            send=send,
            subscriber=subscriber,
            language="en",
            status=Delivery.Status.SENDING,
            claim=claim,
            claimed_at=timezone.now(),
            claimed_on="this-host",
        )
        for subscriber in subscribers
    ]
    return send, claim, rows


def test_a_dead_batch_is_settled_by_what_its_journal_says(claimed, django_capture_on_commit_callbacks):
    send, claim, (accepted, refused, unanswered, untouched) = claimed
    entry = journal.Journal(claim, send.pk)
    entry.handed(accepted.pk)
    entry.replied(accepted.pk, 250, "2.0.0 Ok: queued")
    entry.replied(refused.pk, 550, "5.1.1 No such user")
    entry.handed(unanswered.pk)
    # The worker dies here: its lock goes with it, the journal stays.
    entry.abandon()

    with django_capture_on_commit_callbacks(execute=False) as restarted:
        assert sweeping.settle_dead_batches() == 1

    status = dict(Delivery.objects.values_list("pk", "status"))
    assert status[accepted.pk] == Delivery.Status.SENT
    assert status[refused.pk] == Delivery.Status.BOUNCED
    assert status[unanswered.pk] == Delivery.Status.SENT
    assert status[untouched.pk] == Delivery.Status.QUEUED
    assert Delivery.objects.get(pk=unanswered.pk).reply.startswith("No reply")
    assert Suppression.objects.is_suppressed(refused.subscriber.email)
    assert restarted, "the send's delivery tasks were not restarted"
    assert not list(journal.directory().glob("*.journal"))


def test_a_batch_whose_worker_lives_is_left_alone(claimed):
    send, claim, rows = claimed
    entry = journal.Journal(claim, send.pk)
    entry.handed(rows[0].pk)

    assert sweeping.settle_dead_batches() == 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENDING}
    entry.discard()


def test_claims_of_a_host_gone_for_good_are_sent_again_after_the_orphan_timeout(
    claimed, settings, django_capture_on_commit_callbacks
):
    send, claim, rows = claimed
    settings.NEWSLETTER_ORPHAN_AFTER = 3600

    assert sweeping.release_orphaned_claims() == 0
    Delivery.objects.update(claimed_at=timezone.now() - datetime.timedelta(hours=2), claimed_on="lost-host")
    with django_capture_on_commit_callbacks(execute=False):
        assert sweeping.release_orphaned_claims() == 4

    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.QUEUED}


def test_rows_already_sent_stay_sent_when_their_batchs_other_claims_are_orphaned(
    claimed, settings, django_capture_on_commit_callbacks
):
    send, claim, (sent_one, sent_two, lost_one, lost_two) = claimed
    settings.NEWSLETTER_ORPHAN_AFTER = 3600
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    Delivery.objects.update(claimed_at=long_ago, claimed_on="lost-host")
    # The batch settled two of its rows before its host vanished; the send is still unfinished.
    Delivery.objects.filter(pk__in=[sent_one.pk, sent_two.pk]).update(
        status=Delivery.Status.SENT, claim=None, sent_at=long_ago
    )

    with django_capture_on_commit_callbacks(execute=False):
        assert sweeping.release_orphaned_claims() == 2

    status = dict(Delivery.objects.values_list("pk", "status"))
    assert status == {
        sent_one.pk: Delivery.Status.SENT,
        sent_two.pk: Delivery.Status.SENT,
        lost_one.pk: Delivery.Status.QUEUED,
        lost_two.pk: Delivery.Status.QUEUED,
    }, "nobody already mailed is queued to be mailed again"


def test_a_planning_that_died_halfway_is_carried_on_by_the_sweeper(
    site, mailing_list, settings, monkeypatch, django_capture_on_commit_callbacks
):
    issue = build_issue(site, ["en"])
    bulk_subscribers(mailing_list, 7, ["en"])
    monkeypatch.setattr(planning, "SLICE_ROWS", (3,))
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue["en"], [mailing_list])
        next(planning.Planner(planning.begin(send.pk)[0]).slices())  # the worker dies here
    Send.objects.filter(pk=send.pk).update(
        last_progress_at=timezone.now() - datetime.timedelta(seconds=settings.NEWSLETTER_STALL_AFTER + 1)
    )

    started = []
    monkeypatch.setattr(sweeping.dispatch, "start", started.append)
    with django_capture_on_commit_callbacks(execute=False):
        assert send.pk in sweeping.restart_stalled_sends()
    assert started == [send.pk]

    # What the start task it dispatched does:
    with django_capture_on_commit_callbacks(execute=False):
        assert planning.start_send(send.pk) == 7
    send.refresh_from_db()
    assert (send.recipients, send.planned_at is not None) == (7, True)
    assert Delivery.objects.filter(send=send).count() == 7
