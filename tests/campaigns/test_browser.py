"""A visitor signs a campaign in Albanian in a real browser, confirms from the email, sees it count."""

import pytest

from tests.campaigns.helpers import confirm_link_in, in_language


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_signs_in_albanian_confirms_from_the_email_and_sees_the_count_rise(
    campaign, countries, live_server, celery_worker, smtp_sink, browser_page, settings
):
    settings.BASE_URL = live_server.url
    # A script types faster than the minimum fill time meant for bots.
    settings.FORM_MIN_SECONDS = 0
    page = browser_page
    albanian = in_language(campaign, "sq")

    page.goto(live_server.url + albanian.url)
    assert page.locator("html").get_attribute("lang") == "sq"
    assert page.locator("h1").inner_text() == "Mbroni hapësirën qytetare"
    assert page.locator("progress").get_attribute("value") == "0"
    # By field name: the interface's words will be translated into Albanian.
    page.locator("input[name=name]").fill("Ana Hoxha")
    page.locator("input[name=email]").fill("ana@example.org")
    page.locator("select[name=country]").select_option(label="Shqipëria")
    page.locator("input[name=show_name]").check()
    page.locator("input[name=consent]").check()
    page.locator("form.signature-form button[type=submit]").click()
    page.wait_for_url("**/sq/campaigns/defend-civic-space/sign/check-your-inbox/")

    [received] = smtp_sink.wait_for(1)
    assert received.recipients == ["ana@example.org"]
    assert "Mbroni hapësirën qytetare" in received.message["Subject"]
    page.goto(live_server.url + confirm_link_in(received.body("plain")))
    assert page.locator("html").get_attribute("lang") == "sq"
    page.locator("main form button[type=submit]").click()
    page.locator("main h1").wait_for()

    assert page.locator("main progress").get_attribute("value") == "1"
    page.goto(live_server.url + albanian.url)
    assert page.locator("progress").get_attribute("value") == "1"
    assert page.locator(".campaign__supporters li").all_inner_texts() == ["Ana Hoxha (Shqipëria)"]
