"""The send report's feedback figures come from what is recorded, each counted once."""

from datetime import timedelta

import pytest

from django.utils import timezone

from home.languages import language_name
from newsletter.engagement.report import comparison, summary
from newsletter.models import Delivery, FeedbackEvent, Send, Subscriber
from newsletter.sending import feedback
from tests.newsletter.factories import SubscriberFactory, build_issue

pytestmark = pytest.mark.django_db

FEEDBACK = ["recipients", "delivered", "hard_bounces", "soft_bounces", "complaints", "left:link", "left:esp"]


def figures(table, keys):
    """Return {row heading: [its values of `keys`]} of a report table."""
    return {row[0]: [row[table.keys.index(key)] for key in keys] for row in table.rows}


def make_send(issue, mailing_list, started):
    send = Send.objects.create(issue=issue, status=Send.Status.FINISHED, started_at=started)
    send.mailing_lists.set([mailing_list])
    return send


def test_bounces_complaints_and_unsubscribes_are_counted_once_in_the_right_send(site, mailing_list):
    issue = build_issue(site, ["en", "sq"])["en"]
    now = timezone.now()
    earlier = make_send(issue, mailing_list, now - timedelta(days=10))
    send = make_send(issue, mailing_list, now - timedelta(days=1))

    def reader(email, language, status=Subscriber.Status.ACTIVE):
        return SubscriberFactory(email=email, language=language, lists=[mailing_list], status=status)

    rows = {
        "stays": (reader("a@example.org", "en"), "sent"),
        "bounced": (reader("b@example.org", "en"), "bounced"),
        "complained": (reader("c@example.org", "sq"), "complained"),
        "left": (reader("d@example.org", "sq"), "sent"),
        "left_by_esp": (reader("e@example.org", "sq"), "sent"),
    }
    deliveries = {}
    for name, (subscriber, status) in rows.items():
        Delivery.objects.create(
            send=earlier, subscriber=subscriber, language=subscriber.language, status="sent",
            sent_at=now - timedelta(days=10),
        )  # fmt: skip
        deliveries[name] = Delivery.objects.create(
            send=send, subscriber=subscriber, language=subscriber.language, status=status,
            sent_at=now - timedelta(days=1),
        )  # fmt: skip
    for email, way in (("d@example.org", Subscriber.Way.LINK), ("e@example.org", Subscriber.Way.ESP)):
        Subscriber.objects.filter(email=email).update(
            status=Subscriber.Status.UNSUBSCRIBED,
            status_changed_at=now - timedelta(hours=20),
            unsubscribed_by=way,
        )
    FeedbackEvent.objects.create(
        esp="test", event_id="1", event_type=feedback.UNSUBSCRIBE, delivery=deliveries["left_by_esp"]
    )
    FeedbackEvent.objects.create(
        esp="test", event_id="2", event_type=feedback.SOFT_BOUNCE, delivery=deliveries["stays"]
    )

    assert figures(summary(send), FEEDBACK) == {
        language_name("en"): [2, 1, 1, 1, 0, 0, 0],
        language_name("sq"): [3, 2, 0, 0, 1, 1, 1],
        "All languages": [5, 3, 1, 1, 1, 1, 1],
    }
    # They left after the later send: the earlier one lost nobody.
    assert figures(summary(earlier), ["left:link", "left:esp"]) == {
        language_name("en"): [0, 0],
        language_name("sq"): [0, 0],
        "All languages": [0, 0],
    }
    assert [row[-1] for row in comparison(send).rows] == [2, 0]
