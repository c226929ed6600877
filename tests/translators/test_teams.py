import pytest

from django.contrib.auth.models import Group

from wagtail.models import GroupApprovalTask, GroupPagePermission, Locale, WorkflowPage

from home.models import HomePage
from translators.models import LanguageTeam
from translators.teams import review_names, setup_translators


@pytest.mark.django_db
def test_every_language_but_english_gets_translators_reviewers_and_a_workflow_on_its_own_tree(teams, site):
    assert set(teams) == {"sq", "mk", "sr-latn", "cnr", "de", "ar"}
    albanian = teams["sq"]
    assert albanian.translators.name == "Albanian translators"
    assert albanian.reviewers.name == "Albanian reviewers"

    translator_pages = GroupPagePermission.objects.filter(group=albanian.translators)
    assert {(p.page_id, p.permission.codename) for p in translator_pages} == {(site["sq"].pk, "change_page")}
    assert WorkflowPage.objects.get(page=site["sq"]).workflow == albanian.workflow
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=albanian.workflow)
    assert list(task.groups.all()) == [albanian.reviewers]

    permissions = {f"{p.content_type.app_label}.{p.codename}" for p in albanian.translators.permissions.all()}
    assert {
        "wagtailadmin.access_admin",
        "wagtail_localize.submit_translation",
        "home.change_country",
        "home.change_topic",
        "home.change_organisation",
    } <= permissions
    assert not any(codename.startswith("wagtailcore.publish") for codename in permissions)


@pytest.mark.django_db
def test_running_setup_again_changes_nothing(teams):
    counts = (Group.objects.count(), GroupPagePermission.objects.count(), WorkflowPage.objects.count())

    setup_translators()

    assert (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        WorkflowPage.objects.count(),
    ) == counts
    assert LanguageTeam.objects.count() == len(teams)


@pytest.mark.django_db
def test_a_language_added_to_content_languages_is_set_up_when_run_again(teams, settings):
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [*settings.LANGUAGES, ("hr", "Hrvatski")]

    new_teams = {team.locale.language_code: team for team in setup_translators()}

    croatian = new_teams["hr"]
    assert croatian.translators.name == "Croatian translators"
    # Its tree starts as a draft translation of the home page, confined to its translators.
    home = HomePage.objects.get(locale__language_code="hr")
    assert not home.live
    assert GroupPagePermission.objects.filter(group=croatian.translators, page=home).exists()
    assert WorkflowPage.objects.get(page=home).workflow == croatian.workflow


@pytest.mark.django_db
def test_serbian_cyrillic_is_transliterated_so_it_has_reviewers_but_no_translators(site, settings):
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [*settings.LANGUAGES, ("sr", "Српски")]
    Locale.objects.create(language_code="sr")

    teams = {team.locale.language_code: team for team in setup_translators()}

    assert teams["sr"].translators is None
    assert teams["sr"].reviewers.name == "Serbian reviewers"
    assert HomePage.objects.filter(locale__language_code="sr").exists()


@pytest.mark.django_db
def test_the_command_reports_each_languages_groups_and_workflow(site):
    from io import StringIO

    from django.core.management import call_command

    output = StringIO()
    call_command("setup_translators", stdout=output)

    workflow_name, _task_name = review_names("sq")
    assert f"sq: Albanian translators, Albanian reviewers; {workflow_name}" in output.getvalue().splitlines()
