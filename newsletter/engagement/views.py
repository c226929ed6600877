"""The redirect behind every link of a sent issue: count the click, send the reader on. And the
1×1 image of a send that counts opens."""

import functools

from django.core import signing
from django.core.exceptions import BadRequest
from django.http import HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_safe

from newsletter.engagement import clicks, links
from newsletter.models import Link


@functools.lru_cache(maxsize=4096)
def _link(link_id):
    # Links never change once sent, so each process reads each one once.
    return Link.objects.filter(pk=link_id).values_list("target", "send_id", "kind").first()


@require_safe
def follow(request, link, reader):
    """Redirect to the link's recorded target after one Redis increment; 400 for a forged link."""
    try:
        link_id = links.read_link_token(link)
    except (signing.BadSignature, ValueError) as error:
        raise BadRequest("forged link") from error
    found = _link(link_id)
    if found is None:
        raise BadRequest("unknown link")
    target, send_id, kind = found
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
def opened(request, link, reader):
    """Answer the 1×1 image after one Redis increment; 400 for a forged token or one of no pixel."""
    try:
        link_id = links.read_link_token(link)
    except (signing.BadSignature, ValueError) as error:
        raise BadRequest("forged pixel") from error
    send_id = links.pixel_send(link_id)
    if send_id is None:
        raise BadRequest("unknown pixel")
    clicks.record_open(
        request, link_id=link_id, send_id=send_id, subscriber_id=links.read_reader_part(reader)
    )
    response = HttpResponse(PIXEL, content_type="image/gif")
    # Each load is a count: no cache may answer for us.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
