"""The sitemap: an index of one sitemap per language, each in pages of a fixed size.

A crawler reads the index, then each language's pages of `LocaleSitemap.limit` addresses. A page
of a sitemap reads its own rows alone, so it costs the same however large the site; the index
counts every language's pages in one query, the one cost that grows with the site.
"""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Count, Max, Q
from django.db.models.functions import Substr

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page, Site

from home.caching import cacheable
from home.visibility import public_q


class LocaleSitemap(Sitemap):
    """Every live page of one language, each linking its translations (xhtml:link)."""

    # An address with its translations costs about 0.25 ms to render: a page of 100 costs what any
    # other page of the site does, at 100 pages or 100,000. Crawlers read the index's entries in
    # turn (the protocol allows 50,000 addresses a sitemap and 50,000 sitemaps an index).
    limit = 100

    def __init__(self, request, home, language_code, figures=None):
        """`figures`: (live pages, newest publication) of the language when known (see `figures_by_home`)."""
        super().__init__(request)
        self.home = home
        self.language_code = language_code
        self.figures = figures

    @property
    def paginator(self):
        paginator = super().paginator
        if self.figures is not None:
            paginator.count = self.figures[0]
        return paginator

    def items(self):
        # Plain pages, not specific ones (a query per page type): no page type of ours overrides
        # `get_sitemap_urls`, and Wagtail's reads only the address and the publication date.
        return Page.objects.live().filter(public_q()).filter(path__startswith=self.home.path).order_by("path")

    def get_latest_lastmod(self):
        """Return when a page of the language was last published, from one aggregate query."""
        if self.figures is not None:
            return self.figures[1]
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]

    def _urls(self, page, protocol, domain):
        pages = self.page_items(page)
        own = {item.pk: item.get_sitemap_urls(self.request) for item in pages}
        alternates = self.alternates_of(pages, {pk: urls[0]["location"] for pk, urls in own.items() if urls})
        urls = [
            {**url_info, "alternates": alternates[item.translation_key]}
            for item in pages
            for url_info in own[item.pk]
        ]
        # Last-Modified, for crawlers' If-Modified-Since: the newest publication among those known
        # (a page made live without a revision has none, and changes nothing a crawler would see).
        last_modified = [url_info["lastmod"] for url_info in urls if url_info.get("lastmod")]
        if last_modified:
            self.latest_lastmod = max(last_modified)
        return urls

    def page_items(self, number):
        """Return the pages on page `number` of this sitemap, read alone: numbering the sitemap's
        pages (the paginator's count of the language's pages) is the index's work.

        Raises EmptyPage or PageNotAnInteger, which the sitemap view answers with a 404.
        """
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(number) from None
        if number < 1:
            raise EmptyPage(number)
        offset = (number - 1) * self.limit
        pages = list(self.items()[offset : offset + self.limit])
        if not pages and number > 1:
            raise EmptyPage(number)
        return pages

    def alternates_of(self, pages, locations):
        """Return {translation key: [{"lang_code", "location"}, ...]} with x-default, in one query.

        `locations`: {page id: address} of `pages`, known already; only their translations in
        other languages are read, and each address is worked out once.
        """
        translations = (
            Page.objects.live()
            .filter(public_q())
            .filter(translation_key__in={page.translation_key for page in pages})
            .exclude(pk__in=locations)
            .select_related("locale")
        )
        links = [
            (page.path, page.translation_key, self.language_code, locations[page.pk])
            for page in pages
            if page.pk in locations
        ]
        links += [
            (
                translation.path,
                translation.translation_key,
                translation.locale.language_code,
                translation.get_full_url(self.request),
            )
            for translation in translations
        ]
        alternates = defaultdict(list)
        for _path, key, language_code, location in sorted(links):
            alternates[key].append({"lang_code": language_code, "location": location})
        for entries in alternates.values():
            source = next((link for link in entries if link["lang_code"] == settings.LANGUAGE_CODE), None)
            if source is not None:
                entries.append({"lang_code": "x-default", "location": source["location"]})
        return alternates


def locale_sitemaps(request, *, with_figures=False):
    """Return {language code: LocaleSitemap} for every language the site's home page is live in;
    `with_figures`: each knowing its number of pages and newest publication, as the index needs."""
    site = Site.find_for_request(request)
    if site is None:
        return {}
    homes = list(site.root_page.get_translations(inclusive=True).live().order_by("locale_id"))
    codes = {locale.pk: locale.language_code for locale in Locale.objects.all()}
    figures = figures_by_home(homes) if with_figures else None
    return {
        codes[home.locale_id]: LocaleSitemap(
            request,
            home,
            codes[home.locale_id],
            None if figures is None else figures.get(home.path, (0, None)),
        )
        for home in homes
    }


def figures_by_home(homes):
    """Return {home page's path: (live public pages below it, newest publication)}, in one query.

    The index names every language's pages of the sitemap and when each last changed: one query
    for all of them rather than two per language.
    """
    if not homes:
        return {}
    prefix = len(homes[0].path)  # home pages are the root's children: one depth, one path length
    rows = (
        Page.objects.live()
        .filter(public_q())
        .filter(reduce(or_, (Q(path__startswith=home.path) for home in homes)))
        .annotate(home_path=Substr("path", 1, prefix))
        .values("home_path")
        .annotate(pages=Count("pk"), latest=Max("last_published_at"))
        .order_by()
    )
    return {row["home_path"]: (row["pages"], row["latest"]) for row in rows}


@cacheable
def index(request):
    """Serve the sitemap index: each language's sitemap, one entry per page of it."""
    return sitemap_views.index(
        request, locale_sitemaps(request, with_figures=True), sitemap_url_name="sitemap_section"
    )


@cacheable
def section(request, section):
    """Serve one page (?p=) of one language's sitemap."""
    return sitemap_views.sitemap(request, locale_sitemaps(request), section=section)
