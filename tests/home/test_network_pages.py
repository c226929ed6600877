"""The network's own pages: standard pages in sections, the members directory, contact details."""

import pytest
import wagtail_factories

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage, MembersDirectoryPage, NetworkSettings, Organisation, StandardPage
from tests.content import KOSOVO_FOOTNOTE, about_section, publish_child, translate
from tests.factories import CountryFactory, OrganisationFactory, build_site, publish_details
from tests.html import parse, text

MEMBER = Organisation.Relationship.MEMBER
PARTNER = Organisation.Relationship.PARTNER
FUNDER = Organisation.Relationship.FUNDER


class NetworkPageTypesTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.homes = build_site()
        cls.about, cls.members, cls.contact = about_section(cls.homes["en"])

    def test_standard_pages_sit_below_the_home_page_or_each_other(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanCreateAt(StandardPage, MembersDirectoryPage)
        self.assertCanCreateAt(HomePage, MembersDirectoryPage)
        self.assertAllowedSubpageTypes(MembersDirectoryPage, set())

    def test_staff_create_a_standard_page_from_the_shared_blocks(self):
        self.login()

        self.assertCanCreate(
            self.homes["en"],
            StandardPage,
            nested_form_data(
                {
                    "title": "Get involved",
                    "introduction": "Join us.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Join a campaign", "level": "h2"}),
                            ("paragraph", rich_text("<p>Sign our campaigns.</p>")),
                            ("contact", ""),
                        ]
                    ),
                    "comments": inline_formset([]),
                }
            ),
        )

        page = StandardPage.objects.get(slug="get-involved")
        assert [block.block_type for block in page.body] == ["heading", "paragraph", "contact"]

    def test_the_pages_render_edit_and_preview(self):
        self.assertPageIsEditable(self.members)
        self.assertPageIsPreviewable(self.members)
        for page in (self.about, self.members, self.contact):
            self.assertPageIsRenderable(page)


def section_menu(html):
    menu = html.find("nav", class_="section-menu")
    return menu and [(text(link), link.get("aria-current")) for link in menu.find_all("a")]


@pytest.mark.django_db
def test_each_page_of_a_section_offers_the_sections_pages(client, site):
    about, members, contact = about_section(site["en"])
    publish_child(about, StandardPage(title="History", slug="history"))  # Not in menus.

    assert section_menu(parse(client.get(about.url))) == [
        ("About", "page"),
        ("Members", None),
        ("Contact", None),
    ]
    assert section_menu(parse(client.get(contact.url))) == [
        ("About", None),
        ("Members", None),
        ("Contact", "page"),
    ]
    assert section_menu(parse(client.get(members.url)))[1] == ("Members", "page")


@pytest.mark.django_db
def test_a_page_added_to_the_section_shows_in_its_menu_on_the_next_view(
    client, site, django_capture_on_commit_callbacks
):
    about, _members, contact = about_section(site["en"])
    assert [title for title, _current in section_menu(parse(client.get(contact.url)))] == [
        "About",
        "Members",
        "Contact",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        publish_child(about, StandardPage(title="Jobs", slug="jobs", show_in_menus=True))

    assert [title for title, _current in section_menu(parse(client.get(contact.url)))] == [
        "About",
        "Members",
        "Contact",
        "Jobs",
    ]


@pytest.mark.django_db
def test_a_page_without_pages_below_it_offers_no_section_menu(client, site):
    page = publish_child(
        site["en"], StandardPage(title="Get involved", slug="get-involved", show_in_menus=True)
    )

    assert section_menu(parse(client.get(page.url))) is None


@pytest.fixture
def directory(site):
    """The members directory and organisations of every relationship, some with logos."""
    _about, members, _contact = about_section(site["en"])
    albania = CountryFactory(name="Albania", code="AL")
    kosovo = CountryFactory(name="Kosovo", code="XK", designation_footnote=KOSOVO_FOOTNOTE)
    logo = wagtail_factories.ImageFactory(title="MCIC logo")
    organisations = {
        "da": OrganisationFactory(name="DA", relationship=MEMBER, country=albania),
        "acsf": OrganisationFactory(name="ACSF", relationship=MEMBER, country=albania, logo=logo),
        "waws": OrganisationFactory(name="WAWS", relationship=MEMBER, country=kosovo),
        "ecas": OrganisationFactory(
            name="European Citizen Action Service",
            acronym="ECAS",
            relationship=PARTNER,
            website="https://ecas.org/",
        ),
        "eu": OrganisationFactory(name="European Union", acronym="EU", relationship=FUNDER),
    }
    return members, organisations


def groups(html):
    return {
        text(section.h2): [text(name) for name in section.find_all(class_="organisation__name")]
        for section in html.find_all("section", class_="directory-group")
    }


@pytest.mark.django_db
def test_the_directory_lists_members_and_partners_by_country(client, directory):
    members, _organisations = directory

    html = parse(client.get(members.url))

    assert groups(html) == {
        "Albania": ["ACSF", "DA"],
        "Kosovo * (see the note on this name)": ["WAWS"],
        "Regional and international": ["European Citizen Action Service (ECAS)"],
    }
    assert text(html.find(class_="results-count")) == "4 organisations, 2 countries"
    assert html.find("img", class_="organisation__logo") is not None
    assert html.find("a", href="https://ecas.org/") is not None
    assert KOSOVO_FOOTNOTE in text(html.find(class_="designation-notes"))
    assert "European Union" not in text(html.main)


@pytest.mark.django_db
def test_the_directory_narrows_to_members_or_partners(client, directory):
    members, _organisations = directory

    html = parse(client.get(members.url, {"relationship": "partner"}))

    links = {
        text(link): link.get("aria-current")
        for link in html.find("nav", class_="directory-filter").find_all("a")
    }
    assert links == {"All (4)": None, "Members (3)": None, "Partners (1)": "page"}
    assert groups(html) == {"Regional and international": ["European Citizen Action Service (ECAS)"]}


@pytest.mark.django_db
def test_an_unknown_relationship_is_reported_and_everyone_is_listed(client, directory):
    members, _organisations = directory

    html = parse(client.get(members.url, {"relationship": "<b>rival</b>"}))

    assert "There is nothing to show for “<b>rival</b>”" in text(html.find(class_="form-errors"))
    assert sum(len(names) for names in groups(html).values()) == 4


@pytest.mark.django_db
def test_the_directory_shows_each_organisation_once_in_the_readers_language(client, site, directory):
    members, organisations = directory
    translate(organisations["waws"], "sq", {"WAWS": "WAWS (Shoqata e grave)"})
    translate(organisations["waws"].country, "sq", {"Kosovo": "Kosova"})
    translate(members.get_parent().specific, "sq")
    albanian = translate(members, "sq")

    html = parse(client.get(albanian.url))

    by_country = groups(html)
    kosovo = next(heading for heading in by_country if heading.startswith("Kosova *"))
    assert by_country[kosovo] == ["WAWS (Shoqata e grave)"]
    assert sum(len(names) for names in by_country.values()) == 4


@pytest.mark.django_db
def test_the_directory_runs_as_many_queries_for_forty_organisations_as_for_four(client, directory):
    members, _organisations = directory
    client.get(members.url)  # Warm Wagtail's site and locale caches.
    with CaptureQueriesContext(connection) as few:
        client.get(members.url)
    countries = [CountryFactory(code=f"Q{letter}") for letter in "ABCDEF"]
    for number in range(36):
        OrganisationFactory(relationship=MEMBER, country=countries[number % 6])
    client.get(members.url)  # Saving snippets forgot the parts pages share (home.shared_parts).

    with CaptureQueriesContext(connection) as many:
        response = client.get(members.url)

    assert "40 organisations" in response.content.decode()
    assert len(many) == len(few)


@pytest.mark.django_db
def test_the_contact_block_prints_the_networks_details(client, site):
    _about, _members, contact = about_section(site["en"])
    empty = parse(client.get(contact.url))
    NetworkSettings.objects.update_or_create(defaults={"contact_email": "office@example.org"})
    publish_details(site["en"], address="Bul. Partizanski odredi 43\n1000 Skopje")

    html = parse(client.get(contact.url))

    assert empty.find(class_="block-contact") is None
    block = html.find(class_="block-contact")
    assert block.find("a", href="mailto:office@example.org") is not None
    assert "1000 Skopje" in text(block.address)
