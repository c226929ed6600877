import xml.etree.ElementTree as ET

import pytest

from tests.content import translate, translate_content
from tests.html import parse

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


@pytest.mark.django_db
def test_each_language_has_its_own_feed_of_articles_newest_first(client, content):
    translate_content(content, "mk")

    english = read_feed(client, "/en/feed/")
    macedonian = read_feed(client, "/mk/feed/")

    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert macedonian.get("{http://www.w3.org/XML/1998/namespace}lang") == "mk"
    assert [entry.findtext("a:title", namespaces=ATOM) for entry in english.findall("a:entry", ATOM)] == [
        "Second National Conference in Serbia",
        "Regional Workshop on Civic Space",
        "SMART Balkans",
    ]
    entries = macedonian.findall("a:entry", ATOM)
    assert [entry.findtext("a:title", namespaces=ATOM) for entry in entries][0] == (
        "[mk] Second National Conference in Serbia"
    )
    first = entries[0]
    assert first.find("a:link", ATOM).get("href") == "http://localhost/mk/news/second-national-conference/"
    assert first.findtext("a:summary", namespaces=ATOM) == "[mk] What happened, in one paragraph."
    assert [category.get("term") for category in first.findall("a:category", ATOM)] == ["[mk] Civic space"]
    assert first.findtext("a:published", namespaces=ATOM).startswith("2023-06-30T00:00:00")


@pytest.mark.django_db
def test_a_language_without_articles_has_an_empty_feed(client, content):
    assert read_feed(client, "/de/feed/").findall("a:entry", ATOM) == []


@pytest.mark.django_db
def test_drafts_stay_out_of_the_feed(client, content):
    translate(content.listing, "sq")
    translate(content.news, "sq", publish=False)

    assert read_feed(client, "/sq/feed/").findall("a:entry", ATOM) == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_advertises_its_languages_feed(client, site, language):
    html = parse(client.get(site[language].url))

    feed = html.head.find("link", rel="alternate", type="application/atom+xml")
    assert feed["href"] == f"/{language}/feed/"
