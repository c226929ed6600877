"""What one uncached render of each public page type costs in SQL, with few items and with many.

The demo is loaded once for the module; every list on it grows by `MORE` items (news, projects,
events, publications, section pages, members, signatures), enough to fill every section of the
home page, and then by `MORE` again: each page must cost exactly what it cost before, so a query
per item (an N+1) fails here. No page may cost more than the issue's target, 15 queries, and
none more than its own budget, so that a page creeping back up shows.
"""

import datetime
import io

import pytest
import wagtail_factories

from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from wagtail.models import Locale

from campaigns.models import CampaignPage, Signature
from home.models import Country, Organisation, StandardPage, Topic
from news.models import ListingPage, PublicationLibraryPage, PublicationPage
from tests.factories import EventPageFactory, NewsPageFactory, OrganisationFactory, ProjectPageFactory

pytestmark = pytest.mark.django_db

# Enough that a query per item could not hide in the noise of a few.
MORE = 15
TARGET = 15

# Each public page type, by a path of the demo (English, and where a language costs more, in it
# too), and the queries of one render with the items added (before this budget: 21-77 a page;
# then 19-65, then 4-45).
PAGES = {
    "home": ("/en/", 11),
    "home in Albanian": ("/sq/", 13),
    "news listing": ("/en/news/", 11),
    "events listing": ("/en/events/", 12),
    "events listing in Albanian": ("/sq/ngjarje/", 14),
    "projects listing": ("/en/projects/", 11),
    "publications": ("/en/publications/", 11),
    "news item": ("/en/news/joint-action-for-promoting-civic-space/", 7),
    "project": ("/en/projects/smart-balkans/", 13),
    "event": ("/en/events/resilience-dialogues/", 7),
    "publication": ("/en/publications/joint-action-for-promoting-civic-space/", 9),
    "campaigns": ("/en/campaigns/", 8),
    "campaign": ("/en/campaigns/better-local-democracy/", 14),
    "newsletter archive": ("/en/newsletter/", 6),
    "newsletter issue": ("/en/newsletter/civic-space-and-local-democracy/", 14),
    "newsletter issue in Albanian": ("/sq/buletini/hapesira-qytetare-dhe-demokracia-vendore/", 14),
    "news listing in Arabic": ("/ar/akhbar/", 14),
    "standard page": ("/en/about/", 5),
    "members directory": ("/en/about/members/", 10),
    "search": ("/en/search/?q=civic", 13),
    "sitemap": ("/sitemap.xml", 3),
    "sitemap of a language": ("/sitemap-en.xml", 5),
    "feed": ("/en/feed/", 5),
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the module in a transaction rolled back after its last test."""
    with (
        django_db_blocker.unblock(),
        override_settings(VAR_DIR=tmp_path_factory.mktemp("var")),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def queries_of(client, path):
    """Return the SQL statements of one GET of `path`, after a first GET that warms every cache."""
    assert client.get(path).status_code == 200, path
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(path)
    assert response.status_code == 200, path
    return statements


def english(model, **filters):
    return model.objects.get(locale__language_code="en", **filters)


def add_many_items(batch):
    """Add MORE of everything the public pages list, classified and pictured as editors do."""
    image = wagtail_factories.ImageFactory(title="Many")
    countries = list(Country.objects.filter(locale__language_code="en")[:3])
    topics = list(Topic.objects.filter(locale__language_code="en")[:2])
    listings = {slug: english(ListingPage, slug=slug) for slug in ("news", "projects", "events")}
    soon = timezone.now() + datetime.timedelta(days=10)
    for n in range(MORE):
        for article in (
            NewsPageFactory(parent=listings["news"], slug=f"many-news-{batch}-{n}", hero_image=image),
            ProjectPageFactory(
                parent=listings["projects"], slug=f"many-project-{batch}-{n}", hero_image=image
            ),
            EventPageFactory(
                parent=listings["events"],
                slug=f"many-event-{batch}-{n}",
                hero_image=image,
                start=soon + datetime.timedelta(days=n),
                end=soon + datetime.timedelta(days=n, hours=3),
                country=countries[0],
            ),
        ):
            article.topics.set(topics)
            article.countries.set(countries)
            article.save()
    library = english(PublicationLibraryPage)
    for n in range(MORE):
        publication = PublicationPage(
            title=f"Many report {batch} {n}",
            slug=f"many-report-{batch}-{n}",
            lead="A report.",
            listing_image=image,
        )
        library.add_child(instance=publication)
        publication.countries.set(countries)
        publication.save()
    about = english(StandardPage, slug="about")
    for n in range(MORE):
        about.add_child(
            instance=StandardPage(
                title=f"Many page {batch} {n}", slug=f"many-page-{batch}-{n}", show_in_menus=True
            )
        )
    for n in range(MORE):
        OrganisationFactory(
            name=f"Many member {batch} {n}",
            relationship=Organisation.Relationship.MEMBER,
            country=countries[n % len(countries)],
            logo=image,
            locale=Locale.get_default(),
        )
    campaign = english(CampaignPage).campaign
    for n in range(MORE):
        Signature.objects.create(
            campaign=campaign,
            email=f"many-{batch}-{n}@example.org",
            name=f"Signer {n}",
            country=countries[0],
            show_name=True,
            language="en",
            consent_wording="I agree.",
            consent_version="1",
            consent_language="en",
            confirmed_at=timezone.now(),
        )


@pytest.fixture(scope="module")
def costs(demo, django_db_blocker):
    """{page type: (queries with MORE of each item, queries with twice as many)}."""
    from django.test import Client

    client = Client()
    with django_db_blocker.unblock(), transaction.atomic():
        add_many_items("a")
        few = {name: queries_of(client, path) for name, (path, _budget) in PAGES.items()}
        add_many_items("b")
        many = {name: queries_of(client, path) for name, (path, _budget) in PAGES.items()}
        transaction.set_rollback(True)
    return {name: (few[name], many[name]) for name in PAGES}


@pytest.mark.parametrize("name", PAGES)
def test_a_page_costs_the_same_queries_however_many_items_it_lists(costs, name):
    few, many = costs[name]
    assert len(many) == len(few), f"{len(few)} then {len(many)} queries:\n" + "\n".join(many)


@pytest.mark.parametrize("name", PAGES)
def test_a_page_costs_no_more_queries_than_its_budget(costs, name):
    _few, many = costs[name]
    assert len(many) <= PAGES[name][1], f"{len(many)} queries:\n" + "\n".join(many)


@pytest.mark.parametrize("name", PAGES)
def test_a_page_renders_in_at_most_fifteen_queries(costs, name):
    _few, many = costs[name]
    assert len(many) <= TARGET, f"{len(many)} queries:\n" + "\n".join(many)
