"""Translatable snippets that classify pages: countries, topics and organisations.

Pages and other snippets always point at the source-language row (the reference is
synchronised across translations, so filters work in every language); templates show the
row's translation in the reader's language (home.localization).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField


class Country(TranslatableMixin, index.Indexed, models.Model):
    """A country or territory; one with a designation footnote is shown as `Name*`."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("code"),
        max_length=2,
        help_text=_("ISO 3166-1 alpha-2 code, upper case (XK for Kosovo)."),
    )
    designation_footnote = models.TextField(
        _("designation footnote"),
        blank=True,
        help_text=_("Printed wherever the country is named, e.g. the EU's footnote on Kosovo."),
    )

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("designation_footnote")]
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("code"),
        TranslatableField("designation_footnote"),
    ]
    search_fields = [index.SearchField("name"), index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_country_code_per_locale"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return f"{self.name}*" if self.designation_footnote else self.name


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A theme the network works on (civic space, rule of law, ...)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, help_text=_("Used in filter links."))
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("slug"),
        TranslatableField("description"),
    ]
    search_fields = [index.SearchField("name"), index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale"),
        ]

    def __str__(self):
        return self.name


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """A member of the network, a partner or a funder."""

    class Relationship(models.TextChoices):
        MEMBER = "member", _("Member")
        PARTNER = "partner", _("Partner")
        FUNDER = "funder", _("Funder")

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    relationship = models.CharField(
        _("relationship to the network"), max_length=20, choices=Relationship.choices
    )
    logo = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    disclaimer = models.TextField(
        _("funding disclaimer"),
        blank=True,
        help_text=_("The wording this funder requires on everything it funds."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("relationship"),
        FieldPanel("logo"),
        FieldPanel("country"),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("disclaimer"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("acronym"),
        SynchronizedField("relationship"),
        SynchronizedField("logo"),
        SynchronizedField("country"),
        SynchronizedField("website"),
        TranslatableField("description"),
        TranslatableField("disclaimer"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("acronym"),
        index.FilterField("relationship"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
