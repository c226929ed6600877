"""Other languages' text inside an Arabic page keeps its own direction: punctuation stays where it belongs."""

import pytest

from django.conf import settings

from tests.content import build_content, translate

# What a check of the screenshot looks at: the English card in the Arabic listing.
SCREENSHOT = settings.VAR_DIR / "screenshots" / "arabic-listing-with-english-card.png"

FIRST_AND_LAST_CHARACTER = """link => {
    const node = link.firstChild;
    const range = document.createRange();
    const x = index => {
        range.setStart(node, index);
        range.setEnd(node, index + 1);
        return range.getBoundingClientRect().left;
    };
    return [x(0), x(node.length - 1)];
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_english_title_in_an_arabic_listing_ends_with_its_full_stop_on_the_right(
    live_server, browser_page, site
):
    content = build_content(site)
    content.news.title = "Civil society across the Balkans."
    content.news.save_revision().publish()
    listing = translate(content.listing, "ar")
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(live_server.url + listing.url)

    assert page.locator("html").get_attribute("dir") == "rtl"
    link = page.get_by_role("link", name="Civil society across the Balkans.")
    assert link.get_attribute("lang") == "en"
    first, last = link.evaluate(FIRST_AND_LAST_CHARACTER)
    assert last > first, "the full stop is drawn left of the title's first letter (.Balkans)"
    marker = link.locator("xpath=ancestor::article").locator(".fallback-language")
    assert marker.get_attribute("lang") == "ar"
    assert marker.locator("bdi").inner_text() == "English"
    # The language switcher names English left to right too.
    page.locator(".language-switcher summary").click()
    english = page.locator(".language-switcher__list a[hreflang='en']")
    first, last = english.evaluate(FIRST_AND_LAST_CHARACTER)
    assert last > first
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    link.locator("xpath=ancestor::article").screenshot(path=str(SCREENSHOT))
