import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import DocumentBlock
from home.fields import RichTextField
from home.listings import prepare_cards
from home.localization import localize_organisation_countries, localize_relations
from home.models import ArticlePage, BasePage
from news.forms import ListingFilterForm
from news.ical import event_calendar_response

CURRENCIES = [
    ("EUR", "EUR"),
    ("NOK", "NOK"),
    ("SEK", "SEK"),
    ("USD", "USD"),
    ("GBP", "GBP"),
    ("CHF", "CHF"),
    ("ALL", "ALL"),
    ("MKD", "MKD"),
    ("RSD", "RSD"),
    ("BAM", "BAM"),
]


def time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class ListingPage(RoutablePageMixin, BasePage):
    """A section (News, Projects, Events) listing its articles with filters and pages."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    subpage_types = ["news.NewsPage", "news.ProjectPage", "news.EventPage"]
    template = "pages/listing_page.html"

    # Four rows of three cards on a wide screen.
    PER_PAGE = 12

    class Meta:
        verbose_name = _("listing page")

    def articles(self):
        return ArticlePage.objects.child_of(self).live().public().order_by("-date", "-id")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        filters = ListingFilterForm(request.GET, articles=articles)
        paginator = Paginator(filters.filter(articles).specific(), self.PER_PAGE)
        # Out-of-range or malformed page numbers fall back to the last or first page.
        listing_page = paginator.get_page(request.GET.get("page"))
        context.update(
            filters=filters,
            paginator=paginator,
            listing_page=listing_page,
            articles=prepare_cards(listing_page.object_list),
        )
        return context


class NewsPage(ArticlePage):
    """A news item or publication."""

    parent_page_types = ["news.ListingPage"]
    subpage_types = []
    template = "pages/news_page.html"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class ProjectPage(ArticlePage):
    """A project announcement: who funds it, who takes part, what it does, what it awarded."""

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ANNOUNCED)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    funders = ParentalManyToManyField(
        "home.Organisation", blank=True, related_name="+", verbose_name=_("funders")
    )
    partners = ParentalManyToManyField(
        "home.Organisation", blank=True, related_name="+", verbose_name=_("partners")
    )
    target_groups = RichTextField(_("target groups"), blank=True, features=["bold", "italic", "link", "ul"])
    components = StreamField(
        [
            (
                "component",
                blocks.StructBlock(
                    [
                        ("title", blocks.CharBlock(label=_("title"))),
                        ("description", blocks.TextBlock(label=_("description"), required=False)),
                    ],
                    label=_("Activity or component"),
                    icon="list-ol",
                    template="components/blocks/project_component_block.html",
                ),
            )
        ],
        blank=True,
        verbose_name=_("activities or components"),
    )
    grants_total = models.DecimalField(
        _("total awarded"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The published total, when the amount of each grant is not published."),
    )
    grants_currency = models.CharField(
        _("currency of the total"), max_length=3, choices=CURRENCIES, blank=True
    )
    documents = StreamField([("document", DocumentBlock())], blank=True, verbose_name=_("documents"))
    disclaimer = models.TextField(
        _("funding disclaimer"),
        blank=True,
        help_text=_("Leave empty to print each funder's own disclaimer."),
    )

    content_panels = [
        *ArticlePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("funders"),
                FieldPanel("partners"),
                FieldPanel("target_groups"),
            ],
            heading=_("Project"),
        ),
        FieldPanel("components"),
        MultiFieldPanel(
            [
                InlinePanel("grants", label=_("grant")),
                FieldRowPanel([FieldPanel("grants_total"), FieldPanel("grants_currency")]),
            ],
            heading=_("Grants awarded"),
        ),
        FieldPanel("documents"),
        FieldPanel("disclaimer"),
    ]

    search_fields = [*ArticlePage.search_fields, index.FilterField("status")]
    override_translatable_fields = [
        *ArticlePage.override_translatable_fields,
        SynchronizedField("funders"),
        SynchronizedField("partners"),
    ]

    parent_page_types = ["news.ListingPage"]
    subpage_types = []
    template = "pages/project_page.html"

    class Meta:
        verbose_name = _("project announcement")
        verbose_name_plural = _("project announcements")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A project cannot end before it starts.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        localize_relations([self], "funders", "partners")
        grants = list(self.grants.select_related("organisation"))
        localize_relations(grants, "organisation")
        localize_organisation_countries(
            [
                *self.localized_funders,
                *self.localized_partners,
                *(grant.localized_organisation for grant in grants),
            ]
        )
        context["grants"] = grants
        context["disclaimers"] = (
            [self.disclaimer]
            if self.disclaimer
            else [funder.disclaimer for funder in self.localized_funders if funder.disclaimer]
        )
        return context


class Grant(Orderable):
    """A grant the project awarded to one organisation."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="grants")
    organisation = models.ForeignKey(
        "home.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, blank=True)

    panels = [FieldPanel("organisation"), FieldRowPanel([FieldPanel("amount"), FieldPanel("currency")])]
    override_translatable_fields = [SynchronizedField("organisation")]

    def clean(self):
        super().clean()
        if self.amount is not None and not self.currency:
            raise ValidationError({"currency": _("Give the currency of the amount.")})


class EventPage(RoutablePageMixin, ArticlePage):
    """An event or programme: when and where, how to join, and its agenda."""

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        default=settings.TIME_ZONE,
        help_text=_("Where the event happens; times are shown in it."),
    )
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(
        "home.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    livestream_url = models.URLField(_("livestream or online link"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    agenda = StreamField(
        [
            (
                "item",
                blocks.StructBlock(
                    [
                        ("starts", blocks.TimeBlock(label=_("starts"), required=False)),
                        ("ends", blocks.TimeBlock(label=_("ends"), required=False)),
                        ("title", blocks.CharBlock(label=_("title"))),
                        ("speakers", blocks.CharBlock(label=_("speakers"), required=False)),
                        ("description", blocks.TextBlock(label=_("description"), required=False)),
                    ],
                    label=_("Agenda item"),
                    icon="time",
                    template="components/blocks/agenda_item_block.html",
                ),
            ),
            (
                "day",
                blocks.DateBlock(
                    label=_("Day"), icon="date", template="components/blocks/agenda_day_block.html"
                ),
            ),
        ],
        blank=True,
        verbose_name=_("agenda"),
    )

    content_panels = [
        *ArticlePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone"),
                FieldPanel("attendance"),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
                FieldPanel("livestream_url"),
                FieldPanel("registration_url"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("agenda"),
    ]

    search_fields = [
        *ArticlePage.search_fields,
        index.SearchField("venue"),
        index.SearchField("city"),
        index.FilterField("start"),
    ]
    # The country is a reference shared by every translation (home.models.taxonomy).
    override_translatable_fields = [*ArticlePage.override_translatable_fields, SynchronizedField("country")]
    card_relations = ("country",)

    parent_page_types = ["news.ListingPage"]
    subpage_types = []
    template = "pages/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def ends_same_day(self):
        """Say whether the event ends on the day it starts, where it happens."""
        return self.start.astimezone(self.zone).date() == self.end.astimezone(self.zone).date()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        localize_relations([self], "country")
        return context

    # Wagtail serves only dot-free paths that end in a slash: the download's file name
    # (<slug>.ics) comes from its Content-Disposition header instead.
    @path("calendar/", name="ical")
    def ical(self, request):
        return event_calendar_response(self, request)
