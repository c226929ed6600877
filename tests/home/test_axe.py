"""axe-core finds nothing wrong on any page type: desktop and phone, left to right and right to left."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from django.urls import reverse

from tests.content import build_content, translate
from tests.factories import CampaignIndexPageFactory, CampaignPageFactory
from tests.newsletter.factories import MailingListFactory, build_issue

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def page_types(site):
    """[(name, path)] of every page type, in English and (for those that exist in it) Arabic."""
    content = build_content(site)
    MailingListFactory(name="Regional newsletter", slug="regional")
    index = CampaignIndexPageFactory(parent=site["en"])
    campaign = CampaignPageFactory(parent=index, title="Defend civic space", signature_target=100)
    issues = build_issue(site, languages={"ar": ""})
    arabic = {page: translate(page, "ar") for page in (content.listing, content.news, content.event, index)}
    arabic_campaign = translate(campaign, "ar")
    return [
        ("home", site["en"].url),
        ("listing", content.listing.url),
        ("filtered listing", content.listing.url + "?topic=nonsense"),
        ("news item", content.news.url),
        ("event", content.event.url),
        ("project", content.project.url),
        ("campaign index", index.url),
        ("campaign", campaign.url),
        ("newsletter archive", issues["en"].get_parent().url),
        ("newsletter issue", issues["en"].url),
        ("subscribe page", reverse("newsletter_subscribe:form")),
        ("search", "/en/search/?q=civic"),
        ("page not found", "/en/no-such-page/"),
        ("home, Arabic", site["ar"].url),
        ("listing, Arabic", arabic[content.listing].url),
        ("news item, Arabic", arabic[content.news].url),
        ("event, Arabic", arabic[content.event].url),
        ("campaign, Arabic", arabic_campaign.url),
        ("newsletter issue, Arabic", issues["ar"].url),
        ("subscribe page, Arabic", "/ar/newsletter/subscribe/"),
    ]


def violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_finds_no_violation_on_any_page_type(live_server, browser_page, site, viewport):
    pages = page_types(site)
    page = browser_page
    page.set_viewport_size(VIEWPORTS[viewport])

    found = {}
    for name, path in pages:
        page.goto(live_server.url + path)
        found[name] = violations(page)

    assert {name: problems for name, problems in found.items() if problems} == {}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_finds_no_violation_in_the_open_phone_menu(live_server, browser_page, site):
    build_content(site)
    page = browser_page
    page.set_viewport_size(VIEWPORTS["phone"])
    for path in ("/en/", "/ar/"):
        page.goto(live_server.url + path)
        page.locator(".site-header__menu-button").click()
        page.locator("#site-menu").wait_for(state="visible")

        assert violations(page) == [], path
