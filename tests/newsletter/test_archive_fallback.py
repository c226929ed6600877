"""The newsletter archive lists the issues its language lacks in the nearest language that has them."""

import pytest

from wagtail.models import Locale

from tests.html import parse, text
from tests.newsletter.factories import build_issue

pytestmark = pytest.mark.django_db


def test_the_montenegrin_archive_lists_the_serbian_issue_marked_as_serbian(client, site):
    issues = build_issue(site, ["sr-latn"])
    archive = issues["en"].get_parent()
    montenegrin = archive.copy_for_translation(Locale.objects.get(language_code="cnr"))
    montenegrin.save_revision().publish()

    html = parse(client.get(montenegrin.url))

    links = html.select(".newsletter-issues .teaser__title a")
    assert [text(link) for link in links] == [issues["sr-latn"].title]
    assert (links[0]["lang"], links[0]["dir"], links[0]["href"]) == ("sr-latn", "auto", issues["sr-latn"].url)
    marker = links[0].find_parent("article").find(class_="fallback-language")
    assert (marker["lang"], marker.bdi["lang"]) == ("cnr", "sr-latn")
