"""A visitor in a real browser: switching languages, right-to-left layout, reading a news item."""

import pytest

from django.contrib.auth import get_user_model

from tests.content import build_content, translate


def language_menu(page, name):
    page.locator(".language-switcher summary").click()
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def left_edge(page, selector):
    return page.locator(selector).first.bounding_box()["x"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_switches_to_albanian_and_arabic_and_reads_a_news_item(live_server, browser_page, site):
    content = build_content(site)
    for language in ("sq", "ar"):
        translate(content.listing, language)
        translate(content.news, language)
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    policy_violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and policy_violations.append(message),
    )

    page.goto(live_server.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert left_edge(page, ".site-header__brand") < left_edge(page, ".language-switcher")

    language_menu(page, "Shqip")
    assert page.url == live_server.url + "/sq/"
    assert page.locator("html").get_attribute("lang") == "sq"

    page.get_by_role("link", name=f"[sq] {content.news.title}").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + "/sq/news/second-national-conference/"
    assert page.locator("h1").inner_text() == f"[sq] {content.news.title}"

    language_menu(page, "العربيّة")
    assert page.url == live_server.url + "/ar/news/second-national-conference/"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == f"[ar] {content.news.title}"
    # The layout mirrors: the site's name sits at the right, the language menu at the left.
    assert left_edge(page, ".site-header__brand") > left_edge(page, ".language-switcher")
    quote = page.locator(".block-quote blockquote")
    assert quote.evaluate("element => getComputedStyle(element).borderRightWidth") == "4px"
    assert quote.evaluate("element => getComputedStyle(element).borderLeftWidth") == "0px"

    assert policy_violations == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_fit_a_phone_screen(live_server, browser_page, site):
    content = build_content(site)
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})

    for path in (site["en"].url, content.listing.url, content.project.url, content.event.url, site["ar"].url):
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow == 0, path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editors_keep_the_admin_and_its_userbar_under_the_public_policy(live_server, browser_page, site):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-password")
    page = browser_page
    policy_violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and policy_violations.append(message),
    )

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + f"/admin/pages/{site['en'].pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/en/")
    page.locator("wagtail-userbar").wait_for(state="attached")
    page.wait_for_load_state("networkidle")

    assert policy_violations == []
