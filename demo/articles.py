"""The pages the seed texts describe, in the source language.

Each seed becomes the page (or pages) it is, with the structured fields filled from what
its text states; what a text does not state (a time of day, a venue, an amount per grant)
is left empty rather than guessed.
"""

import datetime
import functools
import zoneinfo
from decimal import Decimal

from demo.taxonomy import SMART_BALKANS_GRANTEES
from demo.text import Block, Seed, body, paragraph, rich_text
from news.models import EventPage, Grant, NewsPage, ProjectPage, whole_days

# Every seed's event took place in Central European Time.
EVENT_TIME_ZONE = "Europe/Belgrade"


def days(first, last):
    """Return (start, end) of an all-day event from `first` to `last`: the texts give no times."""
    return whole_days(first, last, zoneinfo.ZoneInfo(EVENT_TIME_ZONE))


def first_day_of(month):
    """Return the first day of a month a text names ("December 2022"), which stands for the month."""
    return datetime.datetime.strptime(month, "%B %Y").date()


def capitalised(text):
    return text[0].upper() + text[1:]


def components(*titles):
    return [{"type": "component", "value": {"title": title, "description": ""}} for title in titles]


@functools.cache
def seed_000():
    return Seed(
        "000_be3e26e73b521ce0.txt",
        corrections={"post- pandemic": "post-pandemic"},
        # The link to the document and the blog's comment form and widgets did not survive scraping.
        omit=(
            "The document is available for download HERE.",
            "Leave A Reply",
            "This site uses Akismet",
            "Translate »",
        ),
    )


@functools.cache
def seed_001():
    return Seed(
        "001_b940b247dc7e18e3.txt",
        corrections={
            # A stray machine rendering ("the democracy network in the Balkans got to work") that the
            # scraper prefixed to the English text; the Arabic translation is written in full instead.
            "اشتغلت شبكة الديموقراطية في البلقان. – ": "",
            "How to reach this am?": "How to reach this aim?",
            "e- newsletter": "e-newsletter",
        },
        headings={
            "The idea is to set local and regional capacity building, awareness raising "
            "and networking actions": "h2",
        },
    )


@functools.cache
def seed_002():
    return Seed(
        "002_d5b099665ebf9446.txt",
        omit=("This page is also available in",),
        headings={
            "What are resilience dialogues?": "h2",
            "Overview of resilience dialogues 2020": "h2",
            "Tirana, Albania": "h3",
            "Sarajevo, Bosnia and Herzegovina": "h3",
            "Pristina, Kosovo": "h3",
            "Podgorica, Montenegro": "h3",
            "Skopje, North Macedonia": "h3",
            "Belgrade, Serbia": "h3",
            "Outcome of the dialogue: Stronger together report": "h2",
            "Overview of resilience dialogues 2021: focus on building bridges with the government": "h2",
            "Why is it important to build bridges with the government? "
            "What are the current challenges for cooperation?": "h3",
        },
    )


@functools.cache
def seed_003():
    return Seed(
        "003_43fa63ed30c4886d.txt",
        corrections={
            "Second National Conference in Serbia titled:": "Second National Conference in Serbia:",
            # A press release's "today" would be wrong on a page read later.
            "Today, 30.06.2023, the second": "On 30 June 2023, the second",
            "execution of policies.:": "execution of policies:",
            "grants for Serbian organization,": "grants for Serbian organizations,",
        },
    )


@functools.cache
def seed_004():
    return Seed(
        "004_3fb1c1e1f06c3cd5.txt",
        corrections={
            '"Partnership in Action – Strengthening BCSDN"': "“Partnership in Action – Strengthening BCSDN”",
            "organizations/ networks": "organizations/networks",
        },
    )


def joint_action_news(taxonomy):
    """Seed 000: the publication on BCSDN's project and its Belgrade workshop."""
    seed = seed_000()
    return NewsPage(
        title=seed.text("Joint Action for Promoting Civic Space"),
        slug="joint-action-for-promoting-civic-space",
        # The publication looks back on the project, which ran "From October 2021 to December 2022":
        # it appeared in that last month (the text gives no day).
        date=first_day_of(seed.quote("December 2022")),
        lead=seed.text("From October 2021 to December 2022"),
        body=body(seed.between("As the COVID-19 pandemic")),
        topics=taxonomy.topic("civic-space", "advocacy", "regional-cooperation"),
        countries=taxonomy.country("RS"),
        organisations=taxonomy.organisation("bcsdn", "btd"),
    )


def belgrade_workshop_event(taxonomy):
    """Seed 000: the regional workshop the publication reports."""
    seed = seed_000()
    start, end = days(datetime.date(2022, 5, 30), datetime.date(2022, 5, 31))
    return EventPage(
        title=seed.excerpt("Regional Workshop “Joint Action", "Resilient Civil Society”"),
        slug="regional-workshop-belgrade-2022",
        date=start.date(),
        lead=capitalised(seed.excerpt("on 30-31 May, BCSDN organized", "the recent crises.")),
        body=body(
            [
                paragraph(seed.excerpt("The workshop gathered over 50", "publicly available.")),
                seed.block("From October 2021 to December 2022"),
            ]
        ),
        start=start,
        end=end,
        all_day=True,
        time_zone=EVENT_TIME_ZONE,
        attendance=EventPage.Attendance.HYBRID,
        city="Belgrade",
        country=taxonomy.countries["RS"],
        topics=taxonomy.topic("civic-space", "advocacy"),
        countries=taxonomy.country("RS"),
        organisations=taxonomy.organisation("bcsdn", "btd"),
    )


def bnld_project(taxonomy):
    """Seed 001: BNLD's project within the SIDA-funded hub that BCSDN implements."""
    seed = seed_001()
    return ProjectPage(
        title=seed.quote("CSOs networking for better local democracy in the Balkans"),
        slug="csos-networking-for-better-local-democracy",
        lead=seed.excerpt("BNLD is launching its new project", "Western Balkans countries."),
        body=body(
            [
                paragraph(seed.excerpt("How to reach this aim?", "from Kosovo* to Montenegro.")),
                seed.block("The idea is to set"),
                paragraph(seed.excerpt("The project action aims", "civil society in our region.")),
                seed.block("This project “CSOs networking"),
            ]
        ),
        status=ProjectPage.Status.ANNOUNCED,
        funders=taxonomy.organisation("sida"),
        target_groups=rich_text(
            [
                Block(
                    "li", seed.quote("BNLD members and its network partners in all Western Balkan countries")
                ),
                Block("li", capitalised(seed.quote("other regional CSO networks"))),
                Block(
                    "li",
                    seed.quote(
                        "CSOs promoting democratic governance and inclusive participation at local level"
                    ),
                ),
            ]
        ),
        components=components(
            capitalised(seed.excerpt("research and comparative analysis", "at local level concerns")),
            seed.quote("Regional Best Practice Fair"),
            capitalised(seed.quote("social media campaign and e-newsletter")),
        ),
        topics=taxonomy.topic(
            "local-democracy", "civic-space", "eu-integration", "advocacy", "regional-cooperation"
        ),
        countries=taxonomy.country("MK", "BA", "RS", "AL", "XK", "ME"),
        organisations=taxonomy.organisation("bnld", "bcsdn"),
    )


def resilience_dialogues_event(taxonomy):
    """Seed 002: GI-TOC's yearly dialogues, hybrid from November 2020, in person in 2021."""
    seed = seed_002()
    # The texts name months only: November 2020 (the first dialogues) to December 2021.
    start, end = days(datetime.date(2020, 11, 1), datetime.date(2021, 12, 31))
    return EventPage(
        title="Resilience dialogues",
        slug="resilience-dialogues",
        date=start.date(),
        lead=seed.text("Resilience dialogues are a series of community events"),
        body=body(seed.between("Resilience dialogues are part of the GI-TOC")),
        start=start,
        end=end,
        all_day=True,
        time_zone=EVENT_TIME_ZONE,
        attendance=EventPage.Attendance.HYBRID,
        topics=taxonomy.topic("organised-crime-and-corruption", "civic-space"),
        countries=taxonomy.country("AL", "BA", "XK", "ME", "MK", "RS"),
        organisations=taxonomy.organisation("gi-toc"),
    )


def serbia_conference_event(taxonomy):
    """Seed 003: the SMART Balkans conference in Belgrade on 30 June 2023."""
    seed = seed_003()
    start, end = days(datetime.date(2023, 6, 30), datetime.date(2023, 6, 30))
    return EventPage(
        title=seed.text("Second National Conference in Serbia"),
        slug="second-national-conference-serbia",
        date=start.date(),
        lead=seed.text("On 30 June 2023, the second National Conference"),
        body=body(seed.between("The conference was inaugurated")),
        start=start,
        end=end,
        all_day=True,
        time_zone=EVENT_TIME_ZONE,
        attendance=EventPage.Attendance.IN_PERSON,
        venue="Hotel Mona Plaza",
        city="Belgrade",
        country=taxonomy.countries["RS"],
        topics=taxonomy.topic("crisis-management", "good-governance", "civil-society-development"),
        countries=taxonomy.country("RS"),
        organisations=taxonomy.organisation("norway-mfa", "crpm"),
    )


def smart_balkans_project(taxonomy):
    """Seed 003: the SMART Balkans project and the National Intervention grants it awarded."""
    seed = seed_003()
    return ProjectPage(
        title="SMART Balkans",
        slug="smart-balkans",
        # The grants were announced at the conference.
        date=datetime.date(2023, 6, 30),
        lead=capitalised(
            seed.excerpt("the SMART Balkans project is focused on", "concerns of the citizens.")
        ),
        body=body(
            [
                paragraph(
                    "Norway supports "
                    + seed.excerpt("civil society in Serbia and in the Western Balkans", "four-year period")
                    + "."
                ),
                paragraph(seed.excerpt("In the first year of implementation", "various initiatives.")),
                paragraph(
                    "At the second National Conference in Serbia on 30 June 2023, "
                    + seed.excerpt("National Intervention grants were awarded", "data security.")
                ),
            ]
        ),
        status=ProjectPage.Status.ONGOING,
        funders=taxonomy.organisation("norway-mfa"),
        # The text publishes the total only, not what each organisation was awarded.
        grants=[
            Grant(organisation=organisation)
            for organisation in taxonomy.organisation(*SMART_BALKANS_GRANTEES)
        ],
        grants_total=Decimal(seed.quote("5,547,765.37").replace(",", "")),
        grants_currency="NOK",
        topics=taxonomy.topic("good-governance", "civil-society-development"),
        countries=taxonomy.country("RS"),
        organisations=taxonomy.organisation("crpm"),
    )


def partnership_in_action_project(taxonomy):
    """Seed 004: the completed EU-funded project that strengthened BCSDN."""
    seed = seed_004()
    return ProjectPage(
        title=seed.quote("Partnership in Action – Strengthening BCSDN"),
        slug="partnership-in-action-strengthening-bcsdn",
        lead=seed.text("The project purpose is"),
        body=body(
            [
                *seed.between("The civil society in the region is young", "The networking, exchange"),
                seed.block("The activities were implemented in"),
                paragraph(seed.excerpt("All activities were realized", "Strengthening BCSDN”") + "."),
            ]
        ),
        status=ProjectPage.Status.COMPLETED,
        funders=taxonomy.organisation("eu"),
        partners=taxonomy.organisation("mcic", "da", "eho", "ecas", "cnvos"),
        target_groups=rich_text(
            [
                Block("li", "BCSDN members: " + seed.excerpt("ACSF, DA – Albania", "CRNVO – Montenegro")),
                Block("li", capitalised(seed.excerpt("other relevant civil society", "networks"))),
            ]
        ),
        components=components(*(block.text.rstrip(";.") for block in seed.blocks if block.kind == "li")),
        topics=taxonomy.topic("regional-cooperation", "civil-society-development", "advocacy"),
        # Where the activities took place.
        countries=taxonomy.country("BE", "SI", "RS", "MK", "AL"),
        organisations=taxonomy.organisation("bcsdn"),
    )


# Section, and how to build the page, in the order they are published.
ARTICLES = {
    "joint-action-news": ("news", joint_action_news),
    "belgrade-workshop": ("events", belgrade_workshop_event),
    "bnld-project": ("projects", bnld_project),
    "resilience-dialogues": ("events", resilience_dialogues_event),
    "serbia-conference": ("events", serbia_conference_event),
    "smart-balkans": ("projects", smart_balkans_project),
    "partnership-in-action": ("projects", partnership_in_action_project),
}
