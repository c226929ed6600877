"""Bad input gets a 4xx in the reader's language and direction, never a 500."""

import pytest

from django.test import Client

from tests.campaigns.helpers import sign_url, signature_data
from tests.factories import CampaignIndexPageFactory, CampaignPageFactory, CountryFactory
from tests.html import parse
from tests.newsletter.factories import MailingListFactory
from tests.newsletter.helpers import form_data

pytestmark = pytest.mark.django_db

OUT_OF_RANGE_ID = "999999999999999999999999999999"
CSRF_TOKEN = "k" * 32


@pytest.fixture
def browser_client():
    """A client that checks CSRF as a browser's requests are checked, and answers errors as pages."""
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("mk", "mk-ltr"), ("ar", "rtl")])
def test_a_form_post_django_cannot_decode_gets_the_400_page_in_the_readers_language(
    site, browser_client, language, direction
):
    browser_client.cookies["csrftoken"] = CSRF_TOKEN
    response = browser_client.generic(
        "POST",
        f"/{language}/newsletter/subscribe/",
        b"email=ana%40example.org",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
        headers={"X-CSRFToken": CSRF_TOKEN},
    )

    html = parse(response, status=400)
    assert html.html["lang"] == language
    assert html.html["dir"] == direction.removeprefix(f"{language}-")
    assert html.find("h1")


def test_a_form_without_its_csrf_token_gets_the_sites_own_403_page_in_arabic(site, browser_client):
    response = browser_client.post("/ar/newsletter/subscribe/", {"email": "ana@example.org"})

    html = parse(response, status=403)
    assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl")
    assert html.find("a", href="/ar/")


def test_a_list_no_database_can_hold_is_a_form_error_not_a_server_error(site, client):
    MailingListFactory()
    data = form_data("ana@example.org", [])
    data["lists"] = OUT_OF_RANGE_ID

    response = Client(raise_request_exception=False).post("/en/newsletter/subscribe/", data)

    errors = [error.get_text() for error in parse(response, status=400).select(".field-error")]
    assert errors == [f"“{OUT_OF_RANGE_ID}” is not a valid value."]


def test_a_page_no_database_can_hold_is_refused_as_bad_input(site, client):
    data = form_data("ana@example.org", [])
    data["page"] = OUT_OF_RANGE_ID

    response = Client(raise_request_exception=False).post("/en/newsletter/subscribe/", data)

    assert response.status_code == 400


def test_a_campaign_country_no_database_can_hold_is_a_form_error(content, client):
    campaign = CampaignPageFactory(parent=CampaignIndexPageFactory(parent=content.homes["en"]))

    data = {**signature_data("ana@example.org", CountryFactory()), "country": OUT_OF_RANGE_ID}

    response = Client(raise_request_exception=False).post(sign_url(campaign), data)

    assert response.status_code == 400
    assert "Select a valid choice." in response.text


def test_an_unknown_address_gets_the_themed_404_page_in_its_language(site, client):
    response = client.get("/sq/no-such-page/")

    html = parse(response, status=404)
    assert html.html["lang"] == "sq"
    assert html.find("nav") or html.find("header"), "the reader can find their way from the 404 page"


def test_a_server_error_gets_the_standalone_500_page(rf, settings):
    from django.utils import translation

    from home.errors import server_error

    with translation.override("ar"):
        response = server_error(rf.get("/ar/"))

    html = parse(response, status=500)
    assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl")
