"""Hostile HTML never reaches a page or an email, whichever way it came in."""

import json

import pytest

from django.db import connection

from home.rich_text import clean_rich_text
from newsletter.sending.rendering import render_issue
from tests.factories import CampaignIndexPageFactory, CampaignPageFactory, ListingPageFactory, NewsPageFactory
from tests.html import parse
from tests.newsletter.factories import build_issue, paragraph

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p>Read <a href="javascript:alert(1)">this</a> and <b onclick="steal()">that</b>'
    '<script>alert("pwned")</script><img src="x" onerror="alert(2)">'
    '<a href="https://example.org/report" style="background:url(https://evil.example/t.gif)">'
    "the report</a>.</p>"
    '<iframe src="https://evil.example/"></iframe>'
)


def assert_harmless(html):
    """Fail if any script, event handler, script link, style or frame survived."""
    lowered = html.lower()
    for trace in ("<script", "alert(", "onclick", "onerror", "javascript:", "<iframe", "evil.example"):
        assert trace not in lowered, f"{trace!r} survived in {html!r}"


def test_a_body_saved_through_the_orm_is_cleaned_before_it_is_stored(site, client):
    news = NewsPageFactory(parent=ListingPageFactory(parent=site["en"]), body=[paragraph(HOSTILE)])

    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM home_articlepage WHERE page_ptr_id = %s", [news.pk])
        stored = cursor.fetchone()[0]
    # The page's own script (static/js/site.js) is in its head; the body must carry none.
    html = str(parse(client.get(news.url)).find("main"))

    assert_harmless(stored)
    assert_harmless(html)
    assert '<a href="https://example.org/report">the report</a>' in html
    assert "<b>that</b>" in html


def test_a_rich_text_field_keeps_only_its_own_features(site, client):
    index = CampaignIndexPageFactory(parent=site["en"])
    campaign = CampaignPageFactory(parent=index, goals=HOSTILE + "<h2>Not a feature here</h2>")
    campaign.refresh_from_db()

    assert_harmless(campaign.goals)
    assert "<h2>" not in campaign.goals, "goals allow bold, italic, links and lists only"
    assert_harmless(str(parse(client.get(campaign.url)).find("main")))


def test_table_cells_in_rich_text_are_cleaned_too():
    from home.blocks import TableBlock

    block = TableBlock()
    table = block.to_python(
        {
            "caption": "",
            "columns": [{"type": "rich_text", "heading": "Notes"}],
            "rows": [{"values": [HOSTILE]}],
        }
    )

    assert_harmless(str(block.get_prep_value(table)))


def test_email_is_rendered_from_cleaned_html_even_when_the_stored_text_is_not(site):
    issue = build_issue(site, ["en"], body=[paragraph("Hello")])
    # Text stored before cleaning existed, or written by raw SQL: the email must not carry it.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE newsletter_newsletterissuepage SET body = %s WHERE page_ptr_id = %s",
            [json.dumps([{"type": "paragraph", "value": HOSTILE, "id": "p1"}]), issue["en"].pk],
        )
    issue["en"].refresh_from_db()

    rendered = render_issue(issue["en"], "en")

    assert_harmless(rendered.html)
    assert "the report" in rendered.html


@pytest.mark.parametrize(
    ("features", "kept", "dropped"),
    [
        (["link"], '<a linktype="page" id="3">a page</a>', "document"),
        (["document-link"], '<a linktype="document" id="4">a file</a>', "page"),
    ],
)
def test_internal_links_survive_only_where_the_feature_allows_them(features, kept, dropped):
    html = f'<p data-block-key="k1">{kept} <a linktype="{dropped}" id="9">other</a></p>'

    cleaned = clean_rich_text(html, features)

    assert kept in cleaned
    assert f'linktype="{dropped}"' not in cleaned
    assert 'data-block-key="k1"' in cleaned, "wagtail-localize keys its segments by it"


def test_images_keep_the_self_closing_form_wagtail_expands():
    html = '<p>x</p><embed alt="A map" embedtype="image" format="left" id="5"/>'

    assert clean_rich_text(html, ["image"]) == html
    assert "<embed" not in clean_rich_text(html, ["bold"])


def test_the_page_shows_what_survived(site, client):
    news = NewsPageFactory(parent=ListingPageFactory(parent=site["en"]), body=[paragraph(HOSTILE)])

    links = [link["href"] for link in parse(client.get(news.url)).select(".rich-text a[href]")]

    assert links == ["https://example.org/report"]
