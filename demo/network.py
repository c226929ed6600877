"""The demo network's own details, which every page's footer prints (home.models.NetworkSettings)."""

from home.models import NetworkSettings

# A demo's details: example addresses that reach nobody.
DETAILS = {
    "tagline": "A regional network of civil society organisations for civic space, local democracy "
    "and accountable government in the Western Balkans.",
    "contact_email": "office@example.org",
    "address": "Network office\nBulevar Ilinden 1\n1000 Skopje\nNorth Macedonia",
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


def fill_network_settings():
    """Fill in the network's details where they are empty."""
    settings = NetworkSettings.load()
    for field, value in DETAILS.items():
        if not getattr(settings, field):
            setattr(settings, field, value)
    settings.save()
    return settings
