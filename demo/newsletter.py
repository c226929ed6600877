"""The demo's newsletter: its mailing lists, its archive and one issue made of the demo's own pages.

The lists are translated like the articles, so that a subscribe form names them in its reader's
language. The issue says what the seeds say, in their words where it quotes them, and teases the pages that
tell the rest; it is translated like the articles, and its teasers show each language's pages.
"""

from demo.articles import seed_000, seed_001, seed_003
from demo.text import paragraph, rich_text
from newsletter.models import MailingList, NewsletterArchivePage, NewsletterIssuePage

# (slug, name, description)
MAILING_LISTS = [
    (
        "regional-newsletter",
        "Regional newsletter",
        "News, projects and events from across the network, once a month.",
    ),
    (
        "calls-for-proposals",
        "Calls for proposals",
        "Grants and calls for proposals open to civil society organisations in the region.",
    ),
]


def create_mailing_lists(locale):
    """Create the demo's public mailing lists in `locale`; return them by slug."""
    return {
        slug: MailingList.objects.create(locale=locale, slug=slug, name=name, description=description)
        for slug, name, description in MAILING_LISTS
    }


def newsletter_archive():
    return NewsletterArchivePage(
        title="Newsletter",
        slug="newsletter",
        introduction="Every issue of the network’s newsletter, to read online.",
        show_in_menus=True,
    )


def introduction():
    """Seeds 000, 001 and 003: what the teased pages are about, in a few lines."""
    workshop, bnld, conference = seed_000(), seed_001(), seed_003()
    sentences = [
        "The Balkan Civil Society Development Network looks back on its project for "
        f"{workshop.quote('enhanced civil society resilience')} and on its regional workshop in Belgrade, "
        f"which discussed {workshop.excerpt('new and effective advocacy', 'the recent crises')}.",
        "BNLD is launching its new project "
        f"“{bnld.quote('CSOs networking for better local democracy in the Balkans')}”, "
        f"with a {bnld.quote('social media campaign and e-newsletter')}.",
        f"And the {conference.quote('second National Conference in Serbia')}, organised as part of the "
        f"{conference.quote('SMART Balkans project')}, discussed "
        f"{conference.excerpt('the role of civil society organizations in', 'resilient communities')}.",
    ]
    return rich_text([paragraph(" ".join(sentences))])


def teaser(page):
    return {"type": "teaser", "value": {"page": page.pk, "summary": "", "show_image": True}}


def heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def newsletter_issue(articles, campaign):
    """An issue teasing the translated articles and the campaign, with a button to join it."""
    return NewsletterIssuePage(
        title="Civic space and local democracy",
        slug="civic-space-and-local-democracy",
        subject="Civic space, local democracy and crisis management: news from the network",
        preheader="A more resilient civil society, better local democracy and CSOs in crisis management.",
        body=[
            {"type": "paragraph", "value": introduction()},
            heading("News, projects and events"),
            teaser(articles["joint-action-news"]),
            teaser(articles["bnld-project"]),
            teaser(articles["serbia-conference"]),
            heading("A campaign for better local democracy"),
            teaser(campaign),
            {"type": "button", "value": {"text": campaign.call_to_action, "page": campaign.pk, "url": ""}},
        ],
    )
