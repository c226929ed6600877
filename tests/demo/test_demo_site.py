"""The site `load_demo` builds: pages, facts, taxonomy, translations, and that it all renders."""

import datetime
import io
import re
import zipfile
import zoneinfo
from decimal import Decimal

import pytest

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from wagtail.models import Locale, Page, Revision, Site
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from campaigns.models import CampaignIndexPage, CampaignPage
from demo.accounts import ADMIN_USERNAME
from demo.campaigns import SIGNATURE_TARGET
from demo.loading import ARTICLE_LANGUAGES
from demo.taxonomy import KOSOVO_FOOTNOTE
from demo.translation import load_catalogue
from home.languages import content_language_codes, fallback_chain
from home.models import (
    ArticlePage,
    Country,
    HomePage,
    MembersDirectoryPage,
    Organisation,
    StandardPage,
    Topic,
    User,
)
from news.models import EventPage, ListingPage, NewsPage, ProjectPage, PublicationLibraryPage, PublicationPage
from newsletter.models import NewsletterArchivePage, NewsletterIssuePage
from newsletter.sending.rendering import render_issue
from tests.html import parse

BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")
TRANSLATED_LANGUAGES = ["en", *ARTICLE_LANGUAGES]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once for the module, in a transaction rolled back after its last test.

    Each test runs in a savepoint inside it (pytest-django's `db`), so none sees another's changes.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(VAR_DIR=tmp_path_factory.mktemp("var")),
        transaction.atomic(),
    ):
        output = io.StringIO()
        call_command("load_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo, db):
    return demo


def english(model, **filters):
    return model.objects.get(locale__language_code="en", **filters)


def test_the_home_page_replaces_wagtails_welcome_page_at_the_site_root(loaded):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.locale.language_code == "en"
    assert not Page.objects.filter(depth=2).exclude(content_type__model="homepage").exists()


def test_the_home_page_has_news_projects_and_events_sections_in_its_menu(loaded):
    home = english(HomePage)
    sections = ListingPage.objects.child_of(home).live().in_menu()
    assert [section.slug for section in sections] == ["news", "projects", "events"]


def test_each_seed_becomes_the_page_type_it_is(loaded):
    titles = {
        model: sorted(model.objects.filter(locale__language_code="en").values_list("title", flat=True))
        for model in (NewsPage, EventPage, ProjectPage)
    }
    assert titles[NewsPage] == ["Joint Action for Promoting Civic Space and a more Resilient Civil Society"]
    assert titles[EventPage] == [
        "Regional Workshop “Joint Action for Promoting Civic Space and a More Resilient Civil Society”",
        "Resilience dialogues",
        "Second National Conference in Serbia: “Crisis management system in Serbia: "
        "the role of civil society organizations?”",
    ]
    assert titles[ProjectPage] == [
        "CSOs networking for better local democracy in the Balkans",
        "Partnership in Action – Strengthening BCSDN",
        "SMART Balkans",
    ]
    for model, section in [(NewsPage, "news"), (EventPage, "events"), (ProjectPage, "projects")]:
        for page in model.objects.filter(locale__language_code="en"):
            assert page.get_parent().slug == section


def test_smart_balkans_records_the_eleven_grantees_and_the_published_totals(loaded):
    project = english(ProjectPage, slug="smart-balkans")
    grants = list(project.grants.select_related("organisation"))
    assert [grant.organisation.name for grant in grants] == [
        "Association for Development of Creativity",
        "Fenomena Association",
        "Anti Trafficking Action",
        "Slavko Curuvija Foundation",
        "Center for Free Elections and Democracy",
        "Da se zna!",
        "Association Uzice Center for Human Rights and Democracy",
        "Civic Initiatives",
        "National Youth Council of Serbia",
        "Zaječar Initiative",
        "Partners for Democratic Change Serbia",
    ]
    # The seed publishes the total only.
    assert all(grant.amount is None for grant in grants)
    assert {grant.organisation.country.code for grant in grants} == {"RS"}
    assert (project.grants_total, project.grants_currency) == (Decimal("5547765.37"), "NOK")
    assert "NOK 9,253,307.39" in str(project.body)
    assert [funder.name for funder in project.funders.all()] == ["Norwegian Ministry of Foreign Affairs"]
    assert project.status == ProjectPage.Status.ONGOING


def test_projects_name_their_funders_partners_and_target_groups(loaded):
    bnld = english(ProjectPage, slug="csos-networking-for-better-local-democracy")
    assert bnld.status == ProjectPage.Status.ANNOUNCED
    assert [funder.acronym for funder in bnld.funders.all()] == ["Sida"]
    assert bnld.target_groups.count("<li>") == 3
    assert len(bnld.components) == 3
    assert sorted(country.code for country in bnld.countries.all()) == ["AL", "BA", "ME", "MK", "RS", "XK"]
    assert (bnld.start_date, bnld.end_date) == (None, None)

    partnership = english(ProjectPage, slug="partnership-in-action-strengthening-bcsdn")
    assert partnership.status == ProjectPage.Status.COMPLETED
    eu = partnership.funders.get()
    assert eu.name == "European Union"
    assert eu.disclaimer.startswith("Funded by the European Union.")
    assert sorted(partner.acronym or partner.name for partner in partnership.partners.all()) == [
        "CNVOS",
        "DA",
        "ECAS",
        "EHO",
        "MCIC",
    ]
    assert len(partnership.components) == 4
    assert "CRNVO – Montenegro" in partnership.target_groups
    assert sorted(country.code for country in partnership.countries.all()) == ["AL", "BE", "MK", "RS", "SI"]

    funders = Organisation.objects.filter(
        locale__language_code="en", relationship=Organisation.Relationship.FUNDER
    )
    assert sorted(funders.values_list("name", flat=True)) == [
        "Balkan Trust for Democracy",
        "European Union",
        "Norwegian Ministry of Foreign Affairs",
        "Swedish International Development Cooperation Agency",
    ]
    # Only the EU asks for a disclaimer.
    disclaimers = Organisation.objects.filter(locale__language_code="en").exclude(disclaimer="")
    assert list(disclaimers.values_list("name", flat=True)) == ["European Union"]


def test_events_have_their_dates_time_zone_venue_and_format(loaded):
    workshop = english(EventPage, slug="regional-workshop-belgrade-2022")
    assert workshop.start.astimezone(BELGRADE).date() == datetime.date(2022, 5, 30)
    assert workshop.end.astimezone(BELGRADE).date() == datetime.date(2022, 5, 31)
    assert workshop.time_zone == "Europe/Belgrade"
    assert workshop.attendance == EventPage.Attendance.HYBRID
    assert (workshop.city, workshop.country.code) == ("Belgrade", "RS")
    assert "Balkan Trust for Democracy" in [
        organisation.name for organisation in workshop.organisations.all()
    ]

    conference = english(EventPage, slug="second-national-conference-serbia")
    assert conference.start.astimezone(BELGRADE).date() == conference.end.astimezone(BELGRADE).date()
    assert conference.start.astimezone(BELGRADE).date() == datetime.date(2023, 6, 30)
    assert (conference.venue, conference.city) == ("Hotel Mona Plaza", "Belgrade")
    assert conference.attendance == EventPage.Attendance.IN_PERSON

    dialogues = english(EventPage, slug="resilience-dialogues")
    assert dialogues.start.astimezone(BELGRADE).date() == datetime.date(2020, 11, 1)
    assert dialogues.end.astimezone(BELGRADE).date() == datetime.date(2021, 12, 31)
    assert dialogues.countries.count() == 6


def test_bodies_keep_the_seeds_headings_and_lists_without_the_scraped_clutter(loaded):
    dialogues = english(EventPage, slug="resilience-dialogues")
    headings = [block.value["text"] for block in dialogues.body if block.block_type == "heading"]
    assert headings[:3] == [
        "Overview of resilience dialogues 2020",
        "Tirana, Albania",
        "Sarajevo, Bosnia and Herzegovina",
    ]
    assert str(dialogues.body).count("<li>") == 17
    assert "This page is also available" not in str(dialogues.body)

    conference = english(EventPage, slug="second-national-conference-serbia")
    assert str(conference.body).count("<li>") == 11

    bnld = english(ProjectPage, slug="csos-networking-for-better-local-democracy")
    text = bnld.lead + str(bnld.body)
    # The scraper doubled the page and prefixed a stray line of Arabic.
    assert text.count("implemented within the Project") == 1
    assert not any("\u0600" <= character <= "\u06ff" for character in text)

    news = english(NewsPage)
    assert "Leave A Reply" not in str(news.body)
    assert "Translate »" not in str(news.body)


def test_kosovo_carries_the_eu_designation_footnote_in_every_language(loaded):
    kosovo = english(Country, code="XK")
    assert str(kosovo) == "Kosovo*"
    assert kosovo.designation_footnote == KOSOVO_FOOTNOTE
    translations = Country.objects.filter(translation_key=kosovo.translation_key).exclude(pk=kosovo.pk)
    assert sorted(translations.values_list("locale__language_code", flat=True)) == sorted(ARTICLE_LANGUAGES)
    for translation in translations:
        assert translation.designation_footnote not in ("", KOSOVO_FOOTNOTE)
        assert "1244/1999" in translation.designation_footnote
        assert str(translation).endswith("*")


def synced_languages(instance):
    """Return the languages wagtail-localize keeps the instance's translations synced in."""
    return sorted(
        Translation.objects.filter(
            source=TranslationSource.objects.get_for_instance(instance), enabled=True
        ).values_list("target_locale__language_code", flat=True)
    )


def test_home_page_and_sections_exist_in_every_content_language(loaded):
    for code in content_language_codes():
        home = HomePage.objects.live().get(locale__language_code=code)
        assert ListingPage.objects.child_of(home).live().in_menu().count() == 3
    others = sorted(code for code in content_language_codes() if code != "en")
    for page in [english(HomePage), *ListingPage.objects.filter(locale__language_code="en")]:
        assert synced_languages(page) == others


def test_taxonomy_is_translated_into_the_item_languages(loaded):
    for model in (Country, Topic, Organisation):
        for source in model.objects.filter(locale__language_code="en"):
            languages = model.objects.filter(translation_key=source.translation_key).values_list(
                "locale__language_code", flat=True
            )
            assert sorted(languages) == sorted(TRANSLATED_LANGUAGES)
            assert synced_languages(source) == sorted(ARTICLE_LANGUAGES)
    catalogue = load_catalogue("sr-latn")
    serbia = Country.objects.get(code="RS", locale__language_code="sr-latn")
    assert serbia.name == catalogue["Serbia"] == "Srbija"


@pytest.mark.parametrize(
    "slug",
    [
        "joint-action-for-promoting-civic-space",
        "csos-networking-for-better-local-democracy",
        "second-national-conference-serbia",
    ],
)
def test_items_are_translated_as_synced_wagtail_localize_translations(loaded, client, slug):
    # The report in the library has the slug of the news item that announces it.
    source_page = Page.objects.not_type(PublicationPage).get(locale__language_code="en", slug=slug).specific
    source = TranslationSource.objects.get_for_instance(source_page)
    segments = StringSegment.objects.filter(source=source)
    admin = User.objects.get(username=ADMIN_USERNAME)
    client.force_login(admin)
    for code in ARTICLE_LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        page = source_page.get_translation(locale)
        assert page.live
        assert page.title == load_catalogue(code)[source_page.title]
        assert Translation.objects.get(source=source, target_locale=locale).enabled
        for segment in segments:
            translation = StringTranslation.objects.get(
                translation_of_id=segment.string_id, context_id=segment.context_id, locale=locale
            )
            assert translation.translation_type == StringTranslation.TRANSLATION_TYPE_MANUAL
        # The admin opens wagtail-localize's translation editor, not the page editor.
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.id]))
        assert response.status_code == 200
        assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]


def test_every_demo_page_renders_in_every_language_it_exists_in(loaded, client):
    pages = Page.objects.live().filter(depth__gt=1).specific()
    assert sorted(set(pages.values_list("locale__language_code", flat=True))) == sorted(
        content_language_codes()
    )
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()


def test_a_second_run_changes_nothing(loaded):
    def state():
        return {
            "pages": sorted(Page.objects.values_list("id", "path", "live", "latest_revision_id")),
            "revisions": Revision.objects.count(),
            "snippets": [model.objects.count() for model in (Country, Topic, Organisation)],
            "translations": Translation.objects.count(),
            "strings": StringTranslation.objects.count(),
            "users": sorted(User.objects.values_list("username", "password")),
            "sites": sorted(Site.objects.values_list("id", "root_page_id")),
        }

    before = state()
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert state() == before
    assert "nothing changed" in output.getvalue()
    password_line = next(line for line in loaded.splitlines() if "password:" in line)
    assert password_line in output.getvalue()


def test_visitors_can_subscribe_to_the_demo_lists_in_any_language(loaded, client):
    english = client.get("/en/newsletter/subscribe/").text
    macedonian = client.get("/mk/newsletter/subscribe/").text
    montenegrin = client.get("/cnr/newsletter/subscribe/").text
    german = client.get("/de/newsletter/subscribe/").text

    assert "Regional newsletter" in english and "Calls for proposals" in english
    assert "Регионален билтен" in macedonian and "Повици за предлози" in macedonian
    # Every language has the lists in its own words: Montenegrin's ijekavian, not Serbian's "predloge".
    assert "Regionalni bilten" in montenegrin and "Pozivi za prijedloge" in montenegrin
    assert "Regionaler Newsletter" in german and "Calls for proposals" not in german
    assert "Subscribe: http://testserver/en/newsletter/subscribe/" in loaded


def test_every_language_but_the_source_gets_translators_confined_to_its_own_tree(loaded):
    from wagtail.models import GroupPagePermission

    from translators.models import LanguageTeam

    teams = {team.locale.language_code: team for team in LanguageTeam.objects.select_related("locale")}

    assert set(teams) == {"sq", "mk", "sr-latn", "cnr", "de", "ar"}
    for code, team in teams.items():
        home = HomePage.objects.get(locale__language_code=code)
        granted = GroupPagePermission.objects.filter(group=team.translators).values_list("page", flat=True)
        assert set(granted) == {home.pk}


def test_the_campaign_seed_001_announces_is_open_with_a_target_and_featured_on_every_home_page(
    loaded, client
):
    campaign = english(CampaignPage)
    assert campaign.accepts_signatures
    assert "citizens’ participation in policy and decision making at local level" in campaign.ask
    assert campaign.signature_target == SIGNATURE_TARGET
    assert (campaign.hashtag, campaign.end_date) == ("", None), "nothing else the seed does not state"
    assert not campaign.campaign.mailing_list.is_public
    assert sorted(CampaignIndexPage.objects.values_list("locale__language_code", flat=True)) == sorted(
        content_language_codes()
    )
    assert synced_languages(campaign) == sorted(ARTICLE_LANGUAGES)
    for code in content_language_codes():
        home = HomePage.objects.get(locale__language_code=code)
        html = client.get(home.url).text
        # Each language shows the campaign in itself, or in the language its fallback chain gives.
        shown = next(language for language in fallback_chain(code) if language in [*ARTICLE_LANGUAGES, "en"])
        translation = CampaignPage.objects.get(locale__language_code=shown)
        assert translation.title in html, code
        assert f'max="{SIGNATURE_TARGET}"' in html, code


def test_every_article_has_a_picture_projects_a_map_of_the_countries_they_cover(loaded):
    for article in ArticlePage.objects.filter(locale__language_code="en").specific():
        assert article.hero_image is not None, article
        if isinstance(article, ProjectPage):
            assert article.hero_image.title.startswith("Map"), article
            assert article.hero_image.description.startswith("Map of the Western Balkans"), article
    home = english(HomePage)
    assert "Kosovo*" in home.hero_image.description
    assert home.featured_pages() == [english(NewsPage)]


def test_news_is_dated_by_its_seed_and_the_footer_has_the_networks_details(loaded, client):
    assert english(NewsPage).date == datetime.date(2022, 12, 1)
    html = client.get(english(HomePage).url).text
    assert "office@example.org" in html and "Mastodon" in html


# A word of each language's tagline and the country's name in it, as the demo's footer prints them.
FOOTER_DETAILS = {
    "en": ("A regional network of civil society organisations", "North Macedonia"),
    "sq": ("Një rrjet rajonal i organizatave të shoqërisë civile", "Maqedonia e Veriut"),
    "mk": ("Регионална мрежа на граѓански организации", "Северна Македонија"),
    "sr-latn": ("Regionalna mreža organizacija civilnog društva", "Severna Makedonija"),
    "cnr": ("Regionalna mreža organizacija civilnog društva", "Sjeverna Makedonija"),
    "de": ("Ein regionales Netzwerk zivilgesellschaftlicher Organisationen", "Nordmazedonien"),
    "ar": ("شبكة إقليمية لمنظمات المجتمع المدني", "مقدونيا الشمالية"),
}


@pytest.mark.parametrize("code", FOOTER_DETAILS)
def test_the_footer_gives_the_networks_tagline_and_address_in_the_pages_language(loaded, client, code):
    footer = parse(client.get(f"/{code}/")).find("footer", class_="site-footer")

    tagline, country = FOOTER_DETAILS[code]
    assert footer.find("p", dir="auto").get_text().startswith(tagline)
    lines = [line.get_text() for line in footer.address.find_all("span", dir="auto")]
    assert lines[-1] == country
    assert "1000 Skopje" in lines or "1000 Скопје" in lines


def test_the_newsletter_archive_is_a_section_of_every_language_in_its_menu(loaded, client):
    others = sorted(code for code in content_language_codes() if code != "en")
    assert synced_languages(english(NewsletterArchivePage)) == others
    for code in content_language_codes():
        home = HomePage.objects.get(locale__language_code=code)
        archive = NewsletterArchivePage.objects.child_of(home).live().in_menu().get()
        assert f'href="{archive.url}"' in client.get(home.url).text, code


def test_the_demo_issue_teases_the_translated_items_and_the_campaign(loaded):
    issue = english(NewsletterIssuePage)
    assert issue.live
    assert issue.get_parent().specific_class is NewsletterArchivePage
    teased = [block.value["page"].specific for block in issue.body if block.block_type == "teaser"]
    assert [type(page) for page in teased] == [NewsPage, ProjectPage, EventPage, CampaignPage]
    for page in teased[:3]:
        assert page.has_translation(Locale.objects.get(language_code="sq")), page
    button = next(block.value for block in issue.body if block.block_type == "button")
    assert button["page"].specific == english(CampaignPage)
    # The introduction quotes the seeds (demo/newsletter.py) rather than inventing news.
    introduction = next(str(block.value) for block in issue.body if block.block_type == "paragraph")
    assert "“CSOs networking for better local democracy in the Balkans”" in introduction


def test_the_demo_issue_is_live_in_the_item_languages_with_its_translated_subject(loaded):
    issue = english(NewsletterIssuePage)
    assert synced_languages(issue) == sorted(ARTICLE_LANGUAGES)
    for code in ARTICLE_LANGUAGES:
        translation = issue.get_translation(Locale.objects.get(language_code=code))
        catalogue = load_catalogue(code)
        assert translation.live, code
        assert translation.subject == catalogue[issue.subject] != issue.subject
        assert translation.preheader == catalogue[issue.preheader]
    assert sorted(NewsletterIssuePage.objects.values_list("locale__language_code", flat=True)) == sorted(
        TRANSLATED_LANGUAGES
    )


@pytest.mark.parametrize("code", ARTICLE_LANGUAGES)
def test_the_issue_shows_its_teasers_in_its_own_language(loaded, client, code):
    locale = Locale.objects.get(language_code=code)
    issue = english(NewsletterIssuePage).get_translation(locale)
    news = english(NewsPage)
    response = client.get(issue.url)
    assert response.status_code == 200
    assert news.get_translation(locale).title in response.text
    assert news.title not in response.text
    # The campaign is translated too.
    assert english(CampaignPage).get_translation(locale).title in response.text
    archive = client.get(issue.get_parent().url)
    assert issue.title in archive.text


def test_the_issue_renders_as_a_right_to_left_email_in_arabic(loaded):
    arabic = Locale.objects.get(language_code="ar")
    issue = english(NewsletterIssuePage).get_translation(arabic)
    rendered = render_issue(issue, "ar")
    assert '<html lang="ar" dir="rtl"' in rendered.html
    assert rendered.subject == issue.subject
    news = english(NewsPage).get_translation(arabic)
    assert news.title in rendered.html
    assert news.full_url in rendered.text


def test_staff_can_preview_and_send_the_demo_issue_from_the_admin(loaded, client):
    issue = english(NewsletterIssuePage)
    client.force_login(User.objects.get(username=ADMIN_USERNAME))
    preview = client.get(reverse("newsletter_sending:preview", args=[issue.pk]))
    assert preview.status_code == 200
    send = client.get(reverse("newsletter_sending:send", args=[issue.pk]))
    assert send.status_code == 200
    assert "Regional newsletter" in send.text
    assert f"http://testserver/admin/pages/{issue.pk}/edit/" in loaded


def test_the_networks_own_pages_are_in_every_language_and_its_menus(loaded, client):
    for code in content_language_codes():
        home = HomePage.objects.get(locale__language_code=code)
        in_menu = [page.specific_class for page in home.get_children().live().in_menu()]
        assert in_menu.count(StandardPage) == 2, code  # About and Get involved.
        assert PublicationLibraryPage in in_menu, code
        about = StandardPage.objects.live().child_of(home).in_menu().first()
        below = [page.specific_class for page in about.get_children().live().in_menu()]
        assert below == [MembersDirectoryPage, StandardPage], code
        response = client.get(about.url)
        assert response.status_code == 200
        assert 'class="section-menu"' in response.text
    others = sorted(code for code in content_language_codes() if code != "en")
    for page in [*StandardPage.objects.filter(locale__language_code="en"), english(MembersDirectoryPage)]:
        assert synced_languages(page) == others


def test_the_members_directory_lists_seed_004s_members_by_country(loaded, client):
    directory = english(MembersDirectoryPage)

    html = client.get(directory.url).text
    members = client.get(directory.url, {"relationship": "member"}).text

    for country, member in [
        ("Albania", "ACSF"),
        ("Montenegro", "CRNVO"),
        ("Romania", "OAR"),
        ("Croatia", "NIT"),
    ]:
        assert html.index(f">{country}<") < html.index(member), (country, member)
    assert "Swedish International Development Cooperation Agency" not in html
    assert "Anti Trafficking Action" not in members and "CRNVO" in members


def test_seed_000s_report_has_a_document_in_each_of_its_languages_written_in_it(loaded):
    report = english(PublicationPage)
    documents = list(report.documents.select_related("document"))

    assert [row.language for row in documents] == ["en", "sq", "mk", "sr-latn", "ar"]
    for row in documents:
        with zipfile.ZipFile(row.document.file.open("rb")) as archive:
            assert archive.namelist()[0] == "mimetype"
            content = archive.read("content.xml").decode()
        title = report.title if row.language == "en" else load_catalogue(row.language)[report.title]
        assert title in content, row.language
        assert ('style:writing-mode="rl-tb"' in content) == (row.language == "ar")
    for translation in PublicationPage.objects.exclude(pk=report.pk):
        assert [row.document_id for row in translation.documents.all()] == [
            row.document_id for row in documents
        ]


@pytest.mark.parametrize(("code", "first"), [("sq", "sq"), ("cnr", "sr-latn"), ("de", "en"), ("ar", "ar")])
def test_readers_are_offered_the_report_in_their_language_or_its_fallback_first(loaded, client, code, first):
    report = english(PublicationPage).get_translation(Locale.objects.get(language_code=code))

    html = client.get(report.url).text

    assert re.search(r'<a class="button" href="[^"]+" hreflang="([^"]+)"', html)[1] == first


def test_the_seeds_events_take_whole_days(loaded, client):
    for event in EventPage.objects.all():
        assert event.all_day, event
        html = client.get(event.url).text
        assert "midnight" not in html and "11:59" not in html, event.url


def test_get_involved_leads_to_the_readers_campaigns_and_events(loaded, client):
    albanian = Locale.objects.get(language_code="sq")
    page = english(StandardPage, slug="get-involved").get_translation(albanian)

    response = client.get(page.url)
    html = response.text

    events = english(ListingPage, slug="events").get_translation(albanian)
    campaigns = CampaignIndexPage.objects.get(locale=albanian)
    for section in (events, campaigns):
        assert f'href="{section.url}"' in html, section.url
    assert parse(response).find("form", class_="subscribe-form"), "the page offers the newsletter"
