"""The send report as staff see it, left to right and right to left."""

from datetime import timedelta

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from wagtail.users.models import UserProfile

from newsletter.models import Delivery, Link, LinkClicks, Send
from tests.newsletter.factories import SubscriberFactory, build_issue

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = "var/screenshots"


def reported_send(site, mailing_list):
    issue = build_issue(site, ["en", "sq", "ar"])["en"]
    started = timezone.now() - timedelta(hours=30)
    send = Send.objects.create(issue=issue, status=Send.Status.FINISHED, started_at=started, recipients=9)
    send.mailing_lists.set([mailing_list])
    for n, (reader, edition, status) in enumerate(
        [("en", "en", "sent"), ("en", "en", "sent"), ("de", "en", "sent"), ("sq", "sq", "sent"),
         ("sq", "sq", "bounced"), ("ar", "ar", "sent"), ("ar", "ar", "sent"), ("ar", "ar", "complained"),
         ("cnr", "en", "sent")]
    ):  # fmt: skip
        subscriber = SubscriberFactory(email=f"r{n}@example.org", language=reader, lists=[mailing_list])
        Delivery.objects.create(
            send=send, subscriber=subscriber, language=edition, reader_language=reader, status=status
        )
    first = started.replace(minute=0, second=0, microsecond=0)
    for language, texts in {"en": ["Annual report", "Call for grants"], "sq": ["Raporti vjetor"],
                            "ar": ["التقرير السنوي", "دعوة للمنح"]}.items():  # fmt: skip
        for position, text in enumerate(texts, start=1):
            link = Link.objects.create(
                send=send, language=language, position=position, target=f"https://example.org/{position}",
                text=text,
            )  # fmt: skip
            for hour, clicks in ((0, 3 + position), (1, 2), (5, 1), (26, 1)):
                LinkClicks.objects.create(
                    link=link, hour=first + timedelta(hours=hour), clicks=clicks, scanner_clicks=hour == 0
                )
    return send


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_report_reads_in_both_directions(live_server, browser_page, site, mailing_list, language):
    send = reported_send(site, mailing_list)
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-password")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill("a-long-password")
    page.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(live_server.url + reverse("newsletter_reports:send", args=[send.pk]))

    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.locator("svg.report-chart").count() == 5
    assert page.locator("table[data-report-table]").count() == 5
    # Each chart's bars start on the reading side: from the right in Arabic.
    first_bar = page.locator("svg.report-chart rect").first.bounding_box()
    chart = page.locator("svg.report-chart").first.bounding_box()
    middle = chart["x"] + chart["width"] / 2
    if language == "ar":
        assert first_bar["x"] + first_bar["width"] > middle
    else:
        assert first_bar["x"] < middle
    page.screenshot(path=f"{SCREENSHOTS}/send-report-{language}.png", full_page=True)
