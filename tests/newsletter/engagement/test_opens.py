"""Opens, only for a send whose staff chose to count them: a 1×1 image on our own domain in each
language's edition, counted like a click and folded with the clicks."""

import csv
import html
import io
import re

import pytest

from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from home.languages import language_name
from newsletter.engagement import clicks, consent, report
from newsletter.engagement.views import PIXEL
from newsletter.models import Click, Link, LinkClicks, Send
from tests.html import parse
from tests.newsletter.engagement.support import SCANNER_AGENT, fold_everything, follow, redirect_links
from tests.newsletter.engagement.test_clicks import linked_issue_and_readers, table_rows
from tests.newsletter.factories import SubscriberFactory, build_issue
from tests.newsletter.sending.support import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

PIXEL_URL = re.compile(r'<img src="(http://testserver/o/[^"]+)"')
GMAIL_PROXY = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"


@pytest.fixture(autouse=True)
def _fresh_click_counts():
    clicks.client().delete(clicks.KEY, "newsletter:clicks:folding", "newsletter:clicks:batch")


def pixel_urls(message):
    return [html.unescape(url) for url in PIXEL_URL.findall(message.body("html"))]


def send_from_the_admin(
    admin_client, site, mailing_list, mail_server, *, track_opens, readers_per_language=2
):
    """Send an issue in three languages from the admin's send form; return (send, {address: message})."""
    issue, readers = linked_issue_and_readers(site, mailing_list, readers_per_language)
    form = {"mailing_lists": [mailing_list.pk], **({"track_opens": "on"} if track_opens else {})}
    response = admin_client.post(reverse("newsletter_sending:send", args=[issue["en"].pk]), form)
    assert response.status_code == 302
    send = Send.objects.get()
    wait_until(lambda: Send.objects.get(pk=send.pk).status == Send.Status.FINISHED)
    received = {message.recipients[0]: message for message in mail_server.wait_for(len(readers))}
    return send, received


def test_opens_are_counted_per_language_only_when_staff_chose_so(
    site, mailing_list, mail_server, celery_worker, admin_client
):
    send, received = send_from_the_admin(admin_client, site, mailing_list, mail_server, track_opens=True)
    assert send.track_opens

    # Every message carries exactly one pixel, its edition's own.
    pixels = {address: pixel_urls(message) for address, message in received.items()}
    assert all(len(urls) == 1 for urls in pixels.values())
    assert pixels["en0@example.org"] == pixels["en1@example.org"] != pixels["sq0@example.org"]
    # The image's address names its edition, never its reader.
    assert all(re.fullmatch(r"http://testserver/o/[^/]+/", urls[0]) for urls in pixels.values())

    # en0 opens twice and, a second later, follows both links; en1 reads in Gmail, whose proxy
    # fetches the image; sq0 opens once; Arabic readers open nothing.
    response = follow(pixels["en0@example.org"][0], address="198.51.100.1")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response.content == PIXEL
    assert response["Cache-Control"] == "no-store"
    follow(pixels["en0@example.org"][0], address="198.51.100.1")
    for url in redirect_links(received["en0@example.org"])[0]:
        follow(url, address="198.51.100.1")
    follow(pixels["en1@example.org"][0], address="66.249.84.1", agent=GMAIL_PROXY)
    follow(pixels["sq0@example.org"][0], address="198.51.100.3")
    # A scanner that asks with HEAD is not a reader opening anything.
    follow(pixels["sq1@example.org"][0], address="203.0.113.9", agent=SCANNER_AGENT, method="head")

    assert fold_everything() == 7
    assert fold_everything() == 0

    table = report.summary(send)
    wanted = ["delivered", "opens", "clicks"]
    assert {row[0]: [row[table.keys.index(key)] for key in wanted] for row in table.rows} == {
        language_name("en"): [2, 3, 2],
        language_name("sq"): [2, 1, 0],
        language_name("ar"): [2, 0, 0],
        "All languages": [6, 4, 2],
    }
    # The opener's clicks count as a reader's, though they came within seconds of the open; the
    # scanner's HEAD is kept apart, and is no click.
    assert table.rows[-1][table.keys.index("scanner")] == 0
    assert LinkClicks.objects.get(link__kind=Link.Kind.OPEN, link__language="sq").scanner_clicks == 1
    # The pixel's loads are no clicks: not in the links table, nor the timeline's clicks.
    assert sum(row[1] for row in report.timeline(send).rows) == 2
    assert len(report.per_link(send).rows) == 6

    # Staff see the figures as an estimate, with the reason, in the admin, its CSV and the shell.
    page = admin_client.get(reverse("newsletter_reports:send", args=[send.pk]))
    text = parse(page).get_text(" ", strip=True)
    assert "Opens are an estimate" in text and "Apple Mail Privacy Protection" in text
    assert "Clicks are the figure to trust" in text
    opens_column = table.keys.index("opens")
    assert {row[0]: row[opens_column] for row in table_rows(page, "summary")} == {
        language_name("en"): "3",
        language_name("sq"): "1",
        language_name("ar"): "0",
        "All languages": "4",
    }
    exported = admin_client.get(reverse("newsletter_reports:send", args=[send.pk]), {"csv": "summary"})
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][opens_column] == "Opens (estimate)"
    assert {row[0]: row[opens_column] for row in rows[1:]} == {
        language_name("en"): "3",
        language_name("sq"): "1",
        language_name("ar"): "0",
        "All languages": "4",
    }
    shell = io.StringIO()
    call_command("newsletter_status", send.pk, "--report", stdout=shell)
    assert "Opens (estimate)" in shell.getvalue()
    assert "a message opened twice counts twice" in parse(page).get_text(" ", strip=True)


def test_without_the_choice_no_message_carries_a_pixel_and_the_report_shows_no_opens(
    site, mailing_list, mail_server, celery_worker, admin_client
):
    send, received = send_from_the_admin(
        admin_client, site, mailing_list, mail_server, track_opens=False, readers_per_language=1
    )

    assert not send.track_opens
    for message in received.values():
        body = message.body("html")
        assert "/o/" not in body
        assert 'width="1" height="1"' not in body
    assert not Link.objects.filter(send=send, kind=Link.Kind.OPEN).exists()
    assert "opens" not in report.summary(send).keys
    page = admin_client.get(reverse("newsletter_reports:send", args=[send.pk])).content.decode()
    assert "Opens are not counted" in page


def test_opens_are_never_stored_as_a_readers_own_even_with_their_click_history_consent(
    site, mailing_list, mail_server, celery_worker, admin_client, settings
):
    settings.NEWSLETTER_CLICK_HISTORY = True
    consenting = SubscriberFactory(email="ar9@example.org", language="ar", lists=[mailing_list])
    consent.give(consenting, "ar")
    send, received = send_from_the_admin(
        admin_client, site, mailing_list, mail_server, track_opens=True, readers_per_language=1
    )

    for index, (_address, message) in enumerate(sorted(received.items())):
        [url] = pixel_urls(message)
        follow(url, address=f"198.51.100.{index + 1}")
    assert fold_everything() == 4

    # The consent the reader gave speaks of the links they follow: their open is a number too.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT subscriber_id FROM {Click._meta.db_table}")  # noqa: S608 - our own table
        assert cursor.fetchall() == []
    assert sum(LinkClicks.objects.filter(link__kind=Link.Kind.OPEN).values_list("clicks", flat=True)) == 4
    assert consent.recorded_about(consenting) == {"history_allowed": True, "consented": True, "clicks": 0}
    # Unique clickers count clicks, not opens.
    assert report.summary(send).rows[-1][report.summary(send).keys.index("unique")] == 0


def test_a_tampered_pixel_or_a_link_passed_off_as_one_gets_the_generic_400(
    site, mailing_list, mail_server, celery_worker, admin_client
):
    send, received = send_from_the_admin(
        admin_client, site, mailing_list, mail_server, track_opens=True, readers_per_language=1
    )
    message = received["en0@example.org"]
    [url] = pixel_urls(message)
    token = url.split("/")[4]
    link_id, signature = token.split(":")
    content_link_token = redirect_links(message)[0][0].split("/")[4]
    forged = [
        url.replace(token, f"{int(link_id, 16) + 1:x}:{signature}"),
        url.replace(token, f"{link_id}:{signature[:-2]}xx"),
        url.replace(token, "evil.example"),
        url.replace(token, content_link_token),
        # and the image's address passed off as a link to follow
        f"{url.replace('/o/', '/r/')}-/",
    ]
    for forged_url in forged:
        response = follow(forged_url, address="198.51.100.1")
        assert response.status_code == 400
        assert "could not be understood" in response.content.decode()
    assert fold_everything() == 0


@pytest.mark.django_db
def test_the_confirmation_screen_says_opens_are_counted_and_keeps_the_choice(
    site, mailing_list, admin_client, settings
):
    settings.NEWSLETTER_CONFIRM_SEND_ABOVE = 1
    issue = build_issue(site, ["en"])
    for n in range(2):
        SubscriberFactory(email=f"en{n}@example.org", language="en", lists=[mailing_list])
    url = reverse("newsletter_sending:send", args=[issue["en"].pk])

    form = parse(admin_client.get(url, {"mailing_lists": [mailing_list.pk]}))
    choice = form.select_one('input[name="track_opens"]')
    assert choice is not None and not choice.has_attr("checked")
    assert "Apple Mail Privacy Protection" in form.get_text()

    confirm = admin_client.post(url, {"mailing_lists": [mailing_list.pk], "track_opens": "on"})
    page = parse(confirm)
    assert "Counted, by a 1×1 image" in page.get_text()
    assert not Send.objects.exists()
    fields = {
        field["name"]: field.get("value") for field in page.select("form[method=post] input[type=hidden]")
    }
    assert fields["track_opens"] == "on"

    admin_client.post(
        url, {"mailing_lists": [mailing_list.pk], "track_opens": "on", "confirmed_recipients": 2}
    )
    assert Send.objects.get().track_opens
