"""A campaign's report: confirmed signatures by day, country and language, and the updates opt-in."""

import csv
import io

from django.urls import reverse
from django.utils import translation

from home.languages import language_name
from tests.campaigns.helpers import in_language, signed
from tests.html import parse


def rows(response, key):
    table = parse(response).select_one(f'table[data-report-table="{key}"]')
    return [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in table.select("tbody tr")]


def test_staff_see_who_signed_from_where_in_which_language(admin_client, campaign, countries, mailoutbox):
    signed(campaign, "a@example.org", countries["AL"], wants_updates=True)
    signed(campaign, "b@example.org", countries["AL"])
    with translation.override("sq"):
        signed(in_language(campaign, "sq"), "c@example.org", countries["MK"], wants_updates=True)
    signed(campaign, "pending@example.org", countries["MK"], confirmed=False)

    url = reverse("campaign_reports:campaign", args=[campaign.translation_key])
    response = admin_client.get(url)

    assert rows(response, "countries") == [["Albania", "2"], ["North Macedonia", "1"]]
    assert rows(response, "languages") == [[language_name("en"), "2"], [language_name("sq"), "1"]]
    assert rows(response, "updates") == [["3", "2", "66.7"]]
    assert rows(response, "days")[-1][-1] == "3"
    assert parse(response).select("svg.report-chart")

    exported = admin_client.get(url, {"csv": "countries"})
    assert list(csv.reader(io.StringIO(exported.content.decode()))) == [
        ["Country", "Signatures"],
        ["Albania", "2"],
        ["North Macedonia", "1"],
    ]
