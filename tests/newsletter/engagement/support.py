"""Following the links of received messages, as a reader and as a scanner would."""

import html
import re
import time

from django.test import Client

from newsletter.engagement import folding

REDIRECT = re.compile(r'href="(http://testserver/r/[^"]+)"')
READER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Firefox/140.0"
SCANNER_AGENT = "Mozilla/5.0 (compatible; Barracuda Sentinel link check)"


def redirect_links(message):
    """Return the redirect URLs of a received message's HTML part, hidden ones last."""
    body = message.body("html")
    hidden = body[body.index('aria-hidden="true"') :] if 'aria-hidden="true"' in body else ""
    visible = [html.unescape(url) for url in REDIRECT.findall(body) if url not in hidden]
    return [url for url in visible if url], [html.unescape(url) for url in REDIRECT.findall(hidden)]


def follow(url, *, address, agent=READER_AGENT, method="get"):
    """Follow one link as a browser at `address` would; return the response (not its target)."""
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    return getattr(client, method)(url.removeprefix("http://testserver"))


def fold_everything():
    """Fold every click counted so far, as beat would once they settled."""
    return folding.fold(now=time.time() + folding.MAX_HOLD_SECONDS + 60)
