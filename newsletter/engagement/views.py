"""The redirect behind every link of a sent issue: count the click, send the reader on."""

import functools

from django.core import signing
from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect
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
