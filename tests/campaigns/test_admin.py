"""Signatures in the admin: per campaign, filtered, counted, exported and erased on request."""

import csv
import datetime
import io
import re

import pytest

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from campaigns import signing
from campaigns.models import Campaign, CampaignPage, Signature
from home.models import User
from newsletter.models import Subscriber
from tests.campaigns.helpers import in_language, signed
from tests.factories import EventPageFactory, ListingPageFactory, OrganisationFactory

SIGNATURES = "/admin/campaigns/signatures/"


@pytest.fixture
def signatures(campaign, make_campaign, countries):
    """Signatures of two campaigns, in English and Albanian, confirmed or not."""
    other = make_campaign(title="Another campaign")
    albanian = in_language(campaign, "sq")
    return {
        "ana": signed(albanian, "ana@example.org", countries["AL"], name="Ana", organisation="=HYPERLINK(1)"),
        "besa": signed(albanian, "besa@example.org", countries["XK"], name="Besa"),
        "cvetan": signed(campaign, "cvetan@example.org", countries["MK"], name="Cvetan"),
        "pending": signed(campaign, "dana@example.org", countries["MK"], name="Dana", confirmed=False),
        "elsewhere": signed(other, "ana2@example.org", countries["AL"], name="Ana elsewhere"),
    }


def listed(response):
    return sorted(signature.name for signature in response.context["object_list"])


@pytest.mark.django_db
def test_staff_see_a_campaigns_signatures_filtered_and_counted_per_country_and_language(
    admin_client, campaign, signatures, countries
):
    key = str(campaign.translation_key)

    everything = admin_client.get(SIGNATURES, {"campaign": key})
    confirmed = admin_client.get(SIGNATURES, {"campaign": key, "status": "confirmed"})
    albanian = admin_client.get(SIGNATURES, {"campaign": key, "language": "sq"})
    kosovo = admin_client.get(SIGNATURES, {"country": countries["XK"].pk})
    searched = admin_client.get(SIGNATURES, {"q": "cvetan"})

    assert listed(everything) == ["Ana", "Besa", "Cvetan", "Dana"]
    assert listed(confirmed) == ["Ana", "Besa", "Cvetan"]
    assert listed(albanian) == ["Ana", "Besa"]
    assert listed(kosovo) == ["Besa"]
    assert listed(searched) == ["Cvetan"]
    assert everything.context["confirmed_count"] == 3, "a pending signature is not counted"
    assert [(str(country), count) for country, count in everything.context["per_country"]] == [
        ("Albania", 1),
        ("Kosovo*", 1),
        ("North Macedonia", 1),
    ]
    names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    assert everything.context["per_language"] == [(names["sq"], 2), (names["en"], 1)]
    assert "Confirmed signatures per country" in everything.text
    assert "Defend civic space" in everything.text, "each row names its campaign"


@pytest.mark.django_db
def test_the_campaign_page_links_to_its_signatures(admin_client, campaign, campaign_index):
    explorer = admin_client.get(f"/admin/pages/{campaign_index.pk}/")
    editor = admin_client.get(f"/admin/pages/{campaign.pk}/edit/")

    link = f"{SIGNATURES}?campaign={campaign.translation_key}"
    assert link in explorer.text
    assert link in editor.text


@pytest.mark.django_db
def test_staff_export_the_filtered_signatures_as_csv(admin_client, campaign, signatures):
    response = admin_client.get(SIGNATURES, {"campaign": str(campaign.translation_key), "export": "csv"})

    assert response["Content-Type"] == "text/csv"
    assert 'filename="signatures.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted(row["Email"] for row in rows) == [
        "ana@example.org",
        "besa@example.org",
        "cvetan@example.org",
        "dana@example.org",
    ]
    ana = next(row for row in rows if row["Email"] == "ana@example.org")
    assert ana["Campaign"] == "Defend civic space"
    assert ana["Country"] == "Albania"
    assert ana["Language"] == "sq"
    assert ana["Status"] == "confirmed"
    assert ana["Organisation"] == "'=HYPERLINK(1)", "a spreadsheet shows it as text, never runs it"


@pytest.mark.django_db
def test_erasing_a_signer_keeps_the_count_and_nothing_that_identifies_them(
    admin_client, campaign, make_campaign, signatures, countries
):
    pending_elsewhere = signed(
        Campaign.objects.exclude(pk=campaign.campaign.pk).get().page_in("en"),
        "ana@example.org",
        countries["AL"],
        confirmed=False,
    )
    ana = signatures["ana"]

    asked = admin_client.get(f"{SIGNATURES}delete/{ana.pk}/")
    erased = admin_client.post(f"{SIGNATURES}delete/{ana.pk}/")

    assert "Another campaign" in asked.text and "Defend civic space" in asked.text, (
        "staff see every signature of the address before erasing"
    )
    assert erased.status_code == 302
    assert not Signature.objects.filter(pk=pending_elsewhere.pk).exists(), "a pending signature goes"
    ana.refresh_from_db()
    assert ana.status == Signature.Status.ERASED
    assert (ana.email, ana.name, ana.organisation, ana.ip_address, ana.show_name) == (
        None,
        "",
        "",
        None,
        False,
    )
    assert timezone.localtime(ana.confirmed_at).time() == datetime.time(0), "the day, not the moment"
    remaining = list(Signature.objects.filter(pk=ana.pk).values_list())[0]
    for trace in ("ana@example.org", "Ana", "HYPERLINK", "127.0.0.1"):
        assert not any(trace in str(value) for value in remaining), trace
    assert ana.country == countries["AL"] and ana.language == "sq", "what is left still counts per country"
    campaign.campaign.refresh_from_db()
    assert campaign.campaign.signature_count == 3
    assert campaign.campaign.signatures.confirmed().count() == 3


@pytest.mark.django_db
def test_the_erase_page_points_at_the_newsletter_subscriber_of_the_same_address(
    admin_client, signatures, make_subscriber_for
):
    subscriber = make_subscriber_for("besa@example.org")

    asked = admin_client.get(f"{SIGNATURES}delete/{signatures['besa'].pk}/")
    admin_client.post(f"{SIGNATURES}delete/{signatures['besa'].pk}/")

    assert f"/admin/newsletter/subscribers/delete/{subscriber.pk}/" in asked.text
    assert Subscriber.objects.filter(pk=subscriber.pk).exists(), "the newsletter is erased from its own page"


@pytest.fixture
def make_subscriber_for(db):
    def make(email):
        return Subscriber.objects.create(email=email, language="en", status=Subscriber.Status.ACTIVE)

    return make


@pytest.mark.django_db
def test_signatures_are_never_added_or_edited_in_the_admin(admin_client, signatures):
    pk = signatures["ana"].pk

    refused = [
        admin_client.get(f"{SIGNATURES}new/"),
        admin_client.post(f"{SIGNATURES}edit/{pk}/", {"name": "X"}),
    ]

    assert [(answer.status_code, answer["Location"]) for answer in refused] == [(302, "/admin/")] * 2
    assert Signature.objects.get(pk=pk).name == "Ana"
    assert admin_client.get(f"{SIGNATURES}inspect/{pk}/").status_code == 200


@pytest.mark.django_db
def test_staff_who_may_only_view_cannot_erase(client, signatures):
    viewers = Group.objects.create(name="Campaigners")
    viewers.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_signature")
    )
    user = User.objects.create_user("viewer", "viewer@example.org", "password")
    user.groups.add(viewers)
    client.force_login(user)

    assert client.get(SIGNATURES).status_code == 200
    refused = client.post(f"{SIGNATURES}delete/{signatures['ana'].pk}/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    signatures["ana"].refresh_from_db()
    assert signatures["ana"].email == "ana@example.org"


@pytest.mark.django_db
def test_staff_launch_a_campaign_from_the_page_editor(admin_client, campaign_index, site, countries):
    events = ListingPageFactory(parent=site["en"], title="Events", slug="events")
    event = EventPageFactory(parent=events, title="Regional forum")
    partner = OrganisationFactory(name="BCSDN")
    data = nested_form_data(
        {
            "title": "Defend civic space",
            "slug": "defend-civic-space",
            "ask": "Protect the space where citizens organise.",
            "status": "active",
            "start_date": "2026-03-01",
            "end_date": "",
            "signature_target": "1000",
            "call_to_action": "Take the pledge",
            "hashtag": "#CivicSpace",
            "goals": rich_text("<ul><li>A law that protects protest</li></ul>"),
            "body": streamfield([]),
            "toolkit": streamfield([]),
            "related_events": inline_formset([{"event": event.pk}]),
            "partners": inline_formset([{"organisation": partner.pk}]),
            "listing_summary": "",
            "action-publish": "publish",
        }
    )

    response = admin_client.post(f"/admin/pages/add/campaigns/campaignpage/{campaign_index.pk}/", data)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = CampaignPage.objects.get(slug="defend-civic-space")
    assert page.live and page.hashtag == "CivicSpace"
    assert [link.organisation for link in page.partners.all()] == [partner]
    assert [link.event for link in page.related_events.all()] == [event]
    assert page.campaign.mailing_list.name == "Defend civic space"
    assert "Take the pledge" in admin_client.get(page.url).text


@pytest.mark.django_db
def test_an_erased_signature_is_listed_without_anything_that_identifies_it(admin_client, signatures):
    signing.erase("ana@example.org")

    listing = admin_client.get(SIGNATURES, {"status": "erased"})

    assert len(listing.context["object_list"]) == 1
    assert "Erased signature" in listing.text
    assert "None" not in re.sub(r"<[^>]+>", " ", listing.text).split(), "empty cells stay empty"
