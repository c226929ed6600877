"""Rendering an issue for a language: teasers, links, images, the plain-text part."""

import re

import pytest
import wagtail_factories

from django.urls import URLResolver, clear_url_caches

from campaigns.models import CampaignPage
from newsletter.blocks import TeaserBlock
from newsletter.sending import markers, rendering
from newsletter.sending.rendering import render_issue
from tests.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    ListingPageFactory,
    NewsPageFactory,
    publish_translation,
)
from tests.newsletter.factories import build_issue, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(site):
    """A news item in English, translated into Albanian and Serbian (Latin)."""
    item = NewsPageFactory(
        parent=ListingPageFactory(parent=site["en"]), title="Civic space report", lead="Findings."
    )
    publish_translation(item, "sq", title="Raporti i hapësirës qytetare")
    publish_translation(item, "sr-latn", title="Izveštaj o građanskom prostoru")
    return item


def teaser(page):
    return {"type": "teaser", "value": {"page": page.pk, "summary": "", "show_image": True}}


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("sq", "Raporti i hapësirës qytetare"),
        ("cnr", "Izveštaj o građanskom prostoru"),
        ("ar", "Civic space report"),
    ],
    ids=["own-translation", "fallback-chain", "source"],
)
def test_a_teaser_shows_the_teased_page_in_the_issue_language(site, news, language, title):
    issue = build_issue(site, ["en", language], body=[teaser(news)])

    rendered = render_issue(issue[language], language)

    assert title in rendered.html
    assert title.upper() in rendered.text


def test_a_campaign_is_teased_in_the_issue_language_with_its_ask(site):
    campaign = CampaignPageFactory(
        parent=CampaignIndexPageFactory(parent=site["en"]), title="Defend civic space", listing_summary=""
    )
    ask = "Mbroni hapësirën ku qytetarët organizohen."
    publish_translation(campaign, "sq", title="Mbroni hapësirën qytetare", ask=ask)
    issue = build_issue(site, ["en", "sq"], body=[teaser(campaign)])

    rendered = render_issue(issue["sq"], "sq")

    assert "Mbroni hapësirën qytetare" in rendered.html
    assert ask in rendered.text
    assert CampaignPage in TeaserBlock().child_blocks["page"].target_models


def test_links_and_images_in_mail_are_absolute(site, news):
    image = wagtail_factories.ImageFactory()
    body = [
        {"type": "paragraph", "value": f'<p>Read <a linktype="page" id="{news.pk}">the report</a>.</p>'},
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "Guests at the launch",
                "caption": "",
                "decorative": False,
            },
        },
        {"type": "button", "value": {"text": "Join us", "page": news.pk, "url": ""}},
    ]
    issue = build_issue(site, ["en"], body=body)

    rendered = render_issue(issue["en"], "en")

    hrefs = re.findall(r'href="([^"]+)"', rendered.html)
    sources = re.findall(r'<img[^>]+src="([^"]+)"', rendered.html)
    assert hrefs and sources
    assert all(url.startswith(("http://", "https://", "__nl_")) for url in hrefs + sources)
    assert "http://localhost/en/news/" in rendered.text
    assert 'alt="Guests at the launch"' in rendered.html


def test_the_text_part_writes_out_links_and_per_recipient_slots(site):
    issue = build_issue(
        site, ["en"], body=[paragraph('See <a href="https://example.org/report">the report</a>')]
    )

    rendered = render_issue(issue["en"], "en")

    assert "the report (https://example.org/report)" in rendered.text
    for marker in markers.link_markers().values():
        assert marker in rendered.text
        assert f'href="{marker}"' in rendered.html
    assert max(len(line) for line in rendered.text.splitlines()) <= 80


def test_the_issue_can_be_previewed_as_email_in_the_page_editor(site, rf, admin_user):
    issue = build_issue(site, ["en", "ar"])
    request = rf.get("/")
    request.user = admin_user

    html = issue["ar"].serve_preview(request, "email").content.decode()
    text = issue["ar"].serve_preview(request, "email_text").content.decode()

    assert re.search(r'<html[^>]* lang="ar" dir="rtl"', html)
    assert "مرحبا أيتها الشبكة" in text
    assert "/newsletter/unsubscribe/" in text


def test_the_archive_lists_the_issues_of_its_language(site, client):
    issue = build_issue(site, ["en", "sq"])

    response = client.get(issue["sq"].get_parent().url)

    assert response.status_code == 200
    assert issue["sq"].title in response.content.decode()
    assert issue["en"].title not in response.content.decode()


def test_an_issue_reads_online_with_its_teasers_in_its_language(site, client, news):
    issue = build_issue(site, ["en", "sq"], body=[teaser(news)])

    response = client.get(issue["sq"].url)

    assert response.status_code == 200
    assert "Raporti i hapësirës qytetare" in response.content.decode()


def test_a_worker_is_ready_to_render_every_language_before_its_first_send(site, monkeypatch):
    issue = build_issue(site, ["en", "ar"])
    clear_url_caches()  # a worker process as it starts
    rendering.warm_up()  # on worker_init, in the pool's parent
    built = []
    populate = URLResolver._populate
    monkeypatch.setattr(URLResolver, "_populate", lambda resolver: built.append(populate(resolver)))

    render_issue(issue["ar"], "ar", reader_language="en")

    # No reverse lookups were built on the way to the first message (about 35 ms a language).
    assert built == []
