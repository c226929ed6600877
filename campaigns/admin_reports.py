"""A campaign's report in the admin (campaigns.reports), drawn and exported as a send's report is."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import get_language_bidi, gettext_lazy

from campaigns.models import Campaign
from campaigns.reports import campaign_report
from newsletter.engagement import charts
from newsletter.engagement.admin_views import ReportView


class CampaignReportView(ReportView):
    page_title = gettext_lazy("Campaign report")
    header_icon = "form"
    template_name = "campaigns/admin/report.html"

    def dispatch(self, request, translation_key, *args, **kwargs):
        if not request.user.has_perm("campaigns.view_signature"):
            raise PermissionDenied
        self.campaign = get_object_or_404(Campaign.objects.with_titles(), translation_key=translation_key)
        return super().dispatch(request, *args, **kwargs)

    def tables(self):
        return campaign_report(self.campaign)

    @property
    def csv_name(self):
        return f"campaign-{self.campaign.pk}"

    def get_page_subtitle(self):
        return str(self.campaign)

    def get_context_data(self, tables, **kwargs):
        rtl = get_language_bidi()
        days, countries, languages, _updates = tables
        sections = list(
            zip(
                tables,
                [
                    charts.columns([(row[1], 0) for row in days.rows], rtl=rtl),
                    charts.bars([(str(row[0]), row[1], 0) for row in countries.rows], rtl=rtl),
                    charts.bars([(row[0], row[1], 0) for row in languages.rows], rtl=rtl),
                    "",
                ],
                strict=True,
            )
        )
        return super().get_context_data(sections=sections, **kwargs)


urlpatterns = [path("<uuid:translation_key>/report/", CampaignReportView.as_view(), name="campaign")]
