import xml.etree.ElementTree as ET

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, get_page_models

from home.sitemaps import LocaleSitemap
from tests.content import translate, translate_content
from tests.factories import ListingPageFactory, NewsPageFactory

NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def read_sitemap(client):
    """Read the sitemap index, then every page of every language's sitemap: {url: {hreflang: href}}."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    urls = {}
    for location in ET.fromstring(response.content).iterfind("s:sitemap/s:loc", NAMESPACES):
        section = client.get(location.text.removeprefix("http://testserver"))
        assert section.status_code == 200, location.text
        for url in ET.fromstring(section.content).findall("s:url", NAMESPACES):
            urls[url.findtext("s:loc", namespaces=NAMESPACES)] = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", NAMESPACES)
            }
    return urls


@pytest.mark.django_db
def test_the_sitemap_lists_every_live_page_of_every_language(client, content):
    translate_content(content, "ar")

    urls = read_sitemap(client)

    homes = {f"http://localhost/{code}/" for code in ("en", "sq", "mk", "sr-latn", "cnr", "de", "ar")}
    assert homes <= set(urls)
    assert "http://localhost/ar/news/smart-balkans/" in urls
    assert "http://localhost/en/news/smart-balkans/" in urls
    assert "http://localhost/sq/news/smart-balkans/" not in urls


@pytest.mark.django_db
def test_translations_link_each_other_in_the_sitemap(client, content):
    translate(content.listing, "de")
    translate(content.project, "de")

    urls = read_sitemap(client)

    expected = {
        "en": "http://localhost/en/news/smart-balkans/",
        "de": "http://localhost/de/news/smart-balkans/",
        "x-default": "http://localhost/en/news/smart-balkans/",
    }
    assert urls["http://localhost/en/news/smart-balkans/"] == expected
    assert urls["http://localhost/de/news/smart-balkans/"] == expected
    assert len(urls["http://localhost/en/"]) == 8  # seven languages and x-default


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap(client, site):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


@pytest.mark.django_db
def test_the_index_lists_one_sitemap_per_language_in_pages_of_a_fixed_size(client, content, monkeypatch):
    monkeypatch.setattr(LocaleSitemap, "limit", 2)

    index = ET.fromstring(client.get("/sitemap.xml").content)

    locations = [loc.text for loc in index.iterfind("s:sitemap/s:loc", NAMESPACES)]
    assert "http://testserver/sitemap-ar.xml" in locations
    # English: the home page, the listing and its three articles.
    assert [loc for loc in locations if "sitemap-en" in loc] == [
        "http://testserver/sitemap-en.xml",
        "http://testserver/sitemap-en.xml?p=2",
        "http://testserver/sitemap-en.xml?p=3",
    ]
    third = ET.fromstring(client.get("/sitemap-en.xml?p=3").content)
    assert len(third.findall("s:url", NAMESPACES)) == 1
    assert client.get("/sitemap-en.xml?p=4").status_code == 404
    assert client.get("/sitemap-xx.xml").status_code == 404


@pytest.mark.django_db
def test_a_sitemap_not_changed_since_the_crawler_last_read_it_is_a_304(client, content):
    for url in ("/sitemap.xml", "/sitemap-en.xml", "/en/feed/"):
        first = client.get(url)
        assert first.status_code == 200
        assert first["Last-Modified"], url

        again = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

        assert again.status_code == 304, url
        assert again.content == b""


@pytest.mark.django_db
def test_the_sitemap_costs_the_same_at_any_number_of_pages(client, site, monkeypatch):
    monkeypatch.setattr(LocaleSitemap, "limit", 5)
    listing = ListingPageFactory(parent=site["en"], title="News", slug="news")

    def queries():
        counts = []
        for url in ("/sitemap.xml", "/sitemap-en.xml", "/sitemap-en.xml?p=2"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200, url
            counts.append(len(captured))
        return counts

    for number in range(10):
        NewsPageFactory(parent=listing, title=f"Item {number}", slug=f"item-{number}")
    queries()  # The first request keeps the site for the next ones (home.shared_parts).
    small = queries()
    for number in range(10, 40):
        NewsPageFactory(parent=listing, title=f"Item {number}", slug=f"item-{number}")

    assert queries() == small


def test_no_page_type_lists_addresses_of_its_own_which_the_sitemap_would_miss():
    # The sitemap reads plain pages (home.sitemaps.LocaleSitemap.items): a page type whose
    # get_sitemap_urls said more (a routable page's sub-addresses) would be left out silently.
    overriding = [
        model.__name__ for model in get_page_models() if model.get_sitemap_urls is not Page.get_sitemap_urls
    ]
    assert overriding == []


@pytest.mark.django_db
def test_a_page_of_a_language_sitemap_reads_only_its_own_addresses(client, site, monkeypatch):
    # Counting the pages of the site, to number the sitemap's pages, is the index's work: a page
    # of a sitemap read on its own costs what its own addresses cost, however large the site.
    monkeypatch.setattr(LocaleSitemap, "limit", 5)
    listing = ListingPageFactory(parent=site["en"], title="News", slug="news")
    for number in range(12):
        NewsPageFactory(parent=listing, title=f"Item {number}", slug=f"item-{number}")

    with CaptureQueriesContext(connection) as captured:
        second = client.get("/sitemap-en.xml?p=2")

    assert second.status_code == 200
    assert len(ET.fromstring(second.content).findall("s:url", NAMESPACES)) == 5
    assert not [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()]
    # The last page is short, the next one does not exist, nor does a page that is not a number.
    assert len(ET.fromstring(client.get("/sitemap-en.xml?p=3").content).findall("s:url", NAMESPACES)) == 4
    for past in ("4", "0", "-1", "two"):
        assert client.get(f"/sitemap-en.xml?p={past}").status_code == 404, past
