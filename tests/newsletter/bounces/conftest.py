"""Fixtures of the bounce tests: VERP on, a finished send with deliveries, samples filled in."""

from pathlib import Path

import pytest

from newsletter.bounces import verp
from newsletter.models import Delivery, Send
from newsletter.sending.messages import message_id
from tests.newsletter.bounces.servers import ImapServer, Pop3Server
from tests.newsletter.factories import SubscriberFactory, build_issue

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture(autouse=True)
def verp_on(settings):
    settings.NEWSLETTER_VERP_DOMAIN = "bounces.example.org"
    settings.NEWSLETTER_VERP_LOCAL_PART = "bounces"


@pytest.fixture
def deliveries(site, mailing_list):
    """A finished send's deliveries to ana@, ben@ and cleo@example.net ({local part: Delivery})."""
    issue = build_issue(site, ["en"])
    send = Send.objects.create(issue=issue["en"], status=Send.Status.FINISHED)
    return {
        name: Delivery.objects.create(
            send=send,
            subscriber=SubscriberFactory(email=f"{name}@example.net", lists=[mailing_list]),
            language="en",
            status=Delivery.Status.SENT,
        )
        for name in ("ana", "ben", "cleo")
    }


def sample(name, delivery, **values):
    """The bytes of sample `name`.eml, written about `delivery`."""
    email = delivery.subscriber.email
    local, _, domain = email.partition("@")
    values = {
        "verp": verp.address(delivery.pk),
        "recipient": email,
        "recipient_local": local,
        "recipient_domain": domain,
        "message_id": message_id(delivery.send, delivery.subscriber_id, "example.org"),
        "action": "failed",
        "status": "5.1.1",
        "reply": "550 5.1.1 The email account that you tried to reach does not exist.",
        **values,
    }
    text = (SAMPLES / f"{name}.eml").read_text()
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    # As mail travels: CRLF line ends.
    return text.replace("\n", "\r\n").encode()


@pytest.fixture
def pop3_server(settings):
    with Pop3Server() as server:
        settings.BOUNCE_MAILBOX_URL = server.url()
        yield server


@pytest.fixture
def imap_server(settings):
    with ImapServer() as server:
        settings.BOUNCE_MAILBOX_URL = server.url()
        yield server
