"""Nobody but the configured ESP, authenticated, can report a bounce or a complaint."""

import json

import pytest

from django.test import Client

from newsletter.models import Subscriber, Suppression
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

ESPS = ["amazon_ses", "brevo", "mailgun", "mailjet", "mandrill", "postmark", "sendgrid", "sparkpost"]


def forged_hard_bounce():
    """A Postmark "HardBounce" for a subscriber, as anyone could post it."""
    return json.dumps(
        {"RecordType": "Bounce", "Type": "HardBounce", "TypeCode": 1, "ID": 42, "Email": "ana@example.org"}
    )


@pytest.fixture
def ana(mailing_list):
    return SubscriberFactory(email="ana@example.org", lists=[mailing_list])


def assert_untouched(subscriber):
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert not Suppression.objects.exists()


@pytest.mark.parametrize("esp", ESPS)
def test_without_an_esp_every_webhook_address_is_a_plain_404(ana, esp):
    for kind in ("tracking", "inbound"):
        response = Client(raise_request_exception=False).post(
            f"/anymail/{esp}/{kind}/", forged_hard_bounce(), content_type="application/json"
        )

        assert response.status_code == 404, (esp, kind)
    assert_untouched(ana)


def test_an_esp_without_a_webhook_secret_gets_no_webhook_at_all(ana, settings, esp_webhooks):
    settings.ANYMAIL = {}
    esp_webhooks("postmark")

    response = Client().post(
        "/anymail/postmark/tracking/", forged_hard_bounce(), content_type="application/json"
    )

    assert response.status_code == 404
    assert_untouched(ana)


def test_the_configured_esps_webhook_refuses_a_stranger_and_only_its_own_is_mounted(
    ana, settings, esp_webhooks
):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "anymail:a-long-random-secret"}
    esp_webhooks("postmark")
    client = Client(raise_request_exception=False)

    forged = client.post("/anymail/postmark/tracking/", forged_hard_bounce(), content_type="application/json")
    other_esp = client.post("/anymail/sendgrid/tracking/", "[]", content_type="application/json")

    assert forged.status_code == 400
    assert other_esp.status_code == 404
    assert_untouched(ana)
