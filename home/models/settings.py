from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField

from home.blocks import SocialLinkBlock


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

    @property
    def display_name(self):
        return self.name or settings.WAGTAIL_SITE_NAME
