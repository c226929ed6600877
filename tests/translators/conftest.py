"""Fixtures for the translators' workflow: language teams, their members, a news item to translate."""

import pytest

from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import translate_object

from tests.factories import ListingPageFactory, NewsPageFactory
from translators.teams import setup_translators

NEWS_BODY = [
    ("heading", {"text": "Why civic space matters", "level": "h2"}),
    (
        "paragraph",
        "<p>Civil society keeps <b>power</b> in check. "
        'Read <a href="https://example.org/report">the report</a>.</p>',
    ),
    ("quote", {"text": "Transparency prevents corruption.", "attribution": "Eivind", "role": ""}),
]


@pytest.fixture
def teams(site):
    """Every language's team, after setup_translators ({code: LanguageTeam})."""
    return {team.locale.language_code: team for team in setup_translators()}


@pytest.fixture
def make_user(django_user_model):
    """Create an admin user in the given groups."""

    def make(username, *groups, **fields):
        user = django_user_model.objects.create_user(
            username, email=f"{username}@example.org", password="pw", **fields
        )
        user.groups.add(*groups)
        return user

    return make


@pytest.fixture
def translator(teams, make_user):
    """Albanian translator."""
    return make_user("arben", teams["sq"].translators, first_name="Arben")


@pytest.fixture
def reviewer(teams, make_user):
    """Albanian reviewer."""
    return make_user("blerta", teams["sq"].reviewers, first_name="Blerta")


@pytest.fixture
def news(site):
    """A published English news item with a heading, rich text with a link, and a quote."""
    listing = ListingPageFactory(parent=site["en"], slug="news")
    listing.save_revision().publish()
    page = NewsPageFactory(
        parent=listing, title="Civic space in the region", slug="civic-space", body=NEWS_BODY
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def albanian(news, translator):
    """The news item's translation into Albanian, begun by the Albanian translator: its title is
    translated in the online editor, the rest waits."""
    translation = start_translation(news, "sq", user=translator)
    title = translation.source.stringsegment_set.get(context__path="title")
    StringTranslation.objects.create(
        translation_of=title.string,
        locale=translation.target_locale,
        context=title.context,
        data="Hapësira qytetare në rajon",
        translation_type="manual",
    )
    return translation


@pytest.fixture
def translator_client(translator):
    """A Django test client signed in as the Albanian translator."""
    client = Client()
    client.force_login(translator)
    return client


def start_translation(instance, code, user=None):
    """Start translating instance into a language as wagtail-localize's form does; return the Translation."""
    locale = Locale.objects.get(language_code=code)
    translate_object(instance, [locale], user=user)
    return Translation.objects.get(source__object_id=instance.translation_key, target_locale=locale)


def translate_all(translation, prefix="SQ"):
    """Give every string of the translation a translation ("SQ: <source>"), keeping markup intact."""

    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": f"{prefix}: {segment.string.data}", "translation_type": "manual"},
        )


def group(name):
    return Group.objects.get(name=name)
