"""Complaint and bounce rates watched during a real send to a real SMTP server, with VERP senders."""

import re
from io import StringIO

import pytest

from django.core.management import call_command
from django.urls import reverse

from newsletter.bounces import mailbox, verp
from newsletter.models import Delivery, Send
from newsletter.sending import control, planning
from tests.html import parse
from tests.newsletter.bounces.conftest import sample
from tests.newsletter.factories import build_issue, bulk_subscribers
from tests.newsletter.sending.support import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def watched(settings, site, mailing_list):
    """An issue, 10 messages a second (batches of 20), and rates judged from 10 deliveries on."""
    settings.NEWSLETTER_RATE_LIMITS = {"newsletter": 10}
    settings.NEWSLETTER_RATES_MIN_SAMPLE = 10
    return build_issue(site, ["en", "sq"])["en"]


def status_output(send):
    out = StringIO()
    call_command("newsletter_status", str(send.pk), stdout=out)
    return out.getvalue()


def test_hard_bounces_past_their_limit_pause_the_send_and_say_why(
    watched, mailing_list, mail_server, celery_worker, admin_client
):
    readers = bulk_subscribers(mailing_list, 100, ["en", "sq"])
    # Every fifth address is unknown: 20% hard bounces, under the storm ratio, over the 5% limit.
    mail_server.refuse = {reader.email: "550 5.1.1 No such user" for reader in readers[::5]}

    send = planning.create_send(watched, [mailing_list])
    wait_until(lambda: Send.objects.get(pk=send.pk).status == Send.Status.PAUSED, message="no pause")

    send.refresh_from_db()
    assert send.pause_reason.startswith("Hard bounces reached 20 % of 20 delivered messages (4)")
    assert Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).count() >= 60
    output = status_output(send)
    assert f"Paused: {send.pause_reason}" in output
    assert re.search(r"^all\s+20\s+4 \(\s*20 %\)\s+0\s+0 \(\s*0.00 %\)$", output, re.MULTILINE)
    page = parse(admin_client.get(reverse("newsletter_sending:progress", args=[send.pk])))
    assert send.pause_reason in page.get_text()
    assert [cell.get_text(strip=True) for cell in page.select("tr[data-row=all] > *")] == [
        "All", "20", "4 (20 %)", "0", "0 (0.00 %)",
    ]  # fmt: skip
    # Each message left with its own signed envelope sender, naming its delivery.
    rows = dict(Delivery.objects.filter(send=send).values_list("subscriber__email", "pk"))
    for received in mail_server.messages:
        assert verp.read(received.sender) == rows[received.recipients[0]]


def test_complaints_past_gmails_limit_pause_the_send_once(
    watched, mailing_list, mail_server, celery_worker, pop3_server
):
    bulk_subscribers(mailing_list, 200, ["en", "sq"])
    send = planning.create_send(watched, [mailing_list])
    wait_until(lambda: Delivery.objects.filter(send=send, status=Delivery.Status.SENT).count() >= 20)

    complainer = Delivery.objects.filter(send=send, status=Delivery.Status.SENT).first()
    pop3_server.drop(sample("yahoo_arf", complainer))
    mailbox.poll()

    send.refresh_from_db()
    assert send.status == Send.Status.PAUSED
    assert send.pause_reason.startswith("Complaints reached")
    assert "above the limit of 0.30 %" in send.pause_reason
    assert len(mail_server.messages) < 200
    assert send.pause_reason in status_output(send)

    # Staff resume it: the watch has said its piece, and the send finishes.
    control.resume(send)
    wait_until(lambda: Send.objects.get(pk=send.pk).status == Send.Status.FINISHED, message="not finished")
    assert len(mail_server.wait_for(200)) == 200
