"""Translators and reviewers work in an admin that speaks their language: Wagtail's screens,
wagtail-localize's editor, review and its emails, in Albanian, Macedonian, Serbian (both scripts)
and Montenegrin."""

import json
import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import trans_real

from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple
from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask
from wagtail.users.models import UserProfile

from tests.factories import ListingPageFactory, NewsPageFactory, build_site
from tests.html import parse
from tests.translators.admin_screens import SCREENS, TEAM_LANGUAGE, script_catalogue, walk
from tests.translators.conftest import start_translation
from translators.teams import review_names, setup_translators

ADMIN_LANGUAGES = ["sq", "mk", "sr-latn", "cnr", "sr"]
# What each admin language must show: the dashboard's search field, the translation editor's
# Content tab and, from its script catalogue, two of the editor's buttons.
EXPECTED = {
    "sq": ("Kërko në të gjitha faqet…", "Përmbajtja", ["Shkarko skedarin PO", "Përkthe"]),
    "mk": ("Пребарај ги сите страници…", "Содржина", ["Преземи PO-датотека", "Преведи"]),
    "sr-latn": ("Pretraži sve stranice…", "Sadržaj", ["Preuzmi PO datoteku", "Izmeni ovu stranicu"]),
    "cnr": ("Pretraži sve stranice…", "Sadržaj", ["Preuzmi PO datoteku", "Izmijeni ovu stranicu"]),
    "sr": ("Претражи све странице…", "Садржај", ["Преведи", "Измени ову страницу"]),
}
# What the email telling the translator that the reviewer approved their page says.
APPROVED = {
    "sq": "u miratua",
    "mk": "е одобрена",
    "sr-latn": "je odobrena",
    "cnr": "je odobrena",
    "sr": "је одобрена",
}
# wagtail-localize's heading of the translation editor, which the project's template translates.
EDITOR_HEADING = "%(source)s to %(target)s translation"
JUST_NOW = {
    "sq": "tani",
    "mk": "токму сега",
    "sr-latn": "upravo sada",
    "cnr": "upravo sada",
    "sr": "управо сада",
}
# The share of interface strings in the admin's language, on all screens together and on each.
FLOOR, SCREEN_FLOOR = 0.95, 0.90


def member(teams, language, role, username):
    """Return a new member of the team that works with admin language `language`, who prefers it."""
    team = teams[TEAM_LANGUAGE.get(language, language)]
    user = get_user_model().objects.create_user(username, email=f"{username}@example.org", password="pw")
    user.groups.add(getattr(team, role))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("language", ADMIN_LANGUAGES)
def test_a_translator_sees_the_dashboard_and_the_translation_editor_in_their_language(teams, news, language):
    search, content_tab, editor_buttons = EXPECTED[language]
    client = signed_in(member(teams, language, "translators", "ana"))
    translation_into = start_translation(news, TEAM_LANGUAGE.get(language, language))
    page = translation_into.get_target_instance()

    dashboard = parse(client.get(reverse("wagtailadmin_home")))
    editor = parse(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    editor_props = json.loads(editor.find(class_="js-translation-editor")["data-props"])
    scripts = script_catalogue(client, "wagtail_localize:javascript_catalog").values()

    assert dashboard.html["lang"] == language
    assert dashboard.find("input", placeholder=search)
    assert content_tab in [tab["label"] for tab in editor_props["tabs"]]
    for button in editor_buttons:
        assert button in scripts


@pytest.mark.django_db
@pytest.mark.parametrize("language", ADMIN_LANGUAGES)
def test_the_admin_interface_a_translator_and_a_reviewer_meet_is_in_their_language(
    content, teams, language, mailoutbox
):
    coverage = walk(language, content.news)

    approved = [message for message in mailoutbox if message.to == [f"translator-{language}@example.org"]]
    assert approved and APPROVED[language] in approved[-1].subject

    shares = {screen: coverage.share(screen) for screen in SCREENS if coverage.strings.get(screen)}
    report = "\n".join(
        f"{screen}: {share:.1%}, missing {coverage.missing(screen)}"
        for screen, share in shares.items()
        if share < 1
    )
    assert coverage.share() >= FLOOR, report
    assert min(shares.values()) >= SCREEN_FLOOR, report


@pytest.mark.parametrize("language", ADMIN_LANGUAGES)
def test_a_change_made_a_moment_ago_is_said_to_be_just_now(language):
    with translation.override(language):
        assert timesince_simple(timezone.now()) == JUST_NOW[language]


@pytest.mark.django_db
def test_each_languages_review_workflow_and_task_are_named_in_that_language(teams):
    for code, team in teams.items():
        task = GroupApprovalTask.objects.get(workflow_tasks__workflow=team.workflow)

        assert (team.workflow.name, task.name) == review_names(code)
    montenegrin_workflow, montenegrin_task = review_names("cnr")
    assert "crnogorski" in montenegrin_workflow
    assert "crnogorski" in montenegrin_task


@pytest.mark.django_db
def test_workflows_named_in_english_by_an_earlier_setup_are_renamed_but_names_staff_chose_are_kept(site):
    albanian = Workflow.objects.create(name="Albanian review")
    albanian_task = GroupApprovalTask.objects.create(name="Approval by Albanian reviewers")
    WorkflowTask.objects.create(workflow=albanian, task=albanian_task, sort_order=0)
    macedonian = Workflow.objects.create(name="Преглед на македонските преводи")
    teams = {team.locale.language_code: team for team in setup_translators()}
    for code, workflow in (("sq", albanian), ("mk", macedonian)):
        teams[code].workflow = workflow
        teams[code].save()

    setup_translators()

    albanian.refresh_from_db()
    albanian_task.refresh_from_db()
    macedonian.refresh_from_db()
    assert (albanian.name, albanian_task.name) == review_names("sq")
    assert macedonian.name == "Преглед на македонските преводи"


@pytest.fixture
def editor_heading_in_albanian():
    """The editor's heading in the Albanian catalogue, as the project's translators will write it."""
    catalogue = trans_real.translation("sq")._catalog
    previous = catalogue.get(EDITOR_HEADING)
    catalogue[EDITOR_HEADING] = "Përkthim nga %(source)s në %(target)s"
    yield
    if previous is None:
        del catalogue._catalogs[0][EDITOR_HEADING]
    else:
        catalogue[EDITOR_HEADING] = previous


@pytest.mark.browser
def test_an_albanian_translator_works_in_an_albanian_translation_editor(
    live_server, browser_page, migrated_rows, editor_heading_in_albanian
):
    homes = build_site()
    teams = {team.locale.language_code: team for team in setup_translators()}
    listing = ListingPageFactory(parent=homes["en"], slug="news")
    listing.save_revision().publish()
    news = NewsPageFactory(parent=listing, title="Civic space in the region", slug="civic-space")
    news.save_revision().publish()
    member(teams, "sq", "translators", "arben")
    albanian = start_translation(news, "sq").get_target_instance()
    page = browser_page

    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.locator("#id_username").fill("arben")
    page.locator("#id_password").fill("pw")
    page.get_by_role("button", name=re.compile("Sign in|Hyni")).click()
    expect(page.get_by_placeholder("Kërko në të gjitha faqet…")).to_be_visible()
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[albanian.pk]))

    editor = page.locator(".js-translation-editor")
    expect(editor.get_by_role("link", name="Shkarko skedarin PO")).to_be_visible()
    expect(editor.get_by_role("button", name="Përkthe").first).to_be_visible()
    expect(page.get_by_role("link", name="Paraparje")).to_be_visible()
    # wagtail-localize writes its heading in English whatever the language; the project rewrites it.
    expect(editor.get_by_role("heading", name="Përkthim nga English në shqip").first).to_be_visible()
    expect(editor.get_by_text("English to shqip translation")).to_have_count(0)
