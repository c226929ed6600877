"""The site's emails as a reader sees them: the newsletter's identity, phone-sized, and right to left.

Each email is opened in Chromium at a desktop and a phone width, left to right and right to left;
with MAILCHECK_DIR set, the screenshots are kept there to look at.
"""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from home.mail import render_email
from newsletter.sending.rendering import render_example
from tests.factories import publish_details
from tests.newsletter.factories import build_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDRESS = "Balkan Civil Society Development Network\nOrce Nikolov 54\n1000 Skopje"
URL = "https://example.org/en/newsletter/confirm/MTIz:1vNqXk:Zk3d8sLr0aQwErTyUiOp/"
WIDTHS = {"desktop": 800, "phone": 360}


def transactional(template, language):
    contexts = {
        "email/newsletter/confirm": {
            "lists": [
                SimpleNamespace(name="Regional newsletter"),
                SimpleNamespace(name="Calls for proposals"),
            ],
            "confirmation_url": URL,
            "valid_days": 7,
        },
        "email/campaigns/confirm_signature": {
            "campaign_title": "CSOs networking for better local democracy",
            "confirmation_url": URL,
            "valid_days": 7,
            "page_url": URL,
        },
        "email/translators/digest": {
            "recipient": SimpleNamespace(get_short_name="Arben", get_username="arben"),
            "language": "shqip",
            "load": SimpleNamespace(
                deadlines=[],
                outdated=[
                    SimpleNamespace(url="/admin/pages/3/", title="Regional workshop", changed_strings=["A"])
                ],
                outdated_count=1,
                untranslated=[SimpleNamespace(url="/admin/pages/4/", title="SMART Balkans", kind="Project")],
                untranslated_count=1,
            ),
            "base_url": "https://example.org",
            "dashboard_url": "https://example.org/admin/",
        },
    }
    message = render_email(template, contexts[template], to=["reader@example.org"], language=language)
    return message.alternatives[0].content, message.body


@pytest.fixture
def network(migrated_rows, site):
    publish_details(site["en"], address=ADDRESS)


def look(page, html, name):
    """Open `html` at each width; return {width name: horizontal overflow in pixels}."""
    keep = os.environ.get("MAILCHECK_DIR")
    overflow = {}
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.set_content(html)
        overflow[label] = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if keep:
            Path(keep, "screenshots").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(keep, "screenshots", f"{name}-{label}.png")), full_page=True)
    return overflow


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(
    "template", ["email/newsletter/confirm", "email/campaigns/confirm_signature", "email/translators/digest"]
)
def test_transactional_mail_wears_the_newsletters_masthead_and_the_networks_address(
    browser_page, network, template, language
):
    html, text = transactional(template, language)

    name = f"{template.rsplit('/', 1)[1]}-{language}"
    assert look(browser_page, html, name) == {"desktop": 0, "phone": 0}
    page = browser_page
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    address = page.get_by_text("Orce Nikolov 54")
    assert address.is_visible()
    # The address keeps its own direction in an Arabic message: "1000 Skopje", not "Skopje 1000".
    assert address.evaluate("element => getComputedStyle(element).direction") == "ltr"
    assert "Orce Nikolov 54\n1000 Skopje" in text
    # A written-out link runs left to right even inside Arabic, its slashes where they belong.
    for link in page.locator(f'a[href="{URL}"]:not([style*="background"])').all():
        assert link.evaluate("element => getComputedStyle(element).direction") == "ltr"
    # Small: well under the 102 kB past which Gmail clips a message.
    assert len(html.encode()) < 10_000


def test_an_arabic_reader_of_the_english_edition_reads_the_footer_right_to_left(site, browser_page, network):
    issue = build_issue(site, ["en"])
    rendered = render_example(issue["en"], "en", reader_language="ar")

    assert look(browser_page, rendered.html, "newsletter-en-for-ar") == {"desktop": 0, "phone": 0}
    footer = browser_page.locator('div[lang="ar"]').last
    assert footer.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert browser_page.locator("html").get_attribute("dir") == "ltr"
    address = browser_page.get_by_text("Orce Nikolov 54")
    assert address.evaluate("element => getComputedStyle(element).direction") == "ltr"


ARABIC_ADDRESS = "مكتب الشبكة\nOrce Nikolov 54\n1000 Skopje\nمقدونيا الشمالية"


def test_each_line_of_the_footer_keeps_its_own_direction(site, browser_page, network):
    # The network's name is Latin, its Arabic address mixes Arabic and Latin lines: a line written
    # in Arabic runs right to left even under a Latin name, the street stays "1000 Skopje".
    publish_details(site["ar"], address=ARABIC_ADDRESS)
    transactional_html, _ = transactional("email/newsletter/confirm", "ar")
    newsletter_html = render_example(build_issue(site, ["en"])["en"], "en", reader_language="ar").html

    for name, html in {
        "confirm-ar-address": transactional_html,
        "newsletter-ar-address": newsletter_html,
    }.items():
        assert look(browser_page, html, name) == {"desktop": 0, "phone": 0}
        direction = "element => getComputedStyle(element).direction"
        assert browser_page.get_by_text("مكتب الشبكة", exact=True).evaluate(direction) == "rtl"
        assert browser_page.get_by_text("مقدونيا الشمالية", exact=True).evaluate(direction) == "rtl"
        assert browser_page.get_by_text("1000 Skopje", exact=True).evaluate(direction) == "ltr"
        assert browser_page.get_by_text("Balkan", exact=False).last.evaluate(direction) == "ltr"
