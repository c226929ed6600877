from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page

from home.social import card_png, card_version

# Ten results fit on one screen with their summaries.
SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Search the live pages of the reader's language."""
    query = request.GET.get("q", "").strip()
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active(), depth__gt=1)
            .specific()
            .search(query)
        )
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    results_page = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "pages/search_results.html",
        {"query": query, "paginator": paginator, "results_page": results_page},
    )


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
