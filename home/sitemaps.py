from collections import defaultdict

from django.conf import settings
from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    """Every live page of every language, each linking its translations (xhtml:link)."""

    def items(self):
        site = self.get_wagtail_site()
        homes = site.root_page.get_translations(inclusive=True)
        under_a_home = Q()
        for home in homes:
            under_a_home |= Q(path__startswith=home.path)
        return (
            Page.objects.live().public().filter(under_a_home).order_by("path").defer_streamfields().specific()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        alternates = self.alternates_of(pages)
        urls = [
            {**url_info, "alternates": alternates[item.translation_key]}
            for item in pages
            for url_info in item.get_sitemap_urls(self.request)
        ]
        last_modified = [url_info.get("lastmod") for url_info in urls]
        if last_modified and None not in last_modified:
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
