"""The admin screens a translator and a reviewer use, walked as they use them, and how much of
their interface is in their own language.

`walk()` signs a translator and a reviewer of one language team in (with their admin language),
opens each screen, starts a translation, submits it, has changes requested, resubmits it and
approves it. Every string that the interface looks up in the admin language on the way is
recorded, with whether that language's catalogues translate it; so are the strings that the
admin's scripts (Wagtail's and wagtail-localize's editors) take from their catalogues.

Used by tests/translators/test_admin_language.py (a floor per language and per screen) and by
scripts/admin_translation_coverage.py (the figures, and the strings still missing).
"""

import json
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.urls import reverse
from django.utils.translation import trans_real

import wagtail.admin
import wagtail_localize
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import translate_object

from translators.models import LanguageTeam

SCREENS = {
    "login": "Sign-in and password reset",
    "dashboard": "Dashboard",
    "explorer": "Page explorer and search",
    "translation": "Starting a translation",
    "editor": "Translation editor",
    "choosers": "Image, document and page choosers",
    "snippets": "Snippets",
    "review": "Review: the reviewer's editor and workflow actions",
    "emails": "Workflow emails and messages",
    "history": "History and workflow history",
    "account": "Account",
    "page editor": "Page editor (a translation edited by hand)",
    "scripts": "Editor scripts (JavaScript catalogues)",
}
# Admin languages whose team translates another language: the Cyrillic interface is used by the
# Serbian team, which translates into Serbian Latin (the Cyrillic content is transliterated).
TEAM_LANGUAGE = {"sr": "sr-latn"}
# The script catalogues the admin serves, with the package whose strings each serves.
SCRIPT_CATALOGUES = [
    ("wagtailadmin_javascript_catalog", wagtail.admin),
    ("wagtail_localize:javascript_catalog", wagtail_localize),
]
_NEW_CATALOGUE = re.compile(r"const newcatalog = (\{.*?\});\n", re.DOTALL)
# Looked up but never shown: django-filters translates a lookup's name as the default of a
# dictionary lookup whose answer (an empty label) it uses instead.
NEVER_SHOWN = {"exact"}


@dataclass
class Coverage:
    """The strings each screen looked up in one admin language, and which of them it translates."""

    language: str
    strings: dict = field(default_factory=lambda: defaultdict(dict))  # {screen: {msgid: translated}}

    def share(self, screen=None):
        """Return the share (0 to 1) of distinct strings translated, on one screen or on all."""
        found = self._strings(screen)
        return sum(found.values()) / len(found) if found else 1.0

    def missing(self, screen=None):
        return sorted(msgid for msgid, translated in self._strings(screen).items() if not translated)

    def counts(self, screen=None):
        found = self._strings(screen)
        return sum(found.values()), len(found)

    def _strings(self, screen):
        if screen is not None:
            return self.strings[screen]
        merged = {}
        for found in self.strings.values():
            for msgid, translated in found.items():
                merged[msgid] = merged.get(msgid, True) and translated
        return merged


@contextmanager
def recording(coverage, screen):
    """Record every string looked up in the coverage's language while the block runs."""
    found = coverage.strings[screen]
    gettext, ngettext = trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext

    def recorded_gettext(catalogue, message):
        if catalogue.language() == coverage.language and message not in NEVER_SHOWN:
            found[_readable(message)] = message in catalogue._catalog
        return gettext(catalogue, message)

    def recorded_ngettext(catalogue, singular, plural, number):
        if catalogue.language() == coverage.language:
            try:
                catalogue._catalog.plural(singular, number)
            except KeyError:
                found[_readable(singular)] = False
            else:
                found[_readable(singular)] = True
        return ngettext(catalogue, singular, plural, number)

    trans_real.DjangoTranslation.gettext = recorded_gettext
    trans_real.DjangoTranslation.ngettext = recorded_ngettext
    try:
        yield
    finally:
        trans_real.DjangoTranslation.gettext = gettext
        trans_real.DjangoTranslation.ngettext = ngettext


def walk(language, source_page):
    """Walk the screens in admin language `language` while translating `source_page`; return Coverage.

    The language's team (translators.setup_translators) must exist, and `source_page` must be a
    published page of the default language that has no translation into the team's language yet.
    """
    coverage = Coverage(language)
    team = LanguageTeam.objects.select_related("locale").get(
        locale__language_code=TEAM_LANGUAGE.get(language, language)
    )
    translator = _member(f"translator-{language}", team.translators, language)
    reviewer = _member(f"reviewer-{language}", team.reviewers, language)
    as_translator, as_reviewer = _client(translator), _client(reviewer)
    home = source_page.get_site().root_page.get_translation(team.locale)

    def visit(client, screen, url, method="get", **data):
        with recording(coverage, screen), TestCase.captureOnCommitCallbacks(execute=True):
            response = getattr(client, method)(url, data, follow=True)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        return response

    if language in dict(settings.LANGUAGES):
        # Signed out, the admin speaks the browser's language.
        visitor = Client(headers={"accept-language": language})
        visit(visitor, "login", reverse("wagtailadmin_login"))
        visit(visitor, "login", reverse("wagtailadmin_password_reset"))

    visit(as_translator, "dashboard", reverse("wagtailadmin_home"))
    visit(as_translator, "explorer", reverse("wagtailadmin_explore_root"))
    visit(as_translator, "explorer", reverse("wagtailadmin_explore", args=[home.pk]))
    visit(as_translator, "explorer", reverse("wagtailadmin_pages:search") + "?q=news")
    visit(
        as_translator,
        "translation",
        reverse("wagtail_localize:submit_page_translation", args=[source_page.pk]),
    )
    with recording(coverage, "translation"), TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(source_page, [team.locale], user=translator)
    page = source_page.get_translation(team.locale)
    translation = Translation.objects.get(
        source__object_id=source_page.translation_key, target_locale=team.locale
    )
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    visit(as_translator, "editor", edit_url)
    visit(as_translator, "explorer", reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    visit(as_translator, "choosers", reverse("wagtailimages_chooser:choose"))
    visit(as_translator, "choosers", reverse("wagtaildocs_chooser:choose"))
    visit(as_translator, "choosers", reverse("wagtailadmin_choose_page"))
    visit(as_translator, "snippets", reverse("wagtailsnippets:index"))
    visit(as_translator, "snippets", reverse("wagtailsnippets_home_topic:list"))
    visit(as_translator, "account", reverse("wagtailadmin_account"))

    _translate_every_string(translation)
    submit_url = reverse("translators:submit_for_review", args=[translation.pk])
    review_url = reverse("translators:review", args=[translation.pk])
    visit(as_translator, "emails", submit_url, method="post")
    visit(as_reviewer, "dashboard", reverse("wagtailadmin_home"))
    visit(as_reviewer, "review", edit_url)
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    for action in ("reject", "approve"):
        visit(
            as_reviewer,
            "review",
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        )
    visit(
        as_reviewer,
        "review",
        reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task_state.task_id]),
    )
    visit(as_reviewer, "emails", review_url, method="post", decision="reject", comment="Check the title.")
    visit(as_translator, "dashboard", reverse("wagtailadmin_home"))
    visit(as_translator, "editor", edit_url)
    visit(as_translator, "emails", submit_url, method="post")
    visit(as_reviewer, "emails", review_url, method="post", decision="approve")
    visit(as_translator, "history", reverse("wagtailadmin_pages:history", args=[page.pk]))
    visit(as_translator, "history", reverse("wagtailadmin_pages:workflow_history", args=[page.pk]))
    visit(
        as_translator,
        "history",
        reverse("wagtailadmin_pages:workflow_history_detail", args=[page.pk, task_state.workflow_state_id]),
    )

    # A translation taken out of wagtail-localize's sync is edited in Wagtail's own page editor.
    translation.enabled = False
    translation.save(update_fields=["enabled"])
    visit(as_translator, "page editor", edit_url)
    visit(as_reviewer, "page editor", edit_url)

    for url_name, package in SCRIPT_CATALOGUES:
        _record_script_catalogue(coverage, as_translator, url_name, package)
    return coverage


def _member(username, group, language):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password="pw", first_name=username.split("-")[0].title()
    )
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])
    return user


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _translate_every_string(translation):
    code = translation.target_locale.language_code
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": f"[{code}] {segment.string.data}", "translation_type": "manual"},
        )


def script_catalogue(client, url_name):
    """Return {msgid: translation} of the script catalogue that the admin serves at url_name."""
    response = client.get(reverse(url_name))
    assert response.status_code == 200, f"{url_name}: {response.status_code}"
    return json.loads(_NEW_CATALOGUE.search(response.content.decode())[1])


def _record_script_catalogue(coverage, client, url_name, package):
    """Record which of the package's script strings the served catalogue translates."""
    served = script_catalogue(client, url_name)
    source = Path(package.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"
    found = coverage.strings["scripts"]
    for entry in polib.pofile(str(source)):
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        found[_readable(key)] = found.get(_readable(key), True) and bool(served.get(key))


def _readable(message):
    context, separator, msgid = message.partition("\x04")
    return f"{msgid} [{context}]" if separator else message
