"""News items and project announcements."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import DocumentBlock
from home.fields import RichTextField
from home.localization import localize_organisation_countries, localize_relations
from home.models import ArticlePage
from home.search import SearchType

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


class NewsPage(ArticlePage):
    """A news item or publication."""

    search_type = SearchType("news", _("News"))
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

    search_type = SearchType("projects", _("Projects"))
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
