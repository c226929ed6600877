"""Every public page, email and error page speaks the reader's language: no interface string in English.

Each page, email and error page is rendered in every content language while every gettext
lookup is watched. A string that the language's catalogues (the project's, Django's, Wagtail's)
do not translate and that then shows in the output is reported, per language, so translators
know what to translate. Fill them in locale/<language>/LC_MESSAGES/django.po (`make messages`).
"""

import html
import io
import re
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.template import engines
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

from wagtail.models import Locale, Page

from home import errors
from home.localization import localize_all
from home.mail import render_email
from newsletter.models import MailingList, NewsletterIssuePage
from newsletter.sending.rendering import render_issue
from tests.home.test_catalogues import makemessages_options
from translators.workload import workload

LANGUAGES = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != settings.LANGUAGE_CODE]
# %(name)s, %s, {name}: what a rendered string no longer shows as written in its msgid.
PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{[^{}]*\}")


class MissingTranslations:
    """The msgids looked up in a language whose catalogues do not hold them, by language."""

    def __init__(self):
        self.looked_up = defaultdict(set)

    def record(self, language, *msgids):
        if language != settings.LANGUAGE_CODE:
            self.looked_up[language].update(msgids)

    def shown(self, language, output):
        """Return the missing msgids of `language` that `output` shows, sorted."""
        text = " ".join(html.unescape(output).split())
        return sorted(msgid for msgid in self.looked_up[language] if _appears(msgid, text))

    def clear(self):
        self.looked_up.clear()


def _appears(msgid, text):
    """Whether the longest literal part of the msgid (its placeholders filled in) appears in text."""
    message = msgid.split("\x04")[-1]  # pgettext's "context\x04message".
    parts = [" ".join(part.split()) for part in PLACEHOLDER.split(message)]
    longest = max(parts, key=len)
    return sum(character.isalpha() for character in longest) >= 2 and longest in text


@contextmanager
def watching_lookups():
    """Record every lookup that a catalogue misses, while the block runs."""
    missing = MissingTranslations()
    gettext, ngettext = DjangoTranslation.gettext, DjangoTranslation.ngettext

    def watched_gettext(self, message):
        if message not in self._catalog:
            missing.record(self.language(), message)
        return gettext(self, message)

    def watched_ngettext(self, singular, plural, number):
        try:
            self._catalog.plural(singular, number)
        except KeyError:
            missing.record(self.language(), singular)
        return ngettext(self, singular, plural, number)

    DjangoTranslation.gettext, DjangoTranslation.ngettext = watched_gettext, watched_ngettext
    try:
        yield missing
    finally:
        DjangoTranslation.gettext, DjangoTranslation.ngettext = gettext, ngettext


def report(found):
    """Describe {language: {msgid: [where]}} for translators, one language after another."""
    lines = ["Interface strings left in English (translate them in locale/<language>/LC_MESSAGES/django.po):"]
    for language, strings in sorted(found.items()):
        lines.append(f"\n{language}: {len(strings)} strings")
        for msgid, places in sorted(strings.items()):
            shown = msgid.replace("\x04", " | context: ")
            lines.append(f"  {shown!r}  (in {', '.join(sorted(places)[:3])})")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site, loaded once for the module and rolled back after it."""
    with (
        django_db_blocker.unblock(),
        override_settings(VAR_DIR=tmp_path_factory.mktemp("var")),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo_site, db):
    return demo_site


def public_pages(language):
    """One live page of each type in the language, and each section of its home page."""
    pages = Page.objects.live().public().filter(locale__language_code=language, depth__gt=1).order_by("path")
    chosen = {}
    for page in pages:
        chosen.setdefault(page.content_type_id, page)
    sections = [page for page in pages if page.depth <= 3]
    return list({page.pk: page for page in [*chosen.values(), *sections]}.values())


def collect(found, missing, language, where, output):
    for msgid in missing.shown(language, output):
        found[language].setdefault(msgid, set()).add(where)
    missing.clear()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_is_in_the_readers_language(loaded, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    found = defaultdict(dict)
    pages = public_pages(language)
    assert pages, f"the demo has no pages in {language}"
    addresses = [page.url for page in pages]
    home = f"/{language}/"
    addresses += [
        f"{home}search/?q=network",
        f"{home}search/?q=zzzzzz",
        f"{home}newsletter/subscribe/",
    ]
    with watching_lookups() as missing:
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, address
            collect(found, missing, language, address, response.content.decode())
        # A form sent empty shows Django's own validation messages.
        response = client.post(f"{home}newsletter/subscribe/", {})
        collect(found, missing, language, "the subscription form sent empty", response.content.decode())
    assert not found, report(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_email_is_in_the_readers_language(loaded, language):
    found = defaultdict(dict)
    locale = Locale.objects.get(language_code=language)
    issue = NewsletterIssuePage.objects.live().filter(locale=locale).first() or (
        NewsletterIssuePage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).first()
    )
    with watching_lookups() as missing:
        edition = render_issue(issue, language)
        collect(found, missing, language, "the newsletter edition", edition.html + edition.text)
        emails = {
            "the subscription's confirmation": (
                "email/newsletter/confirm",
                {
                    "lists": localize_all(MailingList.objects.order_by("pk"), language),
                    "confirmation_url": "https://example.org/confirm/x/",
                    "valid_days": 7,
                },
            ),
            "the signature's confirmation": (
                "email/campaigns/confirm_signature",
                {
                    "campaign_title": "Campaign",
                    "page_url": "https://example.org/",
                    "confirmation_url": "https://example.org/c/",
                    "valid_days": 7,
                },
            ),
            "the signature already counted": (
                "email/campaigns/already_signed",
                {"campaign_title": "Campaign", "page_url": "https://example.org/"},
            ),
            "the translators' digest": (
                "email/translators/digest",
                {
                    "recipient": get_user_model()(username="translator", first_name="Ana"),
                    "language": locale.get_display_name(),
                    "load": workload(locale),
                    "since": None,
                    "base_url": "https://example.org",
                    "dashboard_url": "https://example.org/admin/",
                },
            ),
        }
        for where, (template, context) in emails.items():
            message = render_email(template, context, to=["reader@example.org"], language=language)
            output = message.subject + message.body + message.alternatives[0][0]
            collect(found, missing, language, where, output)
    assert not found, report(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_error_page_is_in_the_readers_language(site, language):
    found = defaultdict(dict)
    request = RequestFactory().get(f"/{language}/")
    with watching_lookups() as missing:
        response = Client().get(f"/{language}/no-such-page/")
        assert response.status_code == 404
        collect(found, missing, language, "404", response.content.decode())
        response = Client(enforce_csrf_checks=True).post(f"/{language}/newsletter/subscribe/", {})
        assert response.status_code == 403
        collect(found, missing, language, "CSRF", response.content.decode())
        with translation.override(language):
            for status, handler in [
                (400, errors.bad_request),
                (403, errors.permission_denied),
                (500, errors.server_error),
            ]:
                response = handler(request) if status == 500 else handler(request, Exception())
                collect(found, missing, language, str(status), response.content.decode())
    assert not found, report(found)


def test_make_messages_extracts_from_every_kind_of_template():
    """Templates end in .html, .txt and .mjml (MJML email): `make messages` scans each kind, and Python."""
    extensions = {
        extension
        for option in makemessages_options()
        if option.startswith("--extension=")
        for extension in option.removeprefix("--extension=").split(",")
    }
    kinds = {path.suffix.lstrip(".") for path in (Path(settings.BASE_DIR) / "templates").rglob("*.*")}
    assert kinds <= extensions, f"`make messages` skips templates ending in {sorted(kinds - extensions)}"
    assert "py" in extensions


def test_the_check_reports_a_string_that_no_catalogue_translates():
    template = (
        "{% load i18n %}<p>{% translate 'A sentence no catalogue holds' %}</p><p>{% translate 'Email' %}</p>"
    )

    with watching_lookups() as missing, translation.override("cnr"):
        output = engines["django"].from_string(template).render()
    assert missing.shown("cnr", output) == ["A sentence no catalogue holds"]
