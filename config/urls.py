from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.webhooks import webhook_urlpatterns
from home import health, routing, sitemaps
from home import views as home_views
from home.caching import cacheable
from home.shared_parts import with_shared_site
from news.feeds import LatestArticlesFeed
from newsletter.engagement import views as engagement_views
from newsletter.urls import subscribe_urlpatterns

handler400 = "home.errors.bad_request"
handler403 = "home.errors.permission_denied"
handler404 = "home.errors.page_not_found"
handler500 = "home.errors.server_error"

urlpatterns = [
    # Every link of a sent issue, counted on our own domain (newsletter/engagement). First: the
    # route asked most often, and the resolver tries the routes in order.
    path("r/<str:link>/<str:reader>/", engagement_views.follow, name="newsletter_click"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("newsletter/", include("newsletter.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("sitemap.xml", with_shared_site(sitemaps.index), name="sitemap"),
    path("sitemap-<str:section>.xml", with_shared_site(sitemaps.section), name="sitemap_section"),
    # The image that counts a send's opens, when staff chose to count them.
    path("o/<str:link>/", engagement_views.opened, name="newsletter_open"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("social/<int:page_id>/<slug:version>.png", home_views.social_image, name="social_image"),
    # Forms on cached pages fetch their CSRF token and start time when first used (home/form_tokens.py).
    path("form-tokens/", home_views.form_tokens, name="form_tokens"),
    # Bounces, complaints and unsubscribes from the configured ESP, authenticated (config/webhooks.py).
    path("anymail/", include((webhook_urlpatterns(settings.MAILERS), "anymail"))),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page lives under its language's prefix: /en/..., /sq/..., /ar/...
urlpatterns += i18n_patterns(
    path("newsletter/", include(subscribe_urlpatterns)),
    path("search/", with_shared_site(home_views.search), name="search"),
    path("feed/", cacheable(with_shared_site(LatestArticlesFeed())), name="feed"),
    # Wagtail's own routes, its pages found in one query (home/routing.py) and served through
    # the page cache (home/caching.py).
    *wagtail_urls.urlpatterns[:-1],
    re_path(wagtail_urls.serve_pattern, cacheable(with_shared_site(routing.serve)), name="wagtail_serve"),
    prefix_default_language=True,
)
