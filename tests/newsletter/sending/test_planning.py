"""Planning a send: who gets a delivery row, in which language, and what they will read."""

import datetime
import uuid

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsletter import audience
from newsletter.addresses import email_hash
from newsletter.models import Delivery, RenderedMessage, Send, Subscriber, Suppression
from newsletter.sending import delivery, planning, recipients
from tests.newsletter.factories import (
    MailingListFactory,
    SubscriberFactory,
    build_issue,
    bulk_subscribers,
    paragraph,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(django_capture_on_commit_callbacks):
    """Create and plan a send without delivering it: `planned(issue, lists, **options)`."""

    def plan(issue, mailing_lists, **options):
        with django_capture_on_commit_callbacks(execute=False):
            send = planning.create_send(issue, mailing_lists, **options)
            planning.start_send(send.pk)
        send.refresh_from_db()
        return send

    return plan


def rows(send):
    return dict(Delivery.objects.filter(send=send).values_list("subscriber__email", "language"))


def test_each_recipient_gets_one_row_in_the_language_they_will_read(site, mailing_list, planned):
    issue = build_issue(site, ["en", "sq", "sr-latn", "ar"], drafts=["cnr"])
    for language in ["en", "sq", "sr-latn", "cnr", "de", "ar", "fr"]:
        SubscriberFactory(email=f"{language}@example.org", language=language, lists=[mailing_list])

    send = planned(issue["en"], [mailing_list])

    assert rows(send) == {
        "en@example.org": "en",
        "sq@example.org": "sq",
        "sr-latn@example.org": "sr-latn",
        "cnr@example.org": "sr-latn",
        "de@example.org": "en",
        "ar@example.org": "ar",
        "fr@example.org": "en",
    }
    # Each row also keeps the reader's own language, which the words around the content follow.
    readers = Delivery.objects.filter(send=send).values_list("subscriber__email", "reader_language")
    assert dict(readers) == {
        f"{code}@example.org": code for code in ["en", "sq", "sr-latn", "cnr", "de", "ar", "fr"]
    }
    assert (send.status, send.recipients) == (Send.Status.SENDING, 7)
    assert set(RenderedMessage.objects.filter(send=send).values_list("language", flat=True)) == {
        "en",
        "sq",
        "sr-latn",
        "ar",
    }


def test_suppressed_unsubscribed_and_unconfirmed_addresses_never_get_a_row(site, mailing_list, planned):
    issue = build_issue(site, ["en"])
    SubscriberFactory(email="active@example.org", lists=[mailing_list])
    for status in [Subscriber.Status.PENDING, Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED]:
        SubscriberFactory(email=f"{status}@example.org", status=status, lists=[mailing_list])
    SubscriberFactory(email="elsewhere@example.org", lists=[MailingListFactory()])
    # Suppressed, though the subscriber row still says active (an import, a restored backup).
    SubscriberFactory(email="suppressed@example.org", lists=[mailing_list])
    Suppression.objects.create(
        email_hash=email_hash("suppressed@example.org"), reason=Suppression.Reason.MANUAL
    )

    send = planned(issue["en"], [mailing_list])

    assert list(rows(send)) == ["active@example.org"]


def test_subscribers_of_several_chosen_lists_get_one_row(site, planned):
    issue = build_issue(site, ["en"])
    first, second = MailingListFactory(), MailingListFactory()
    SubscriberFactory(email="both@example.org", lists=[first, second])

    send = planned(issue["en"], [first, second])

    assert list(rows(send)) == ["both@example.org"]


def test_a_later_send_of_the_issue_leaves_out_whoever_already_has_it(site, mailing_list, planned):
    issue = build_issue(site, ["en", "sq"])
    SubscriberFactory(email="early@example.org", lists=[mailing_list])
    first = planned(issue["sq"], [mailing_list])
    SubscriberFactory(email="late@example.org", lists=[mailing_list])

    second = planned(issue["en"], [mailing_list])

    assert list(rows(first)) == ["early@example.org"]
    assert list(rows(second)) == ["late@example.org"]


def test_chosen_languages_limit_the_send_to_their_subscribers(site, mailing_list, planned):
    issue = build_issue(site, ["en", "sq", "mk"])
    for language in ["en", "sq", "mk"]:
        SubscriberFactory(email=f"{language}@example.org", language=language, lists=[mailing_list])

    send = planned(issue["en"], [mailing_list], languages=["sq", "mk"])

    assert rows(send) == {"sq@example.org": "sq", "mk@example.org": "mk"}


def test_nobody_gets_a_language_unpublished_along_their_whole_chain(site, mailing_list, planned):
    issue = build_issue(site, ["en", "sq"])
    issue["en"].unpublish()
    SubscriberFactory(email="de@example.org", language="de", lists=[mailing_list])
    SubscriberFactory(email="sq@example.org", language="sq", lists=[mailing_list])

    summary = {row.language: row for row in recipients.summary(issue["en"], [mailing_list])}
    send = planned(issue["en"], [mailing_list])

    assert summary["de"].receives is None
    assert (summary["sq"].receives, summary["sq"].status) == ("sq", recipients.PUBLISHED)
    assert summary["en"].status == recipients.DRAFT
    assert rows(send) == {"sq@example.org": "sq"}


def test_planning_takes_the_same_queries_for_ten_or_a_thousand_recipients_in_a_slice(
    site, planned, monkeypatch
):
    issue = build_issue(site, ["en", "sq"])
    monkeypatch.setattr(planning, "SLICE_ROWS", (5000,))

    def queries_to_plan(count, prefix):
        mailing_list = MailingListFactory()
        bulk_subscribers(mailing_list, count, ["en", "sq"], prefix=prefix)
        send = Send.objects.create(issue=issue["en"], status=Send.Status.SENDING)
        send.mailing_lists.set([mailing_list])
        planner = planning.Planner(send)
        with CaptureQueriesContext(connection) as queries:
            assert list(planner.slices()) == [count]
        return len(queries)

    queries_to_plan(1, "warm")  # the renderings' first look at the site's settings
    assert queries_to_plan(10, "small") == queries_to_plan(1000, "large")


def test_a_large_audience_is_planned_in_slices_that_deliver_before_the_last_is_written(
    site, mailing_list, monkeypatch, django_capture_on_commit_callbacks
):
    issue = build_issue(site, ["en", "sq"])
    bulk_subscribers(mailing_list, 30, ["en", "sq", "de"])
    monkeypatch.setattr(planning, "SLICE_ROWS", (4, 10))
    dispatched = []
    # As on a worker: the delivery tasks start beside the planning, not inside it.
    monkeypatch.setattr(planning.dispatch, "runs_inline", lambda: False)
    monkeypatch.setattr(
        planning.dispatch, "deliver", lambda send_id: dispatched.append(Delivery.objects.count())
    )
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue["en"], [mailing_list])
        assert planning.start_send(send.pk) == 30

    # Delivery was handed the first slice alone; the rest followed in slices of ten.
    assert dispatched == [4]
    send.refresh_from_db()
    assert (send.status, send.recipients, send.planned_at is not None) == (Send.Status.SENDING, 30, True)
    assert set(RenderedMessage.objects.filter(send=send).values_list("language", "reader_language")) == {
        ("en", "en"),
        ("sq", "sq"),
        ("en", "de"),
    }


def test_each_slice_renders_its_largest_language_and_the_next_slice_is_written_before_the_rest(
    site, mailing_list, monkeypatch, django_capture_on_commit_callbacks
):
    issue = build_issue(site, ["en", "sq", "de", "ar"])
    bulk_subscribers(mailing_list, 30, ["sq", "sq", "sq", "en", "en", "de", "ar"])
    monkeypatch.setattr(planning, "SLICE_ROWS", (4, 100))
    events = []
    write, render = planning.plan, planning.Planner.render

    def planned(*args, **kwargs):
        written = write(*args, **kwargs)
        events.append(written.total())
        return written

    def rendered(planner, language, reader_language):
        events.append(language)
        render(planner, language, reader_language)

    monkeypatch.setattr(planning, "plan", planned)
    monkeypatch.setattr(planning.Planner, "render", rendered)
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue["en"], [mailing_list])
        assert planning.start_send(send.pk) == 30

    # Delivery had Albanian (the first slice's largest language) to send while the second
    # slice was written, then English (the largest left); the others rendered at the end.
    assert events[:4] == [4, "sq", 26, "en"]
    assert sorted(events[4:]) == ["ar", "de"]
    assert RenderedMessage.objects.filter(send=send).count() == 4


def test_a_start_that_died_halfway_is_carried_on_without_writing_a_row_twice(
    site, mailing_list, monkeypatch, django_capture_on_commit_callbacks
):
    issue = build_issue(site, ["en"])
    bulk_subscribers(mailing_list, 12, ["en"])
    monkeypatch.setattr(planning, "SLICE_ROWS", (5,))
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue["en"], [mailing_list])
        send_id = send.pk
        planner = planning.Planner(planning.begin(send_id)[0])
        next(planner.slices())  # the worker dies after its first slice

        assert planning.start_send(send_id) == 12

    assert Delivery.objects.filter(send=send).count() == 12
    send.refresh_from_db()
    assert send.recipients == 12 and send.planned_at is not None


def test_two_starts_of_one_send_at_once_write_each_row_once(
    site, mailing_list, monkeypatch, django_capture_on_commit_callbacks
):
    issue = build_issue(site, ["en"])
    bulk_subscribers(mailing_list, 12, ["en"])
    monkeypatch.setattr(planning, "SLICE_ROWS", (5,))
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue["en"], [mailing_list])
        first = planning.Planner(planning.begin(send.pk)[0])
        # A sweeper's restart of a planning that was slow, not dead: both see no rows yet.
        second = planning.Planner(planning.begin(send.pk)[0])
        assert next(first.slices()) == 5

        # The second writes the first's slice around the rows already there, then the rest.
        assert list(second.slices()) == [0, 5, 2]
        assert second.finish() == 12

    assert Delivery.objects.filter(send=send).count() == 12


def test_a_row_waits_for_its_rendering(site, mailing_list, planned):
    issue = build_issue(site, ["en", "sq"])
    SubscriberFactory(email="en@example.org", lists=[mailing_list])
    SubscriberFactory(email="sq@example.org", language="sq", lists=[mailing_list])
    send = planned(issue["en"], [mailing_list])
    RenderedMessage.objects.filter(send=send, language="sq").delete()

    rows = delivery.claim_batch(send, uuid.uuid4(), 10)

    assert [row[2] for row in rows] == ["en@example.org"]


def test_starting_a_send_twice_plans_it_once(site, mailing_list, planned):
    issue = build_issue(site, ["en"])
    SubscriberFactory(lists=[mailing_list])
    send = planned(issue["en"], [mailing_list])

    assert planning.start_send(send.pk) is None
    assert Delivery.objects.filter(send=send).count() == 1


def test_a_scheduled_send_starts_once_when_its_time_comes(
    site, mailing_list, django_capture_on_commit_callbacks
):
    issue = build_issue(site, ["en"])
    SubscriberFactory(lists=[mailing_list])
    at = timezone.now() + datetime.timedelta(hours=1)
    send = planning.create_send(issue["en"], [mailing_list], scheduled_at=at)

    assert planning.start_due_sends(now=at - datetime.timedelta(seconds=1)) == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert planning.start_due_sends(now=at) == [send.pk]
        assert planning.start_due_sends(now=at) == []

    assert len(callbacks) == 1
    assert Send.objects.get(pk=send.pk).status == Send.Status.QUEUED


def test_an_edit_published_mid_send_does_not_change_what_the_rest_receive(
    site, mailing_list, mail_server, planned
):
    issue = build_issue(site, ["en"])
    SubscriberFactory(lists=[mailing_list])
    send = planned(issue["en"], [mailing_list])
    page = issue["en"]
    page.subject = "A different subject"
    page.save_revision().publish()

    delivery.deliver(send.pk)

    assert mail_server.wait_for(1)[0].message["Subject"] == "[en] Hello, network"


def test_a_send_nobody_would_receive_is_refused_and_leaves_no_trace(
    site, mailing_list, django_capture_on_commit_callbacks
):
    issue = build_issue(site, ["en", "sq"], drafts=["de"])
    issue["en"].unpublish()
    reader = SubscriberFactory(lists=[mailing_list])
    audience.unsubscribe(reader)
    SubscriberFactory(language="de", lists=[mailing_list])

    with django_capture_on_commit_callbacks(execute=False) as started, pytest.raises(planning.NobodyToSend):
        planning.create_send(issue["sq"], [mailing_list])

    assert not Send.objects.exists()
    assert not started


def test_a_send_whose_readers_all_left_before_it_started_finishes_at_once(
    site, mailing_list, django_capture_on_commit_callbacks
):
    issue = build_issue(site, ["en"])
    reader = SubscriberFactory(lists=[mailing_list])
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue["en"], [mailing_list])
    audience.unsubscribe(reader)

    planning.start_send(send.pk)

    send.refresh_from_db()
    assert (send.status, send.recipients) == (Send.Status.FINISHED, 0)


def test_an_issue_that_cannot_go_out_as_email_pauses_before_anyone_is_mailed(
    site, mailing_list, planned, settings
):
    # A line of 1,200 characters with nowhere to break it: SMTP allows 998. (A counted link
    # would be short: the link is sent as written.)
    settings.NEWSLETTER_TRACK_CLICKS = False
    issue = build_issue(
        site, ["en"], body=[paragraph(f'<a href="https://example.org/{"x" * 1200}">link</a>')]
    )
    SubscriberFactory(lists=[mailing_list])

    send = planned(issue["en"], [mailing_list])

    assert send.status == Send.Status.PAUSED
    assert "line too long" in send.pause_reason
    assert set(Delivery.objects.filter(send=send).values_list("status", flat=True)) == {
        Delivery.Status.QUEUED
    }
    assert not RenderedMessage.objects.filter(send=send).exists()
