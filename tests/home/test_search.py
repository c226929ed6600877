import pytest
from bs4 import BeautifulSoup

from home.search import EXCERPT_WORDS, excerpt, highlight, query_terms
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


@pytest.mark.django_db
def test_results_mark_the_words_that_matched_in_the_title_and_the_passage_around_them(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        build_content(site)

    html = parse(client.get("/en/search/", {"q": "civil society"}))

    result = html.find(class_="search-result")
    marked = [text(mark) for mark in result.find_all("mark")]
    assert {"Civil", "society"} <= set(marked)
    excerpt = text(result.find(class_="search-result__excerpt"))
    assert "Civil society holds power to account." in excerpt


@pytest.mark.django_db
def test_results_can_be_narrowed_to_one_type_of_page(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        content = build_content(site)

    every_type = parse(client.get("/en/search/", {"q": "civic"}))
    events = parse(client.get("/en/search/", {"q": "civic", "type": "events"}))

    links = {text(link): link for link in every_type.find("nav", class_="search-types").find_all("a")}
    assert set(links) == {"All (3)", "News (1)", "Projects (1)", "Events (1)"}
    assert links["All (3)"]["aria-current"] == "page"
    assert links["Events (1)"]["href"] == "?q=civic&type=events"
    assert result_titles(events) == [content.event.title]
    assert events.find("a", string="Events (1)")["aria-current"] == "page"
    # A new search keeps to the type chosen.
    assert (
        events.find("form", class_="search-form").find("input", attrs={"name": "type"})["value"] == "events"
    )


@pytest.mark.django_db
def test_an_unknown_type_is_reported_and_results_of_every_type_shown(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        build_content(site)

    html = parse(client.get("/en/search/", {"q": "civic", "type": "<script>"}))

    assert "There is nothing to show for “<script>”" in text(html.find(class_="form-errors"))
    assert len(result_titles(html)) == 3


@pytest.mark.django_db
def test_a_search_without_results_offers_other_languages_and_the_sections(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        content = build_content(site)
        translate(content.listing, "sq", {content.listing.title: "Lajme"})

    html = parse(client.get("/sq/search/", {"q": "workshop"}))

    assert html.find("ol", class_="search-results") is None
    empty = html.find("section", class_="search-empty")
    assert empty is not None
    other = empty.find("a", hreflang="en")
    assert other["href"] == "/en/search/?q=workshop"
    assert text(other) == "English (1)"
    assert [text(link) for link in empty.find_all("a") if not link.get("hreflang")] == ["Lajme"]
    assert "0 results" not in text(html.main)


@pytest.mark.django_db
def test_a_search_of_one_type_without_results_leads_to_the_other_types(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        build_content(site)

    html = parse(client.get("/en/search/", {"q": "workshop", "type": "projects"}))

    empty = html.find("section", class_="search-empty")
    assert empty.find("a", string="See the 1 result of every type")["href"] == "?q=workshop"


@pytest.mark.parametrize(
    ("query", "textual", "marked"),
    [
        ("konference", "Konferencë kombëtare", ["Konferencë"]),
        ("CIVIC", "civic space", ["civic"]),
        ("reports", "Our report", ["report"]),
        ("report", "Annual reports", ["reports"]),
        ("مؤتمر", "عقد مؤتمر وطني", ["مؤتمر"]),
        ("Скопје", "во СКОПЈЕ", ["СКОПЈЕ"]),
        ("on", "Action on climate", ["on"]),
    ],
)
def test_words_are_marked_whatever_their_case_accents_or_ending(query, textual, marked):
    html = BeautifulSoup(str(highlight(textual, query_terms(query))), "html.parser")

    assert [mark.get_text() for mark in html.find_all("mark")] == marked


def test_marking_words_escapes_the_text_around_them():
    marked = str(highlight('<img src=x onerror="alert(1)"> civic', query_terms("civic")))

    assert marked == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>civic</mark>"


def test_short_words_match_only_whole_words():
    assert str(highlight("Action on climate", query_terms("act"))) == "Action on climate"


def test_the_excerpt_is_the_passage_around_the_first_match():
    words = [f"word{number}" for number in range(100)]
    words[50] = "civic"

    passage = str(excerpt(" ".join(words), query_terms("civic")))

    assert passage.startswith("… word42 ")
    assert "<mark>civic</mark>" in passage
    assert passage.endswith(" …")
    assert len(passage.split()) == EXCERPT_WORDS + 2
