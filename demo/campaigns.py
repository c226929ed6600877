"""The demo's campaign: the social media campaign and e-newsletter that seed 001 announces.

BNLD's project on local democracy includes a "social media campaign and e-newsletter"; the page
says what the seed says the project is for, in its words, and nothing else the seed does not
state: no hashtag, end date, events or updates. It opens the day the demo is loaded (the seed
gives no date) and aims at a round number of signatures, the demo's own, so that its progress
shows. It is translated like the articles.
"""

import html

from django.utils import timezone

from campaigns.models import CampaignIndexPage, CampaignPage, CampaignPartner
from demo.articles import capitalised, seed_001
from demo.text import Block, rich_text

SIGNATURE_TARGET = 1000


def campaign_index():
    return CampaignIndexPage(
        title="Campaigns",
        slug="campaigns",
        introduction="Campaigns of the network and its partners: join them, and follow what happens next.",
        show_in_menus=True,
    )


def local_democracy_campaign(taxonomy, project):
    """Seed 001: the campaign of BNLD's project "CSOs networking for better local democracy"."""
    seed = seed_001()
    participation = seed.quote("citizens’ participation in policy and decision making at local level")
    link = f'<a linktype="page" id="{project.pk}">{html.escape(project.title, quote=False)}</a>'
    return CampaignPage(
        title="Better local democracy in the Balkans",
        slug="better-local-democracy",
        ask=f"Support {participation} in the {seed.quote('Western Balkans')}.",
        goals=rich_text(
            [
                Block("li", capitalised(seed.quote("regional cooperation among CSOs"))),
                Block("li", capitalised(seed.quote("advancing active citizenship at a local level"))),
                Block("li", capitalised(seed.excerpt("raise awareness", "civil society in our region"))),
            ]
        ),
        body=[
            {
                "type": "paragraph",
                "value": f"<p>The {seed.quote('social media campaign and e-newsletter')} of BNLD’s project "
                f"{link}. Join it, and tick the box to receive its updates by email.</p>",
            }
        ],
        status=CampaignPage.Status.ACTIVE,
        start_date=timezone.localdate(),
        signature_target=SIGNATURE_TARGET,
        call_to_action="Join the campaign",
        partners=[CampaignPartner(organisation=row) for row in taxonomy.organisation("bnld", "bcsdn")],
    )
