"""The pages visitors and subscribers see: subscribe, confirm, preferences, unsubscribe.

Subscribing happens on a language's pages (/mk/newsletter/subscribe/); every link in an
email is outside the language prefix and speaks the subscriber's own language.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wagtail.models import Page, Site

from home.form_tokens import csrf_refusal, values_sent
from home.languages import supported_language
from home.limits import RateLimit, client_ip
from newsletter import audience
from newsletter.audience.consent import FORM_WORDING
from newsletter.engagement import consent as click_history
from newsletter.forms import EraseForm, PreferencesForm, SubscribeForm
from newsletter.models import Subscriber
from newsletter.tokens import MANAGE, UNSUBSCRIBE, InvalidToken, make_token, read_subscriber_id

# The field the unsubscribe page's form sends, which a mail app's one-click POST lacks.
UNSUBSCRIBE_PAGE_FIELD = "from"
# Subscribe attempts from one IP address: generous enough for a conference room behind one
# router, low enough that a script cannot use the form to probe or flood.
ATTEMPTS_PER_IP = RateLimit("subscribe-attempts-per-ip", limit=20, window=3600)


def invalid_link(request):
    """The one answer to every bad token: it says nothing about why."""
    return _render(request, "pages/newsletter/invalid_link.html", {}, status=400)


# The CSRF check is made in the view: a form sent without its token is shown again, not refused.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """GET: the subscribe page, the same for everyone (cacheable). POST: subscribe."""
    if request.method == "GET":
        return _render(request, "pages/newsletter/subscribe.html", _subscribe_context(SubscribeForm()))
    response = _subscribe(request)
    add_never_cache_headers(response)
    return response


def _subscribe(request):
    if csrf_refusal(request):
        form = SubscribeForm()
        form.initial.update(values_sent(form, request.POST))
        context = _subscribe_context(form, send_again=True)
        return _render(request, "pages/newsletter/subscribe.html", context, status=403)
    form = SubscribeForm(request.POST)
    ip_address = client_ip(request)
    if not ATTEMPTS_PER_IP.hit(ip_address):
        form.full_clean()
        form.add_error(None, _("Too many attempts from your network. Please try again in an hour."))
        return _render(request, "pages/newsletter/subscribe.html", _subscribe_context(form), status=429)
    if not form.is_valid():
        return _render(request, "pages/newsletter/subscribe.html", _subscribe_context(form), status=400)
    if form.is_bot:
        return redirect("newsletter_subscribe:sent")
    data = form.cleaned_data
    consent = audience.form_consent(
        source_detail=_source_detail(request, data["page"]), ip_address=ip_address
    )
    try:
        audience.subscribe(data["email"], lists=data["lists"], consent=consent, language=data["language"])
    except audience.TooManyConfirmations:
        form.add_error(
            None,
            _(
                "We have already sent several confirmation emails to this address today. Please look "
                "for them in your inbox and spam folder, or try again tomorrow."
            ),
        )
        return _render(request, "pages/newsletter/subscribe.html", _subscribe_context(form), status=429)
    return redirect("newsletter_subscribe:sent")


def _subscribe_context(form, **context):
    return {"form": form, **context}


def subscribe_sent(request):
    return _render(request, "pages/newsletter/subscribe_sent.html", {})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET asks (mail scanners follow links); POST confirms."""
    try:
        record = audience.read_confirmation(token)
    except InvalidToken:
        return invalid_link(request)
    _speak(request, record.requested_language or record.subscriber.language)
    if request.method == "POST":
        try:
            subscriber = audience.confirm(token)
        except InvalidToken:
            return invalid_link(request)
        return _render(request, "pages/newsletter/confirmed.html", _links(subscriber))
    if record.confirmed_at is not None:
        return _render(request, "pages/newsletter/confirmed.html", _links(record.subscriber))
    return _render(request, "pages/newsletter/confirm.html", {"subscriber": record.subscriber})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """RFC 8058 one-click: a POST unsubscribes, with no cookie or CSRF token, answering 200.

    A GET only asks: mail scanners fetch links, and must not unsubscribe anyone.
    """
    try:
        subscriber_id = read_subscriber_id(UNSUBSCRIBE, token)
    except InvalidToken:
        return invalid_link(request)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is not None:
        _speak(request, subscriber.language)
    if request.method == "POST":
        if subscriber is not None:
            audience.unsubscribe(subscriber, _unsubscribe_way(request))
        return _render(request, "pages/newsletter/unsubscribed.html", _links(subscriber))
    if subscriber is None or subscriber.status not in (Subscriber.Status.PENDING, Subscriber.Status.ACTIVE):
        return _render(request, "pages/newsletter/unsubscribed.html", _links(subscriber))
    return _render(request, "pages/newsletter/unsubscribe.html", {"subscriber": subscriber})


def _unsubscribe_way(request):
    """Tell the unsubscribe page's own form from a mail app's one-click POST (RFC 8058)."""
    if request.POST.get(UNSUBSCRIBE_PAGE_FIELD) == "page":
        return Subscriber.Way.LINK
    return Subscriber.Way.ONE_CLICK


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber = _subscriber_for(token)
    if subscriber is None:
        return invalid_link(request)
    _speak(request, subscriber.language)
    form = None
    if subscriber.status == Subscriber.Status.ACTIVE:
        form = PreferencesForm(request.POST or None, subscriber=subscriber)
        if form.is_valid():
            consent = audience.form_consent(
                source=Subscriber.Source.PREFERENCES, ip_address=client_ip(request)
            )
            audience.change_preferences(
                subscriber,
                language=form.cleaned_data["language"],
                lists=form.cleaned_data["lists"],
                consent=consent,
            )
            if "click_history" in form.cleaned_data:
                click_history.record_choice(
                    subscriber, form.cleaned_data["click_history"], translation.get_language()
                )
            return redirect(reverse("newsletter:preferences", args=[token]) + "?saved=1")
    context = {
        **_links(subscriber),
        "subscriber": subscriber,
        "form": form,
        "saved": request.method == "GET" and "saved" in request.GET,
        "consent_wording": FORM_WORDING,
        "data_url": reverse("newsletter:personal_data", args=[token]),
        "erase_url": reverse("newsletter:erase", args=[token]),
        "recorded": click_history.recorded_about(subscriber),
    }
    return _render(request, "pages/newsletter/preferences.html", context)


@never_cache
def personal_data(request, token):
    """The subscriber's data as a JSON download."""
    subscriber = _subscriber_for(token)
    if subscriber is None:
        return invalid_link(request)
    response = HttpResponse(
        audience.export_json(subscriber, subscriber.language), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="newsletter-data.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def erase(request, token):
    subscriber = _subscriber_for(token)
    if subscriber is None:
        return invalid_link(request)
    _speak(request, subscriber.language)
    form = EraseForm(request.POST or None)
    if form.is_valid():
        audience.erase(subscriber)
        return _render(request, "pages/newsletter/erased.html", {})
    context = {"form": form, "preferences_url": reverse("newsletter:preferences", args=[token])}
    return _render(request, "pages/newsletter/erase.html", context)


def _subscriber_for(token):
    try:
        subscriber_id = read_subscriber_id(MANAGE, token)
    except InvalidToken:
        return None
    return Subscriber.objects.filter(pk=subscriber_id).first()


def _links(subscriber):
    """Where a subscriber can go next: their preferences, or subscribing again."""
    if subscriber is None:
        return {"subscribe_url": _subscribe_url()}
    return {
        "preferences_url": reverse("newsletter:preferences", args=[make_token(MANAGE, subscriber.pk)]),
        "unsubscribe_url": reverse("newsletter:unsubscribe", args=[make_token(UNSUBSCRIBE, subscriber.pk)]),
        "subscribe_url": _subscribe_url(),
    }


def _subscribe_url():
    return reverse("newsletter_subscribe:form")


def _speak(request, language):
    """Answer in the subscriber's language on pages outside the language prefix."""
    language = supported_language(language)
    translation.activate(language)
    request.LANGUAGE_CODE = language


def _source_detail(request, page_id):
    page = Page.objects.filter(pk=page_id).first() if page_id else None
    return page.get_url(request) if page else request.path


def _render(request, template, context, status=200):
    # The header and footer belong to the site's home page in the language being spoken. These
    # are the newsletter's own pages: the footer leaves its subscribe form out.
    site = Site.find_for_request(request)
    home = site.root_page.localized if site else None
    context = {
        "page": home,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "newsletter_form_shown": True,
        **context,
    }
    return render(request, template, context, status=status)
