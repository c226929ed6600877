"""The design in a real browser: the phone menu by keyboard, subscribing from an article, no layout shift."""

import pytest

from newsletter.models import Subscriber
from tests.content import build_content
from tests.newsletter.factories import MailingListFactory

PHONE = {"width": 390, "height": 844}


def csrf_cookies(page):
    return [cookie for cookie in page.context.cookies() if cookie["name"] == "csrftoken"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_phone_menu_opens_and_closes_by_keyboard(live_server, browser_page, site):
    build_content(site)
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/en/")
    menu = page.locator("#site-menu")
    button = page.locator(".site-header__menu-button")
    assert menu.is_hidden() and page.locator(".site-nav a").first.is_hidden()

    # Skip link, the site's name, Subscribe, then the menu button.
    for _step in range(4):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "site-header__menu-button"
    page.keyboard.press("Enter")

    assert menu.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#site-menu') !== null"), "focus moves into the menu"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "News"

    page.keyboard.press("Escape")

    assert menu.is_hidden()
    assert button.evaluate("button => button === document.activeElement"), "focus returns to the button"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_wide_screen_the_menu_is_in_the_header_without_a_button(live_server, browser_page, site):
    build_content(site)
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/en/")

    assert page.locator(".site-header__menu-button").is_hidden()
    assert page.locator(".site-nav").get_by_role("link", name="News").is_visible()
    assert page.locator(".site-search input").is_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_subscribes_from_the_call_to_action_after_an_article(
    live_server, celery_worker, smtp_sink, browser_page, site, settings
):
    settings.BASE_URL = live_server.url
    # A script types faster than the minimum fill time meant for bots.
    settings.FORM_MIN_SECONDS = 0
    content = build_content(site)
    MailingListFactory(name="Regional newsletter", slug="regional")
    page = browser_page
    page.goto(live_server.url + content.news.url)
    assert csrf_cookies(page) == [], "reading sets no cookie"

    form = page.locator("main .callout form.subscribe-form")
    form.get_by_label("Email address").fill("reader@example.org")
    form.get_by_role("checkbox", name="Regional newsletter").check()
    form.locator("input[name=consent]").check()
    form.get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/en/newsletter/subscribe/check-your-inbox/")

    [received] = smtp_sink.wait_for(1)
    assert received.message["To"] == "reader@example.org"
    assert "/newsletter/confirm/" in received.body("plain")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consents.get().source_detail == content.news.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pictures_and_fonts_do_not_move_the_page_as_they_arrive(live_server, browser_page, site):
    build_content(site)
    page = browser_page
    page.set_viewport_size(PHONE)
    page.add_init_script(
        """window.__shifts = [];
        new PerformanceObserver(list => list.getEntries().forEach(entry => {
            if (!entry.hadRecentInput) window.__shifts.push([entry.value, entry.sources.map(
                source => source.node && (source.node.nodeName + "." + source.node.className))]);
        })).observe({type: "layout-shift", buffered: true});"""
    )
    for path in ("/en/", "/ar/", "/en/news/"):
        page.goto(live_server.url + path, wait_until="networkidle")
        page.evaluate("document.fonts.ready")

        shifts = page.evaluate("window.__shifts")
        assert sum(value for value, _sources in shifts) < 0.01, (path, shifts)
