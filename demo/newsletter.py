"""The demo's mailing lists, so that a visitor can subscribe and confirm from the admin's outbox.

They are left in the source language: the network names and translates its own lists.
"""

from newsletter.models import MailingList

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
