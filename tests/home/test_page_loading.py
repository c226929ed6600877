"""Pages loaded in their own types from SQL compiled once (home.page_loading): the same pages,
types, fields and order as Wagtail's `specific()`, whatever was loaded before."""

import pytest

from wagtail.models import Page

from home import page_loading
from home.page_loading import by_pk, specific, specific_page
from news.models import NewsPage
from tests.content import build_content, publish_child
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def described(pages):
    return [(type(page), page.pk, page.title, page.locale_id) for page in pages]


def test_pages_of_several_types_come_back_as_wagtails_specific_gives_them(site):
    content = build_content(site)
    pages = Page.objects.filter(pk__in=[content.news.pk, content.project.pk, content.event.pk, site["en"].pk])

    loaded = specific(pages.order_by("-path"), select_related=("locale",))

    assert described(loaded) == described(pages.order_by("-path").specific())
    assert {type(page) for page in loaded} == {
        type(content.news),
        type(content.project),
        type(content.event),
        type(site["en"]),
    }
    # A card's fields are read; its body, unread until asked for, still reads what was saved.
    news = next(page for page in loaded if page.pk == content.news.pk)
    assert news.lead == content.news.lead
    assert list(news.body.raw_data) == list(NewsPage.objects.get(pk=news.pk).body.raw_data)


def test_a_statement_compiled_for_some_pages_reads_other_pages_the_next_time(site):
    content = build_content(site)
    first, second, third = (
        publish_child(content.listing, NewsPageFactory.build(title=f"Story {n}", slug=f"story-{n}"))
        for n in range(3)
    )

    assert [page.title for page in by_pk(NewsPage, [first.pk, second.pk]).values()] == ["Story 0", "Story 1"]
    again = by_pk(NewsPage, [third.pk, first.pk])
    assert {pk: page.title for pk, page in again.items()} == {third.pk: "Story 2", first.pk: "Story 0"}
    assert by_pk(NewsPage, [second.pk, 10**9]) == {second.pk: by_pk(NewsPage, [second.pk])[second.pk]}


def test_more_pages_than_a_compiled_statement_takes_all_come_back(site, monkeypatch):
    content = build_content(site)
    stories = [
        publish_child(content.listing, NewsPageFactory.build(title=f"Story {n}", slug=f"story-{n}"))
        for n in range(3)
    ]
    monkeypatch.setattr(page_loading, "MAX_KEYS", 2)

    loaded = specific(Page.objects.filter(pk__in=[story.pk for story in stories]).order_by("title"))

    assert [page.title for page in loaded] == ["Story 0", "Story 1", "Story 2"]
    assert all(isinstance(page, NewsPage) for page in loaded)


def test_the_page_served_keeps_what_its_generic_row_knew(site):
    content = build_content(site)
    generic = Page.objects.get(pk=content.news.pk)
    generic._cached_parent_obj = content.listing

    served = specific_page(generic)

    assert type(served) is NewsPage and served.lead == content.news.lead
    assert served._cached_parent_obj is content.listing
    assert generic.specific is served


def test_pages_are_found_by_another_field_as_by_their_keys(site):
    content = build_content(site)
    addresses = [content.listing.url_path, content.news.url_path, "/no/such/address/"]

    found = page_loading.where_in(Page, "url_path", addresses)

    assert sorted(page.pk for page in found) == sorted([content.listing.pk, content.news.pk])
    again = page_loading.where_in(Page, "url_path", [content.project.url_path, "/a/", "/b/"])
    assert [page.pk for page in again] == [content.project.pk]
