"""Accessibility basics (WCAG 2.1 AA) checked on the rendered HTML of every kind of page."""

import datetime
import itertools
from collections import Counter

import pytest

from django.utils import timezone

from news.models import ListingPage
from tests.content import about_section, library_with_publications, publish_child
from tests.factories import EventPageFactory
from tests.html import parse

LABELLED_BY_THEMSELVES = {"hidden", "submit", "button", "reset", "image"}


def page_urls(content):
    return [
        *(page.url for page in content.pages),
        *(home.url for home in content.homes.values()),
        content.listing.url + "?topic=nonsense",
        "/en/search/?q=civic",
    ]


def form_fields(html):
    for field in html.find_all(["input", "select", "textarea"]):
        if field.name == "input" and field.get("type", "text") in LABELLED_BY_THEMSELVES:
            continue
        yield field


def has_label(html, field):
    return bool(
        (field.get("id") and html.find("label", attrs={"for": field["id"]}))
        or field.get("aria-label")
        or field.get("aria-labelledby")
        or field.find_parent("label")
    )


def network_page_urls(homes):
    """Build the network's own pages, the library and a section of events; return their URLs."""
    about, members, contact = about_section(homes["en"])
    library, report, _brief = library_with_publications(homes)
    events = publish_child(homes["en"], ListingPage(title="Events", slug="events"))
    for days in (-30, 30):
        EventPageFactory(parent=events, start=timezone.now() + datetime.timedelta(days=days))
    return [about.url, members.url, contact.url, library.url, report.url, events.url]


@pytest.fixture
def pages(client, content):
    urls = [
        *page_urls(content),
        *network_page_urls(content.homes),
        "/en/search/?q=nothing-at-all",
        "/en/search/?q=civic&type=events",
    ]
    pages = {url: parse(client.get(url)) for url in urls}
    pages["/en/no-such-page/"] = parse(client.get("/en/no-such-page/"), status=404)
    return pages


@pytest.mark.django_db
def test_every_image_has_alternative_text(pages):
    for url, html in pages.items():
        assert all(img.has_attr("alt") for img in html.find_all("img")), url


@pytest.mark.django_db
def test_every_form_field_has_a_label(pages):
    for url, html in pages.items():
        unlabelled = [str(field) for field in form_fields(html) if not has_label(html, field)]
        assert unlabelled == [], url


@pytest.mark.django_db
def test_every_page_has_one_h1_and_headings_that_do_not_skip_levels(pages):
    for url, html in pages.items():
        levels = [int(heading.name[1]) for heading in html.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert levels.count(1) == 1, url
        assert levels[0] == 1, url
        assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels)), (url, levels)


@pytest.mark.django_db
def test_every_page_has_landmarks_and_a_skip_link(pages):
    for url, html in pages.items():
        assert html.find("header", class_="site-header") is not None, url
        assert html.find("main", id="main") is not None, url
        assert html.find("footer", class_="site-footer") is not None, url
        navigations = html.find_all("nav")
        named = [
            nav for nav in navigations if nav.get("aria-label") or html.find(id=nav.get("aria-labelledby"))
        ]
        assert navigations and named == navigations, url
        assert html.body.find("a")["href"] == "#main", url


@pytest.mark.django_db
def test_ids_are_unique_on_every_page(pages):
    for url, html in pages.items():
        duplicates = [
            id_ for id_, count in Counter(tag["id"] for tag in html.find_all(id=True)).items() if count > 1
        ]
        assert duplicates == [], url


@pytest.mark.django_db
def test_language_links_say_which_language_they_lead_to(pages):
    for url, html in pages.items():
        links = html.find("nav", class_="language-switcher").find_all("a")
        assert len(links) == 7, url
        assert all(link["lang"] == link["hreflang"] for link in links), url


@pytest.mark.django_db
def test_every_link_has_text(pages):
    for url, html in pages.items():
        for link in html.find_all("a"):
            assert link.get_text(strip=True) or link.get("aria-label"), (url, str(link))


@pytest.mark.django_db
def test_scrollable_tables_can_be_reached_by_keyboard(pages):
    for url, html in pages.items():
        for region in html.find_all(class_="table-scroll"):
            assert region["tabindex"] == "0", url
            assert region.get("aria-label") or region.get("aria-labelledby"), url
