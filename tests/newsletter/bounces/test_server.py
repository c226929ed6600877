"""Bounces and complaints received over SMTP by the bounce server (manage.py bounce_server)."""

import smtplib

import pytest
from aiosmtpd.controller import Controller

from newsletter.bounces import verp
from newsletter.bounces.server import BounceHandler
from newsletter.models import Delivery, Subscriber
from tests.mail import _free_port
from tests.newsletter.bounces.conftest import sample

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bounce_server(settings, migrated_rows):
    settings.NEWSLETTER_BOUNCE_ADDRESS = "fbl@example.org"
    controller = Controller(BounceHandler(), hostname="127.0.0.1", port=_free_port(), decode_data=False)
    controller.start()
    try:
        with smtplib.SMTP(controller.hostname, controller.port, timeout=10) as client:
            yield client
    finally:
        controller.stop()


def test_a_dsn_to_its_verp_address_and_an_arf_report_suppress_their_subscribers(deliveries, bounce_server):
    ana, ben = deliveries["ana"], deliveries["ben"]

    bounce_server.sendmail("", [verp.address(ana.pk)], sample("postfix_dsn", ana))
    bounce_server.sendmail("feedback@arf.mail.yahoo.com", ["fbl@example.org"], sample("yahoo_arf", ben))
    # A mail server that did not hear our reply sends the same report again.
    bounce_server.sendmail("", [verp.address(ana.pk)], sample("postfix_dsn", ana))

    assert Subscriber.objects.get(pk=ana.subscriber_id).status == Subscriber.Status.BOUNCED
    assert Subscriber.objects.get(pk=ben.subscriber_id).status == Subscriber.Status.COMPLAINED
    assert ana.feedback.count() == 1
    assert Delivery.objects.get(pk=deliveries["cleo"].pk).status == Delivery.Status.SENT


def test_forged_and_unknown_recipients_are_refused(deliveries, bounce_server):
    ana = deliveries["ana"]
    forged = f"bounces+{ana.pk}-0123456789@bounces.example.org"

    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        bounce_server.sendmail("", [forged], sample("postfix_dsn", ana, verp=forged))
    assert refused.value.recipients[forged][0] == 550
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        bounce_server.sendmail("", ["anyone@example.org"], b"Subject: relay me\r\n\r\nPlease.\r\n")

    assert Subscriber.objects.get(pk=ana.subscriber_id).status == Subscriber.Status.ACTIVE
