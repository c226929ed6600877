"""Campaign pages as readers see them, in every language: the ask, the count, the news, the links."""

import datetime
import re
from urllib.parse import quote

import pytest

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Locale

from campaigns import signing
from campaigns.models import Campaign, CampaignEvent, CampaignPage, CampaignPartner
from home.languages import content_language_codes
from home.models import ArticleRelatedPage
from tests.campaigns.helpers import in_language, signed
from tests.factories import (
    EventPageFactory,
    ListingPageFactory,
    NewsPageFactory,
    OrganisationFactory,
    publish_translation,
)
from tests.html import parse


@pytest.mark.django_db
def test_a_campaign_renders_in_every_default_language(make_campaign, countries, client):
    source = make_campaign(title="Defend civic space", slug="defend-civic-space", signature_target=500)
    pages = {"en": source} | {
        code: publish_translation(source, code, title=f"Defend civic space [{code}]", ask=f"The ask [{code}]")
        for code in content_language_codes()
        if code != "en"
    }

    for code, page in pages.items():
        response = client.get(page.url)

        assert response.status_code == 200, code
        assert page.url.startswith(f"/{code}/")
        assert f'<html lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}">' in response.text
        assert f"<h1>{page.title}</h1>" in response.text
        assert page.ask in response.text
        assert 'class="signature-form"' in response.text
        assert f'action="/campaigns/{page.pk}/sign/"' in response.text
        assert '<progress class="progress__bar campaign-progress__bar" max="500" value="0"' in response.text
    assert Campaign.objects.count() == 1, "every translation shares one campaign"


def country_choices(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    form = parse(response).find("select", attrs={"name": "country"})
    return [option.get_text(strip=True) for option in form.find_all("option")][1:]


@pytest.mark.django_db
def test_the_form_names_the_countries_in_the_readers_language_and_follows_a_renaming(
    campaign, countries, client, django_capture_on_commit_callbacks
):
    albanian_page = in_language(campaign, "sq")
    assert country_choices(client, campaign) == ["Albania", "Kosovo*", "North Macedonia"]
    assert country_choices(client, albanian_page) == ["Kosovo*", "North Macedonia", "Shqipëria"]

    with django_capture_on_commit_callbacks(execute=True):
        countries["MK"].name = "Macedonia (North)"
        countries["MK"].save()
        albanian = in_language(countries["AL"], "sq")
        albanian.name = "Republika e Shqipërisë"
        albanian.save()

    assert country_choices(client, campaign) == ["Albania", "Kosovo*", "Macedonia (North)"]
    assert country_choices(client, albanian_page) == [
        "Kosovo*",
        "Macedonia (North)",
        "Republika e Shqipërisë",
    ]


@pytest.mark.django_db
def test_the_campaigns_list_is_private_and_named_after_the_campaign_in_each_language(make_campaign):
    page = make_campaign(title="Defend civic space")
    publish_translation(page, "sq", title="Mbroni hapësirën qytetare")
    publish_translation(page, "mk", title="Одбранете го граѓанскиот простор")

    mailing_list = Campaign.objects.get().mailing_list
    names = {row.locale.language_code: row.name for row in mailing_list.get_translations(inclusive=True)}

    assert mailing_list.locale.language_code == "en", "subscriptions point at the source-language row"
    assert not mailing_list.is_public
    assert names == {
        "en": "Defend civic space",
        "sq": "Mbroni hapësirën qytetare",
        "mk": "Одбранете го граѓанскиот простор",
    }

    copy = page.copy(update_attrs={"slug": "defend-civic-space-2026", "title": "Defend civic space 2026"})
    assert Campaign.objects.count() == 2, "a copied campaign starts its own count and list"
    assert copy.campaign.mailing_list != mailing_list


@pytest.mark.django_db
def test_the_page_shows_the_count_against_the_target_and_recent_public_names(campaign, countries, client):
    page = in_language(campaign, "sq")
    signed(page, "ana@example.org", countries["AL"], name="Ana Hoxha", show_name=True)
    signed(
        page, "besa@example.org", countries["XK"], name="Besa Krasniqi", show_name=True, organisation="KCSF"
    )
    signed(page, "private@example.org", countries["AL"], name="Private Person")
    signed(
        page, "pending@example.org", countries["AL"], name="Pending Person", show_name=True, confirmed=False
    )
    signed(page, "erased@example.org", countries["AL"], name="Erased Person", show_name=True)
    signing.erase("erased@example.org")

    html = client.get(page.url).text

    assert (
        '<progress class="progress__bar campaign-progress__bar" max="100" value="4" aria-labelledby=' in html
    )
    assert "<strong>4</strong> nga 100 nënshkrime" in html
    supporters = re.search(r'<ul class="campaign__supporters">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", supporters) == [
        "Besa Krasniqi, KCSF (Kosovo*)",
        "Ana Hoxha (Shqipëria)",
    ]
    assert '<p class="campaign__footnote">* This designation is without prejudice' in html, (
        "a country with a designation footnote carries it wherever it is listed"
    )


@pytest.mark.django_db
def test_updates_are_the_news_items_naming_the_campaign_newest_first_in_the_readers_language(
    site, campaign, client
):
    news = ListingPageFactory(parent=site["en"], title="News", slug="news")
    older = NewsPageFactory(parent=news, title="Launch", date=datetime.date(2026, 1, 10))
    newer = NewsPageFactory(parent=news, title="Petition handed over", date=datetime.date(2026, 3, 2))
    unrelated = NewsPageFactory(parent=news, title="Unrelated", date=datetime.date(2026, 4, 1))
    draft = NewsPageFactory(parent=news, title="Draft", date=datetime.date(2026, 5, 1), live=False)
    ArticleRelatedPage.objects.create(article=older, page=campaign)
    ArticleRelatedPage.objects.create(article=newer, page=in_language(campaign, "sq"))
    ArticleRelatedPage.objects.create(article=draft, page=campaign)
    publish_translation(older, "sq", title="Nisja")

    albanian = client.get(in_language(campaign, "sq").url).text
    english = client.get(campaign.url).text

    updates = re.search(r'<ol class="campaign__updates">(.*?)</ol>', albanian, re.S).group(1)
    assert re.findall(r'<a href="[^"]+">(.*?)</a>', updates) == ["Petition handed over", "Nisja"], (
        "newest first; the Albanian translation where there is one, else the English item"
    )
    assert "/sq/news/" in updates
    assert unrelated.title not in english and draft.title not in english


@pytest.mark.django_db
def test_related_events_and_partners_are_shown_in_the_readers_language(site, make_campaign, client):
    events = ListingPageFactory(parent=site["en"], title="Events", slug="events")
    later = EventPageFactory(parent=events, title="Regional forum", city="Skopje")
    sooner = EventPageFactory(
        parent=events, title="Launch event", start=timezone.now() + datetime.timedelta(days=3)
    )
    publish_translation(later, "sq", title="Forumi rajonal")
    partner = OrganisationFactory(name="Balkan Civil Society Development Network", acronym="BCSDN")
    albanian_partner = partner.copy_for_translation(Locale.objects.get(language_code="sq"))
    albanian_partner.name = "Rrjeti Ballkanik për Zhvillimin e Shoqërisë Civile"
    albanian_partner.save()
    page = make_campaign(partners=[CampaignPartner(organisation=partner)])
    page.related_events.add(CampaignEvent(event=later), CampaignEvent(event=sooner))
    page.save()

    albanian = client.get(publish_translation(page, "sq").url).text
    german = client.get(publish_translation(page, "de").url).text

    def titles(html):
        events_html = re.search(r'<ul class="campaign__events">(.*?)</ul>', html, re.S).group(1)
        return re.findall(r'<a href="[^"]+">(.*?)</a>', events_html)

    assert titles(albanian) == ["Launch event", "Forumi rajonal"], "soonest first, translated where it is"
    assert titles(german) == ["Launch event", "Regional forum"]
    assert "Skopje" in german
    assert "Rrjeti Ballkanik për Zhvillimin e Shoqërisë Civile (BCSDN)" in albanian
    assert "Balkan Civil Society Development Network (BCSDN)" in german


@pytest.mark.django_db
def test_share_links_are_plain_links_and_no_outside_script_loads(make_campaign, client):
    page = make_campaign(title="Defend civic space & more", slug="defend-civic-space", hashtag="#CivicSpace")

    html = client.get(page.url).text

    address = "http://localhost/en/campaigns/defend-civic-space/"
    links = re.findall(r'<ul class="campaign-share__links">(.*?)</ul>', html, re.S)[0]
    hrefs = re.findall(r'href="([^"]+)"', links)
    assert f"https://www.facebook.com/sharer/sharer.php?u={quote(address, safe='')}" in hrefs
    assert any(
        href.startswith("https://x.com/intent/post?") and "hashtags=CivicSpace" in href for href in hrefs
    )
    assert any(href.startswith("mailto:?subject=Defend%20civic%20space%20%26%20more") for href in hrefs)
    assert "#CivicSpace" in html
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert scripts == ["/static/js/site.js"], "no script from anywhere else loads on a campaign page"
    assert "<iframe" not in html


@pytest.mark.django_db
def test_the_toolkit_offers_its_documents_for_download(make_campaign, client):
    document = get_document_model().objects.create(
        title="Letter to the minister", file=ContentFile(b"%PDF-1.4 letter", name="letter.pdf")
    )
    page = make_campaign(
        toolkit=[
            ("document", {"document": document, "title": "", "description": "Send it to your minister."})
        ]
    )

    html = client.get(page.url).text

    toolkit = re.search(r'<section class="campaign-toolkit".*?</section>', html, re.S).group(0)
    assert f'href="{document.url}" download>Letter to the minister</a>' in toolkit
    assert "(PDF" in toolkit
    assert "Send it to your minister." in toolkit


@pytest.mark.django_db
def test_the_index_lists_open_upcoming_and_past_campaigns_in_the_readers_language(
    campaign_index, make_campaign, client
):
    today = timezone.localdate()
    open_one = make_campaign(title="Open campaign")
    publish_translation(open_one, "sq", title="Fushatë e hapur")
    make_campaign(title="Starts later", start_date=today + datetime.timedelta(days=10))
    make_campaign(title="Won campaign", status=CampaignPage.Status.WON)
    make_campaign(title="Ended campaign", end_date=today - datetime.timedelta(days=1))

    html = client.get(in_language(campaign_index, "sq").url).text

    sections = dict(re.findall(r'<h2 id="campaigns-(\w+)-heading">.*?</h2>(.*?)</section>', html, re.S))
    titles = {
        name: re.findall(r'card__title"><a class="card__link" href="[^"]+"[^>]*>(.*?)</a>', part)
        for name, part in sections.items()
    }
    assert titles == {
        "open": ["Fushatë e hapur"],
        "upcoming": ["Starts later"],
        "past": ["Ended campaign", "Won campaign"],
    }


@pytest.mark.django_db
def test_the_home_page_features_the_campaigns_open_for_signatures(site, make_campaign, countries, client):
    open_one = make_campaign(title="Open campaign", signature_target=10)
    make_campaign(title="Closed campaign", status=CampaignPage.Status.CLOSED)
    make_campaign(title="Upcoming campaign", status=CampaignPage.Status.UPCOMING)
    signed(open_one, "ana@example.org", countries["AL"])

    english = client.get(site["en"].url).text
    albanian = client.get(site["sq"].url).text

    assert "Campaigns you can join" in english and "<strong>1</strong> of 10 signatures" in english
    assert "Fushata ku mund të bashkoheni" in albanian and "<strong>1</strong> nga 10 nënshkrime" in albanian
    for html in (english, albanian):
        assert "Open campaign" in html, "shown in the source language until it is translated"
        assert "Closed campaign" not in html and "Upcoming campaign" not in html


@pytest.mark.django_db
def test_the_home_page_has_no_campaign_section_without_open_campaigns(site, client):
    assert "Campaigns you can join" not in client.get(site["en"].url).text


@pytest.mark.django_db
def test_a_campaign_cannot_end_before_it_starts(campaign_index):
    page = CampaignPage(
        title="Backwards",
        slug="backwards",
        ask="Anything.",
        start_date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        campaign_index.add_child(instance=page)

    assert "A campaign cannot end before it starts." in str(error.value)


@pytest.mark.django_db
def test_a_campaign_ending_today_leaves_the_home_page_the_next_day_in_every_language(
    site, make_campaign, client, monkeypatch
):
    today = timezone.localdate()
    make_campaign(title="Last day", start_date=today - datetime.timedelta(days=3), end_date=today)
    assert all("Last day" in client.get(home.url).text for home in site.values())

    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)

    for code, home in site.items():
        assert "Last day" not in client.get(home.url).text, code
