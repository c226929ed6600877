from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from home.blocks import SocialLinkBlock
from home.languages import fallback_chain
from home.localization import nearest
from home.shared_parts import shared_part

from .pages import HomePage


@register_setting(icon="site")
class NetworkSettings(BaseGenericSetting):
    """The network's details that are the same in every language, printed in every page's footer.

    The tagline and the postal address are written in each language, on each language's home page
    (HomePage.tagline, HomePage.address; read through `localized_details`).
    """

    name = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("Defaults to the site name set for the server.")
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, verbose_name=_("social media"), max_num=10
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("contact_email"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("network details")

    @classmethod
    def load(cls, request_or_site=None):
        """Wagtail's load, from the parts every page shares (home.shared_parts) for a request."""
        if isinstance(request_or_site, HttpRequest) and not hasattr(
            request_or_site, cls.get_cache_attr_name()
        ):
            setattr(
                request_or_site,
                cls.get_cache_attr_name(),
                shared_part(request_or_site, "network", cls._get_or_create),
            )
        return super().load(request_or_site)

    @property
    def display_name(self):
        return self.name or settings.WAGTAIL_SITE_NAME


@dataclass(frozen=True)
class LocalizedDetails:
    """The network's tagline and postal address in one language."""

    tagline: str = ""
    address_lines: tuple = ()

    @property
    def address(self):
        return "\n".join(self.address_lines)


def localized_details(request=None, language_code=None):
    """Return the network's LocalizedDetails in the reader's language, each as `nearest` picks it.

    Each detail comes from the live home page of the request's site (the default site without a
    request) in the first language of the reader's fallback chain that has it filled in: a
    Montenegrin page whose home page leaves the tagline empty, or that has no home page, prints the
    Serbian one. For a request, from the parts every page shares (home.shared_parts).
    """
    if request is None:
        return _localized_details(Site.objects.filter(is_default_site=True), language_code or get_language())
    site = Site.find_for_request(request)
    if site is None:
        return LocalizedDetails()
    return shared_part(
        request,
        "network-details",
        lambda: _localized_details(Site.objects.filter(pk=site.pk), get_language()),
    )


def _localized_details(sites, language_code):
    """One query: the details of the home pages of `sites` along the language's fallback chain."""
    roots = Page.objects.filter(sites_rooted_here__in=sites).values("translation_key")
    rows = (
        HomePage.objects.live()
        .filter(translation_key__in=roots, locale__language_code__in=fallback_chain(language_code))
        .values_list("locale__language_code", "tagline", "address")
    )
    taglines, addresses = {}, {}
    for code, tagline, address in rows:
        if tagline.strip():
            taglines[code] = tagline.strip()
        # The stored lines, without making blocks of them.
        if lines := tuple(line["value"].strip() for line in address.raw_data if line["value"].strip()):
            addresses[code] = lines
    return LocalizedDetails(
        tagline=nearest(taglines, language_code) or "", address_lines=nearest(addresses, language_code) or ()
    )
