"""The network's own pages: About (with the members directory and Contact), Get involved, and the
publications library with seed 000's report and its documents.

What they say comes from the seeds where the seeds say it (why the region's civil society needs
a network, seed 004; the report, seed 000); the rest only points to what the site offers.
"""

import html

from demo.articles import seed_000, seed_004
from demo.documents import create_document, opendocument
from demo.text import body, paragraph
from home.models import MembersDirectoryPage, StandardPage
from news.models import PublicationDocument, PublicationLibraryPage, PublicationPage

# The languages the report's documents are in: the others read it in their fallback's.
REPORT_LANGUAGES = ["en", "sq", "mk", "sr-latn", "ar"]


def page_link(page, text):
    return f'<a linktype="page" id="{page.pk}">{html.escape(text, quote=False)}</a>'


def heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def rich_paragraph(markup):
    return {"type": "paragraph", "value": f"<p>{markup}</p>"}


def button(text, page):
    return {"type": "button", "value": {"text": text, "page": page.pk, "url": ""}}


def about_page():
    return StandardPage(
        title="About",
        slug="about",
        introduction=(
            "A regional network of civil society organisations in the Balkans, working together for "
            "civic space, local democracy and accountable government."
        ),
        show_in_menus=True,
    )


def about_body(members):
    """Seed 004: why the region's civil society works as a network; who takes part."""
    seed = seed_004()
    return [
        heading("Why a network"),
        *body(
            [
                seed.block("The civil society in the region is young"),
                paragraph(
                    seed.excerpt("The existing attempts for networking", "national and regional level.")
                ),
            ]
        ),
        heading("Members and partners"),
        rich_paragraph(
            "Member organisations and partners across the region take part in the network’s projects, "
            f"events and campaigns. Find them by country in the {page_link(members, 'members directory')}."
        ),
    ]


def members_directory():
    return MembersDirectoryPage(
        title="Members",
        slug="members",
        introduction=(
            "The organisations that make up the network, and the partners it works with, by country."
        ),
        show_in_menus=True,
    )


def contact_page(members):
    directory = page_link(members, "members directory")
    return StandardPage(
        title="Contact",
        slug="contact",
        introduction="How to reach the network, and its members in each country.",
        body=[
            rich_paragraph(
                "Write to the network about its work, its projects and events, or joining it. Its member "
                f"organisations are listed, with their websites, in the {directory}."
            ),
            {"type": "contact", "value": None},
        ],
        show_in_menus=True,
    )


def get_involved_page(campaigns, events, contact):
    write_to_us = page_link(contact, "write to us")
    return StandardPage(
        title="Get involved",
        slug="get-involved",
        introduction=(
            "Join a campaign, come to an event, follow the network’s news, or bring your organisation "
            "into the network."
        ),
        body=[
            heading("Join a campaign"),
            rich_paragraph(
                "Sign the network’s campaigns, and tick the box to receive their updates by email."
            ),
            button("See the campaigns", campaigns),
            heading("Come to an event"),
            rich_paragraph(
                "Conferences, workshops and dialogues, in person and online: register, or add them to "
                "your calendar."
            ),
            button("See the events", events),
            heading("Stay informed"),
            rich_paragraph("Receive the network’s newsletter in your own language."),
            {"type": "subscribe", "value": {"heading": "", "text": "", "lists": []}},
            heading("Become a member"),
            rich_paragraph(
                f"Civil society organisations from the region can join the network: {write_to_us}."
            ),
        ],
        show_in_menus=True,
    )


def publications_library():
    return PublicationLibraryPage(
        title="Publications",
        slug="publications",
        introduction=(
            "Reports, policy briefs and studies by the network and its partners, in the languages they "
            "are published in."
        ),
        show_in_menus=True,
    )


def report_texts():
    """Seed 000: the report's title, lead and paragraphs, in the source language."""
    seed = seed_000()
    return (
        seed.text("Joint Action for Promoting Civic Space"),
        seed.excerpt("With this document, we aimed to reflect", "as widely as possible."),
        [
            seed.excerpt("The document offers a wealth of information", "motivation for advancing it."),
            seed.text("From October 2021 to December 2022"),
        ],
    )


def joint_action_report(taxonomy):
    """Seed 000: the document the news item announces, reflecting on BCSDN's project and workshop."""
    title, lead, paragraphs = report_texts()
    return PublicationPage(
        title=title,
        slug="joint-action-for-promoting-civic-space",
        publication_type=PublicationPage.Type.REPORT,
        lead=lead,
        body=body([paragraph(text) for text in paragraphs]),
        topics=taxonomy.topic("civic-space", "advocacy", "regional-cooperation"),
        countries=taxonomy.country("RS"),
        organisations=taxonomy.organisation("bcsdn", "btd"),
    )


def attach_report_documents(report, catalogues):
    """Give the report a document in each of REPORT_LANGUAGES that has a catalogue, from its own text."""
    title, lead, paragraphs = report_texts()
    for code in REPORT_LANGUAGES:
        if code != "en" and code not in catalogues:
            continue
        catalogue = catalogues.get(code, {})
        words = [catalogue.get(text, text) for text in (title, lead, *paragraphs)]
        document = create_document(
            f"{words[0]} ({code})",
            f"joint-action-for-promoting-civic-space-{code}.odt",
            opendocument(code, words[0], words[1], words[2:]),
        )
        report.documents.add(PublicationDocument(document=document, language=code))
    report.save_revision().publish()
