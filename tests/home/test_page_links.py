"""Links to pages in rich text lead to the page in the reader's language, all found at once."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.rich_text import expand_db_html

from home.models import StandardPage
from tests.content import publish_child
from tests.factories import publish_translation

pytestmark = pytest.mark.django_db


def link(page_id):
    return f'<a linktype="page" id="{page_id}">here</a>'


@pytest.fixture
def pages(site):
    """Two English pages, the first translated into German and the second only drafted in it."""
    first = publish_child(site["en"], StandardPage(title="First", slug="first"))
    second = publish_child(site["en"], StandardPage(title="Second", slug="second"))
    german_first = publish_translation(first, "de", slug="erste")
    german_second = publish_translation(second, "de", slug="zweite")
    german_second.unpublish()
    return first, second, german_first


def test_a_link_leads_to_the_live_translation_in_the_readers_language_else_to_the_page(pages):
    first, second, german_first = pages

    with translation.override("de"):
        html = expand_db_html(link(first.pk) + link(second.pk) + link(german_first.pk))
    with translation.override("en"):
        english = expand_db_html(link(german_first.pk))

    assert html == (
        f'<a href="{german_first.url}">here</a><a href="{second.url}">here</a>'
        f'<a href="{german_first.url}">here</a>'
    )
    assert english == f'<a href="{first.url}">here</a>'


def test_a_link_to_a_deleted_page_keeps_its_text_and_all_links_cost_one_query(pages):
    first, second, _german_first = pages
    text = link(first.pk) + link(second.pk) + link(999999) + link(first.pk)

    with translation.override("de"), CaptureQueriesContext(connection) as queries:
        html = expand_db_html(text)

    assert "<a>here</a>" in html
    assert len(queries) == 1
