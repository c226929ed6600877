import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from wagtail.models import Locale, Site

from home.localization import localize_relations
from home.models import ArticlePage, NetworkSettings, localized_details
from home.visibility import public_q


class LatestArticlesFeed(Feed):
    """The newest news items, project announcements and events of the reader's language (Atom)."""

    feed_type = Atom1Feed
    # Enough for a reader who checks weekly on a busy month.
    ITEMS = 30

    def get_object(self, request):
        site = Site.find_for_request(request)
        locale = Locale.objects.filter(language_code=get_language()).first()
        if site is None or locale is None:
            raise Http404
        home = site.root_page.get_translation_or_none(locale)
        if home is None or not home.live:
            raise Http404
        return {
            "home": home,
            "request": request,
            "network": NetworkSettings.load(request_or_site=request),
            "details": localized_details(request),
        }

    def title(self, obj):
        return obj["network"].display_name

    def subtitle(self, obj):
        return obj["details"].tagline or gettext("News, projects and events")

    def link(self, obj):
        return obj["home"].get_full_url(obj["request"])

    def items(self, obj):
        articles = list(
            ArticlePage.objects.live()
            .filter(public_q())
            .filter(locale_id=obj["home"].locale_id)
            .order_by("-date", "-id")
            .prefetch_related("topics")[: self.ITEMS]
        )
        for article in articles:
            article.feed_url = article.get_full_url(obj["request"])
        return localize_relations(articles, "topics")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.card_summary

    def item_link(self, item):
        return item.feed_url

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.date, datetime.time.min, tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [topic.name for topic in item.localized_topics]
