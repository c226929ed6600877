"""Bounces, complaints and unsubscribes reported by ESPs, through anymail's own webhook views."""

import base64
import hashlib
import hmac
import json

import pytest

from newsletter import tokens
from newsletter.models import Delivery, FeedbackEvent, Send, Subscriber, Suppression
from newsletter.sending import feedback
from newsletter.sending.smtp import Reply
from tests.newsletter.factories import SubscriberFactory, build_issue

SIGNING_KEY = "mailgun-signing-key"
WEBHOOK_SECRET = "anymail:webhook-secret"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def esp_settings(settings, esp_webhooks):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": WEBHOOK_SECRET}
    esp_webhooks("mailgun", "postmark")


@pytest.fixture
def sent(site, mailing_list):
    """A finished send with one delivered message to reader@example.org."""
    issue = build_issue(site, ["en"])
    reader = SubscriberFactory(email="reader@example.org", lists=[mailing_list])
    send = Send.objects.create(issue=issue["en"], status=Send.Status.FINISHED)
    row = Delivery.objects.create(send=send, subscriber=reader, language="en", status=Delivery.Status.SENT)
    return row


def auth(secret=WEBHOOK_SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def mailgun_event(event_data, *, token="event-1", key=SIGNING_KEY):  # noqa: S107 - a webhook nonce
    timestamp = "1763942400"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {"timestamp": 1763942400.0, **event_data},
    }


def mailgun_bounce(delivery, **overrides):
    send = delivery.send
    return mailgun_event(
        {
            "event": "failed",
            "severity": "permanent",
            "reason": "bounce",
            "recipient": delivery.subscriber.email,
            "message": {
                "headers": {"message-id": f"{send.pk}.{send.key}.{delivery.subscriber_id}@example.org"}
            },
            "delivery-status": {"code": 550, "message": "5.1.1 The email account does not exist"},
        },
        **overrides,
    )


def postmark(record):
    return json.dumps(record)


def post_mailgun(client, payload, **headers):
    return client.post(
        "/anymail/mailgun/tracking/",
        json.dumps(payload),
        content_type="application/json",
        **(headers or auth()),
    )


def post_postmark(client, record, **headers):
    return client.post(
        "/anymail/postmark/tracking/", postmark(record), content_type="application/json", **headers
    )


def test_a_hard_bounce_suppresses_the_address_and_marks_its_delivery(client, sent):
    response = post_mailgun(client, mailgun_bounce(sent))

    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.BOUNCED
    assert "does not exist" in sent.reply
    assert Suppression.objects.get().reason == Suppression.Reason.HARD_BOUNCE
    assert Subscriber.objects.get(pk=sent.subscriber_id).status == Subscriber.Status.BOUNCED


def test_a_webhook_with_a_bad_signature_changes_nothing(client, sent):
    response = post_mailgun(client, mailgun_bounce(sent, key="not-the-key"))

    assert response.status_code == 400
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.SENT
    assert not Suppression.objects.exists()
    assert not FeedbackEvent.objects.exists()


def test_a_webhook_without_the_shared_secret_changes_nothing(client, sent):
    complaint = {
        "RecordType": "SpamComplaint",
        "Type": "SpamComplaint",
        "ID": 42,
        "Email": "reader@example.org",
    }

    assert post_postmark(client, complaint, **auth("anymail:guess")).status_code == 400
    assert post_postmark(client, complaint).status_code == 400

    assert Subscriber.objects.get(pk=sent.subscriber_id).status == Subscriber.Status.ACTIVE
    assert not Suppression.objects.exists()


def test_a_complaint_suppresses_the_address(client, sent):
    complaint = {
        "RecordType": "SpamComplaint",
        "Type": "SpamComplaint",
        "ID": 43,
        "Email": "reader@example.org",
        "BouncedAt": "2026-11-24T10:00:00Z",
        "Metadata": {"newsletter_send": str(sent.send_id), "newsletter_subscriber": str(sent.subscriber_id)},
    }

    assert post_postmark(client, complaint, **auth()).status_code == 200

    sent.refresh_from_db()
    assert sent.status == Delivery.Status.COMPLAINED
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINT
    assert Subscriber.objects.get(pk=sent.subscriber_id).status == Subscriber.Status.COMPLAINED


def test_the_same_event_delivered_again_is_applied_once(client, sent):
    bounce = mailgun_bounce(sent)

    # ESPs retry until they get a 200, so a repeat is answered 200 and ignored.
    for _ in range(3):
        assert post_mailgun(client, bounce).status_code == 200

    assert FeedbackEvent.objects.count() == 1
    assert Suppression.objects.count() == 1
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.BOUNCED


def test_events_out_of_order_never_undo_a_stronger_one(client, sent):
    complaint = {
        "RecordType": "SpamComplaint",
        "Type": "SpamComplaint",
        "ID": 50,
        "Email": "reader@example.org",
    }
    assert post_postmark(client, complaint, **auth()).status_code == 200
    # The bounce happened earlier but arrives later.
    assert post_mailgun(client, mailgun_bounce(sent, token="token-late")).status_code == 200
    delivered = mailgun_event(
        {
            "event": "delivered",
            "recipient": "reader@example.org",
            "message": {"headers": {"message-id": "x"}},
        },
        token="token-delivered",
    )
    assert post_mailgun(client, delivered).status_code == 200

    sent.refresh_from_db()
    assert sent.status == Delivery.Status.COMPLAINED
    assert Subscriber.objects.get(pk=sent.subscriber_id).status == Subscriber.Status.COMPLAINED
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINT


def test_a_soft_bounce_never_suppresses_on_its_own(client, sent):
    deferred = mailgun_event(
        {
            "event": "failed",
            "severity": "temporary",
            "recipient": "reader@example.org",
            "delivery-status": {"code": 452, "message": "4.2.2 Mailbox full"},
        }
    )

    assert post_mailgun(client, deferred).status_code == 200

    assert FeedbackEvent.objects.get().event_type == feedback.SOFT_BOUNCE
    assert not Suppression.objects.exists()
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.SENT


def test_an_address_soft_bouncing_three_sends_running_is_suppressed(client, sent):
    rows = [sent]
    for _ in range(2):
        send = Send.objects.create(issue=sent.send.issue, status=Send.Status.FINISHED)
        rows.append(
            Delivery.objects.create(
                send=send, subscriber=sent.subscriber, language="en", status=Delivery.Status.SENT
            )
        )

    for number, row in enumerate(rows):
        record = {
            "RecordType": "Bounce",
            "Type": "SoftBounce",
            "ID": 100 + number,
            "Email": "reader@example.org",
            "Metadata": {
                "newsletter_send": str(row.send_id),
                "newsletter_subscriber": str(row.subscriber_id),
            },
        }
        assert post_postmark(client, record, **auth()).status_code == 200
        assert Suppression.objects.exists() == (number == 2)

    assert Subscriber.objects.get(pk=sent.subscriber_id).status == Subscriber.Status.BOUNCED


def test_an_unsubscribe_reported_by_the_esp_stops_mail(client, sent):
    change = {
        "RecordType": "SubscriptionChange",
        "SuppressSending": True,
        "SuppressionReason": "ManualSuppression",
        "Recipient": "reader@example.org",
        "ChangedAt": "2026-11-24T10:00:00Z",
        "ID": 77,
    }

    assert post_postmark(client, change, **auth()).status_code == 200

    assert Subscriber.objects.get(pk=sent.subscriber_id).status == Subscriber.Status.UNSUBSCRIBED
    assert Suppression.objects.get().reason == Suppression.Reason.UNSUBSCRIBED


def mailgun_inbound(subject, *, key=SIGNING_KEY):
    timestamp, token = "1763942400", "inbound-token"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "recipient": "unsubscribe@example.org",
        "sender": "reader@example.org",
        "from": "reader@example.org",
        "subject": subject,
        "body-plain": "",
        "message-headers": json.dumps(
            [["From", "reader@example.org"], ["To", "unsubscribe@example.org"], ["Subject", subject]]
        ),
        "timestamp": timestamp,
        "token": token,
        "signature": signature,
    }


def test_mail_to_the_unsubscribe_address_with_its_token_unsubscribes(client, sent):
    token = tokens.make_token(tokens.UNSUBSCRIBE, sent.subscriber_id)

    response = client.post("/anymail/mailgun/inbound/", mailgun_inbound(f"unsubscribe {token}"), **auth())

    assert response.status_code == 200
    assert Subscriber.objects.get(pk=sent.subscriber_id).status == Subscriber.Status.UNSUBSCRIBED


def test_mail_to_the_unsubscribe_address_with_a_forged_token_changes_nothing(client, sent):
    forged = tokens.make_token(tokens.MANAGE, sent.subscriber_id)

    response = client.post("/anymail/mailgun/inbound/", mailgun_inbound(f"unsubscribe {forged}"), **auth())

    assert response.status_code == 200
    assert Subscriber.objects.get(pk=sent.subscriber_id).status == Subscriber.Status.ACTIVE
    assert not Suppression.objects.exists()


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        (Reply(250, "2.0.0 Ok: queued"), feedback.SENT),
        (Reply(421, "4.3.2 Shutting down"), feedback.DEFER),
        (Reply(450, "4.2.1 Mailbox busy"), feedback.DEFER),
        (Reply(550, "5.1.1 No such user"), feedback.BOUNCE),
        (Reply(550, "No such user here"), feedback.BOUNCE),
        (Reply(550, "5.2.1 Mailbox disabled"), feedback.BOUNCE),
        (Reply(552, "5.2.2 Mailbox full"), feedback.FAIL),
        (Reply(554, "5.7.1 Relay access denied"), feedback.FAIL),
        (Reply(554, "Transaction failed"), feedback.FAIL),
    ],
)
def test_smtp_replies_are_classified_like_bounces(reply, verdict):
    assert feedback.classify(reply) == verdict
