"""Links of a real send, followed from the received messages: counted per link, scanners apart."""

import csv
import io

import pytest

from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from home.languages import language_name
from newsletter import audience
from newsletter.audience.personal_data import export_data
from newsletter.engagement import clicks, consent, report
from newsletter.models import Click, ClickHistoryConsent, Link, LinkClicks, Send
from newsletter.sending import planning
from tests.html import parse
from tests.newsletter.engagement.support import (
    SCANNER_AGENT,
    fold_everything,
    follow,
    redirect_links,
)
from tests.newsletter.factories import SubscriberFactory, build_issue
from tests.newsletter.sending.support import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["en", "sq", "ar"]


def linked_body(code):
    return [
        {
            "type": "paragraph",
            "value": f'<p>{code} <a href="https://example.org/{code}/report">Report {code}</a> '
            f'and <a href="https://example.org/{code}/call">Call {code}</a></p>',
        }
    ]


@pytest.fixture(autouse=True)
def _fresh_click_counts():
    clicks.client().delete(clicks.KEY, "newsletter:clicks:folding", "newsletter:clicks:batch")


def linked_issue_and_readers(site, mailing_list, readers_per_language, *, untranslated=()):
    """Publish an issue with links in LANGUAGES; subscribe readers of each (and of `untranslated`
    languages, which it lacks). Return (issue by language, readers)."""
    issue = build_issue(site, LANGUAGES)
    for code, page in issue.items():
        page.body = linked_body(code)
        page.save_revision().publish()
    readers = [
        SubscriberFactory(email=f"{code}{n}@example.org", language=code, lists=[mailing_list])
        for code in LANGUAGES
        for n in range(readers_per_language)
    ] + [
        SubscriberFactory(email=f"{code}0@example.org", language=code, lists=[mailing_list])
        for code in untranslated
    ]
    return issue, readers


def send_issue(site, mailing_list, mail_server, readers_per_language, *, untranslated=()):
    issue, readers = linked_issue_and_readers(
        site, mailing_list, readers_per_language, untranslated=untranslated
    )
    send = planning.create_send(issue["en"], [mailing_list])
    wait_until(lambda: Send.objects.get(pk=send.pk).status == Send.Status.FINISHED)
    received = {m.recipients[0]: m for m in mail_server.wait_for(len(readers))}
    return send, readers, received


def counts_by_language(send):
    totals = {}
    for language, link_clicks, scanner_clicks in LinkClicks.objects.filter(link__send=send).values_list(
        "link__language", "clicks", "scanner_clicks"
    ):
        reader, scanner = totals.get(language, (0, 0))
        totals[language] = (reader + link_clicks, scanner + scanner_clicks)
    return totals


def test_readers_are_counted_per_language_and_scanners_apart(
    site, mailing_list, mail_server, celery_worker, admin_client
):
    # German has no translation: its reader gets the English edition, and clicks nothing.
    send, readers, received = send_issue(site, mailing_list, mail_server, 2, untranslated=["de"])

    expected_reader_clicks = {"en": 3, "sq": 1, "ar": 2}
    for index, reader in enumerate(readers):
        visible, hidden = redirect_links(received[reader.email])
        # The two content links (the web version and the footer's links are the reader's own, not
        # counted); the honeypot is hidden.
        assert len(visible) == 2 and len(hidden) == 1
        address = f"198.51.100.{index + 1}"
        if reader.email == "de0@example.org":
            continue
        if reader.email == "en0@example.org":
            response = follow(visible[0], address=address)
            assert response.status_code == 302
            assert response["Location"] == "https://example.org/en/report"
            follow(visible[1], address=address)
        elif reader.email in {"en1@example.org", "sq0@example.org", "ar0@example.org", "ar1@example.org"}:
            follow(visible[0], address=address)
        else:
            # sq1's mail is behind a security gateway: it fetches everything within a second.
            for url in [*visible, *hidden]:
                follow(url, address="203.0.113.9", agent=SCANNER_AGENT)
    # A gateway that only asks with HEAD, and one that walks every link with a browser's agent.
    en_links, en_hidden = redirect_links(received["en0@example.org"])
    follow(en_links[0], address="203.0.113.10", method="head")
    ar_links, ar_hidden = redirect_links(received["ar1@example.org"])
    for url in [*ar_links, *ar_hidden]:
        follow(url, address="203.0.113.11")

    assert fold_everything() == 13
    assert counts_by_language(send) == {
        "en": (expected_reader_clicks["en"], 1),
        "sq": (expected_reader_clicks["sq"], 3),
        "ar": (expected_reader_clicks["ar"], 3),
    }
    assert fold_everything() == 0

    # The report staff open, its CSV and the shell show exactly those figures.
    page = admin_client.get(reverse("newsletter_reports:send", args=[send.pk]))
    keys = report.summary(send).keys
    delivered, clicks_column, scanners = keys.index("delivered"), keys.index("clicks"), keys.index("scanner")
    summary = table_rows(page, "summary")
    assert {row[0]: (row[delivered], row[clicks_column], row[scanners]) for row in summary} == {
        language_name("en"): ("3", "3", "1"),
        language_name("sq"): ("2", "1", "3"),
        language_name("ar"): ("2", "2", "3"),
        "All languages": ("7", "6", "7"),
    }
    assert table_rows(page, "fallbacks") == [[language_name("de"), language_name("en"), "1"]]
    links = table_rows(page, "links")
    assert [language_name("en"), "1", "Report en", "https://example.org/en/report", "2", "66.7", "1"] in links
    assert [language_name("ar"), "2", "Call ar", "https://example.org/ar/call", "0", "0.0", "1"] in links
    assert "<svg" in page.content.decode()

    exported = admin_client.get(reverse("newsletter_reports:send", args=[send.pk]), {"csv": "links"})
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[1:] == links

    shell = io.StringIO()
    call_command("newsletter_status", send.pk, "--report", stdout=shell)
    assert "Report en" in shell.getvalue() and "All languages" in shell.getvalue()


def table_rows(response, key):
    table = parse(response).select_one(f'table[data-report-table="{key}"]')
    return [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in table.select("tbody tr")]


def test_tampered_or_unknown_links_get_the_generic_400_and_go_nowhere(
    site, mailing_list, mail_server, celery_worker
):
    send, readers, received = send_issue(site, mailing_list, mail_server, 1)
    url = redirect_links(received["en0@example.org"])[0][1]
    token = url.split("/")[4]
    link_id, signature = token.split(":")
    forged = [
        url.replace(token, f"{int(link_id, 16) + 1:x}:{signature}"),
        url.replace(token, f"{link_id}:{signature[:-2]}xx"),
        url.replace(token, "evil.example"),
    ]
    for forged_url in forged:
        response = follow(forged_url, address="198.51.100.1")
        assert response.status_code == 400
        assert "Location" not in response
        assert "could not be understood" in response.content.decode()
    assert fold_everything() == 0


def test_without_consent_no_subscriber_id_is_stored_anywhere(
    site, mailing_list, mail_server, celery_worker, settings
):
    settings.NEWSLETTER_CLICK_HISTORY = True
    send, readers, received = send_issue(site, mailing_list, mail_server, 1)
    for index, reader in enumerate(readers):
        follow(redirect_links(received[reader.email])[0][1], address=f"198.51.100.{index + 1}")
        assert "/-/" in redirect_links(received[reader.email])[0][1]
    assert fold_everything() == 3
    assert not Click.objects.exists()
    tables = [Link, LinkClicks, Click]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608 - our own table names
            columns = [column[0] for column in cursor.description]
            assert not any("subscriber" in column for column in columns if model is not Click)
    assert sum(counts_by_language(send)[code][0] for code in LANGUAGES) == 3


def test_consenting_readers_history_is_kept_shown_and_erased(
    site, mailing_list, mail_server, celery_worker, settings
):
    settings.NEWSLETTER_CLICK_HISTORY = True
    consenting = SubscriberFactory(email="ar9@example.org", language="ar", lists=[mailing_list])
    consent.give(consenting, "ar")
    send, readers, received = send_issue(site, mailing_list, mail_server, 1)
    for index, reader in enumerate([*readers, consenting]):
        follow(redirect_links(received[reader.email])[0][1], address=f"198.51.100.{index + 1}")
    assert fold_everything() == 4

    history = list(Click.objects.values_list("subscriber_id", "link__language"))
    assert history == [(consenting.pk, "ar")]
    exported = export_data(consenting)
    assert len(exported["clicks"]) == 1
    assert len(exported["click_history_consents"]) == 1

    audience.erase(consenting)
    assert not Click.objects.exists()
    assert not ClickHistoryConsent.objects.exists()
    assert Link.objects.filter(send=send).exists()


def test_links_are_not_rewritten_when_clicks_are_not_tracked(
    site, mailing_list, mail_server, celery_worker, settings
):
    settings.NEWSLETTER_TRACK_CLICKS = False
    send, readers, received = send_issue(site, mailing_list, mail_server, 1)
    assert redirect_links(received["en0@example.org"]) == ([], [])
    assert "https://example.org/en/report" in received["en0@example.org"].body("html")
    assert not Link.objects.filter(send=send).exists()


def test_subscribers_choose_click_history_on_their_preferences_page(client, mailing_list, settings):
    from newsletter import tokens

    subscriber = SubscriberFactory(email="reader@example.org", language="en", lists=[mailing_list])
    url = tokens.preferences_url(subscriber.pk).removeprefix("http://testserver")

    settings.NEWSLETTER_CLICK_HISTORY = False
    page = client.get(url).content.decode()
    assert 'name="click_history"' not in page
    assert "never as yours" in page

    settings.NEWSLETTER_CLICK_HISTORY = True
    assert 'name="click_history"' in client.get(url).content.decode()
    form = {"language": "en", "lists": [mailing_list.pk], "click_history": "on"}
    assert client.post(url, form).status_code == 302
    assert consent.has_consented(subscriber.pk)
    assert "as you agreed: 0 clicks so far" in client.get(url).content.decode()

    assert client.post(url, {"language": "en", "lists": [mailing_list.pk]}).status_code == 302
    assert not consent.has_consented(subscriber.pk)
    assert ClickHistoryConsent.objects.get(subscriber=subscriber).withdrawn_at is not None
