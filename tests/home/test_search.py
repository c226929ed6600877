import pytest

from tests.content import build_content, translate
from tests.factories import ListingPageFactory, NewsPageFactory
from tests.html import parse, text


def result_titles(html):
    return [text(title) for title in html.find_all(class_="search-result__title")]


# Wagtail indexes a page in a background task once its transaction commits: the tests run
# those callbacks as the commit would.


@pytest.mark.django_db
def test_search_finds_pages_of_the_readers_language_only(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        content = build_content(site)
    translate(content.listing, "sq")
    translate(content.news, "sq", {content.news.title: "Konferenca kombëtare në Serbi"})

    english = parse(client.get("/en/search/", {"q": "conference"}))
    albanian = parse(client.get("/sq/search/", {"q": "konferenca"}))
    albanian_for_english_words = parse(client.get("/sq/search/", {"q": "Second National Conference"}))

    assert result_titles(english) == ["Second National Conference in Serbia"]
    assert text(english.find(class_="search-result__kind")) == "News item · June 30, 2023"
    assert result_titles(albanian) == ["Konferenca kombëtare në Serbi"]
    assert result_titles(albanian_for_english_words) == []
    link = albanian.find(class_="search-result__title").a["href"]
    assert link == "/sq/news/second-national-conference/"


@pytest.mark.django_db
def test_search_leaves_out_drafts(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        listing = ListingPageFactory(parent=site["en"])
        NewsPageFactory(parent=listing, title="Budget monitoring report")
        NewsPageFactory(parent=listing, title="Budget monitoring draft", live=False)

    html = parse(client.get("/en/search/", {"q": "budget"}))

    assert result_titles(html) == ["Budget monitoring report"]


@pytest.mark.django_db
def test_search_results_are_paginated(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        listing = ListingPageFactory(parent=site["en"])
        for number in range(13):
            NewsPageFactory(parent=listing, title=f"Resilience dialogue {number}")

    first = parse(client.get("/en/search/", {"q": "resilience"}))
    second = parse(client.get("/en/search/", {"q": "resilience", "page": "2"}))

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 3
    assert text(first.find(class_="results-count")) == "13 results"
    assert first.find("nav", class_="pagination").find("a", rel="next")["href"] == "?q=resilience&page=2"
    assert second.find("ol", class_="search-results")["start"] == "11"


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{}, {"q": ""}, {"q": "   "}, {"q": "x", "page": "abc"}, {"q": "%$#\x7f"}])
def test_empty_or_odd_searches_give_a_clean_page(client, site, query):
    html = parse(client.get("/en/search/", query))

    assert html.find("form", class_="search-form") is not None
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@pytest.mark.django_db
def test_every_page_has_a_search_form_for_its_language(client, site):
    html = parse(client.get(site["de"].url))

    form = html.find("form", class_="site-search")
    assert form["action"] == "/de/search/"
    assert html.find("label", attrs={"for": form.input["id"]}) is not None
