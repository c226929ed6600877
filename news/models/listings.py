"""Sections that list their articles: with filters, pages, and events split into upcoming and past."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.search import index

from home.listings import compiled_once, prepare_cards
from home.localization import children_in_language
from home.models import ArticlePage, BasePage
from home.page_loading import specific
from home.shared_parts import shared_part
from news.forms import ListingFilterForm
from news.models.events import EventPage


class ArticleIndexPage(BasePage):
    """A section listing its articles with filters and pages."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    filter_form_class = ListingFilterForm

    # Four rows of three cards on a wide screen.
    PER_PAGE = 12

    class Meta:
        abstract = True

    def articles(self):
        """The section's articles, each in the reader's language or the nearest one that has it."""
        return children_in_language(self, ArticlePage).order_by("-date", "-id")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        # The filters' choices are the same for every reader of the listing in one language.
        options = shared_part(
            request, f"listing-filters:{self.pk}", lambda: self.filter_form_class.options_for(articles)
        )
        filters = self.filter_form_class(request.GET, articles=articles, options=options)
        context["filters"] = filters
        # With no value asked for, the fields read the same for every reader in one language.
        context["filter_fields"] = (
            filters.render_fields()
            if filters.has_values
            else shared_part(
                request,
                f"listing-filter-fields:{self.pk}",
                lambda: self.filter_form_class({}, articles=articles, options=options).render_fields(),
            )
        )
        context.update(self.listing(request, filters, compiled_once(filters.filter(articles))))
        return context

    def listing(self, request, filters, articles):
        """Return the context of one page of the filtered articles, their cards prepared."""
        # A card shows no body (its StreamField is neither fetched nor decoded) but says which
        # language a page shown by fallback is in.
        context = self.page_of(
            request, articles, load=lambda shown: specific(shown, select_related=("locale",))
        )
        prepare_cards(context["articles"])
        return context

    def page_of(self, request, articles, load=list):
        """Return the context of one page of `articles`, read by `load` (specific pages), their
        cards not prepared."""
        paginator = Paginator(articles, self.PER_PAGE)
        # Out-of-range or malformed page numbers fall back to the last or first page.
        listing_page = paginator.get_page(request.GET.get("page"))
        return {
            "paginator": paginator,
            "listing_page": listing_page,
            "articles": load(listing_page.object_list),
        }


class ListingPage(RoutablePageMixin, ArticleIndexPage):
    """A section (News, Projects, Events) listing its articles with filters and pages.

    A section of events only lists the upcoming ones first, soonest first, and pages through
    the past ones, newest first.
    """

    subpage_types = ["news.NewsPage", "news.ProjectPage", "news.EventPage"]
    template = "pages/listing_page.html"

    class Meta:
        verbose_name = _("listing page")

    def listing(self, request, filters, articles):
        if set(filters.kinds) != {EventPage.kind_slug()}:
            return super().listing(request, filters, articles)
        # Only events: read as events at once, and every card shown prepared together.
        events = (
            EventPage.objects.filter(pk__in=articles.values("pk"))
            .defer_streamfields()
            .select_related("locale")
        )
        now = timezone.now()
        context = self.page_of(request, events.exclude(end__gte=now).order_by("-date", "-id"))
        cards = context["articles"]
        if context["listing_page"].number == 1:
            context["upcoming"] = list(events.filter(end__gte=now).order_by("start", "id"))
            cards = [*cards, *context["upcoming"]]
        prepare_cards(cards)
        context["events_only"] = True
        return context
