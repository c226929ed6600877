"""A translator at work in a real browser: from the dashboard to a translation submitted for review."""

import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Locale, WorkflowState
from wagtail_localize.models import StringTranslation

from home.models import HomePage
from news.models import NewsPage
from tests.factories import ListingPageFactory, NewsPageFactory, build_site
from tests.translators.conftest import NEWS_BODY, start_translation
from translators.teams import setup_translators

ALBANIAN = {
    "Civic space in the region": "Hapësira qytetare në rajon",
    "What happened, in one paragraph.": "Çfarë ndodhi, në një paragraf.",
    "Why civic space matters": "Pse ka rëndësi hapësira qytetare",
    'Civil society keeps <b>power</b> in check. Read <a id="a1">the report</a>.': (
        'Shoqëria civile e mban <b>pushtetin</b> në kontroll. Lexoni <a id="a1">raportin</a>.'
    ),
    "Transparency prevents corruption.": "Transparenca parandalon korrupsionin.",
    "Eivind": "Eivind",
}


pytestmark = pytest.mark.browser


@pytest.fixture
def newsroom(migrated_rows):
    """The site, its language teams and a published English news item (built in the test's database)."""
    homes = build_site()
    teams = {team.locale.language_code: team for team in setup_translators()}
    listing = ListingPageFactory(parent=homes["en"], slug="news")
    listing.save_revision().publish()
    news = NewsPageFactory(
        parent=listing, title="Civic space in the region", slug="civic-space", body=NEWS_BODY
    )
    news.save_revision().publish()
    return homes, teams, news


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=re.compile("Waiting for your translation"))).to_be_visible()


def test_a_translator_translates_a_news_item_into_albanian_and_submits_it_for_review(
    live_server, browser_page, newsroom
):
    _homes, teams, news = newsroom
    translator = get_user_model().objects.create_user("arben", "arben@example.org", "pw")
    translator.groups.add(teams["sq"].translators)
    page = browser_page

    log_in(page, live_server, "arben")
    untranslated = page.locator('[data-list="untranslated"] li', has_text="Civic space in the region")
    untranslated.get_by_role("link", name="Translate into shqip").click()

    # wagtail-localize's form, offering Albanian only, already chosen.
    expect(page.get_by_label("shqip")).to_be_checked()
    page.get_by_role("button", name="Submit").click()

    editor = page.locator(".js-translation-editor")
    expect(editor.get_by_text("English to shqip translation").first).to_be_visible()
    for source, translation in ALBANIAN.items():
        # The translation editor shows each source string as text, its inline markup included.
        segment = editor.locator("li", has=page.locator("p", has_text=source)).last
        segment.get_by_role("button", name="Translate").click()
        segment.locator("textarea").fill(translation)
        segment.get_by_role("button", name="Save").click()
        expect(segment.locator("textarea")).to_have_count(0)

    page.get_by_role("button", name="Submit for review").click()

    expect(page.get_by_text("has been submitted for review")).to_be_visible()
    expect(page.locator("[data-review-status]")).to_contain_text("In review")
    albanian = NewsPage.objects.get(translation_key=news.translation_key, locale__language_code="sq")
    assert not albanian.live
    assert albanian.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert albanian.current_workflow_state.requested_by == translator
    draft = albanian.get_latest_revision_as_object()
    assert draft.title == "Hapësira qytetare në rajon"
    assert draft.body[1].value.source == (
        "<p>Shoqëria civile e mban <b>pushtetin</b> në kontroll. "
        'Lexoni <a href="https://example.org/report">raportin</a>.</p>'
    )


def test_arabic_is_typed_right_to_left_in_the_translation_editor_and_the_page_editor(
    live_server, browser_page, newsroom
):
    homes, teams, news = newsroom
    start_translation(news, "ar")
    translator = get_user_model().objects.create_user("amal", "amal@example.org", "pw")
    translator.groups.add(teams["ar"].translators)
    page = browser_page
    log_in(page, live_server, "amal")

    arabic = news.get_translation(Locale.objects.get(language_code="ar"))
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[arabic.pk]))
    segment = page.locator(
        ".js-translation-editor li", has=page.locator("p", has_text="Why civic space matters")
    )
    segment.get_by_role("button", name="Translate").click()
    textarea = segment.locator("textarea")
    textarea.fill("لماذا يهم الفضاء المدني")

    assert textarea.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert textarea.evaluate("element => element.closest('[lang]').lang") == "ar"
    assert segment.locator("p").first.evaluate("element => getComputedStyle(element).direction") == "ltr"

    # An Arabic page outside wagtail-localize's editor (the Arabic home page) in Wagtail's editor.
    home = HomePage.objects.get(locale__language_code="ar")
    teams["ar"].translators.page_permissions.get_or_create(
        page=home, permission=teams["ar"].translators.page_permissions.first().permission
    )
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[home.pk]))
    title = page.locator("#id_title")
    assert title.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert title.get_attribute("lang") == "ar"
    assert page.locator("#id_slug").evaluate("element => getComputedStyle(element).direction") == "ltr"


def test_a_reviewer_clicking_publish_on_a_half_translated_page_is_told_what_is_missing_and_confirms(
    live_server, browser_page, newsroom
):
    _homes, teams, news = newsroom
    translation = start_translation(news, "sq")
    title = translation.source.stringsegment_set.get(context__path="title")
    StringTranslation.objects.create(
        translation_of=title.string,
        locale=translation.target_locale,
        context=title.context,
        data=ALBANIAN["Civic space in the region"],
        translation_type="manual",
    )
    reviewer = get_user_model().objects.create_user("blerta", "blerta@example.org", "pw")
    reviewer.groups.add(teams["sq"].reviewers)
    albanian = NewsPage.objects.get(translation_key=news.translation_key, locale__language_code="sq")
    page = browser_page
    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.get_by_label("Username").fill("blerta")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()

    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[albanian.pk]))
    page.get_by_role("button", name="Publish in shqip").click()

    expect(page.get_by_role("heading", name=re.compile("Publish with untranslated strings"))).to_be_visible()
    expect(page.get_by_text("5 strings are not translated into shqip yet.")).to_be_visible()
    fields = page.locator("[data-untranslated-fields] li")
    expect(fields).to_have_text(["Lead: 1 string", "Body: 4 strings"])
    albanian.refresh_from_db()
    assert not albanian.live

    page.get_by_role("button", name="Publish anyway").click()

    expect(page.get_by_text("with missing translations")).to_be_visible()
    albanian.refresh_from_db()
    assert albanian.live
    assert albanian.title == ALBANIAN["Civic space in the region"]
