"""Rewrite one language's edition of a send so that its links go through our own redirect.

Each http(s) link becomes a Link row and a signed URL on our domain, `/r/<link>/<reader>/`;
`<reader>` is `-` (no one) unless the send records click history, when it is a marker that
each consenting recipient's signed part fills (markers.py). A hidden honeypot link is added,
which only machines follow.

A send whose staff chose to count opens also gets, per language, a 1×1 image at `/o/<link>/`
(`add_pixel`): a Link of kind OPEN, signed and read like any other, whose loads are counted in
total and folded like clicks.
"""

import functools
import html
import re

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from newsletter.models import Link
from newsletter.sending import markers

LINK_SALT = "newsletter.link"
READER_SALT = "newsletter.reader"
# The URL part of a click that identifies no one.
NOBODY = "-"
# The marker a consenting recipient's part takes the place of.
READER = "reader"

ANCHOR = re.compile(r'(<a\b[^>]*?\bhref=")(?P<href>https?://[^"]+)("[^>]*>)(?P<text>.*?)</a>', re.S | re.I)
TAG = re.compile(r"<[^>]+>")
TEXT_URL = re.compile(r"https?://[^\s<>\"')\]]+")
BODY_END = re.compile(r"</body>", re.I)
# Longer targets than a Link can hold are sent as written, uncounted.
TARGET_LENGTH = Link._meta.get_field("target").max_length
# The pixel's position in its edition: after any link an edition can have (positions are small ints).
PIXEL_POSITION = 32767


def link_token(link_id):
    """Return the signed part of a redirect URL that names link `link_id`."""
    return signing.Signer(salt=LINK_SALT).sign(format(link_id, "x"))


def read_link_token(token):
    """Return the link id a token names; raise signing.BadSignature if it was not made here."""
    return int(signing.Signer(salt=LINK_SALT).unsign(token), 16)


def reader_part(subscriber_id):
    """Return the signed URL part that names a consenting reader."""
    return signing.Signer(salt=READER_SALT).sign(format(subscriber_id, "x"))


def read_reader_part(part):
    """Return the subscriber id of a reader part, or None for NOBODY or anything not made here."""
    if part == NOBODY:
        return None
    try:
        return int(signing.Signer(salt=READER_SALT).unsign(part), 16)
    except (signing.BadSignature, ValueError):
        return None


def redirect_url(link_id, reader):
    return f"{settings.BASE_URL}{reverse('newsletter_click', args=[link_token(link_id), reader])}"


def pixel_url(link_id):
    return f"{settings.BASE_URL}{reverse('newsletter_open', args=[link_token(link_id)])}"


@functools.lru_cache(maxsize=4096)
def pixel_send(link_id):
    """Return the send whose pixel link `link_id` is, or None when it is no pixel."""
    # Links never change once sent, so each process reads each one once.
    return Link.objects.filter(pk=link_id, kind=Link.Kind.OPEN).values_list("send_id", flat=True).first()


def link_text(fragment):
    """Return the words a reader sees for a link: its text, or its image's alt text."""
    alt = re.search(r'\balt="([^"]*)"', fragment)
    text = " ".join(html.unescape(TAG.sub(" ", fragment)).split())
    return (text or (html.unescape(alt[1]) if alt else ""))[:255]


def rewrite(send, language, html_body, text_body, *, per_reader=False):
    """Return (html, text) of `send`'s `language` edition with every http(s) link rewritten.

    Safe to repeat: rendering the same edition again reuses its Link rows by position.
    """
    reader = markers.marker(READER) if per_reader else NOBODY
    anchors = [(target, match["text"]) for match in ANCHOR.finditer(html_body) if (target := _target(match))]
    wanted = {0: (f"{settings.BASE_URL}/", "", Link.Kind.HONEYPOT)} | {
        position: (target, link_text(text), Link.Kind.CONTENT)
        for position, (target, text) in enumerate(anchors, 1)
    }
    links = _links(send, language, wanted)
    by_target = {}
    positions = iter(range(1, len(anchors) + 1))

    def replace_anchor(match):
        if (target := _target(match)) is None:
            return match[0]
        link = links[next(positions)]
        by_target.setdefault(target, link)
        return f"{match[1]}{html.escape(redirect_url(link.pk, reader))}{match[3]}{match['text']}</a>"

    html_body = ANCHOR.sub(replace_anchor, html_body)
    trap = (
        '<div style="display:none;max-height:0;overflow:hidden;mso-hide:all" aria-hidden="true">'
        f'<a href="{html.escape(redirect_url(links[0].pk, reader))}" tabindex="-1">'
        f"{html.escape(_('Do not follow'))}</a></div>"
    )
    html_body = BODY_END.sub(lambda match: trap + match[0], html_body, count=1)

    def replace_text_url(match):
        link = by_target.get(match[0])
        return redirect_url(link.pk, reader) if link else match[0]

    return html_body, TEXT_URL.sub(replace_text_url, text_body)


def _target(match):
    """The address an anchor links to; None when a Link cannot hold it (sent as written, uncounted)."""
    target = html.unescape(match["href"])
    return target if len(target) <= TARGET_LENGTH else None


def _links(send, language, wanted):
    """Return {position: Link} for `wanted` ({position: (target, text, kind)}), creating and
    updating the edition's rows in bulk: one statement per edition, not one per link (each
    edition renders on the way to its first messages)."""
    links = {link.position: link for link in Link.objects.filter(send=send, language=language)}
    changed = []
    for position, (target, text, kind) in wanted.items():
        link = links.get(position)
        if link is not None and (link.target, link.text, link.kind) != (target, text, kind):
            link.target, link.text, link.kind = target, text, kind
            changed.append(link)
    Link.objects.bulk_update(changed, ["target", "text", "kind"])
    created = Link.objects.bulk_create(
        Link(send=send, language=language, position=position, target=target, text=text, kind=kind)
        for position, (target, text, kind) in wanted.items()
        if position not in links
    )
    links.update((link.position, link) for link in created)
    if any(link.pk is None for link in created):  # a database that returns no ids from a bulk insert
        links = {link.position: link for link in Link.objects.filter(send=send, language=language)}
    return links


def add_pixel(send, language, html_body):
    """Return `html_body` with a 1×1 image on our own domain that counts the loads of `send`'s
    `language` edition; safe to repeat. Its address names no reader: opens are counted in total
    only, since a reader's consent to click history speaks of the links they follow."""
    pixel, _created = Link.objects.get_or_create(
        send=send,
        language=language,
        position=PIXEL_POSITION,
        defaults={"target": f"{settings.BASE_URL}/", "kind": Link.Kind.OPEN},
    )
    image = (
        f'<img src="{html.escape(pixel_url(pixel.pk))}" width="1" height="1" alt="" '
        'style="display:block;width:1px;height:1px;border:0;overflow:hidden">'
    )
    if not BODY_END.search(html_body):
        return html_body + image
    return BODY_END.sub(lambda match: image + match[0], html_body, count=1)
