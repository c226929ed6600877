"""Every page offers the newsletter, and every page is the same for every anonymous visitor.

A form on every page must not make pages uncacheable: an anonymous GET sets no cookie and nothing
in it depends on one. The forms' CSRF token and start time are fetched when a visitor starts
using a form (home.form_tokens); a form sent without them is shown again, not acted on.
"""

import json

import pytest

from django.test import Client
from django.urls import reverse

from campaigns.models import Signature
from newsletter.models import Subscriber
from tests.campaigns.helpers import sign_url, signature_data
from tests.content import build_content
from tests.factories import CampaignIndexPageFactory, CampaignPageFactory, CountryFactory
from tests.html import parse
from tests.newsletter.helpers import form_data
from tests.newsletter.factories import MailingListFactory, build_issue


@pytest.fixture
def every_page_type(site):
    """{name: URL} of a page of every type, with a newsletter to subscribe to."""
    content = build_content(site)
    MailingListFactory(name="Regional newsletter", slug="regional")
    index = CampaignIndexPageFactory(parent=site["en"])
    campaign = CampaignPageFactory(parent=index, title="Defend civic space", signature_target=100)
    issues = build_issue(site, languages={})
    return {
        "home": site["en"].url,
        "home in Arabic": site["ar"].url,
        "listing": content.listing.url,
        "news item": content.news.url,
        "event": content.event.url,
        "project": content.project.url,
        "campaign index": index.url,
        "campaign": campaign.url,
        "newsletter archive": issues["en"].get_parent().url,
        "newsletter issue": issues["en"].url,
        "subscribe page": reverse("newsletter_subscribe:form"),
        "search": "/en/search/?q=civic",
    }


def form_tokens(client):
    response = client.get(reverse("form_tokens"))
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.django_db
def test_an_anonymous_visit_to_any_page_sets_no_cookie_and_nothing_in_it_depends_on_one(
    client, every_page_type
):
    for name, url in every_page_type.items():
        response = client.get(url)

        assert response.status_code == 200, name
        assert response.cookies == {}, name
        # Django's CSRF middleware adds "Vary: Cookie" (and the cookie) when a page used a token.
        assert not response.wsgi_request.META.get("CSRF_COOKIE_NEEDS_UPDATE"), name
        html = parse(response)
        for form in html.find_all("form", method="post"):
            assert form.has_attr("data-form-tokens"), (name, form.get("class"))
            assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"] == "", name
            assert form.find("input", attrs={"name": "started"})["value"] == "", name


@pytest.mark.django_db
def test_every_page_offers_the_newsletter_in_its_header_and_footer(client, every_page_type):
    for name, url in every_page_type.items():
        html = parse(client.get(url))

        subscribe = reverse("newsletter_subscribe:form")
        header_link = html.find("header", class_="site-header").find("a", href=subscribe)
        assert header_link is not None, name
        footer = html.find("footer", class_="site-footer")
        if name == "subscribe page":
            assert footer.find("form") is None, "the page's own form is not repeated"
        else:
            assert footer.find("form", class_="subscribe-form")["action"] == subscribe, name


@pytest.mark.django_db
def test_articles_and_the_newsletters_pages_end_with_a_call_to_subscribe(client, every_page_type):
    for name in ("news item", "event", "project", "newsletter archive", "newsletter issue", "home"):
        html = parse(client.get(every_page_type[name]))

        callout = html.find("main").find("section", class_="callout")
        assert callout.find("form", class_="subscribe-form") is not None, name


@pytest.mark.django_db
def test_the_tokens_come_from_an_uncached_address_that_sets_the_cookie_then(client):
    response = client.get(reverse("form_tokens"))

    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert "csrftoken" in response.cookies
    assert set(json.loads(response.content)) == {"csrfmiddlewaretoken", "started"}
    assert client.post(reverse("form_tokens")).status_code == 405


@pytest.mark.django_db
def test_a_form_sent_with_the_fetched_tokens_subscribes(site, settings):
    settings.FORM_MIN_SECONDS = 0
    newsletter = MailingListFactory(name="Regional newsletter", slug="regional")
    browser = Client(enforce_csrf_checks=True)
    tokens = form_tokens(browser)

    data = {**form_data("ana@example.org", [newsletter]), **tokens}
    response = browser.post(reverse("newsletter_subscribe:form"), data)

    assert response.status_code == 302
    assert Subscriber.objects.get().email == "ana@example.org"


@pytest.mark.django_db
def test_a_form_sent_without_its_token_is_shown_again_filled_in_and_changes_nothing(site, settings):
    settings.FORM_MIN_SECONDS = 0
    newsletter = MailingListFactory(name="Regional newsletter", slug="regional")
    browser = Client(enforce_csrf_checks=True)
    data = form_data("ana@example.org", [newsletter], started="")

    refused = browser.post(reverse("newsletter_subscribe:form"), data)

    assert refused.status_code == 403
    assert not Subscriber.objects.exists()
    html = parse(refused, status=403)
    form = html.find("form", class_="subscribe-form")
    assert form.find("input", attrs={"name": "email"})["value"] == "ana@example.org"
    assert form.find("input", attrs={"name": "lists", "value": str(newsletter.pk)}).has_attr("checked")
    assert form.find("input", attrs={"name": "consent"}).has_attr("checked")
    assert form.find(class_="notice")["role"] == "alert"
    token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    started = form.find("input", attrs={"name": "started"})["value"]
    assert token and started and "csrftoken" in refused.cookies

    again = browser.post(
        reverse("newsletter_subscribe:form"), {**data, "csrfmiddlewaretoken": token, "started": started}
    )

    assert again.status_code == 302
    assert Subscriber.objects.get().email == "ana@example.org"


@pytest.mark.django_db
def test_a_signature_sent_without_its_token_is_shown_again_and_one_with_it_counts(site, settings):
    settings.FORM_MIN_SECONDS = 0
    index = CampaignIndexPageFactory(parent=site["en"])
    campaign = CampaignPageFactory(parent=index, title="Defend civic space")
    albania = CountryFactory(name="Albania", code="AL")
    browser = Client(enforce_csrf_checks=True)
    data = signature_data("ana@example.org", albania, name="Ana Hoxha")

    refused = browser.post(sign_url(campaign), data)

    assert refused.status_code == 403
    assert not Signature.objects.exists()
    form = parse(refused, status=403).find("form", class_="signature-form")
    assert form.find("input", attrs={"name": "name"})["value"] == "Ana Hoxha"

    signed = browser.post(sign_url(campaign), {**data, **form_tokens(browser)})

    assert signed.status_code == 302
    assert Signature.objects.get().email == "ana@example.org"
