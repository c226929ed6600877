"""Bounces and complaints read from a real POP3 or IMAP mailbox, as beat's task reads them."""

import pytest

from newsletter.bounces import mailbox
from newsletter.bounces.processing import Result
from newsletter.models import Delivery, FeedbackEvent, Subscriber, Suppression
from newsletter.tasks import poll_bounce_mailbox_task
from tests.newsletter.bounces.conftest import sample

pytestmark = pytest.mark.django_db


def standing(delivery):
    delivery.refresh_from_db()
    return delivery.status, Subscriber.objects.get(pk=delivery.subscriber_id).status


def test_a_dsn_and_an_arf_report_in_a_pop3_mailbox_suppress_the_right_subscribers_once(
    deliveries, pop3_server
):
    ana, ben, cleo = deliveries["ana"], deliveries["ben"], deliveries["cleo"]
    pop3_server.drop(sample("postfix_dsn", ana))
    pop3_server.drop(sample("yahoo_arf", ben))

    poll_bounce_mailbox_task()

    assert standing(ana) == (Delivery.Status.BOUNCED, Subscriber.Status.BOUNCED)
    assert standing(ben) == (Delivery.Status.COMPLAINED, Subscriber.Status.COMPLAINED)
    assert standing(cleo) == (Delivery.Status.SENT, Subscriber.Status.ACTIVE)
    assert sorted(Suppression.objects.values_list("reason", flat=True)) == [
        Suppression.Reason.HARD_BOUNCE,
        Suppression.Reason.COMPLAINT,
    ]
    assert not Subscriber.objects.get(pk=ben.subscriber_id).subscriptions.exists(), "consent withdrawn"
    assert pop3_server.messages == {}, "processed messages are deleted"

    # The same reports again (a mailbox restored from backup, a server that retried): nothing changes.
    pop3_server.drop(sample("postfix_dsn", ana))
    pop3_server.drop(sample("yahoo_arf", ben))
    assert mailbox.poll() == {Result.REPEATED: 2}
    assert FeedbackEvent.objects.count() == 2
    assert Suppression.objects.count() == 2


def test_an_imap_mailbox_yields_exchange_and_microsoft_reports_matched_without_verp(
    deliveries, imap_server, settings
):
    ana, ben = deliveries["ana"], deliveries["ben"]
    # Exchange's DSN comes back to the plain bounce address; Microsoft's ARF to the FBL address.
    exchange = sample("exchange_dsn", ana, verp="bounces@example.org")
    imap_server.drop(exchange)
    imap_server.drop(sample("microsoft_arf", ben))

    assert mailbox.poll() == {Result.APPLIED: 2}

    assert standing(ana) == (Delivery.Status.BOUNCED, Subscriber.Status.BOUNCED)
    assert standing(ben) == (Delivery.Status.COMPLAINED, Subscriber.Status.COMPLAINED)
    assert imap_server.messages == {}


def test_automatic_replies_are_ignored_and_strange_mail_is_kept_unread_again(deliveries, imap_server):
    ana = deliveries["ana"]
    imap_server.drop(sample("vacation_reply", ana))
    kept = imap_server.drop(sample("not_a_report", ana))
    kept_too = imap_server.drop(b"From: someone@example.net\r\nSubject: hello\r\n\r\nJust saying hello.\r\n")

    assert mailbox.poll() == {Result.IGNORED: 1, Result.UNREADABLE: 1, Result.NOT_A_REPORT: 1}
    assert mailbox.poll() == {}, "kept messages are not read again"

    assert set(imap_server.messages) == {kept, kept_too}
    assert imap_server.seen() == {kept, kept_too}
    assert standing(ana) == (Delivery.Status.SENT, Subscriber.Status.ACTIVE)
    assert not Suppression.objects.exists()


def test_pop3_keeps_strange_mail_and_does_not_read_it_twice(deliveries, pop3_server):
    kept = pop3_server.drop(sample("not_a_report", deliveries["ana"]))

    assert mailbox.poll() == {Result.UNREADABLE: 1}
    assert mailbox.poll() == {}
    assert set(pop3_server.messages) == {kept}


def test_a_soft_bounce_is_counted_and_a_delay_warning_ignored(deliveries, pop3_server):
    ana, ben = deliveries["ana"], deliveries["ben"]
    pop3_server.drop(
        sample("gmail_dsn", ana, status="4.2.2", reply="452 4.2.2 The email account is over quota.")
    )
    pop3_server.drop(sample("gmail_dsn", ben, action="delayed", status="4.4.1", reply="421 4.4.1 Timeout"))

    assert mailbox.poll() == {Result.APPLIED: 1, Result.IGNORED: 1}

    assert FeedbackEvent.objects.get().event_type == "soft_bounce"
    assert FeedbackEvent.objects.get().delivery == ana
    assert standing(ana) == (Delivery.Status.SENT, Subscriber.Status.ACTIVE)
    assert not Suppression.objects.exists()


def test_a_report_to_a_forged_verp_address_changes_nothing(deliveries, pop3_server):
    ana = deliveries["ana"]
    forged = sample("postfix_dsn", ana, verp=f"bounces+{ana.pk}-0000000000@bounces.example.org")
    pop3_server.drop(forged)

    assert mailbox.poll() == {Result.FORGED: 1}

    assert standing(ana) == (Delivery.Status.SENT, Subscriber.Status.ACTIVE)
    assert len(pop3_server.messages) == 1, "kept for a person to look at"


def test_a_mailbox_that_refuses_the_login_is_tried_again_at_the_next_poll(deliveries, pop3_server):
    pop3_server.drop(sample("postfix_dsn", deliveries["ana"]))

    assert mailbox.poll(pop3_server.url(password="wrong")) == {}
    assert mailbox.poll() == {Result.APPLIED: 1}


def test_no_mailbox_no_polling(settings):
    settings.BOUNCE_MAILBOX_URL = ""
    assert mailbox.poll() == {}
