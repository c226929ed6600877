"""Staff send an issue to more than a handful of people in a real browser, through the confirmation."""

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.urls import reverse

from newsletter.models import Send
from tests.newsletter.factories import build_issue, bulk_subscribers

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_staff_confirm_whom_a_send_reaches_before_it_starts(
    live_server, browser_page, site, mailing_list, mail_server, settings
):
    settings.NEWSLETTER_CONFIRM_SEND_ABOVE = 10
    issue = build_issue(site, ["en", "sq"])["en"]
    bulk_subscribers(mailing_list, 12, ["en", "sq", "de"])
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-password")
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[issue.pk]))

    # The header offers the send beside the page's title, not in its "…" menu.
    page.locator("#w-slim-header-buttons").get_by_role("link", name="Send newsletter").click()
    page.get_by_label("Regional newsletter").check()
    page.get_by_role("button", name="Count the recipients").click()
    page.get_by_role("button", name="Send to 12 subscribers").click()

    expect(page.get_by_role("heading", name=f"Send “{issue.title}” to 12 subscribers?")).to_be_visible()
    rows = page.locator("table[aria-labelledby=confirm-heading] tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Deutsch")).to_contain_text("English (fallback)")
    assert not Send.objects.exists()

    # Going back keeps the choice made; asking again and confirming starts the send.
    page.get_by_role("link", name="No, go back").click()
    expect(page.get_by_label("Regional newsletter")).to_be_checked()
    page.get_by_role("button", name="Send to 12 subscribers").click()
    page.get_by_role("button", name="Yes, send to 12 subscribers").click()

    send = Send.objects.get()
    page.wait_for_url(live_server.url + reverse("newsletter_sending:progress", args=[send.pk]))
    assert len(mail_server.wait_for(12)) == 12
