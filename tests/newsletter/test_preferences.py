import json

import pytest

from newsletter import audience, tokens
from newsletter.audience.importing import import_subscribers
from newsletter.models import ConsentRecord, Subscriber, Suppression
from tests.newsletter.factories import SubscriberFactory


def preferences_path(subscriber):
    return tokens.preferences_url(subscriber.pk).removeprefix("http://testserver")


@pytest.fixture
def ana_on_the_board(lists):
    return SubscriberFactory(
        email="ana@example.org", language="mk", name="<b>Ana</b>", lists=[lists["regional"], lists["board"]]
    )


@pytest.mark.django_db
def test_the_preferences_page_speaks_the_subscribers_language(site, ana_on_the_board, client):
    response = client.get(preferences_path(ana_on_the_board), HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 200
    assert '<html lang="mk"' in response.text
    assert "Регионален билтен" in response.text


@pytest.mark.django_db
def test_a_subscriber_changes_language_and_lists(site, lists, ana_on_the_board, client):
    response = client.post(
        preferences_path(ana_on_the_board),
        {"language": "sq", "lists": [lists["calls"].pk, lists["board"].pk]},
    )

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert '<html lang="sq"' in page.text
    assert "Preferencat tuaja u ruajtën." in page.text
    ana_on_the_board.refresh_from_db()
    assert ana_on_the_board.language == "sq"
    assert set(ana_on_the_board.lists.all()) == {lists["calls"], lists["board"]}
    joined = ConsentRecord.objects.get(subscriber=ana_on_the_board, source=Subscriber.Source.PREFERENCES)
    assert joined.mailing_lists == [{"id": lists["calls"].pk, "name": "Повици за предлози"}]
    assert joined.confirmed_at is not None


@pytest.mark.django_db
def test_a_private_list_can_be_left_but_not_joined(site, lists, ana_on_the_board, client):
    outsider = SubscriberFactory(email="bojan@example.org", lists=[lists["regional"]])

    page = client.get(preferences_path(outsider))
    response = client.post(preferences_path(outsider), {"language": "en", "lists": [lists["board"].pk]})

    assert "Board" not in page.text
    assert response.status_code == 200
    assert "lists" in response.context["form"].errors
    assert list(outsider.lists.all()) == [lists["regional"]]

    client.post(preferences_path(ana_on_the_board), {"language": "mk", "lists": [lists["regional"].pk]})

    assert list(ana_on_the_board.lists.all()) == [lists["regional"]]


@pytest.mark.django_db
def test_names_are_shown_escaped(site, ana_on_the_board, client):
    response = client.get(preferences_path(ana_on_the_board))

    assert "<b>Ana</b>" not in response.text


@pytest.mark.django_db
def test_a_subscriber_downloads_their_data(site, lists, ana_on_the_board, client):
    response = client.get(preferences_path(ana_on_the_board) + "data/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="newsletter-data.json"'
    data = json.loads(response.content)
    assert data["profile"]["email"] == "ana@example.org"
    assert data["profile"]["name"] == "<b>Ana</b>"
    assert {item["slug"] for item in data["subscriptions"]} == {"regional", "board"}
    assert "Регионален билтен" in {item["list"] for item in data["subscriptions"]}
    [consent] = data["consents"]
    assert consent["wording"] == "I agree."
    assert "subscriber" not in consent


@pytest.mark.django_db
def test_an_unsubscribed_subscriber_is_offered_to_come_back(site, ana_on_the_board, client):
    audience.unsubscribe(ana_on_the_board)

    response = client.get(preferences_path(ana_on_the_board))

    assert response.status_code == 200
    assert response.context["form"] is None
    assert 'href="/mk/newsletter/subscribe/"' in response.text
    assert client.post(preferences_path(ana_on_the_board), {"language": "en"}).status_code == 200
    ana_on_the_board.refresh_from_db()
    assert ana_on_the_board.language == "mk"


@pytest.mark.django_db
def test_erasing_keeps_only_a_hash_that_imports_respect(site, lists, ana_on_the_board, client):
    page = client.get(preferences_path(ana_on_the_board) + "erase/")
    refused = client.post(preferences_path(ana_on_the_board) + "erase/", {})

    assert page.status_code == 200
    assert refused.status_code == 200
    assert Subscriber.objects.filter(pk=ana_on_the_board.pk).exists(), "nothing happens without the tick"

    erased = client.post(preferences_path(ana_on_the_board) + "erase/", {"understood": "on"})

    assert erased.status_code == 200
    assert '<html lang="mk"' in erased.text
    assert not Subscriber.objects.exists()
    assert not ConsentRecord.objects.exists()
    suppression = Suppression.objects.get()
    assert suppression.reason == Suppression.Reason.ERASED
    assert "ana" not in suppression.email_hash

    report = import_subscribers(["email\n", "ANA@example.org\n"], consent_source="Old spreadsheet")

    assert report.skipped_suppressed == 1
    assert not Subscriber.objects.exists()
    assert client.get(preferences_path(ana_on_the_board)).status_code == 400
