"""Sections list what the reader's language lacks in the nearest language of its chain, and say so."""

import pytest

from tests.content import translate
from tests.html import parse, text

pytestmark = pytest.mark.django_db


def card_titles(html):
    return {text(link): link for link in html.select(".card__title a")}


def test_a_montenegrin_section_lists_the_serbian_translation_then_the_english_original(client, content):
    translate(content.listing, "sr-latn")
    serbian = translate(content.news, "sr-latn")
    montenegrin_listing = translate(content.listing, "cnr")

    html = parse(client.get(montenegrin_listing.url))

    titles = card_titles(html)
    assert serbian.title in titles
    assert content.news.title not in titles, "a page is listed once, in the nearest language"
    assert content.project.title in titles
    link = titles[serbian.title]
    assert (link["lang"], link["dir"], link["href"]) == ("sr-latn", "auto", serbian.url)
    marker = link.find_parent("article").find(class_="fallback-language")
    assert marker["lang"] == "cnr"
    assert marker.bdi["lang"] == "sr-latn" and text(marker.bdi) == "srpski (latinica)"
    english = titles[content.project.title]
    assert english["lang"] == "en"
    assert text(english.find_parent("article").find(class_="fallback-language").bdi) == "English"


def test_a_page_in_the_readers_language_carries_no_fallback_marks(client, content):
    translate(content.listing, "sr-latn")
    serbian = translate(content.news, "sr-latn")
    listing = content.listing.get_translation(serbian.locale)

    html = parse(client.get(listing.url))

    link = card_titles(html)[serbian.title]
    assert not link.has_attr("lang")
    assert not link.find_parent("article").find(class_="fallback-language")


def test_the_filters_and_counts_apply_to_the_fallback_listing(client, content):
    listing = translate(content.listing, "de")

    html = parse(client.get(listing.url + "?type=news"))

    assert set(card_titles(html)) == {content.news.title}
    assert html.find(class_="results-count")
