"""The emails a signer receives, in the language they signed in."""

from urllib.parse import urlencode

from campaigns.models.signatures import Signature
from campaigns.tokens import confirmation_token
from home.mail import render_email
from newsletter.tokens import CONFIRM, MAX_AGE, absolute


def send_signature_email(signature_id):
    """Email a signer what their signature needs: the link that confirms it, or word that it counts.

    Return whether a message was sent: nothing is sent for an erased or deleted signature,
    or for a campaign without a live page.
    """
    signature = (
        Signature.objects.select_related("campaign").filter(pk=signature_id, email__isnull=False).first()
    )
    if signature is None:
        return False
    page = signature.campaign.page_in(signature.language)
    if page is None:
        return False
    context = {"campaign_title": page.title, "page_url": page_address(page)}
    if signature.confirmed_at is None:
        template = "email/campaigns/confirm_signature"
        context["confirmation_url"] = page_address(
            page, page.reverse_subpage("confirm") + "?" + urlencode({"token": confirmation_token(signature)})
        )
        context["valid_days"] = MAX_AGE[CONFIRM].days
    else:
        template = "email/campaigns/already_signed"
    render_email(template, context, to=[signature.email], language=signature.language).send(using="default")
    return True


def page_address(page, subpage=""):
    """The absolute address of a page (or one of its routes) for an email."""
    url = page.get_url() + subpage
    return url if url.startswith(("http://", "https://")) else absolute(url)
