"""Published content of every kind for the public site's tests, and translations made as
wagtail-localize's interface makes them."""

import datetime
import decimal
from dataclasses import dataclass

import wagtail_factories

from django.core.files.base import ContentFile
from django.test import TestCase

from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from home.models import Country, MembersDirectoryPage, Organisation, StandardPage, Topic
from news.models import (
    EventPage,
    Grant,
    ListingPage,
    NewsPage,
    ProjectPage,
    PublicationDocument,
    PublicationLibraryPage,
    PublicationPage,
)
from tests.factories import (
    CountryFactory,
    EventPageFactory,
    ListingPageFactory,
    NewsPageFactory,
    OrganisationFactory,
    ProjectPageFactory,
    TopicFactory,
)

KOSOVO_FOOTNOTE = (
    "This designation is without prejudice to positions on status, and is in line with UNSCR 1244/1999 "
    "and the ICJ Opinion on the Kosovo declaration of independence."
)
FUNDER_DISCLAIMER = "This publication was produced with the financial support of the Norwegian Ministry."


@dataclass
class Content:
    homes: dict
    listing: ListingPage
    news: NewsPage
    project: ProjectPage
    event: EventPage
    kosovo: Country
    serbia: Country
    topic: Topic
    funder: Organisation
    partner: Organisation

    @property
    def pages(self):
        return [self.homes["en"], self.listing, self.news, self.project, self.event]


def body_with_every_block(image, document):
    """Return a StreamField body using every block of home.blocks.BodyBlock."""
    return [
        {"type": "heading", "value": {"text": "Why civic space matters", "level": "h2"}},
        {
            "type": "paragraph",
            "value": '<p>Civil society <a href="https://example.org/report">holds power</a> to account.</p>',
        },
        {
            "type": "image",
            "value": {"image": image.pk, "caption": "Participants in Belgrade", "decorative": False},
        },
        {"type": "image", "value": {"image": image.pk, "caption": "", "decorative": True}},
        {
            "type": "quote",
            "value": {
                "text": "Civil society helps to prevent the abuse of power.",
                "attribution": "Eivind Vad Petersson",
                "role": "State Secretary",
            },
        },
        {"type": "embed", "value": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        {
            "type": "document",
            "value": {"document": document.pk, "title": "", "description": "The full report."},
        },
        {
            "type": "table",
            "value": {
                "caption": "Grants by country",
                "columns": [
                    {"type": "text", "heading": "Country"},
                    {"type": "number", "heading": "Grants"},
                    {"type": "rich_text", "heading": "Note"},
                ],
                "rows": [
                    {"values": ["Serbia", "11", "<p><b>National</b> intervention grants</p>"]},
                    {"values": ["Montenegro", "4", "<p>Regional grants</p>"]},
                ],
            },
        },
        {"type": "button", "value": {"text": "Apply now", "page": None, "url": "https://example.org/apply"}},
    ]


def build_content(homes):
    """Publish a listing with a news item, a project and an event, all fully filled in, in English."""
    kosovo = CountryFactory(name="Kosovo", code="XK", designation_footnote=KOSOVO_FOOTNOTE)
    serbia = CountryFactory(name="Serbia", code="RS")
    topic = TopicFactory(name="Civic space", slug="civic-space")
    logo = wagtail_factories.ImageFactory(title="Funder logo")
    funder = OrganisationFactory(
        name="Norwegian Ministry of Foreign Affairs",
        relationship=Organisation.Relationship.FUNDER,
        logo=logo,
        website="https://www.regjeringen.no/",
        disclaimer=FUNDER_DISCLAIMER,
    )
    partner = OrganisationFactory(name="Civic Initiatives", acronym="CI", country=kosovo)
    image = wagtail_factories.ImageFactory(
        title="Conference", description="Panellists on stage", credit="Ana M."
    )
    document = wagtail_factories.DocumentFactory(
        title="Annual report", file=ContentFile(b"%PDF-1.4\n" + b"0" * 2039, name="annual-report.pdf")
    )
    body = body_with_every_block(image, document)

    listing = ListingPageFactory(parent=homes["en"], title="News", slug="news", show_in_menus=True)
    news = NewsPageFactory(
        parent=listing,
        title="Second National Conference in Serbia",
        slug="second-national-conference",
        date=datetime.date(2023, 6, 30),
        hero_image=image,
        body=body,
    )
    project = ProjectPageFactory(
        parent=listing,
        title="SMART Balkans",
        slug="smart-balkans",
        date=datetime.date(2023, 5, 15),
        start_date=datetime.date(2022, 10, 1),
        end_date=datetime.date(2025, 9, 30),
        target_groups="<ul><li>Civil society organisations</li></ul>",
        components=[
            {"type": "component", "value": {"title": "National interventions", "description": "Grants."}}
        ],
        grants_total=decimal.Decimal("5547765.37"),
        grants_currency="NOK",
        documents=[
            {"type": "document", "value": {"document": document.pk, "title": "Call", "description": ""}}
        ],
        body=body,
    )
    project.funders.add(funder)
    project.partners.add(partner)
    Grant.objects.create(
        project=project, organisation=partner, amount=decimal.Decimal("499999.5"), currency="NOK"
    )
    event = EventPageFactory(
        parent=listing,
        title="Regional Workshop on Civic Space",
        slug="regional-workshop",
        date=datetime.date(2023, 5, 30),
        start=datetime.datetime(2023, 5, 30, 9, 30, tzinfo=datetime.UTC),
        end=datetime.datetime(2023, 5, 31, 15, 0, tzinfo=datetime.UTC),
        time_zone="Europe/Belgrade",
        attendance=EventPage.Attendance.HYBRID,
        venue="Hotel Mona Plaza",
        city="Pristina",
        country=kosovo,
        livestream_url="https://example.org/live",
        registration_url="https://example.org/register",
        agenda=[
            {"type": "day", "value": "2023-05-30"},
            {
                "type": "item",
                "value": {
                    "starts": "09:30",
                    "ends": "11:00",
                    "title": "Opening",
                    "speakers": "",
                    "description": "",
                },
            },
        ],
        body=body,
    )
    for page in (news, project, event):
        page.topics.add(topic)
        page.countries.add(kosovo, serbia)
        page.organisations.add(partner)
        page.save_revision().publish()
    return Content(homes, listing, news, project, event, kosovo, serbia, topic, funder, partner)


def translate(instance, language_code, translate_string=None, publish=True):
    """Translate an object as a translator does in wagtail-localize, and return the translation.

    Every string gets `translate_string(string)`, by default the string prefixed with the
    language code in brackets; a mapping translates the strings it holds and keeps the rest.
    """
    strings = translate_string
    if translate_string is None:

        def translate_string(string):
            return f"[{language_code}] {string}"

    elif isinstance(translate_string, dict):
        translate_string = lambda string, strings=translate_string: strings.get(string, string)  # noqa: E731

    locale = Locale.objects.get(language_code=language_code)
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        # Slugs stay as they are unless a mapping says otherwise: tests read URLs more easily.
        keep = entry.msgctxt == "slug" and not isinstance(strings, dict)
        entry.msgstr = entry.msgid if keep else translate_string(entry.msgid)
    translation.import_po(po)
    # wagtail-localize publishes once the transaction commits, as it does for a translator.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=publish)
    return instance.get_translation(locale)


def translate_content(content, language_code):
    """Translate the taxonomy and every page of the content into one language."""
    translate(content.kosovo, language_code)
    translate(content.serbia, language_code)
    translate(content.topic, language_code)
    translate(content.funder, language_code)
    translate(content.partner, language_code)
    return {
        page.pk: translate(page.specific, language_code)
        for page in (content.listing, content.news, content.project, content.event)
    }


def document(name):
    return wagtail_factories.DocumentFactory(
        title=name, file=ContentFile(b"%PDF-1.4\n" + b"0" * 1000, name=f"{name}.pdf")
    )


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def library_with_publications(homes):
    """A library holding a report with documents in three languages, and a policy brief."""
    library = publish_child(homes["en"], PublicationLibraryPage(title="Publications", slug="publications"))
    # The same rows as build_content's where a test builds both.
    source = Locale.get_default()
    civic_space, _ = Topic.objects.get_or_create(
        slug="civic-space", locale=source, defaults={"name": "Civic space"}
    )
    serbia, _ = Country.objects.get_or_create(code="RS", locale=source, defaults={"name": "Serbia"})
    kosovo, _ = Country.objects.get_or_create(
        code="XK", locale=source, defaults={"name": "Kosovo", "designation_footnote": KOSOVO_FOOTNOTE}
    )
    report = PublicationPage(
        title="Joint Action for Promoting Civic Space",
        slug="joint-action",
        lead="What we learnt.",
        date=datetime.date(2023, 1, 15),
        publication_type=PublicationPage.Type.REPORT,
        documents=[
            PublicationDocument(document=document(f"report-{code}"), language=code)
            for code in ("en", "sq", "sr-latn")
        ],
    )
    publish_child(library, report)
    report.topics.add(civic_space)
    report.countries.add(serbia)
    report.save_revision().publish()
    brief = PublicationPage(
        title="Local democracy in brief",
        slug="local-democracy",
        lead="Four recommendations.",
        date=datetime.date(2022, 3, 1),
        publication_type=PublicationPage.Type.POLICY_BRIEF,
    )
    publish_child(library, brief)
    brief.countries.add(kosovo)
    brief.save_revision().publish()
    return library, report, brief


def about_section(home):
    """About, with the members directory and Contact below it in menus."""
    about = publish_child(
        home, StandardPage(title="About", slug="about", introduction="Who we are.", show_in_menus=True)
    )
    members = publish_child(about, MembersDirectoryPage(title="Members", slug="members", show_in_menus=True))
    contact = publish_child(
        about,
        StandardPage(
            title="Contact", slug="contact", show_in_menus=True, body=[{"type": "contact", "value": None}]
        ),
    )
    return about, members, contact
