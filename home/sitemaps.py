"""The sitemap: an index of one sitemap per language, each in pages of a fixed size.

A crawler reads the index, then each language's pages of `LocaleSitemap.limit` addresses, so no
response grows with the site: the index costs a count per language, a page of the sitemap one
page's worth of rows.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page, Site

from home.caching import cacheable


class LocaleSitemap(Sitemap):
    """Every live page of one language, each linking its translations (xhtml:link)."""

    # Small enough that a page of the sitemap renders in well under a second; the protocol's
    # ceiling is 50,000.
    limit = 1000

    def __init__(self, request, home):
        super().__init__(request)
        self.home = home

    def items(self):
        return (
            Page.objects.live()
            .public()
            .filter(path__startswith=self.home.path)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def get_latest_lastmod(self):
        """Return when a page of the language was last published, from one aggregate query."""
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        alternates = self.alternates_of(pages)
        urls = [
            {**url_info, "alternates": alternates[item.translation_key]}
            for item in pages
            for url_info in item.get_sitemap_urls(self.request)
        ]
        # Last-Modified, for crawlers' If-Modified-Since: the newest publication among those known
        # (a page made live without a revision has none, and changes nothing a crawler would see).
        last_modified = [url_info["lastmod"] for url_info in urls if url_info.get("lastmod")]
        if last_modified:
            self.latest_lastmod = max(last_modified)
        return urls

    def alternates_of(self, pages):
        """Return {translation key: [{"lang_code", "location"}, ...]} with x-default, in one query."""
        translations = (
            Page.objects.live()
            .public()
            .filter(translation_key__in={page.translation_key for page in pages})
            .select_related("locale")
            .order_by("path")
        )
        alternates = defaultdict(list)
        for translation in translations:
            alternates[translation.translation_key].append(
                {
                    "lang_code": translation.locale.language_code,
                    "location": translation.get_full_url(self.request),
                }
            )
        for links in alternates.values():
            source = next((link for link in links if link["lang_code"] == settings.LANGUAGE_CODE), None)
            if source is not None:
                links.append({"lang_code": "x-default", "location": source["location"]})
        return alternates


def locale_sitemaps(request):
    """Return {language code: LocaleSitemap} for every language the site's home page is live in."""
    site = Site.find_for_request(request)
    if site is None:
        return {}
    homes = site.root_page.get_translations(inclusive=True).live().select_related("locale")
    codes = {locale.pk: locale.language_code for locale in Locale.objects.all()}
    return {codes[home.locale_id]: LocaleSitemap(request, home) for home in homes.order_by("locale_id")}


@cacheable
def index(request):
    """Serve the sitemap index: each language's sitemap, one entry per page of it."""
    return sitemap_views.index(request, locale_sitemaps(request), sitemap_url_name="sitemap_section")


@cacheable
def section(request, section):
    """Serve one page (?p=) of one language's sitemap."""
    return sitemap_views.sitemap(request, locale_sitemaps(request), section=section)
