"""The admin: preview and test an issue, send it, watch and steer the send."""

import html
import re

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Permission
from django.urls import reverse

from newsletter.models import Delivery, Send
from newsletter.sending import planning
from tests.newsletter.factories import SubscriberFactory, build_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue_with_readers(site, mailing_list):
    """An issue published in en, sq, sr-latn and ar, drafted in cnr, with a reader per language."""
    issue = build_issue(site, ["en", "sq", "sr-latn", "ar"], drafts=["cnr"])
    for language, count in {"en": 2, "sq": 1, "cnr": 3, "de": 1, "ar": 1}.items():
        for number in range(count):
            SubscriberFactory(
                email=f"{language}{number}@example.org", language=language, lists=[mailing_list]
            )
    return issue


def test_the_preview_shows_each_language_right_to_left_where_it_should(admin_client, issue_with_readers):
    url = reverse("newsletter_sending:preview", args=[issue_with_readers["en"].pk])

    response = admin_client.get(url, {"language": "ar"})

    page = response.content.decode()
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', page)[1])
    assert response.status_code == 200
    assert re.search(r'<html[^>]* lang="ar" dir="rtl"', srcdoc)
    assert "[ar] مرحبا أيتها الشبكة" in page
    assert "What happened this month" in page


def test_the_preview_of_a_draft_or_missing_translation_says_so(admin_client, issue_with_readers):
    url = reverse("newsletter_sending:preview", args=[issue_with_readers["en"].pk])

    draft = admin_client.get(url, {"language": "cnr"}).content.decode()
    missing = admin_client.get(url, {"language": "de"}).content.decode()

    assert "latest draft" in draft and "Zdravo, mrežo" in draft
    assert "has no translation in this language" in missing and "[en] Hello, network" in missing


def test_a_test_send_arrives_in_the_chosen_language(admin_client, issue_with_readers, mail_server):
    url = reverse("newsletter_sending:preview", args=[issue_with_readers["en"].pk])

    response = admin_client.post(url, {"address": "editor@example.org", "language": "sq"})

    assert response.status_code == 302
    message = mail_server.wait_for(1)[0].message
    assert message["Subject"] == "[Test] [sq] Përshëndetje, rrjet"
    assert message["Content-Language"] == "sq"
    assert not Send.objects.exists()


def test_a_refused_test_send_says_why(admin_client, issue_with_readers, mail_server):
    url = reverse("newsletter_sending:preview", args=[issue_with_readers["en"].pk])
    mail_server.refuse["nobody@example.org"] = "550 5.1.1 No such user"

    response = admin_client.post(url, {"address": "nobody@example.org", "language": "sq"}, follow=True)

    assert response.status_code == 200
    assert "The test could not be sent to nobody@example.org: 550 5.1.1 No such user" in response.text
    assert not mail_server.messages


def test_the_send_form_counts_each_language_and_its_fallback_before_sending(
    admin_client, issue_with_readers, mailing_list
):
    url = reverse("newsletter_sending:send", args=[issue_with_readers["en"].pk])

    page = admin_client.get(url, {"mailing_lists": [mailing_list.pk]}).content.decode()

    rows = {
        cells[0]: cells[1:]
        for cells in (
            [
                re.sub(r"<[^>]+>", "", cell).strip()
                for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
            for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)
        )
        if len(cells) == 4
    }
    assert rows["crnogorski"][:2] == ["3", "Draft"]
    assert rows["crnogorski"][2] == "srpski (latinica) (fallback)"
    assert rows["Deutsch"][:2] == ["1", "Missing"]
    assert rows["Deutsch"][2] == "English (fallback)"
    assert rows["English"] == ["2", "Published", "Their own language"]
    assert "8 subscribers will receive this issue." in page
    assert "4 of them get a fallback language." in page


def test_sending_from_the_form_starts_the_send_and_shows_its_progress(
    admin_client, issue_with_readers, mailing_list, mail_server, django_capture_on_commit_callbacks
):
    url = reverse("newsletter_sending:send", args=[issue_with_readers["en"].pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"mailing_lists": [mailing_list.pk]}, follow=True)

    send = Send.objects.get()
    assert response.redirect_chain[-1][0] == reverse("newsletter_sending:progress", args=[send.pk])
    assert len(mail_server.wait_for(8)) == 8
    progress = admin_client.get(
        reverse("newsletter_sending:progress", args=[send.pk]), {"format": "json"}
    ).json()
    assert progress["status"] == "finished"
    assert (progress["done"], progress["total"], progress["counts"]["sent"]) == (8, 8, 8)
    assert progress["languages"]["sr-latn"]["sent"] == 3
    page = admin_client.get(reverse("newsletter_sending:progress", args=[send.pk])).content.decode()
    assert '<progress id="send-progress" max="8" value="8"' in page


def test_a_send_can_be_scheduled(admin_client, issue_with_readers, mailing_list, mail_server):
    url = reverse("newsletter_sending:send", args=[issue_with_readers["en"].pk])

    admin_client.post(url, {"mailing_lists": [mailing_list.pk], "scheduled_at": "2099-01-01 09:00"})

    send = Send.objects.get()
    assert send.status == Send.Status.SCHEDULED
    assert send.scheduled_at.year == 2099
    assert mail_server.messages == []


def test_a_send_form_without_a_list_or_with_a_past_time_sends_nothing(
    admin_client, issue_with_readers, mailing_list
):
    url = reverse("newsletter_sending:send", args=[issue_with_readers["en"].pk])

    no_list = admin_client.post(url, {})
    past = admin_client.post(url, {"mailing_lists": [mailing_list.pk], "scheduled_at": "2001-01-01 09:00"})

    assert "Choose at least one list." in no_list.content.decode()
    assert "Choose a time in the future" in past.content.decode()
    assert not Send.objects.exists()


def test_a_send_can_be_paused_resumed_and_cancelled_from_its_progress_view(
    admin_client, issue_with_readers, mailing_list, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue_with_readers["en"], [mailing_list])
        planning.start_send(send.pk)

    def steer(action):
        with django_capture_on_commit_callbacks(execute=False):
            admin_client.post(reverse("newsletter_sending:steer", args=[send.pk, action]))
        send.refresh_from_db()
        return send.status

    assert steer("pause") == Send.Status.PAUSED
    assert "Paused by admin" in send.pause_reason
    assert steer("resume") == Send.Status.SENDING
    assert steer("cancel") == Send.Status.CANCELLED
    assert set(Delivery.objects.filter(send=send).values_list("status", flat=True)) == {
        Delivery.Status.CANCELLED
    }
    assert steer("resume") == Send.Status.CANCELLED


def test_people_without_the_send_permission_cannot_send(
    client, django_user_model, issue_with_readers, mailing_list
):
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "password", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    response = client.post(
        reverse("newsletter_sending:send", args=[issue_with_readers["en"].pk]),
        {"mailing_lists": [mailing_list.pk]},
    )

    assert response.status_code in {302, 403}
    assert not Send.objects.exists()


def test_an_issue_offers_its_preview_and_send_in_the_page_editor(admin_client, issue_with_readers):
    issue = issue_with_readers["en"]

    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk])).content.decode()
    listing = admin_client.get(reverse("wagtailadmin_explore", args=[issue.get_parent().pk])).content.decode()
    sends = admin_client.get(reverse("newsletter_sending:index"))

    for page in (editor, listing):
        assert reverse("newsletter_sending:preview", args=[issue.pk]) in page
        assert reverse("newsletter_sending:send", args=[issue.pk]) in page
    assert sends.status_code == 200
    assert (
        reverse("newsletter_sending:index") in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    )


def header(html):
    """Return (the links beside the page's title, the labels in its "…" menu)."""
    actions = html.find(id="w-slim-header-buttons")
    menu = actions.find(attrs={"data-controller": re.compile(r"\bw-dropdown\b")})
    in_menu = menu.find_all("a") if menu else []
    beside = [link for link in actions.find_all("a") if link not in in_menu]
    return beside, [" ".join(link.get_text().split()) for link in in_menu]


def test_the_issue_editor_shows_preview_send_and_translate_beside_the_title(admin_client, issue_with_readers):
    issue = issue_with_readers["en"]
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk]))
    html = BeautifulSoup(response.content.decode(), "html.parser")

    beside, in_menu = header(html)

    assert [link["href"] for link in beside] == [
        reverse("newsletter_sending:preview", args=[issue.pk]),
        reverse("newsletter_sending:send", args=[issue.pk]),
        reverse("wagtail_localize:submit_page_translation", args=[issue.pk]),
    ]
    assert [" ".join(link.get_text().split()) for link in beside[:2]] == ["Preview email", "Send newsletter"]
    assert beside[2]["aria-label"] == "Translate this page"
    assert "Move" in in_menu and "Delete" in in_menu
    assert not {"Preview email", "Send newsletter", "Translate this page"} & set(in_menu)


def test_the_page_editor_lists_unpublish_and_edit_once(admin_client, issue_with_readers):
    issue = issue_with_readers["en"]
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk]))
    html = BeautifulSoup(response.content.decode(), "html.parser")

    _beside, in_menu = header(html)
    unpublish = reverse("wagtailadmin_pages:unpublish", args=[issue.pk])

    # The footer's publishing menu offers Unpublish; the header's menu no longer repeats it,
    # nor offers to edit the page being edited.
    assert "Unpublish" not in in_menu and "Edit" not in in_menu
    assert len(html.find_all("a", href=re.compile(f"^{unpublish}"))) == 1


@pytest.fixture
def handful(settings):
    settings.NEWSLETTER_CONFIRM_SEND_ABOVE = 5
    return settings.NEWSLETTER_CONFIRM_SEND_ABOVE


def test_a_send_to_more_than_a_handful_asks_to_confirm_whom_it_reaches(
    admin_client, issue_with_readers, mailing_list, handful
):
    url = reverse("newsletter_sending:send", args=[issue_with_readers["en"].pk])

    response = admin_client.post(url, {"mailing_lists": [mailing_list.pk]})

    assert response.status_code == 200
    assert not Send.objects.exists()
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert " ".join(html.find(id="confirm-heading").get_text().split()) == (
        f"Send “{issue_with_readers['en'].title}” to 8 subscribers?"
    )
    rows = {
        " ".join(row.th.get_text().split()): [
            " ".join(cell.get_text().split()) for cell in row.find_all("td")
        ]
        for row in html.find("table", attrs={"aria-labelledby": "confirm-heading"}).tbody.find_all("tr")
    }
    assert rows == {
        "English": ["2", "Their own language"],
        "shqip": ["1", "Their own language"],
        "crnogorski": ["3", "srpski (latinica) (fallback)"],
        "Deutsch": ["1", "English (fallback)"],
        "العربيّة": ["1", "Their own language"],
    }
    assert "Regional newsletter" in html.find("dl").get_text()
    assert html.find("input", attrs={"name": "confirmed_recipients"})["value"] == "8"


def test_confirming_the_number_starts_the_send(admin_client, issue_with_readers, mailing_list, handful):
    url = reverse("newsletter_sending:send", args=[issue_with_readers["en"].pk])

    response = admin_client.post(url, {"mailing_lists": [mailing_list.pk], "confirmed_recipients": "8"})

    send = Send.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("newsletter_sending:progress", args=[send.pk])


def test_a_confirmation_of_another_number_asks_again_and_sends_nothing(
    admin_client, issue_with_readers, mailing_list, handful
):
    url = reverse("newsletter_sending:send", args=[issue_with_readers["en"].pk])

    # Someone subscribed since the number 7 was confirmed.
    response = admin_client.post(url, {"mailing_lists": [mailing_list.pk], "confirmed_recipients": "7"})

    assert response.status_code == 200
    assert "changed since you confirmed 7: this send now reaches 8" in response.content.decode()
    assert not Send.objects.exists()


def test_a_scheduled_send_is_confirmed_with_its_time(admin_client, issue_with_readers, mailing_list, handful):
    url = reverse("newsletter_sending:send", args=[issue_with_readers["en"].pk])
    data = {"mailing_lists": [mailing_list.pk], "scheduled_at": "2099-01-01 09:00"}

    asked = admin_client.post(url, data)
    confirmed = admin_client.post(url, {**data, "confirmed_recipients": "8"})

    html = BeautifulSoup(asked.content.decode(), "html.parser")
    assert html.find("input", attrs={"name": "scheduled_at"})["value"] == "2099-01-01 09:00"
    assert confirmed.status_code == 302
    assert Send.objects.get().status == Send.Status.SCHEDULED


def test_a_send_to_a_handful_needs_no_confirmation(admin_client, issue_with_readers, mailing_list, settings):
    settings.NEWSLETTER_CONFIRM_SEND_ABOVE = 8
    url = reverse("newsletter_sending:send", args=[issue_with_readers["en"].pk])

    response = admin_client.post(url, {"mailing_lists": [mailing_list.pk]})

    assert response.status_code == 302
    assert Send.objects.exists()
