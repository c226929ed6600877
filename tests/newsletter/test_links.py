"""The links in emails: one-click unsubscribe, confirmation, and every way a token can be bad."""

import time
from unittest import mock

import pytest
from anymail.inbound import AnymailInboundMessage
from anymail.signals import AnymailInboundEvent, inbound

from django.core import mail
from django.test import Client

from newsletter import audience, tokens
from newsletter.models import Subscriber, Suppression
from tests.newsletter.factories import SubscriberFactory
from tests.newsletter.helpers import form_data, link_in


def path_of(url):
    return url.removeprefix("http://testserver")


@pytest.fixture
def ana(lists):
    return SubscriberFactory(
        email="ana@example.org", language="mk", lists=[lists["regional"], lists["calls"]]
    )


@pytest.mark.django_db
def test_one_click_unsubscribe_works_from_a_client_without_cookies(site, ana):
    # What a mailbox provider does (RFC 8058): a bare POST, no cookie, no CSRF token.
    client = Client(enforce_csrf_checks=True)
    url = path_of(tokens.unsubscribe_url(ana.pk))

    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200, "answered directly, never redirected"
    assert '<html lang="mk"' in response.text
    ana.refresh_from_db()
    assert ana.status == Subscriber.Status.UNSUBSCRIBED
    assert not ana.lists.exists()
    assert Suppression.objects.matching(ana.email).get().reason == Suppression.Reason.UNSUBSCRIBED

    again = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    assert again.status_code == 200
    ana.refresh_from_db()
    assert ana.status == Subscriber.Status.UNSUBSCRIBED
    assert Suppression.objects.count() == 1


@pytest.mark.django_db
def test_opening_the_unsubscribe_link_only_asks(site, ana, client):
    response = client.get(path_of(tokens.unsubscribe_url(ana.pk)))

    assert response.status_code == 200
    assert "ana@example.org" in response.text
    # The page's own button says it is the page's, so that reports tell it from one-click.
    assert 'name="from" value="page"' in response.text
    assert "List-Unsubscribe" not in response.text
    ana.refresh_from_db()
    assert ana.status == Subscriber.Status.ACTIVE
    assert ana.lists.count() == 2
    assert not Suppression.objects.exists()


@pytest.mark.django_db
def test_unsubscribing_an_erased_subscriber_still_answers_200(site, ana):
    url = path_of(tokens.unsubscribe_url(ana.pk))
    audience.erase(ana)

    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="text/plain"
    )

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_mailed_unsubscribe_request_unsubscribes(site, ana, settings):
    settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX = "leave@news.example.org"
    mailto = tokens.unsubscribe_mailto(ana.pk)
    assert mailto.startswith("mailto:leave@news.example.org?subject=unsubscribe%20")
    subject = mailto.split("subject=")[1].replace("%20", " ")
    message = AnymailInboundMessage.construct(
        from_email="ana@example.org", to="leave@news.example.org", subject=f"Re: {subject}", text=""
    )

    inbound.send(
        sender=object, event=AnymailInboundEvent(message=message, event_type="inbound"), esp_name="Test"
    )

    ana.refresh_from_db()
    assert ana.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db
def test_a_mailed_message_without_a_valid_token_changes_nothing(site, ana):
    forged = tokens.make_token(tokens.MANAGE, ana.pk)
    message = AnymailInboundMessage.construct(subject=f"unsubscribe {forged}", text=f"unsubscribe {ana.pk}")

    inbound.send(
        sender=object, event=AnymailInboundEvent(message=message, event_type="inbound"), esp_name="Test"
    )

    ana.refresh_from_db()
    assert ana.status == Subscriber.Status.ACTIVE


@pytest.mark.django_db
def test_a_confirmation_link_works_once_and_a_later_unsubscribe_voids_it(
    site, lists, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/newsletter/subscribe/", form_data("ana@example.org", [lists["regional"]]))
    confirm_path = link_in(mail.outbox[0].body, "confirm")

    assert client.post(confirm_path).status_code == 200
    assert client.post(confirm_path).status_code == 200, "a second click shows the same result"
    subscriber = Subscriber.objects.get()
    audience.unsubscribe(subscriber)

    assert client.get(confirm_path).status_code == 400
    assert client.post(confirm_path).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db
def test_a_bounce_between_subscribing_and_confirming_voids_the_link(
    site, lists, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/newsletter/subscribe/", form_data("ana@example.org", [lists["regional"]]))
    audience.suppress("ana@example.org", Suppression.Reason.HARD_BOUNCE)

    response = client.post(link_in(mail.outbox[0].body, "confirm"))

    assert response.status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.BOUNCED


def _expired(purpose, subscriber_id, **extra):
    made_at = time.time() - tokens.MAX_AGE[purpose].total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=made_at):
        return tokens.make_token(purpose, subscriber_id, **extra)


@pytest.mark.django_db
def test_every_bad_token_gets_the_same_generic_page(site, ana, client):
    consent = ana.consents.get()
    consent.confirmed_at = None
    consent.save()
    good = {
        "confirm": tokens.make_token(tokens.CONFIRM, ana.pk, c=consent.pk),
        "unsubscribe": tokens.make_token(tokens.UNSUBSCRIBE, ana.pk),
        "preferences": tokens.make_token(tokens.MANAGE, ana.pk),
    }
    bad = {
        "tampered": lambda view: good[view][:-3] + ("aaa" if not good[view].endswith("aaa") else "bbb"),
        "another subscriber's id with this signature": lambda view: good[view].replace(
            good[view].split(":")[0], tokens.make_token(tokens.MANAGE, ana.pk + 1).split(":")[0]
        ),
        "garbage": lambda view: "not-a-token",
        "made for another purpose": lambda view: good[
            "preferences" if view != "preferences" else "unsubscribe"
        ],
        "expired": lambda view: {
            "confirm": _expired(tokens.CONFIRM, ana.pk, c=consent.pk),
            "preferences": _expired(tokens.MANAGE, ana.pk),
            # Unsubscribe links never expire: RFC 8058 wants them working as long as the mail is read.
            "unsubscribe": "not-a-token",
        }[view],
    }
    pages = set()
    for view in ("confirm", "unsubscribe", "preferences"):
        for kind, make in bad.items():
            for method in ("get", "post"):
                response = getattr(client, method)(f"/newsletter/{view}/{make(view)}/")
                assert response.status_code == 400, (view, kind, method)
                pages.add(response.text)
    for view in ("data", "erase"):
        response = client.get(f"/newsletter/preferences/{good['unsubscribe']}/{view}/")
        assert response.status_code == 400
        pages.add(response.text)

    assert len(pages) == 1, "the page says nothing about what was wrong"
    ana.refresh_from_db()
    consent.refresh_from_db()
    assert ana.status == Subscriber.Status.ACTIVE
    assert consent.confirmed_at is None
    assert not Suppression.objects.exists()


ROUTES = {"confirm": tokens.CONFIRM, "preferences": tokens.MANAGE, "unsubscribe": tokens.UNSUBSCRIBE}


@pytest.mark.parametrize(
    ("route", "purpose"),
    [(route, purpose) for route in ROUTES for purpose in ROUTES.values() if purpose != ROUTES[route]],
)
@pytest.mark.django_db
def test_a_token_made_for_one_purpose_opens_no_other_route(site, lists, client, route, purpose):
    pending = SubscriberFactory(email="pending@example.org", status=Subscriber.Status.PENDING)
    consent = pending.consents.get()
    token = tokens.make_token(purpose, pending.pk, c=consent.pk)

    responses = [client.get(f"/newsletter/{route}/{token}/"), client.post(f"/newsletter/{route}/{token}/")]

    assert [response.status_code for response in responses] == [400, 400]
    pending.refresh_from_db()
    consent.refresh_from_db()
    assert (pending.status, consent.confirmed_at) == (Subscriber.Status.PENDING, None)
    assert not Suppression.objects.exists()


@pytest.mark.django_db
def test_the_generic_page_speaks_the_visitors_language(site, client):
    response = client.get("/newsletter/preferences/bad/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 400
    assert '<html lang="de"' in response.text


@pytest.mark.django_db
def test_an_unsubscribe_link_from_years_ago_still_works(site, ana):
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 5 * 365 * 24 * 3600):
        url = path_of(tokens.unsubscribe_url(ana.pk))

    response = Client().post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    ana.refresh_from_db()
    assert ana.status == Subscriber.Status.UNSUBSCRIBED
