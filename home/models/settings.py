from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField

from home.blocks import SocialLinkBlock
from home.shared_parts import shared_part


@register_setting(icon="site")
class NetworkSettings(BaseGenericSetting):
    """The network's own details, printed in every page's footer."""

    name = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("Defaults to the site name set for the server.")
    )
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    address = models.TextField(_("postal address"), blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, verbose_name=_("social media"), max_num=10
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("tagline"),
        FieldPanel("contact_email"),
        FieldPanel("address"),
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
