"""Language teams: who may translate and review which language, and the groups that say so."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import get_language_info, pgettext

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Site,
    TranslatableMixin,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.operations import translate_object

from home.languages import create_missing_locales, language_name
from translators.editions import derived_languages, sync_transliterated_edition
from translators.models import LanguageTeam

# Translators edit their language's pages (never publish: reviewers approve), start translations
# with wagtail-localize, edit translatable snippets and choose images and documents for overrides.
TRANSLATOR_PERMISSIONS = ["wagtailadmin.access_admin", "wagtail_localize.submit_translation"]
TRANSLATOR_PAGE_PERMISSIONS = ["change"]
TRANSLATOR_COLLECTION_PERMISSIONS = ["wagtailimages.choose_image", "wagtaildocs.choose_document"]
# Reviewers approve through the workflow, which publishes as them; they may correct a translation first.
REVIEWER_PERMISSIONS = ["wagtailadmin.access_admin"]
REVIEWER_PAGE_PERMISSIONS = ["change", "publish"]


@transaction.atomic
def setup_translators():
    """Give every content language but the source its translators, reviewers and review workflow.

    For each language: a translators' group whose page permissions are confined to that
    language's tree (its home page), with wagtail-localize's permission to start translations
    and permission to edit the translatable snippets; a reviewers' group; and a workflow on the
    language's tree in which the reviewers approve what the translators submit. A language whose
    home page does not exist yet gets it as a draft translation of the default site's home page.
    A transliterated edition (Serbian Cyrillic) gets reviewers and a workflow but no translators.

    Idempotent: run it again after adding a language to CONTENT_LANGUAGES, or to repair groups
    someone changed. Returns the LanguageTeam of every language, in CONTENT_LANGUAGES order.
    """
    create_missing_locales()
    derived = derived_languages()
    teams = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        locale = Locale.objects.get(language_code=code)
        team, _created = LanguageTeam.objects.get_or_create(locale=locale)
        language = get_language_info(code)["name"]
        team.reviewers = team.reviewers or Group.objects.get_or_create(name=f"{language} reviewers")[0]
        _grant(team.reviewers, REVIEWER_PERMISSIONS)
        if code not in derived:
            team.translators = (
                team.translators or Group.objects.get_or_create(name=f"{language} translators")[0]
            )
            _grant(team.translators, [*TRANSLATOR_PERMISSIONS, *snippet_permissions()])
            _grant_collection(team.translators, TRANSLATOR_COLLECTION_PERMISSIONS)
        root = locale_root(locale) or _start_locale_root(locale)
        if root is not None:
            _grant_pages(team.reviewers, root, REVIEWER_PAGE_PERMISSIONS)
            if team.translators:
                _grant_pages(team.translators, root, TRANSLATOR_PAGE_PERMISSIONS)
            team.workflow = _review_workflow(team.workflow, code, team.reviewers)
            WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": team.workflow})
        team.save()
        teams.append(team)
    return teams


def snippet_permissions():
    """Return the permissions to edit every translatable snippet model ("app.change_model")."""
    return sorted(
        f"{model._meta.app_label}.change_{model._meta.model_name}"
        for model in get_snippet_models()
        if issubclass(model, TranslatableMixin)
    )


def locale_root(locale):
    """Return the default site's home page in locale, or None if it has none (yet)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    return site.root_page.get_translation_or_none(locale)


def _start_locale_root(locale):
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or site.root_page.depth == 1:
        return None
    source = site.root_page.specific
    derived = derived_languages()
    if locale.language_code in derived:
        origin = source.get_translation_or_none(
            Locale.objects.get(language_code=derived[locale.language_code])
        )
        if origin is None:
            return None
        return sync_transliterated_edition(origin)
    translate_object(source, [locale])
    return locale_root(locale)


def _permissions(names):
    query = Q()
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(query).select_related("content_type"))
    missing = set(names) - {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
    if missing:
        raise ImproperlyConfigured(
            f"Permissions {', '.join(sorted(missing))} do not exist: run migrate first."
        )
    return permissions


def _grant(group, names):
    group.permissions.add(*_permissions(names))


def _grant_collection(group, names):
    root = Collection.get_first_root_node()
    for permission in _permissions(names):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


def _grant_pages(group, page, kinds):
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=[f"{kind}_page" for kind in kinds]
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def review_names(code):
    """Return the names of the language's review workflow and of its task, written in that language.

    Wagtail shows a workflow's and a task's stored name as it is, in notifications too; everyone who
    sees these at work (the team) reads the team's language.
    """
    with translation.override(code):
        language = language_name(code)
        return (
            pgettext("workflow name", "Review: %(language)s") % {"language": language},
            pgettext("workflow task name", "Reviewers' approval: %(language)s") % {"language": language},
        )


def _review_workflow(workflow, code, reviewers):
    workflow_name, task_name = review_names(code)
    # Names this function gave before they were written in the team's language.
    english = get_language_info(code)["name"]
    workflow = workflow or Workflow.objects.create(name=workflow_name)
    if workflow.name == f"{english} review":
        workflow.name = workflow_name
    workflow.active = True
    workflow.save(update_fields=["name", "active"])
    task = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    elif task.name == f"Approval by {english} reviewers":
        task.name = task_name
        task.save(update_fields=["name"])
    task.groups.add(reviewers)
    return workflow


def team_locale_ids(user):
    """Return the ids of the locales whose translators or reviewers user belongs to."""
    if not hasattr(user, "_team_locale_ids"):
        user._team_locale_ids = frozenset(
            LanguageTeam.objects.filter(Q(translators__user=user) | Q(reviewers__user=user)).values_list(
                "locale_id", flat=True
            )
        )
    return user._team_locale_ids


def translator_teams(user):
    """Return the teams user translates for, with their locales."""
    return LanguageTeam.objects.filter(translators__user=user).select_related("locale").order_by("locale_id")


def may_work_in(user, locale):
    """Say whether user may translate into locale: its team, or edit rights on its whole tree."""
    if not user.is_active:
        return False
    if user.is_superuser or locale.pk in team_locale_ids(user):
        return True
    root = locale_root(locale)
    return root is not None and root.permissions_for_user(user).can_edit()


def may_edit_snippets_in(user, locale):
    """Say whether user may edit translatable snippets in locale.

    Translators and reviewers are confined to their languages; other staff keep the model
    permissions Wagtail gives them.
    """
    return not team_locale_ids(user) or may_work_in(user, locale)


def may_start_translation_into(user, locale):
    """Say whether user may start translating into locale (never a transliterated edition)."""
    return locale.language_code not in derived_languages() and may_work_in(user, locale)
