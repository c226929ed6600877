"""Pages are found by their address as Wagtail finds them, at the same cost however deep they are."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import NetworkSettings, StandardPage
from tests.content import publish_child

pytestmark = pytest.mark.django_db


def queries_of(client, path):
    """The queries of a second GET of `path` (the first fills what every page reads)."""
    # A running site has its network details: the first read creates them and forgets the parts
    # pages share (home.shared_parts), as any change does.
    NetworkSettings.load()
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_a_page_deep_in_the_tree_costs_the_queries_of_one_higher_up(client, site, settings):
    settings.WAGTAIL_CACHE = False
    parent = site["en"]
    pages = []
    for slug in ("first", "second", "third", "fourth"):
        parent = publish_child(parent, StandardPage(title=slug.title(), slug=slug))
        pages.append(parent)

    # Two levels apart, both below a page that is not the home page (their breadcrumbs alike).
    assert queries_of(client, pages[3].url) == queries_of(client, pages[1].url)


def test_drafts_and_unknown_addresses_are_not_found_and_a_live_page_below_a_draft_is(client, site):
    section = publish_child(site["en"], StandardPage(title="Section", slug="section"))
    below = publish_child(section, StandardPage(title="Below", slug="below"))
    section.unpublish()

    assert client.get("/en/section/").status_code == 404
    assert client.get("/en/section/nothing/").status_code == 404
    assert client.get("/en/nothing/below/").status_code == 404
    assert client.get(below.url).status_code == 200


def test_a_routable_page_answers_its_own_addresses_and_its_children_theirs(client, content):
    event = content.event

    calendar = client.get(event.url + "calendar/")
    assert calendar.status_code == 200 and calendar["Content-Type"].startswith("text/calendar")
    assert client.get(content.news.url).status_code == 200
