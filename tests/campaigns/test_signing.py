"""Signing a campaign: double opt-in in the signer's language, once per address, counted once."""

import datetime

import pytest

from django.core import mail

from campaigns.emails import send_signature_email
from campaigns.models import CampaignPage, Signature
from campaigns.signing import EMAILS_PER_ADDRESS, erase
from campaigns.views import ATTEMPTS_PER_IP
from newsletter.addresses import email_hash
from newsletter.models import ConsentRecord, Subscriber, Suppression
from tests.campaigns.helpers import confirm_link_in, in_language, sign_url, signature_data, signed
from tests.factories import publish_translation
from tests.newsletter.helpers import link_in


@pytest.mark.django_db
def test_a_signature_counts_once_its_owner_confirms_it_in_their_language(
    campaign, countries, client, django_capture_on_commit_callbacks
):
    page = in_language(campaign, "sq")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sign_url(page), signature_data(" Ana@Example.ORG ", countries["AL"]))

    assert response.status_code == 302
    assert response["Location"] == page.url + "sign/check-your-inbox/"
    signature = Signature.objects.get()
    assert (signature.email, signature.language, signature.confirmed_at) == ("ana@example.org", "sq", None)
    assert signature.consent_language == "sq" and signature.consent_version and signature.consent_wording
    assert signature.ip_address == "127.0.0.1"
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "Mbroni hapësirën qytetare" in message.subject, "the campaign is named in the signer's language"
    assert 'lang="sq"' in message.alternatives[0].content
    campaign.refresh_from_db()
    assert campaign.campaign.signature_count == 0, "nothing counts before the confirmation"

    link = confirm_link_in(message.body)
    assert link.startswith("/sq/")
    asked = client.get(link)
    assert asked.status_code == 200
    assert '<html lang="sq"' in asked.text
    signature.refresh_from_db()
    assert signature.confirmed_at is None, "following the link only asks; mail scanners follow links too"

    confirmed = client.post(link)
    again = client.post(link)

    assert confirmed.status_code == again.status_code == 200
    assert "<strong>1</strong> nga 100 nënshkrime" in confirmed.text, "the thanks show the new count"
    signature.refresh_from_db()
    assert signature.confirmed_at is not None
    campaign.campaign.refresh_from_db()
    assert campaign.campaign.signature_count == 1, "following the link twice counts once"
    assert ">1</strong>" in client.get(page.url).text
    assert not Subscriber.objects.exists(), "no updates were asked for"


@pytest.mark.django_db
def test_a_signer_who_asks_for_updates_joins_the_campaigns_list_through_the_newsletters_own_flow(
    campaign, countries, client, django_capture_on_commit_callbacks
):
    page = in_language(campaign, "sq")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(sign_url(page), signature_data("ana@example.org", countries["AL"], updates="on"))
    assert not Subscriber.objects.exists(), "nobody joins a list before proving the address is theirs"

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(confirm_link_in(mail.outbox[0].body))

    assert "edhe një email" in confirmed.text
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status, subscriber.language) == ("ana@example.org", "pending", "sq")
    consent = ConsentRecord.objects.get(subscriber=subscriber)
    mailing_list = campaign.campaign.mailing_list
    assert consent.source == Subscriber.Source.CAMPAIGN
    assert consent.language == "sq" and consent.version and "përditësime për këtë fushatë" in consent.wording
    assert consent.ip_address == "127.0.0.1"
    assert [item["id"] for item in consent.mailing_lists] == [mailing_list.pk]
    newsletter_confirmation = mail.outbox[1]
    assert "Mbroni hapësirën qytetare" in newsletter_confirmation.body, (
        "the list is named in the signer's language"
    )

    client.post(link_in(newsletter_confirmation.body, "confirm"))

    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    assert list(subscriber.lists.all()) == [mailing_list]
    assert not mailing_list.is_public, "the campaign's list is filled by its signers only"


@pytest.mark.django_db
def test_a_suppressed_signer_is_answered_the_same_and_gets_no_updates(
    campaign, countries, client, django_capture_on_commit_callbacks
):
    Suppression.objects.create(email_hash=email_hash("gone@example.org"), reason=Suppression.Reason.MANUAL)
    answers = []
    for address in ("ana@example.org", "gone@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(sign_url(campaign), signature_data(address, countries["MK"], updates="on"))
        with django_capture_on_commit_callbacks(execute=True):
            confirmed = client.post(confirm_link_in(mail.outbox[-1].body))
        answers.append(confirmed)

    assert [answer.status_code for answer in answers] == [200, 200]
    assert all("one more email" in answer.text for answer in answers)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.org",
        "ana@example.org",
        "gone@example.org",
    ], "the suppressed address got its signature's email and nothing from the newsletter"
    assert not Subscriber.objects.filter(email="gone@example.org").exists()
    campaign.campaign.refresh_from_db()
    assert campaign.campaign.signature_count == 2


@pytest.mark.django_db
def test_an_address_signs_a_campaign_once(campaign, countries, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(sign_url(campaign), signature_data("ana@example.org", countries["AL"], name="Ana"))
    client.post(confirm_link_in(mail.outbox[0].body))

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            sign_url(campaign), signature_data("ANA@example.org", countries["MK"], name="Someone else")
        )

    assert again.status_code == 302 and again["Location"].endswith("/sign/check-your-inbox/"), (
        "the answer says nothing about who signed"
    )
    signature = Signature.objects.get()
    assert (signature.name, signature.country) == ("Ana", countries["AL"]), "a confirmed signature stays"
    campaign.campaign.refresh_from_db()
    assert campaign.campaign.signature_count == 1
    assert mail.outbox[1].to == ["ana@example.org"]
    assert "already signed" in mail.outbox[1].subject
    assert "/confirm/" not in mail.outbox[1].body


@pytest.mark.django_db
def test_signing_again_before_confirming_replaces_the_request_and_voids_the_earlier_link(
    campaign, countries, client, django_capture_on_commit_callbacks
):
    for name in ("Ana Hoxa", "Ana Hoxha"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(sign_url(campaign), signature_data("ana@example.org", countries["AL"], name=name))
    first, second = (confirm_link_in(message.body) for message in mail.outbox)

    stale = client.post(first)
    confirmed = client.post(second)

    assert stale.status_code == 400
    assert "This link does not work" in stale.text
    assert confirmed.status_code == 200
    signature = Signature.objects.get()
    assert signature.name == "Ana Hoxha" and signature.confirmed_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"status": "upcoming", "start_date": datetime.date(2031, 3, 1)},
            "opens for signatures on March 1, 2031",
        ),
        ({"status": "upcoming"}, "not open for signatures yet"),
        (
            {"status": "active", "start_date": datetime.date(2031, 3, 1)},
            "opens for signatures on March 1, 2031",
        ),
        (
            {"status": "active", "end_date": datetime.date(2020, 6, 30)},
            "closed for signatures on June 30, 2020",
        ),
        ({"status": "closed"}, "This campaign is closed for signatures."),
        ({"status": "won"}, "This campaign has been won"),
    ],
)
def test_a_campaign_not_open_refuses_signatures_and_says_why(
    make_campaign, countries, client, fields, message
):
    page = make_campaign(**fields)

    shown = client.get(page.url)
    refused = client.post(sign_url(page), signature_data("ana@example.org", countries["AL"]))

    assert message in shown.text
    assert "signature-form" not in shown.text
    assert refused.status_code == 403
    assert message in refused.text
    assert not Signature.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_a_link_followed_after_the_campaign_closed_counts_nothing(
    campaign, countries, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(sign_url(campaign), signature_data("ana@example.org", countries["AL"]))
    CampaignPage.objects.filter(translation_key=campaign.translation_key).update(
        status=CampaignPage.Status.CLOSED
    )

    refused = client.post(confirm_link_in(mail.outbox[0].body))

    assert refused.status_code == 403
    assert "This campaign is closed for signatures." in refused.text
    assert Signature.objects.get().confirmed_at is None
    campaign.campaign.refresh_from_db()
    assert campaign.campaign.signature_count == 0


@pytest.mark.django_db
def test_bad_links_get_one_answer_that_says_nothing_about_why(
    campaign, make_campaign, countries, client, django_capture_on_commit_callbacks
):
    other = make_campaign(title="Another campaign")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(sign_url(campaign), signature_data("ana@example.org", countries["AL"]))
    link = confirm_link_in(mail.outbox[0].body)
    token = link.partition("?")[2]

    elsewhere = client.get(other.url + "confirm/?" + token)
    answers = [client.get(link[:-3]), client.get(campaign.url + "confirm/")]
    erase("ana@example.org")
    answers.append(client.get(link))

    assert [answer.status_code for answer in [elsewhere, *answers]] == [400, 400, 400, 400]
    assert "This link does not work" in elsewhere.text
    assert len({answer.text for answer in answers}) == 1


@pytest.mark.django_db
def test_bots_are_answered_as_people_and_nothing_is_recorded(campaign, countries, client):
    response = client.post(
        sign_url(campaign),
        signature_data("bot@example.org", countries["AL"], website="http://spam.example"),
    )

    assert response.status_code == 302
    assert response["Location"].endswith("/sign/check-your-inbox/")
    assert not Signature.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_a_form_sent_faster_than_a_person_types_is_sent_back(campaign, countries, client):
    response = client.post(
        sign_url(campaign), signature_data("ana@example.org", countries["AL"], seconds_ago=0)
    )

    assert response.status_code == 400
    assert "quicker than we expected" in response.text
    assert not Signature.objects.exists()


@pytest.mark.django_db
def test_missing_consent_or_country_changes_nothing_and_says_what_to_do(campaign, countries, client):
    data = signature_data("ana@example.org", countries["AL"])
    del data["consent"]
    data["country"] = ""

    response = client.post(sign_url(campaign), data)

    assert response.status_code == 400
    assert "Tick the box to agree" in response.text
    assert "Choose your country." in response.text
    assert 'value="ana@example.org"' in response.text, "what was typed stays in the form"
    assert not Signature.objects.exists()


@pytest.mark.django_db
def test_too_many_attempts_from_one_network_are_refused(campaign, countries, client):
    for attempt in range(ATTEMPTS_PER_IP.limit):
        client.post(sign_url(campaign), signature_data(f"person{attempt}@example.org", countries["AL"]))

    refused = client.post(sign_url(campaign), signature_data("late@example.org", countries["AL"]))

    assert refused.status_code == 429
    assert "Too many attempts from your network" in refused.text
    assert not Signature.objects.filter(email="late@example.org").exists()


@pytest.mark.django_db
def test_an_address_gets_a_few_emails_about_a_campaign_a_day_whoever_asks(
    campaign, countries, client, django_capture_on_commit_callbacks
):
    answers = []
    for _attempt in range(EMAILS_PER_ADDRESS.limit + 1):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(
                client.post(sign_url(campaign), signature_data("ana@example.org", countries["AL"]))
            )

    assert [answer.status_code for answer in answers] == [302] * EMAILS_PER_ADDRESS.limit + [429]
    assert "several emails about this campaign" in answers[-1].text
    assert len(mail.outbox) == EMAILS_PER_ADDRESS.limit


@pytest.mark.django_db
def test_nothing_a_signer_types_reaches_an_email_header_or_the_email(
    campaign, countries, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            sign_url(campaign),
            signature_data(
                "ana@example.org",
                countries["AL"],
                name="Ana\r\nBcc: victim@example.org",
                organisation="Visit\nhttp://spam.example",
            ),
        )

    signature = Signature.objects.get()
    assert signature.name == "Ana Bcc: victim@example.org"
    assert signature.organisation == "Visit http://spam.example"
    [message] = mail.outbox
    sent = message.message()
    assert sent["To"] == "ana@example.org"
    assert sent["Bcc"] is None and message.bcc == []
    assert "\n" not in sent["Subject"]
    assert "victim" not in message.body and "spam.example" not in message.body, (
        "what strangers type never travels in our emails"
    )


@pytest.mark.django_db
def test_the_email_speaks_the_signers_language_and_links_to_the_nearest_translation(campaign, countries):
    signing_page = publish_translation(campaign, "de", title="Zivilgesellschaft verteidigen")
    signature = signed(signing_page, "ana@example.org", countries["AL"], confirmed=False)
    signing_page.unpublish()

    assert send_signature_email(signature.pk)

    [message] = mail.outbox
    assert 'lang="de"' in message.alternatives[0].content
    assert "Defend civic space" in message.subject, "the German page is gone: the source language's title"
    assert confirm_link_in(message.body).startswith(campaign.url + "confirm/?token=")


@pytest.mark.django_db
def test_no_email_goes_to_an_erased_signer_or_for_a_campaign_without_a_live_page(campaign, countries):
    erased = signed(campaign, "ana@example.org", countries["AL"], confirmed=False)
    kept = signed(campaign, "besa@example.org", countries["AL"], confirmed=False)
    erase("ana@example.org")

    assert not send_signature_email(erased.pk)
    CampaignPage.objects.filter(translation_key=campaign.translation_key).update(live=False)
    assert not send_signature_email(kept.pk)
    assert not mail.outbox
