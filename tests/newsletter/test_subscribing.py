import os
import subprocess
import sys

import pytest

from django.core import mail
from django.utils.html import escape

from home.models import HomePage
from newsletter.addresses import email_hash
from newsletter.models import ConsentRecord, Subscriber, Suppression
from newsletter.views import ATTEMPTS_PER_IP
from tests.html import parse
from tests.newsletter.factories import SubscriberFactory
from tests.newsletter.helpers import form_data, link_in

SUBSCRIBE_MK = "/mk/newsletter/subscribe/"


@pytest.mark.django_db(transaction=True)
def test_visitor_confirms_through_the_link_in_the_email_the_worker_sent(
    site, lists, client, celery_worker, smtp_sink
):
    response = client.post(SUBSCRIBE_MK, form_data(" Ana@Example.ORG ", [lists["regional"]], language="mk"))

    assert response.status_code == 302
    assert response["Location"] == "/mk/newsletter/subscribe/check-your-inbox/"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status, subscriber.language) == ("ana@example.org", "pending", "mk")
    assert not subscriber.lists.exists(), "lists wait for the confirmation"

    [received] = smtp_sink.wait_for(1)
    assert received.recipients == ["ana@example.org"]
    assert received.message["To"] == "ana@example.org"
    assert "Регионален билтен" in received.body("plain"), "the lists are named in the subscriber's language"
    assert 'lang="mk"' in received.body("html")

    confirm_path = link_in(received.body("plain"), "confirm")
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert '<html lang="mk"' in page.text
    subscriber.refresh_from_db()
    assert subscriber.status == "pending", "following the link only asks; mail scanners follow links too"

    confirmed = client.post(confirm_path)

    assert confirmed.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    assert subscriber.confirmed_at is not None
    assert list(subscriber.lists.all()) == [lists["regional"]], (
        "the source-language list, not its translation"
    )
    consent = ConsentRecord.objects.get(subscriber=subscriber)
    assert consent.confirmed_at is not None
    assert consent.language == "mk"
    assert consent.version and consent.wording
    assert consent.ip_address == "127.0.0.1"


@pytest.mark.django_db
def test_the_answer_is_the_same_whether_the_address_is_new_known_or_suppressed(
    site, lists, client, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="known@example.org", lists=[lists["regional"]])
    Suppression.objects.create(email_hash=email_hash("blocked@example.org"), reason=Suppression.Reason.MANUAL)

    answers = []
    for address in ("new@example.org", "known@example.org", "blocked@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(SUBSCRIBE_MK, form_data(address, [lists["calls"]]))
        answers.append((response.status_code, response["Location"]))

    assert len(set(answers)) == 1
    assert sorted(message.to[0] for message in mail.outbox) == ["known@example.org", "new@example.org"]
    assert not Subscriber.objects.filter(email="blocked@example.org").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("reason", [Suppression.Reason.HARD_BOUNCE, Suppression.Reason.COMPLAINT])
def test_the_owner_of_a_bounced_or_complained_address_lifts_it_by_confirming_a_new_subscription(
    site, lists, client, django_capture_on_commit_callbacks, reason
):
    from newsletter import audience

    subscriber = SubscriberFactory(email="ana@example.org", lists=[lists["regional"]])
    # What a webhook, forged or not, or the mail server's reply recorded.
    audience.suppress(subscriber.email, reason)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIBE_MK, form_data("ana@example.org", [lists["calls"]]))
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert Suppression.objects.is_suppressed("ana@example.org"), "asking alone lifts nothing"

    client.post(link_in(mail.outbox[0].body, "confirm"))

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert list(subscriber.lists.all()) == [lists["calls"]]
    assert not Suppression.objects.is_suppressed("ana@example.org")


@pytest.mark.django_db
def test_an_active_subscribers_new_lists_wait_for_their_confirmation(
    site, lists, client, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="ana@example.org", lists=[lists["regional"]], language="en")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIBE_MK, form_data(subscriber.email, [lists["calls"]], language="de"))

    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    assert subscriber.language == "en", "nobody changes another person's subscription without their link"
    assert list(subscriber.lists.all()) == [lists["regional"]]

    client.post(link_in(mail.outbox[0].body, "confirm"))

    subscriber.refresh_from_db()
    assert subscriber.language == "de"
    assert set(subscriber.lists.all()) == {lists["regional"], lists["calls"]}


@pytest.mark.django_db
def test_returning_after_unsubscribing_needs_a_fresh_confirmation(
    site, lists, client, django_capture_on_commit_callbacks
):
    from newsletter import audience

    subscriber = SubscriberFactory(email="ana@example.org", lists=[lists["regional"]])
    audience.unsubscribe(subscriber)
    assert Suppression.objects.matching(subscriber.email).get().reason == "unsubscribed"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIBE_MK, form_data(subscriber.email, [lists["calls"]]))

    subscriber.refresh_from_db()
    assert subscriber.status == "pending"
    assert not subscriber.lists.exists()

    client.post(link_in(mail.outbox[0].body, "confirm"))

    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    assert list(subscriber.lists.all()) == [lists["calls"]]
    assert not Suppression.objects.matching(subscriber.email).exists(), "their own confirmation lifts it"


@pytest.mark.django_db
def test_an_invalid_form_explains_each_problem_and_changes_nothing(site, lists, client):
    data = form_data("ana@example.org\r\nBcc: victim@example.org", [], consent="")
    del data["consent"]

    response = client.post(SUBSCRIBE_MK, data)

    assert response.status_code == 400
    assert '<html lang="mk"' in response.text
    errors = response.context["form"].errors
    assert set(errors) == {"email", "lists", "consent"}
    assert errors["email"] == ["Внесете валидна адреса на е-пошта."], "in Macedonian, in the site's words"
    for messages in errors.values():
        assert escape(messages[0]) in response.text
    assert 'aria-invalid="true"' in response.text
    assert not Subscriber.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_the_consent_box_starts_unticked_and_the_language_follows_the_page(site, lists, client):
    response = client.get("/sq/newsletter/subscribe/")

    form = response.context["form"]
    assert form["language"].value() == "sq"
    assert 'name="consent"' in response.text
    assert "checked" not in str(form["consent"])
    assert "Board" not in response.text, "private lists are never offered"


@pytest.mark.django_db
def test_a_filled_honeypot_is_answered_as_success_and_changes_nothing(site, lists, client):
    response = client.post(
        SUBSCRIBE_MK, form_data("bot@example.org", [lists["regional"]], website="http://spam")
    )

    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_a_form_sent_faster_than_a_person_types_is_sent_back(site, lists, client):
    response = client.post(SUBSCRIBE_MK, form_data("fast@example.org", [lists["regional"]], seconds_ago=0.1))

    assert response.status_code == 400
    assert "побрзо отколку што очекувавме" in response.text
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_a_forged_start_time_is_sent_back(site, lists, client):
    response = client.post(
        SUBSCRIBE_MK, form_data("forged@example.org", [lists["regional"]], started="12345")
    )

    assert "побрзо отколку што очекувавме" in response.text
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_one_address_gets_only_a_few_confirmation_emails_a_day(
    site, lists, client, django_capture_on_commit_callbacks
):
    from newsletter import audience

    audience.suppress("blocked@example.org", Suppression.Reason.MANUAL)
    answers = {}
    for address in ("target@example.org", "blocked@example.org"):
        answers[address] = []
        for _attempt in range(4):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(SUBSCRIBE_MK, form_data(address, [lists["regional"]]))
            answers[address].append(response.status_code)

    assert answers["target@example.org"] == [302, 302, 302, 429]
    assert answers["blocked@example.org"] == answers["target@example.org"], "the limit reveals nothing"
    assert "веќе испративме неколку пораки за потврда" in response.text
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_one_client_gets_a_limited_number_of_attempts(site, lists, client, settings):
    from newsletter.views import ATTEMPTS_PER_IP

    statuses = [
        client.post(SUBSCRIBE_MK, form_data(f"person{n}@example.org", [lists["regional"]])).status_code
        for n in range(ATTEMPTS_PER_IP.limit + 1)
    ]

    assert statuses[-1] == 429
    assert set(statuses[:-1]) == {302}
    assert Subscriber.objects.count() == ATTEMPTS_PER_IP.limit


@pytest.mark.django_db
def test_editors_place_a_subscribe_form_on_any_page(site, lists, client):
    home = site["mk"]
    home.body = [
        ("subscribe", {"heading": "Бидете информирани", "text": "", "lists": [lists["calls-mk"]]}),
    ]
    home.save_revision().publish()

    response = client.get(HomePage.objects.get(pk=home.pk).get_url())

    assert response.status_code == 200
    # The block's own form, not the footer's, which offers every list.
    block = parse(response).find("section", class_="subscribe-block")
    assert "Бидете информирани" in str(block)
    assert block.form["action"] == "/mk/newsletter/subscribe/"
    assert "Повици за предлози" in str(block)
    assert "Регионален билтен" not in str(block), "only the lists the editor chose"
    assert block.find("input", attrs={"name": "page"})["value"] == str(home.pk)
    assert block.find("option", selected=True)["value"] == "mk"


@pytest.mark.django_db
def test_a_subscription_from_a_page_records_that_page_as_its_source(
    site, lists, client, django_capture_on_commit_callbacks
):
    page = site["mk"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIBE_MK, form_data("ana@example.org", [lists["calls"]], page=page.pk))

    consent = ConsentRecord.objects.get()
    assert consent.source_detail == page.get_url()
    assert consent.mailing_lists == [{"id": lists["calls"].pk, "name": "Повици за предлози"}]


@pytest.mark.django_db
def test_without_public_lists_the_page_says_so_instead_of_showing_a_form(site, lists, client):
    for mailing_list in lists.values():
        mailing_list.is_public = False
        mailing_list.save()

    response = client.get(SUBSCRIBE_MK)

    assert response.status_code == 200
    assert "Сè уште нема билтени за претплата." in response.text
    assert "<form" not in response.text.split("<main")[1]


CLIENT = "203.0.113.9"

# Another web process: same settings, same Redis, its own memory.
HITS = """
import django
django.setup()
from newsletter.views import ATTEMPTS_PER_IP
print(sum(ATTEMPTS_PER_IP.hit({client!r}) for _ in range({count})))
"""


@pytest.mark.django_db
def test_the_subscribe_limit_per_address_is_shared_by_every_web_process(site, lists, client):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    code = HITS.format(client=CLIENT, count=ATTEMPTS_PER_IP.limit)
    processes = [
        subprocess.Popen([sys.executable, "-c", code], env=environment, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    allowed = [int(process.communicate(timeout=60)[0]) for process in processes]

    assert all(process.returncode == 0 for process in processes)
    assert sum(allowed) == ATTEMPTS_PER_IP.limit, "two processes together get one limit, not one each"

    blocked = client.post(
        "/en/newsletter/subscribe/", form_data("ana@example.org", [lists["regional"]]), REMOTE_ADDR=CLIENT
    )
    elsewhere = client.post("/en/newsletter/subscribe/", form_data("ana@example.org", [lists["regional"]]))

    assert blocked.status_code == 429
    assert "Too many attempts from your network" in blocked.text
    assert elsewhere.status_code == 302
