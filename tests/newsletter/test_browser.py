"""A visitor's whole journey in a real browser: subscribe in Macedonian, confirm, manage, leave."""

import pytest

from newsletter.models import Subscriber
from tests.newsletter.helpers import link_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_subscribes_confirms_manages_and_leaves_in_macedonian(
    site, lists, live_server, celery_worker, smtp_sink, browser_page, settings
):
    settings.BASE_URL = live_server.url
    # A script types faster than the minimum fill time meant for bots.
    settings.FORM_MIN_SECONDS = 0
    page = browser_page

    page.goto(f"{live_server.url}/mk/newsletter/subscribe/")
    assert page.locator("html").get_attribute("lang") == "mk"
    page.locator("input[name=email]").fill("ana@example.org")
    page.get_by_role("checkbox", name="Регионален билтен").check()
    assert page.locator("select[name=language]").input_value() == "mk"
    page.locator("input[name=consent]").check()
    page.locator("form.subscribe-form button[type=submit]").click()
    page.wait_for_url("**/mk/newsletter/subscribe/check-your-inbox/")

    [received] = smtp_sink.wait_for(1)
    page.goto(live_server.url + link_in(received.body("plain"), "confirm"))
    assert page.locator("html").get_attribute("lang") == "mk"
    page.locator("main form button[type=submit]").click()
    page.locator("main a[href*='/newsletter/preferences/']").click()

    assert page.locator("html").get_attribute("lang") == "mk"
    assert page.get_by_role("checkbox", name="Регионален билтен").is_checked()
    page.get_by_role("checkbox", name="Регионален билтен").uncheck()
    page.get_by_role("checkbox", name="Повици за предлози").check()
    page.locator("main form").first.locator("button[type=submit]").click()
    page.wait_for_url("**?saved=1")

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert list(subscriber.lists.values_list("slug", flat=True)) == ["calls"]

    page.locator("main form[action*='/newsletter/unsubscribe/'] button").click()
    page.wait_for_url("**/newsletter/unsubscribe/**")

    assert page.locator("html").get_attribute("lang") == "mk"
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert not subscriber.lists.exists()
