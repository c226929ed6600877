from django.apps import apps
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, Page, PageViewRestriction
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import BodyBlock
from home.listings import prepare_cards
from home.localization import localize_organisation_countries, localize_pages, localize_relations
from home.shared_parts import any_private_page, shared_part


class BasePage(Page):
    """Abstract base of every public page: how the page looks in listings and when shared."""

    listing_image = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in listings and when the page is shared; defaults to the hero image."),
    )
    listing_summary = models.TextField(
        _("listing summary"),
        blank=True,
        max_length=300,
        help_text=_("One or two sentences for listings and search results."),
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("listing_image"), FieldPanel("listing_summary")],
            heading=_("Listings and sharing"),
        ),
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        # The page's locale from the parts every page shares (home.shared_parts), not a query.
        locales = shared_part(
            request, "locales", lambda: {locale.pk: locale for locale in Locale.objects.all()}
        )
        if self.locale_id in locales:
            self.locale = locales[self.locale_id]
        return super().get_context(request, *args, **kwargs)

    def get_url_parts(self, request=None):
        """Wagtail's, worked out once per request: the canonical link, the social card, the language
        switcher and the menus all ask for the page's address."""
        if not isinstance(request, HttpRequest):
            return super().get_url_parts(request)
        known = request.__dict__.setdefault("_page_url_parts", {})
        key = (self.pk, self.url_path, get_language())
        if key not in known:
            known[key] = super().get_url_parts(request)
        return known[key]

    def get_view_restrictions(self):
        """Return the restrictions on this page and those above it, Wagtail's rule in one query.

        As in Wagtail's own, an alias is restricted by its source page's restrictions; the pages
        above are known from the tree path, so there is no query for them first. While no page
        of the site is private, none at all.
        """
        if not any_private_page():
            return PageViewRestriction.objects.none()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        chain = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            Q(page__in=chain.filter(alias_of__isnull=True).values("pk"))
            | Q(page__in=chain.filter(alias_of__isnull=False).values("alias_of"))
        )

    @property
    def card_image(self):
        return self.listing_image

    @property
    def card_summary(self):
        return self.listing_summary or self.search_description


class StandardPage(BasePage):
    """A page of the network's own, such as About, Contact or Get involved: text in the shared blocks.

    A standard page with standard pages below it is a section: each of them lists the section's
    pages that are shown in menus (home.navigation.section_menu).
    """

    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown in bold under the title.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "home.MembersDirectoryPage"]
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("standard page")

    @property
    def card_summary(self):
        return self.listing_summary or self.introduction or self.search_description


class HomePage(BasePage):
    """The front page of one language: the network's mission and its latest work.

    It also holds the network's details that are written in a language, the tagline and the
    postal address, which every page's footer and every email print in the reader's language
    (home.models.settings.localized_details). They are fields of the page rather than a
    translatable snippet because the home page is already translated into every language, by the
    same workflow as everything else: translators find the two strings among the page's segments,
    editors find them on the first page they open, publishing, revisions and moderation apply, and
    there is no new model to keep to one row per language. The network's name, email and social
    links are the same in every language and stay in NetworkSettings.
    """

    hero_title = models.CharField(_("hero title"), max_length=255)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    tagline = models.CharField(
        _("tagline"),
        max_length=255,
        blank=True,
        help_text=_("One sentence about the network, printed in every page's footer in this language."),
    )
    # Line by line, so that translators get each line as a string of its own, the street and the
    # city to keep and the country to translate, rather than one string with the lines' markup.
    address = StreamField(
        [("line", blocks.CharBlock(label=_("line"), max_length=255))],
        blank=True,
        max_num=8,
        verbose_name=_("postal address"),
        help_text=_(
            "Printed in every page's footer and every email in this language, a line each. Write the "
            "street and city as they are written locally, and the country in this language."
        ),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        InlinePanel("featured_items", heading=_("Featured pages"), label=_("featured page")),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("tagline"), FieldPanel("address")], heading=_("Network details")),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    @property
    def card_image(self):
        return self.listing_image or self.hero_image

    def featured_keys(self):
        """The translation keys of the featured pages, which other sections leave out."""
        featured_ids = HomePageFeaturedItem.objects.filter(home_page=self).values("page_id")
        return Page.objects.filter(id__in=featured_ids).values("translation_key")

    def featured_pages(self):
        """Return the featured pages, each in the reader's language where it is translated."""
        items = self.featured_items.select_related("page")
        return localize_pages(item.page for item in items if item.page.live)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured = self.featured_pages()
        prepare_cards(page for page in featured if isinstance(page, ArticlePage))
        context["featured_pages"] = featured
        # The sections about what the network does (news, campaigns, events, projects) come from
        # the apps that own them, in the order they registered (hooks' `order`), so that home
        # never imports them: each hook takes (request, page) and returns HTML or "". They choose
        # their pages with home.localization.in_language. They are the same for every reader of
        # the language: kept with the parts pages share (home.shared_parts); a section that depends
        # on the time says until when it holds (home.shared_parts.holds_until).
        context["sections"] = shared_part(request, f"home-sections:{self.pk}", lambda: self.sections(request))
        return context

    def sections(self, request):
        return [section for hook in hooks.get_hooks("home_page_sections") if (section := hook(request, self))]


class HomePageFeaturedItem(Orderable):
    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_items")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]


class ArticlePage(BasePage):
    """What the network publishes (news, projects, events): dated, classified, listable.

    Concrete so that listings, feeds and the home page query one table across all kinds.
    """

    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("The date listings sort by: publication, announcement or start date."),
    )
    lead = models.TextField(_("lead"), help_text=_("The opening paragraph, shown in bold."))
    hero_image = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    topics = ParentalManyToManyField("home.Topic", blank=True, related_name="+", verbose_name=_("topics"))
    countries = ParentalManyToManyField(
        "home.Country", blank=True, related_name="+", verbose_name=_("countries")
    )
    organisations = ParentalManyToManyField(
        "home.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("organisations involved"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    classification_panels = [
        MultiFieldPanel(
            [FieldPanel("topics"), FieldPanel("countries"), FieldPanel("organisations")],
            heading=_("Classification"),
        ),
        InlinePanel(
            "related_pages",
            heading=_("Related pages"),
            label=_("related page"),
            help_text=_(
                "Campaigns, projects or other pages this article is about; a campaign shows the "
                "news items that name it as its updates."
            ),
        ),
    ]
    promote_panels = [*BasePage.promote_panels, *classification_panels]

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("locale_id"),
    ]

    # wagtail-localize leaves many-to-many fields out of its automatic field list, so without
    # this a change to the source's classification never reached an existing translation.
    override_translatable_fields = [
        SynchronizedField("topics"),
        SynchronizedField("countries"),
        SynchronizedField("organisations"),
    ]

    is_creatable = False
    # Snippets a card shows beyond topics and countries (home.listings.prepare_cards).
    card_relations = ()

    class Meta:
        verbose_name = _("article")

    @classmethod
    def kind_slug(cls):
        """Name the kind of article in filter links: "news", "project", "event"."""
        return cls._meta.model_name.removesuffix("page")

    @property
    def kind(self):
        return self.kind_slug()

    @property
    def kind_label(self):
        return self._meta.verbose_name

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        localize_relations([self], "topics", "countries", "organisations")
        localize_organisation_countries(self.localized_organisations)
        return context

    @property
    def card_image(self):
        return self.listing_image or self.hero_image

    @property
    def card_summary(self):
        return self.listing_summary or self.lead

    @classmethod
    def kinds(cls):
        """Return the creatable page models that are articles, e.g. for a type filter."""
        return [
            model
            for model in apps.get_models()
            if issubclass(model, cls) and model is not cls and model.is_creatable
        ]


class ArticleRelatedPage(Orderable):
    """A page an article is about, of any type: other apps find their articles through it."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_pages")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]
