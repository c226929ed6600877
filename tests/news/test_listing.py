import datetime
import itertools

import pytest
import wagtail_factories

from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import NetworkSettings
from tests.content import translate
from tests.factories import (
    CountryFactory,
    EventPageFactory,
    ListingPageFactory,
    NewsPageFactory,
    ProjectPageFactory,
    TopicFactory,
)
from tests.html import parse, text

KINDS = [NewsPageFactory, ProjectPageFactory, EventPageFactory]


def fill_listing(listing, count, topics, countries):
    """Publish `count` articles of every kind in turn, each with an image, topics and countries."""
    image = wagtail_factories.ImageFactory()
    for number, factory in zip(range(count), itertools.cycle(KINDS)):
        # An event's card also names where it happens.
        place = {"country": countries[0], "city": "Skopje"} if factory is EventPageFactory else {}
        article = factory(
            parent=listing,
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
            hero_image=image,
            **place,
        )
        article.topics.add(*topics)
        article.countries.add(*countries)
        article.save_revision().publish()


def card_titles(html):
    return [text(title) for title in html.find_all(class_="card__title")]


@pytest.fixture
def taxonomy(db):
    return {
        "topics": [
            TopicFactory(name="Civic space", slug="civic-space"),
            TopicFactory(name="Media", slug="media"),
        ],
        "countries": [
            CountryFactory(name="Kosovo", code="XK", designation_footnote="Without prejudice to status."),
            CountryFactory(name="North Macedonia", code="MK"),
        ],
    }


def queries_to_render(client, url):
    # A running site has its network details: the first read creates them and forgets the parts
    # pages share (home.shared_parts), as any change does.
    NetworkSettings.load()
    client.get(url)  # Renditions and caches are made on the first visit.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_a_listing_runs_as_many_queries_for_forty_articles_as_for_five(client, site, taxonomy):
    small = ListingPageFactory(parent=site["en"], slug="small")
    large = ListingPageFactory(parent=site["en"], slug="large")
    fill_listing(small, 5, **taxonomy)
    fill_listing(large, 40, **taxonomy)

    few, many = queries_to_render(client, small.url), queries_to_render(client, large.url)

    assert few == many
    # The same holds in another language, where taxonomy shows its translations.
    for snippet in (*taxonomy["topics"], *taxonomy["countries"]):
        translate(snippet, "sq")
    small_sq, large_sq = translate(small, "sq"), translate(large, "sq")
    for source in (small, large):
        for article in source.get_children():
            translate(article.specific, "sq")
    assert queries_to_render(client, small_sq.url) == queries_to_render(client, large_sq.url)


@pytest.mark.django_db
def test_a_listing_pages_its_articles_newest_first(client, site, taxonomy):
    listing = ListingPageFactory(parent=site["en"])
    fill_listing(listing, 14, **taxonomy)

    first = parse(client.get(listing.url))
    second = parse(client.get(listing.url, {"page": 2}))

    assert len(card_titles(first)) == 12
    assert len(card_titles(second)) == 2
    assert text(first.find(class_="results-count")) == "14 items"
    pagination = first.find("nav", class_="pagination")
    assert pagination.find("a", attrs={"aria-current": "page"})["href"] == "?page=1"
    assert pagination.find("a", rel="next")["href"] == "?page=2"


@pytest.mark.django_db
def test_filters_narrow_the_listing_and_pages_keep_them(client, site, taxonomy):
    listing = ListingPageFactory(parent=site["en"])
    fill_listing(listing, 40, **taxonomy)
    other = NewsPageFactory(parent=listing, date=datetime.date(2019, 5, 1), title="Older news")
    other.topics.add(taxonomy["topics"][1])
    other.save_revision().publish()

    by_year = parse(client.get(listing.url, {"year": "2019"}))
    by_type = parse(client.get(listing.url, {"type": "event"}))
    by_everything = parse(
        client.get(listing.url, {"topic": "media", "country": "XK", "year": "2020", "type": "project"})
    )

    assert card_titles(by_year) == ["Older news"]
    assert text(by_type.find(class_="results-count")) == "13 items"
    assert {text(kind) for kind in by_type.find_all(class_="card__kind")} == {"Event"}
    assert text(by_everything.find(class_="results-count")) == "13 items"
    next_page = by_everything.find("a", rel="next")["href"]
    assert next_page == "?topic=media&country=XK&year=2020&type=project&page=2"


@pytest.mark.django_db
def test_filter_choices_are_the_listings_own_values_in_the_readers_language(client, site, taxonomy):
    listing = ListingPageFactory(parent=site["en"])
    fill_listing(listing, 3, **taxonomy)
    translate(taxonomy["topics"][0], "sq", {"Civic space": "Hapësira qytetare"})
    translate(taxonomy["countries"][0], "sq", {"Kosovo": "Kosova"})
    listing_sq = translate(listing, "sq")
    for article in listing.get_children():
        translate(article.specific, "sq")

    html = parse(client.get(listing_sq.url))

    options = {
        select["name"]: [(option["value"], text(option)) for option in select.find_all("option")]
        for select in html.find("form", class_="filters").find_all("select")
    }
    assert options["topic"][1:] == [("civic-space", "Hapësira qytetare"), ("media", "Media")]
    assert options["country"][1:] == [("XK", "Kosova*"), ("MK", "North Macedonia")]
    assert options["year"][1:] == [("2020", "2020")]
    assert [value for value, _label in options["type"][1:]] == ["news", "project", "event"]
    for select in html.find("form", class_="filters").find_all("select"):
        assert html.find("label", attrs={"for": select["id"]}) is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"topic": "no-such-topic"},
        {"country": "ZZ"},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"type": "nonsense"},
        {"page": "999"},
        {"page": "abc"},
        {"page": "-1"},
        {"topic": ["civic-space", "media"]},
    ],
)
def test_bad_filter_values_give_a_clean_page(client, site, taxonomy, query):
    listing = ListingPageFactory(parent=site["en"])
    fill_listing(listing, 14, **taxonomy)

    html = parse(client.get(listing.url, query))

    assert card_titles(html), "the listing shows articles"
    assert html.find("form", class_="filters") is not None


@pytest.mark.django_db
def test_an_unknown_filter_value_is_reported_and_the_others_still_apply(client, site, taxonomy):
    listing = ListingPageFactory(parent=site["en"])
    fill_listing(listing, 6, **taxonomy)

    html = parse(client.get(listing.url, {"topic": "no-such-topic", "type": "news"}))

    error = html.find(class_="errorlist")
    assert "“no-such-topic”" in text(error)
    assert html.find("select", attrs={"name": "topic"})["aria-invalid"] == "true"
    assert {text(kind) for kind in html.find_all(class_="card__kind")} == {"News item"}


@pytest.mark.django_db
def test_a_page_beyond_the_last_shows_the_last(client, site, taxonomy):
    listing = ListingPageFactory(parent=site["en"])
    fill_listing(listing, 14, **taxonomy)

    html = parse(client.get(listing.url, {"page": "999"}))

    assert len(card_titles(html)) == 2
    assert (
        html.find("nav", class_="pagination").find("a", attrs={"aria-current": "page"})["href"] == "?page=2"
    )


@pytest.mark.django_db
def test_a_listing_shows_only_its_own_live_articles(client, site, taxonomy):
    listing = ListingPageFactory(parent=site["en"])
    elsewhere = ListingPageFactory(parent=site["en"], slug="elsewhere")
    NewsPageFactory(parent=listing, title="Published")
    NewsPageFactory(parent=listing, title="Draft", live=False)
    NewsPageFactory(parent=elsewhere, title="Elsewhere")

    assert card_titles(parse(client.get(listing.url))) == ["Published"]


@pytest.mark.django_db
def test_later_pages_are_canonical_but_filtered_views_point_at_the_listing(client, site, taxonomy):
    listing = ListingPageFactory(parent=site["en"])
    fill_listing(listing, 14, **taxonomy)

    def canonical(query):
        return parse(client.get(listing.url, query)).head.find("link", rel="canonical")["href"]

    assert canonical({}) == listing.full_url
    assert canonical({"page": "2"}) == listing.full_url + "?page=2"
    assert canonical({"year": "2020", "page": "2"}) == listing.full_url


def topic_choices(client, listing):
    html = parse(client.get(listing.url))
    return [text(option) for option in html.find("select", attrs={"name": "topic"}).find_all("option")][1:]


def test_filter_choices_follow_a_new_article_and_a_renamed_topic_at_once(client, site, taxonomy):
    # The choices are kept between requests (home.shared_parts): a change must show at once.
    civic_space, media = taxonomy["topics"]
    listing = ListingPageFactory(parent=site["en"])
    fill_listing(listing, 1, topics=[civic_space], countries=taxonomy["countries"])
    assert topic_choices(client, listing) == ["Civic space"]

    article = NewsPageFactory(parent=listing, date=datetime.date(2021, 1, 1))
    article.topics.add(media)
    article.save_revision().publish()
    assert topic_choices(client, listing) == ["Civic space", "Media"]

    media.name = "Media freedom"
    media.save()
    assert topic_choices(client, listing) == ["Civic space", "Media freedom"]


def chosen_topic(client, listing, query):
    """([values of the topic options selected], the field's aria-invalid) on the listing for `query`."""
    select = parse(client.get(listing.url, query)).find("select", attrs={"name": "topic"})
    chosen = [option["value"] for option in select.find_all("option", selected=True)]
    return chosen, select.get("aria-invalid")


def test_the_fields_kept_for_the_unfiltered_listing_never_show_on_a_filtered_one(client, site, taxonomy):
    # The unfiltered listing's fields are kept between requests: a reader's choice, or their
    # mistake, is shown on their own page only, before and after the kept fields were made.
    listing = ListingPageFactory(parent=site["en"])
    fill_listing(listing, 3, **taxonomy)

    assert chosen_topic(client, listing, {"topic": "media"}) == (["media"], None)
    assert chosen_topic(client, listing, {"page": "1"}) == ([""], None)
    assert chosen_topic(client, listing, {"topic": "media"}) == (["media"], None)
    assert chosen_topic(client, listing, {"topic": "no-such-topic"}) == ([], "true")
    assert chosen_topic(client, listing, {"topic": ""}) == ([""], None)
