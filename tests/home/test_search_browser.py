"""A reader searches the site in their own language in a real browser: Albanian, then Arabic."""

import pytest
from playwright.sync_api import expect

from tests.content import build_content, translate

ALBANIAN = {
    "News": "Lajme",
    "Second National Conference in Serbia": "Konferenca e dytë kombëtare në Serbi",
    "What happened, in one paragraph.": "Konferenca diskutoi rolin e shoqërisë civile në krizat.",
}
ARABIC = {
    "News": "الأخبار",
    "Second National Conference in Serbia": "المؤتمر الوطني الثاني في صربيا",
    "What happened, in one paragraph.": "ناقش المؤتمر دور المجتمع المدني في إدارة الأزمات.",
}

pytestmark = pytest.mark.browser


def search_from_the_header(page, words):
    field = page.get_by_role("searchbox").first
    field.fill(words)
    field.press("Enter")
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_a_reader_finds_the_conference_in_albanian_and_in_arabic(live_server, browser_page, site):
    content = build_content(site)
    for language, strings in (("sq", ALBANIAN), ("ar", ARABIC)):
        translate(content.listing, language, strings)
        translate(content.news, language, strings)
    page = browser_page

    page.goto(live_server.url + "/sq/")
    search_from_the_header(page, "konferenca")

    assert page.url == live_server.url + "/sq/search/?q=konferenca"
    results = page.locator("ol.search-results > li")
    expect(results).to_have_count(1)
    expect(results.first.get_by_role("link")).to_have_text(ALBANIAN["Second National Conference in Serbia"])
    expect(results.first.locator("mark").first).to_have_text("Konferenca")
    results.first.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + "/sq/news/second-national-conference/"

    page.goto(live_server.url + "/ar/")
    search_from_the_header(page, "المؤتمر")

    assert page.locator("html").get_attribute("dir") == "rtl"
    results = page.locator("ol.search-results > li")
    expect(results).to_have_count(1)
    expect(results.first.get_by_role("link")).to_have_text(ARABIC["Second National Conference in Serbia"])
    marks = results.first.locator("mark")
    expect(marks.first).to_have_text("المؤتمر")
    # The marked word sits where Arabic reads it: the title starts at the right.
    title = results.first.locator("h2").bounding_box()
    first_mark = marks.first.bounding_box()
    assert first_mark["x"] + first_mark["width"] > title["x"] + title["width"] / 2

    # Narrowed to news items, and the English words find nothing in Arabic but say where they are.
    page.locator("nav.search-types a[href*='type=news']").click()
    page.wait_for_load_state()
    expect(page.locator("ol.search-results > li")).to_have_count(1)
    search_from_the_header(page, "conference")
    expect(page.locator("ol.search-results")).to_have_count(0)
    page.locator("section.search-empty a[hreflang=en]").click()
    page.wait_for_load_state()
    assert page.url.startswith(live_server.url + "/en/search/?q=conference")
    expect(page.locator("ol.search-results > li")).to_have_count(1)
