"""A campaign's report: confirmed signatures over time, by country and language, updates opt-in.

Built from signatures alone (erased ones keep their campaign, country, language and day), as
tables that the admin page charts and exports like a newsletter send's report
(newsletter.engagement). Page views are not counted on this site, so no conversion is shown.
"""

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from campaigns.models import Signature
from home.languages import language_name
from newsletter.engagement.report import Table, rate


def campaign_report(campaign):
    """Return the tables of `campaign`'s report."""
    confirmed = Signature.objects.filter(campaign=campaign).confirmed()
    by_day = Table("days", _("Confirmed signatures by day"), [_("Day"), _("Signatures"), _("Running total")])
    total = 0
    for day, n in (
        confirmed.annotate(day=TruncDate("confirmed_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by("day")
    ):
        total += n
        by_day.rows.append([day.isoformat(), n, total])
    by_country = Table("countries", _("By country"), [_("Country"), _("Signatures")])
    by_country.rows = [
        [name, n]
        for name, n in confirmed.values_list("country__name")
        .annotate(n=Count("id"))
        .order_by("-n", "country__name")
    ]
    by_language = Table("languages", _("By language"), [_("Language"), _("Signatures")])
    by_language.rows = [
        [language_name(code), n]
        for code, n in confirmed.values_list("language").annotate(n=Count("id")).order_by("-n", "language")
    ]
    counts = confirmed.aggregate(all=Count("id"), updates=Count("id", filter=Q(wants_updates=True)))
    opt_in = Table(
        "updates",
        _("Asked for the campaign's updates"),
        [_("Confirmed signatures"), _("Asked for updates"), _("Rate %")],
    )
    opt_in.rows = [[counts["all"], counts["updates"], rate(counts["updates"], counts["all"])]]
    return [by_day, by_country, by_language, opt_in]
