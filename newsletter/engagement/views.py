"""The redirect behind every link of a sent issue: count the click, send the reader on."""

import functools

from django.core import signing
from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect
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
    (links.rewrite). So each process reads each link once. A link deleted with its send goes on redirecting to the target it was mailed with
    in the processes that kept it; its clicks are dropped by the fold.
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
