"""The members directory: the network's members and partners by country, from the Organisation snippets."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Min, Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from home.localization import localize_all, localize_organisation_countries
from home.models.pages import BasePage
from home.models.taxonomy import Country, Organisation

# The rendition a logo is shown in (templates/components/organisation_list.html).
LOGO = "max-240x96"


@dataclass
class CountryGroup:
    """The organisations of one country; `country` is None for those based nowhere in particular."""

    country: Country | None
    organisations: list


@dataclass
class RelationshipLink:
    value: str
    label: str
    count: int
    is_current: bool


def directory_organisations(relationships):
    """Return one organisation per translation_key with these relationships, in the reader's language.

    Countries and logos come with them, in a fixed number of queries however many there are.
    """
    firsts = (
        Organisation.objects.filter(relationship__in=relationships)
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values("first")
    )
    organisations = localize_all(Organisation.objects.filter(pk__in=firsts))
    images = get_image_model().objects.prefetch_renditions(LOGO)
    prefetch_related_objects(organisations, Prefetch("logo", queryset=images))
    localize_organisation_countries(organisations)
    return organisations


def by_country(organisations):
    """Group organisations by country, countries and names in alphabetical order, the countryless last."""
    groups = {}
    for organisation in organisations:
        country = organisation.localized_country
        key = country.translation_key if country else None
        groups.setdefault(key, CountryGroup(country, [])).organisations.append(organisation)
    for group in groups.values():
        group.organisations.sort(key=lambda organisation: organisation.name.casefold())
    return sorted(
        groups.values(),
        key=lambda group: (group.country is None, group.country.name.casefold() if group.country else ""),
    )


class MembersDirectoryPage(BasePage):
    """The network's members and partners, by country, with their logos and websites."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    template = "pages/members_directory_page.html"

    # What the directory lists, in the order its filter offers them; funders have their projects.
    RELATIONSHIPS = {
        Organisation.Relationship.MEMBER: _("Members"),
        Organisation.Relationship.PARTNER: _("Partners"),
    }

    class Meta:
        verbose_name = _("members directory")
        verbose_name_plural = _("members directories")

    @property
    def card_summary(self):
        return self.listing_summary or self.introduction or self.search_description

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organisations = directory_organisations(self.RELATIONSHIPS)
        asked = request.GET.get("relationship", "")
        shown = asked if asked in self.RELATIONSHIPS else ""
        links = [
            RelationshipLink("", _("All"), len(organisations), not shown),
            *(
                RelationshipLink(
                    relationship,
                    label,
                    sum(organisation.relationship == relationship for organisation in organisations),
                    shown == relationship,
                )
                for relationship, label in self.RELATIONSHIPS.items()
            ),
        ]
        if shown:
            organisations = [
                organisation for organisation in organisations if organisation.relationship == shown
            ]
        groups = by_country(organisations)
        context.update(
            relationship_links=links,
            unknown_relationship=asked if asked and not shown else "",
            organisation_count=len(organisations),
            country_count=sum(group.country is not None for group in groups),
            groups=groups,
        )
        return context
