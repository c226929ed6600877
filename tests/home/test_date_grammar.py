"""Dates read as each language writes them: in Serbian and Montenegrin a day's month is in the genitive."""

import datetime
from types import SimpleNamespace

import pytest

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

DAY = datetime.date(2026, 12, 6)


def campaign_from(day):
    return SimpleNamespace(phase=SimpleNamespace(label="", __str__=str), start_date=day, end_date=None)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("cnr", "Od 6. decembra 2026."),
        ("sr-latn", "6. decembra 2026."),
        ("sr", "6. децембра 2026."),
        ("mk", "6 декември 2026"),
        ("de", "6. Dezember 2026"),
    ],
)
def test_a_campaigns_start_date_declines_its_month(language, expected):
    with translation.override(language):
        html = render_to_string("components/campaigns/status.html", {"campaign": campaign_from(DAY)})
    assert expected in " ".join(html.split())


@pytest.mark.parametrize(("language", "expected"), [("cnr", "decembar 2026"), ("sr-latn", "decembar 2026")])
def test_a_month_alone_stays_in_the_nominative(language, expected):
    with translation.override(language):
        alone = date_format(DAY, "F Y")
    assert alone == expected
