"""Unsubscribes told apart by way (one-click, the link's page, mail to the mailto: address), each
through the real view or webhook, each counted once, in the send's report per language."""

import csv
import io
import re
from urllib.parse import unquote, urlsplit

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from home.languages import language_name
from newsletter.engagement import report
from newsletter.models import Subscriber
from tests.html import parse
from tests.newsletter.engagement.test_clicks import send_issue
from tests.newsletter.sending.test_feedback import SIGNING_KEY, WEBHOOK_SECRET, auth, mailgun_inbound

pytestmark = pytest.mark.django_db(transaction=True)

WAYS = ["left:one_click", "left:link", "left:mailto", "left:esp"]


@pytest.fixture(autouse=True)
def _mailto_route(settings, esp_webhooks):
    settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX = "unsubscribe@example.org"
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": WEBHOOK_SECRET}
    esp_webhooks("mailgun")


def list_unsubscribe(message):
    """Return the (https, mailto) addresses of a received message's List-Unsubscribe header."""
    one_click, mailto = re.findall(r"<([^>]+)>", str(message.message["List-Unsubscribe"]))
    return urlsplit(one_click).path, mailto


def one_click(client, path):
    """POST as a mail app does for RFC 8058: no cookie, no CSRF token, its one field."""
    return client.post(path, {"List-Unsubscribe": "One-Click"})


def by_the_page(client, path):
    """Open the unsubscribe link from the message's body and press the page's button."""
    form = parse(client.get(path)).select_one('form[method=post]:has(button[type="submit"])')
    assert form.select_one('input[name="from"]') is not None
    fields = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    return client.post(form.get("action") or path, fields)


def by_mail(client, mailto):
    """Mail the mailto: address with the subject it gives, through the ESP's inbound webhook."""
    subject = unquote(mailto.split("subject=", 1)[1])
    return client.post("/anymail/mailgun/inbound/", mailgun_inbound(subject), **auth())


def figures(send, keys):
    # The views spoke each subscriber's language; the report is read in English here.
    with override("en"):
        table = report.summary(send)
    return {row[0]: [row[table.keys.index(key)] for key in keys] for row in table.rows}


def test_each_way_of_unsubscribing_is_counted_once_in_its_language(
    site, mailing_list, mail_server, celery_worker, client, admin_client
):
    send, readers, received = send_issue(site, mailing_list, mail_server, 2)
    paths = {address: list_unsubscribe(message) for address, message in received.items()}
    # The body's visible unsubscribe link is the header's https address.
    assert paths["sq0@example.org"][0] in received["sq0@example.org"].body("html")

    assert one_click(client, paths["en0@example.org"][0]).status_code == 200
    assert by_the_page(client, paths["sq0@example.org"][0]).status_code == 200
    assert by_mail(client, paths["ar0@example.org"][1]).status_code == 200
    # Leaving twice, or by a second way, is still leaving once, the first way.
    assert one_click(client, paths["sq0@example.org"][0]).status_code == 200
    assert by_mail(client, paths["en0@example.org"][1]).status_code == 200

    ways = dict(
        Subscriber.objects.filter(status=Subscriber.Status.UNSUBSCRIBED).values_list(
            "email", "unsubscribed_by"
        )
    )
    assert ways == {
        "en0@example.org": Subscriber.Way.ONE_CLICK,
        "sq0@example.org": Subscriber.Way.LINK,
        "ar0@example.org": Subscriber.Way.MAILTO,
    }
    assert figures(send, WAYS) == {
        language_name("en"): [1, 0, 0, 0],
        language_name("sq"): [0, 1, 0, 0],
        language_name("ar"): [0, 0, 1, 0],
        "All languages": [1, 1, 1, 0],
    }
    assert "left:unknown" not in report.summary(send).keys
    assert [row[-1] for row in report.comparison(send).rows] == [3]

    # The admin's table, its CSV and the shell say the same.
    url = reverse("newsletter_reports:send", args=[send.pk])
    headings = [
        cell.get_text(strip=True)
        for cell in parse(admin_client.get(url)).select('table[data-report-table="summary"] thead th')
    ]
    assert {"Unsubscribed by one-click", "Unsubscribed by the link", "Unsubscribed by email"} <= set(headings)
    rows = list(csv.reader(io.StringIO(admin_client.get(url, {"csv": "summary"}).content.decode())))
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert (
        total["Unsubscribed by one-click"],
        total["Unsubscribed by the link"],
        total["Unsubscribed by email"],
    ) == (
        "1",
        "1",
        "1",
    )
    shell = io.StringIO()
    call_command("newsletter_status", send.pk, "--report", stdout=shell)
    assert "Unsubscribed by one-click" in shell.getvalue() and "Unsubscribed by email" in shell.getvalue()


def test_the_preferences_pages_leave_button_counts_as_the_link(
    site, mailing_list, mail_server, celery_worker, client
):
    send, readers, received = send_issue(site, mailing_list, mail_server, 1)
    body = received["ar0@example.org"].body("html")
    preferences = urlsplit(re.search(r"http://testserver/newsletter/preferences/[^\s\"<]+", body)[0]).path
    form = parse(client.get(preferences)).select_one('form[action*="/unsubscribe/"]')
    fields = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}

    assert client.post(form["action"], fields).status_code == 200

    assert Subscriber.objects.get(email="ar0@example.org").unsubscribed_by == Subscriber.Way.LINK
    assert figures(send, WAYS)["All languages"] == [0, 1, 0, 0]
