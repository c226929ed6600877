from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from campaigns import admin_reports
from campaigns.models import CampaignPage, Signature
from campaigns.models.pages import NEWEST_FIRST, with_campaigns
from campaigns.viewsets import SignaturePermissionPolicy, SignatureViewSet
from home.localization import in_language, parent_in_language
from home.shared_parts import holds_until, next_midnight
from home.visibility import public_q

# Campaigns featured on the home page: the newest open ones.
FEATURED_ON_HOME = 3

register_permission_policy(Signature, SignaturePermissionPolicy(Signature), exact_class=True)


@hooks.register("register_admin_viewset")
def register_signatures():
    return SignatureViewSet("signatures")


def signatures_button(page, user, priority):
    if page.specific_class is not CampaignPage or not user.has_perm("campaigns.view_signature"):
        return None
    url = reverse("signatures:index") + "?" + urlencode({"campaign": page.translation_key})
    return Button(_("Signatures"), url=url, icon_name="form", priority=priority)


@hooks.register("register_admin_urls")
def register_campaign_report_urls():
    return [path("campaigns/reports/", include((admin_reports.urlpatterns, "campaign_reports")))]


def report_button(page, user, priority):
    if page.specific_class is not CampaignPage or not user.has_perm("campaigns.view_signature"):
        return None
    url = reverse("campaign_reports:campaign", args=[page.translation_key])
    return Button(_("Campaign report"), url=url, icon_name="doc-full", priority=priority)


@hooks.register("register_page_listing_more_buttons")
def page_listing_signatures_button(page, user, next_url=None):
    if button := signatures_button(page, user, priority=15):
        yield button
    if button := report_button(page, user, priority=16):
        yield button


@hooks.register("register_page_header_buttons")
def page_header_signatures_button(page, user, view_name, next_url=None):
    if button := signatures_button(page, user, priority=40):
        yield button


@hooks.register("home_page_sections", order=20)
def open_campaigns_section(request, page):
    """The campaigns open for signatures, in the home page's language (see home.models.HomePage)."""
    pages = CampaignPage.objects.live().filter(public_q()).filter(status=CampaignPage.Status.ACTIVE)
    # A campaign opens and closes with the day (CampaignPage.phase): the section, kept for every
    # reader (home.shared_parts), holds until midnight.
    holds_until(request, next_midnight())
    featured = [
        campaign
        for campaign in in_language(pages.order_by(*NEWEST_FIRST), page.locale.language_code)
        if campaign.phase == CampaignPage.Status.ACTIVE
    ][:FEATURED_ON_HOME]
    if not featured:
        return ""
    index = parent_in_language(featured[0], page.locale.language_code)
    context = {"campaigns": with_campaigns(featured), "index": index, "page": page}
    return render_to_string("components/campaigns/open_campaigns.html", context, request=request)
