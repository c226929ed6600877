"""Factories for the suite's content, and the site tree most tests start from."""

import datetime

import factory
import wagtail_factories

from django.utils import timezone

from wagtail.models import Locale, Page, Site

from campaigns.models import CampaignIndexPage, CampaignPage
from home.models import Country, HomePage, Organisation, Topic
from news.models import EventPage, ListingPage, NewsPage, ProjectPage


class CountryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Country {n}")
    code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Country


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Topic


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    relationship = Organisation.Relationship.PARTNER
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Organisation


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Balkan Civic Network"
    hero_title = "Civil society, stronger together"

    class Meta:
        model = HomePage


class ListingPageFactory(wagtail_factories.PageFactory):
    title = "News"

    class Meta:
        model = ListingPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"News item {n}")
    lead = "What happened, in one paragraph."
    date = datetime.date(2023, 6, 30)

    class Meta:
        model = NewsPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Project {n}")
    lead = "What the project does, in one paragraph."
    status = ProjectPage.Status.ONGOING

    class Meta:
        model = ProjectPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Event {n}")
    lead = "What the event is for, in one paragraph."
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=6))
    time_zone = "Europe/Belgrade"

    class Meta:
        model = EventPage


class CampaignIndexPageFactory(wagtail_factories.PageFactory):
    title = "Campaigns"
    slug = "campaigns"

    class Meta:
        model = CampaignIndexPage


class CampaignPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Campaign {n}")
    ask = "Protect the space where citizens organise, speak and take part."
    status = CampaignPage.Status.ACTIVE

    class Meta:
        model = CampaignPage


def build_site():
    """Publish a home page in every content language and make it the default site's root.

    Returns {language code: HomePage}; the English page is the source of the others.
    """
    # A transactional test's flush also removes the root page that Wagtail's migrations made.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=Locale.get_default())
    )
    # Wagtail's first migration leaves a welcome page where the home page belongs.
    Page.objects.filter(depth=2).delete()
    source = HomePageFactory(parent=root, slug="home")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": source, "site_name": "Network"},
    )
    homes = {source.locale.language_code: source}
    for locale in Locale.objects.exclude(pk=source.locale_id):
        translation = source.copy_for_translation(locale)
        translation.save_revision().publish()
        homes[locale.language_code] = translation
    return homes


def publish_translation(page, language_code, **fields):
    """Publish a copy of `page` in the language, with the given fields changed, and return it.

    Quicker than tests.content.translate, which goes through wagtail-localize's segments as a
    translator does; use that one where the translation's origin matters.
    """
    translation = page.copy_for_translation(
        Locale.objects.get(language_code=language_code), copy_parents=True
    )
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def publish_details(home, **details):
    """Publish the home page with the network's details in its language changed: its tagline and its
    address, given as text whose lines become the address's lines."""
    for name, value in details.items():
        if name == "address":
            value = [("line", line) for line in value.splitlines()]
        setattr(home, name, value)
    home.save_revision().publish()
    return home
