from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.text import capfirst
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page

from home.forms import new_started_token
from home.languages import content_language_codes, language_name
from home.search import live_pages, other_languages, present, query_terms, search_types, type_counts
from home.social import card_png, card_version

# Ten results fit on one screen with their summaries.
SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Search the live pages of the reader's language, narrowed to one type of page if asked."""
    query = request.GET.get("q", "").strip()
    types = search_types()
    type_slugs = {search_type.slug: content_types for search_type, content_types in types}
    asked_type = request.GET.get("type", "")
    chosen_type = asked_type if asked_type in type_slugs else ""
    context = {
        "query": query,
        "chosen_type": chosen_type,
        "unknown_type": asked_type if asked_type != chosen_type else "",
    }
    if query:
        locale = Locale.get_active()
        pages = live_pages(locale).specific()
        counts = type_counts(pages.search(query), types)
        if chosen_type:
            pages = pages.filter(content_type__in=type_slugs[chosen_type])
        paginator = Paginator(pages.search(query), SEARCH_RESULTS_PER_PAGE)
        results_page = paginator.get_page(request.GET.get("page"))
        terms = query_terms(query)
        context.update(
            paginator=paginator,
            results_page=results_page,
            results=[present(page, terms) for page in results_page],
            type_counts=counts,
            total=sum(count for _type, count in counts),
            other_languages=[] if paginator.count else other_language_links(query, locale),
        )
    return TemplateResponse(request, "pages/search_results.html", context)


def other_language_links(query, locale):
    """Return [(language code, its name, URL, count)] of the same search in other languages with results."""
    counts = other_languages(query, locale)
    links = []
    for code in content_language_codes():
        if counts.get(code):
            with translation.override(code):
                url = f"{reverse('search')}?{urlencode({'q': query})}"
            links.append((code, capfirst(language_name(code)), url, counts[code]))
    return links


@require_GET
@cache_control(max_age=60 * 60 * 24)
def robots_txt(request):
    """Let crawlers in everywhere but the admin, and point them at the sitemap."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('wagtailadmin_home')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def social_image(request, page_id, version):
    """The card shown when a page without a picture of its own is shared (home.social)."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    current = card_version(page)
    if version != current:
        return redirect("social_image", page_id=page.pk, version=current)
    response = HttpResponse(card_png(page), content_type="image/png")
    # The address changes with the picture: it can be kept for good.
    patch_cache_control(response, public=True, max_age=60 * 60 * 24 * 365, immutable=True)
    return response


@require_GET
@cache_control(max_age=60 * 60 * 24 * 7)
def favicon(request):
    """Serve /favicon.ico, which browsers and crawlers ask for whatever the page links."""
    return redirect(static("images/favicon.ico"), permanent=True)


@never_cache
@require_GET
def form_tokens(request):
    """Give a form on a cached page its CSRF token (setting the cookie) and start time, as JSON.

    static/js/site.js asks when a visitor starts filling a form in (home.form_tokens).
    """
    return JsonResponse({"csrfmiddlewaretoken": get_token(request), "started": new_started_token()})
