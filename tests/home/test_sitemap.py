import xml.etree.ElementTree as ET

import pytest

from tests.content import translate, translate_content

NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def read_sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NAMESPACES): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NAMESPACES)
        }
        for url in root.findall("s:url", NAMESPACES)
    }


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
