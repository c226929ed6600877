from django import forms
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from home.localization import localize_all
from home.models import ArticlePage, Country, Topic

UNKNOWN_CHOICE = _("There is nothing to show for “%(value)s”, so this filter is not applied.")


def filter_field(label):
    return forms.ChoiceField(label=label, required=False, error_messages={"invalid_choice": UNKNOWN_CHOICE})


class ListingFilterForm(forms.Form):
    """Narrow a listing's articles by topic, country, year and type.

    The choices are the values the listing's articles have; a value that is not among them
    is reported on its field and the other filters still apply.
    """

    topic = filter_field(_("Topic"))
    country = filter_field(_("Country"))
    year = filter_field(_("Year"))
    type = filter_field(_("Type"))

    fields_template = "components/listing_filter_fields.html"

    empty_labels = {
        "topic": _("All topics"),
        "country": _("All countries"),
        "year": _("All years"),
        "type": _("All types"),
    }

    def __init__(self, data, *, articles, options=None):
        """`options` are what `options_for(articles)` returned for the same reader, kept from before."""
        super().__init__(data)
        options = options or self.options_for(articles)
        self.topics, self.countries, self.years = options["topics"], options["countries"], options["years"]
        self.kinds = {
            kind.kind_slug(): kind for kind in ArticlePage.kinds() if kind.kind_slug() in options["kinds"]
        }
        for name, field in self.fields.items():
            field.choices = [("", self.empty_labels[name]), *options["choices"][name]]

    @classmethod
    def options_for(cls, articles):
        """Return what the filters offer for `articles`, in the reader's language; it can be kept in a cache.

        The same for every reader of a listing in one language, and a few queries to find.
        """
        topics = sorted(
            localize_all(Topic.objects.filter(id__in=articles.values("topics"))),
            key=lambda t: t.name.casefold(),
        )
        countries = sorted(
            localize_all(Country.objects.filter(id__in=articles.values("countries"))),
            key=lambda c: c.name.casefold(),
        )
        years = [day.year for day in articles.dates("date", "year", order="DESC")]
        content_types = set(articles.values_list("content_type", flat=True).distinct())
        kinds = [
            kind.kind_slug()
            for kind in ArticlePage.kinds()
            if ContentType.objects.get_for_model(kind).pk in content_types
        ]
        choices = {
            "topic": [(topic.slug, topic.name) for topic in topics],
            "country": [(country.code, country.display_name) for country in countries],
            "year": [(str(year), str(year)) for year in years],
            "type": cls.type_choices(articles, kinds),
        }
        return {"topics": topics, "countries": countries, "years": years, "kinds": kinds, "choices": choices}

    @classmethod
    def type_choices(cls, articles, kinds):
        """Return the (value, label) choices of the type filter: the kinds of article listed.

        Labels are plain strings in the reader's language: the options are kept in a cache.
        """
        return [
            (kind.kind_slug(), str(capfirst(kind._meta.verbose_name_plural)))
            for kind in ArticlePage.kinds()
            if kind.kind_slug() in kinds
        ]

    def filter_type(self, articles, value):
        return articles.filter(content_type=ContentType.objects.get_for_model(self.kinds[value]))

    def filter(self, articles):
        """Return the articles that match every valid filter."""
        self.is_valid()  # A field with an unknown value is left out of cleaned_data.
        data = self.cleaned_data
        if data.get("topic"):
            articles = articles.filter(
                pk__in=ArticlePage.objects.filter(topics__slug=data["topic"]).values("pk")
            )
        if data.get("country"):
            articles = articles.filter(
                pk__in=ArticlePage.objects.filter(countries__code=data["country"]).values("pk")
            )
        if data.get("year"):
            articles = articles.filter(date__year=int(data["year"]))
        if data.get("type"):
            articles = self.filter_type(articles, data["type"])
        return articles

    def render_fields(self):
        """The fields as a listing shows them, each with its label and any error."""
        return render_to_string(self.fields_template, {"form": self})

    @property
    def has_values(self):
        """Whether the request gives any filter a value, known or not."""
        return any(self.data.get(name) for name in self.fields)

    @property
    def is_filtered(self):
        self.is_valid()
        return any(self.cleaned_data.get(name) for name in self.fields)


class PublicationFilterForm(ListingFilterForm):
    """Narrow a library's publications by topic, country, year and type of publication (report, ...)."""

    @classmethod
    def type_choices(cls, articles, kinds):
        types = set(articles.values_list("publication_type", flat=True).distinct())
        field = articles.model._meta.get_field("publication_type")
        return [(value, str(label)) for value, label in field.choices if value in types]

    def filter_type(self, articles, value):
        return articles.filter(publication_type=value)
