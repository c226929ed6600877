"""What a campaign page answers besides itself: signing, the inbox reminder, the confirmation link.

The inbox reminder and the confirmation link are the page's routes (campaigns.models.CampaignPage),
so they speak its language and sit under its address: /sq/campaigns/<campaign>/confirm/. The form
is sent to /campaigns/<page id>/sign/, a view of its own, because a page's routes are served by
Wagtail's view, which Django's CSRF middleware guards before the page is found: this one checks
the token itself, to show a form sent without it again (home.form_tokens).
"""

from django.apps import apps
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from campaigns import signing
from campaigns.forms import SignatureForm
from home.form_tokens import csrf_refusal, values_sent
from home.limits import RateLimit, client_ip
from newsletter.tokens import InvalidToken

# Signing attempts from one IP address, as for the newsletter's subscribe form: generous
# enough for a room behind one router, low enough that a script cannot flood the form.
ATTEMPTS_PER_IP = RateLimit("signing-attempts-per-ip", limit=20, window=3600)

CONFIRM_TEMPLATE = "pages/campaigns/confirm_signature.html"
CONFIRMED_TEMPLATE = "pages/campaigns/signature_confirmed.html"


# Checked in the view (home.form_tokens): a form sent without its CSRF token is shown again.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def sign(request, page_id):
    """Take a signature for the campaign page `page_id`, in the page's language."""
    # By name: the campaign's page model imports this module for its own routes.
    campaign_pages = apps.get_model("campaigns", "CampaignPage").objects
    page = get_object_or_404(campaign_pages.live().public().select_related("locale"), pk=page_id)
    translation.activate(page.locale.language_code)
    request.LANGUAGE_CODE = page.locale.language_code
    if request.method == "GET":
        return redirect(page.url)
    if not page.accepts_signatures:
        # The page says why, where the form would be.
        return _render(request, page, status=403)
    if csrf_refusal(request):
        form = SignatureForm(page=page, request=request)
        form.initial.update(values_sent(form, request.POST))
        return _render(request, page, form=form, send_again=True, status=403)
    form = SignatureForm(request.POST, page=page, request=request)
    ip_address = client_ip(request)
    if not ATTEMPTS_PER_IP.hit(ip_address):
        form.full_clean()
        form.add_error(None, _("Too many attempts from your network. Please try again in an hour."))
        return _render(request, page, form=form, status=429)
    if not form.is_valid():
        return _render(request, page, form=form, status=400)
    if not form.is_bot:
        data = form.cleaned_data
        try:
            signing.sign(
                page,
                email=data["email"],
                name=data["name"],
                country=data["country"],
                organisation=data["organisation"],
                show_name=data["show_name"],
                wants_updates=data.get("updates", False),
                ip_address=ip_address,
            )
        except signing.SigningClosed:
            return _render(request, page, status=403)
        except signing.TooManyEmails:
            form.add_error(
                None,
                _(
                    "We have already sent several emails about this campaign to this address today. "
                    "Please look for them in your inbox and spam folder, or try again tomorrow."
                ),
            )
            return _render(request, page, form=form, status=429)
    return redirect(page.url + page.reverse_subpage("signed"))


def signed(request, page):
    return _render(request, page, "pages/campaigns/signature_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, page, token):
    """GET asks (mail scanners follow links); POST confirms."""
    try:
        signature = signing.read_confirmation(page, token)
    except InvalidToken:
        return _invalid_link(request, page)
    if request.method == "POST":
        try:
            confirmation = signing.confirm(page, token)
        except InvalidToken:
            return _invalid_link(request, page)
        except signing.SigningClosed:
            return _render(request, page, CONFIRM_TEMPLATE, signature=signature, status=403)
        return _render(request, page, CONFIRMED_TEMPLATE, confirmation=confirmation)
    if signature.confirmed_at is not None:
        return _render(request, page, CONFIRMED_TEMPLATE, confirmation=signing.Confirmation(signature))
    return _render(request, page, CONFIRM_TEMPLATE, signature=signature)


def _invalid_link(request, page):
    """The one answer to every bad link: it says nothing about why."""
    return _render(request, page, "pages/campaigns/invalid_link.html", status=400)


def _render(request, page, template=None, status=200, **context):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    return response
