"""Fixtures for campaigns: an index in every language, countries, campaigns in any state."""

import pytest

from wagtail.models import Locale

from tests.factories import CampaignIndexPageFactory, CampaignPageFactory, CountryFactory, publish_translation


@pytest.fixture
def campaign_index(site):
    """The campaign index under the English home page, published in every language."""
    index = CampaignIndexPageFactory(parent=site["en"])
    for code in site:
        if code != "en":
            publish_translation(index, code, title=f"Campaigns [{code}]")
    return index


@pytest.fixture
def countries(db):
    """Source-language countries; Albania is also named in Albanian, Kosovo carries its footnote."""
    created = {
        "AL": CountryFactory(name="Albania", code="AL"),
        "MK": CountryFactory(name="North Macedonia", code="MK"),
        "XK": CountryFactory(
            name="Kosovo",
            code="XK",
            designation_footnote="This designation is without prejudice to positions on status.",
        ),
    }
    albanian = created["AL"].copy_for_translation(Locale.objects.get(language_code="sq"))
    albanian.name = "Shqipëria"
    albanian.save()
    return created


@pytest.fixture
def make_campaign(campaign_index):
    """Return a function publishing an English campaign page (active unless told otherwise)."""

    def make(**fields):
        return CampaignPageFactory(parent=campaign_index, **fields)

    return make


@pytest.fixture
def campaign(make_campaign):
    """An active campaign aiming for 100 signatures, in English and Albanian."""
    page = make_campaign(title="Defend civic space", slug="defend-civic-space", signature_target=100)
    publish_translation(
        page, "sq", title="Mbroni hapësirën qytetare", ask="Mbroni hapësirën ku qytetarët organizohen."
    )
    return page
