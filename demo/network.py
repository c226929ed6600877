"""The demo network's own details, which every page's footer prints.

The details that are the same in every language go to home.models.NetworkSettings; the tagline
and the postal address are written on the English home page (demo.site) and translated with it
(demo/translations/<language>.po), as each language's home page holds them.
"""

from home.models import NetworkSettings

# A demo's details: example addresses that reach nobody.
DETAILS = {
    "contact_email": "office@example.org",
    "social_links": [
        {"type": "link", "value": {"network": network, "url": url}}
        for network, url in [
            ("Mastodon", "https://mastodon.example/@balkancivicnetwork"),
            ("LinkedIn", "https://www.linkedin.com/company/example"),
            ("Facebook", "https://www.facebook.com/example"),
            ("YouTube", "https://www.youtube.com/@example"),
        ]
    ],
}

# The home page's details, in English.
HOME_PAGE_DETAILS = {
    "tagline": "A regional network of civil society organisations for civic space, local democracy "
    "and accountable government in the Western Balkans.",
    "address": [
        ("line", line) for line in ["Network office", "Bulevar Ilinden 1", "1000 Skopje", "North Macedonia"]
    ],
}


def fill_network_settings():
    """Fill in the network's details where they are empty."""
    settings = NetworkSettings.load()
    for field, value in DETAILS.items():
        if not getattr(settings, field):
            setattr(settings, field, value)
    settings.save()
    return settings
