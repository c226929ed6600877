"""The report of a send in the admin: tables, their charts, and each table as CSV."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language_bidi, gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from newsletter.engagement import charts, consent
from newsletter.engagement.report import OPENS_CAVEAT, send_report
from newsletter.models import Send
from newsletter.sending.views import require


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    """A report's tables with their charts; `?csv=<table key>` downloads one table."""

    def get(self, request, *args, **kwargs):
        tables = self.tables()
        if "csv" in request.GET:
            return self.csv(tables, request.GET["csv"])
        return self.render_to_response(self.get_context_data(tables=tables))

    def csv(self, tables, key):
        table = next((table for table in tables if table.key == key), None)
        if table is None:
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.csv_name}-{key}.csv"'
        writer = csv.writer(response)
        writer.writerow([str(column) for column in table.columns])
        writer.writerows(table.rows)
        return response


class SendReportView(ReportView):
    page_title = gettext_lazy("Send report")
    header_icon = "doc-full"
    template_name = "newsletter/engagement/report.html"

    def dispatch(self, request, pk, *args, **kwargs):
        require(request.user, "view_send")
        self.send = get_object_or_404(Send.objects.select_related("issue"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def tables(self):
        return send_report(self.send)

    @property
    def csv_name(self):
        return f"send-{self.send.pk}"

    def get_page_subtitle(self):
        return self.send.issue.title

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("newsletter_sending:progress", args=[self.send.pk]),
                "label": self.send.issue.title,
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, tables, **kwargs):
        rtl = get_language_bidi()
        summary, _fallbacks, _links, timeline, _comparison = tables
        # The chart of the summary leaves out its total row, which would dwarf every language.
        language_rows = summary.rows[:-1]
        clicks, scanners = summary.keys.index("clicks"), summary.keys.index("scanner")
        sections = [
            (table, chart)
            for table, chart in zip(
                tables,
                [
                    charts.bars([(row[0], row[clicks], row[scanners]) for row in language_rows], rtl=rtl),
                    charts.bars([(row[0] + " → " + row[1], row[2], 0) for row in _fallbacks.rows], rtl=rtl),
                    charts.bars([(f"{row[0]} #{row[1]}", row[4], row[6]) for row in _links.rows], rtl=rtl),
                    charts.columns([(row[1], row[2]) for row in timeline.rows], rtl=rtl),
                    charts.bars([(row[1], row[3], 0) for row in _comparison.rows], rtl=rtl),
                ],
                strict=True,
            )
        ]
        return super().get_context_data(
            send=self.send,
            sections=sections,
            history_allowed=consent.history_allowed(),
            opens_caveat=OPENS_CAVEAT,
            **kwargs,
        )
