"""The redirect behind every link of a sent issue: count the click, send the reader on. And the
1×1 image of a send that counts opens."""

import functools

from django.core import signing
from django.core.exceptions import BadRequest
from django.http import HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_safe

from newsletter.engagement import clicks, links
from newsletter.models import Link

# Links each process keeps: an issue has tens, and the clicks come in the days after its send.
LINKS_KEPT = 4096


@functools.lru_cache(maxsize=LINKS_KEPT)
def _sent_link(link_id):
    """Return (target, send id, kind) of a link; raise Link.DoesNotExist, which is not kept.

    A link row never changes once a message can carry it: it is written when its edition is
    rendered (sending.planning), before any row can be claimed for that edition, and an edition
    rendered again (a start carried on) finds its links by position and reuses them
    (links.rewrite). So each process reads each link once. A link deleted with its send goes on
    redirecting to the target it was mailed with in the processes that kept it; its clicks are
    dropped by the fold.
    """
    found = Link.objects.filter(pk=link_id).values_list("target", "send_id", "kind").first()
    if found is None:
        raise Link.DoesNotExist(link_id)
    return found


@require_safe
def follow(request, link, reader):
    """Redirect to the link's recorded target after one Redis increment; 400 for a forged link."""
    try:
        link_id = links.read_link_token(link)
    except (signing.BadSignature, ValueError) as error:
        raise BadRequest("forged link") from error
    try:
        target, send_id, kind = _sent_link(link_id)
    except Link.DoesNotExist as error:
        raise BadRequest("unknown link") from error
    if kind == Link.Kind.OPEN:
        raise BadRequest("a pixel is no link")
    clicks.record(
        request,
        link_id=link_id,
        send_id=send_id,
        honeypot=kind == Link.Kind.HONEYPOT,
        subscriber_id=links.read_reader_part(reader),
    )
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# A transparent 1×1 GIF (43 bytes).
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@require_safe
def opened(request, link):
    """Answer the 1×1 image after one Redis increment; 400 for a forged token or one of no pixel."""
    try:
        link_id = links.read_link_token(link)
    except (signing.BadSignature, ValueError) as error:
        raise BadRequest("forged pixel") from error
    send_id = links.pixel_send(link_id)
    if send_id is None:
        raise BadRequest("unknown pixel")
    clicks.record_open(request, link_id=link_id, send_id=send_id)
    response = HttpResponse(PIXEL, content_type="image/gif")
    # Each load is a count: no cache may answer for us.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
