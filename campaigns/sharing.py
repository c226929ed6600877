"""Links that share a page on the usual networks: plain addresses, so no script or tracker loads."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ShareLink:
    network: str
    url: str


def share_links(url, *, title, hashtag=""):
    """Return the ShareLinks that share `url` (absolute) with its title and hashtag, email last."""
    hashtag = hashtag.lstrip("#")
    text = f"{title} #{hashtag}" if hashtag else title
    return [
        ShareLink("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ShareLink(
            "X",
            "https://x.com/intent/post?"
            + urlencode({"text": title, "url": url, **({"hashtags": hashtag} if hashtag else {})}),
        ),
        ShareLink("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": f"{text} {url}"})),
        ShareLink("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ShareLink("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{text} {url}"})),
        ShareLink("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": text})),
        # mailto: wants %20 for spaces, not +.
        ShareLink(_("Email"), f"mailto:?subject={quote(title)}&body={quote(f'{text}\n\n{url}')}"),
    ]
