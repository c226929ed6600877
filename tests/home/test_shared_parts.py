"""The parts every page shares (site, network details, menu, home addresses, newsletter lists) are
kept, and never shown stale.

Each test reads every language's home page first, so that the parts are kept, then makes a change
as an editor does, and reads them again: the change shows at once, in every language.
"""

from datetime import timedelta

import pytest

from django.core.cache import cache
from django.utils import timezone

from wagtail.models import Site

from home.models import NetworkSettings, StandardPage
from home.shared_parts import SITES_KEY
from tests.factories import EventPageFactory, ListingPageFactory, NewsPageFactory, publish_translation
from tests.html import parse, text
from tests.newsletter.factories import MailingListFactory

pytestmark = pytest.mark.django_db


def menu(client, home):
    html = parse(client.get(home.url))
    return [text(link) for link in html.select(".site-nav a")]


def footer_form(client, home):
    return parse(client.get(home.url)).find("footer").find("form")


@pytest.fixture
def about(site):
    """An English page in the menu, translated into every other language: {code: page}."""
    page = StandardPage(title="About us", slug="about", show_in_menus=True)
    site["en"].add_child(instance=page)
    page.save_revision().publish()
    pages = {"en": page}
    for code in site:
        if code != "en":
            pages[code] = publish_translation(page, code, title=f"About us ({code})")
    return pages


def test_a_menu_page_renamed_shows_its_new_title_in_every_language(
    client, site, about, django_capture_on_commit_callbacks
):
    assert {code: menu(client, home) for code, home in site.items()} == {
        code: [page.title] for code, page in about.items()
    }

    with django_capture_on_commit_callbacks(execute=True):
        for code, page in about.items():
            page.title = f"Who we are ({code})"
            page.save_revision().publish()

    assert {code: menu(client, home) for code, home in site.items()} == {
        code: [f"Who we are ({code})"] for code in site
    }


def test_a_menu_page_unpublished_leaves_the_menu_of_its_language_only(client, site, about):
    assert menu(client, site["de"]) == ["About us (de)"]
    assert menu(client, site["en"]) == ["About us"]

    about["de"].unpublish()

    assert menu(client, site["de"]) == []
    assert menu(client, site["en"]) == ["About us"]


def test_a_new_menu_page_shows_in_its_language(client, site, about):
    assert menu(client, site["sq"]) == ["About us (sq)"]

    contact = StandardPage(title="Contact", slug="contact", show_in_menus=True)
    site["en"].add_child(instance=contact)
    contact.save_revision().publish()
    publish_translation(contact, "sq", title="Kontakt")

    assert menu(client, site["sq"]) == ["About us (sq)", "Kontakt"]
    assert menu(client, site["en"]) == ["About us", "Contact"]


def test_the_footers_newsletter_form_follows_the_lists_in_every_language(client, site):
    assert all(footer_form(client, home) is None for home in site.values())

    newsletter = MailingListFactory(name="Regional newsletter", is_public=True)

    assert all(footer_form(client, home) is not None for home in site.values())

    newsletter.is_public = False
    newsletter.save()

    assert all(footer_form(client, home) is None for home in site.values())


def header_name(client, home):
    return text(parse(client.get(home.url)).select_one(".site-header__name"))


def test_the_networks_new_name_shows_in_the_header_in_every_language(client, site):
    network = NetworkSettings.load()
    network.name = "Balkan Civic Network"
    network.save()
    assert {header_name(client, home) for home in site.values()} == {"Balkan Civic Network"}

    network.name = "Civic Balkans"
    network.save()

    assert {header_name(client, home) for home in site.values()} == {"Civic Balkans"}


def test_a_site_added_for_the_readers_host_answers_it_at_once_in_every_language(client, site):
    elsewhere = StandardPage(title="Elsewhere", slug="elsewhere")
    site["en"].get_parent().add_child(instance=elsewhere)
    elsewhere.save_revision().publish()
    assert {code: client.get(f"/{code}/").status_code for code in site} == dict.fromkeys(site, 200)

    # The test client's host, which the default site answered so far.
    Site.objects.create(hostname="testserver", port=80, root_page=elsewhere, site_name="Elsewhere")

    for code in site:
        assert "Elsewhere" in text(parse(client.get(f"/{code}/")).find("h1")), code


def test_an_event_that_has_ended_leaves_the_home_pages_coming_events_in_every_language(
    client, site, monkeypatch
):
    listing = ListingPageFactory(parent=site["en"], slug="events", title="Events")
    now = timezone.now()
    ending = EventPageFactory(parent=listing, title="Ending soon", start=now, end=now + timedelta(hours=1))
    EventPageFactory(parent=listing, title="Later on", start=now + timedelta(days=3))
    pages = {code: client.get(home.url).text for code, home in site.items()}
    assert all(ending.title in html and "Later on" in html for html in pages.values())

    later = now + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    for code, home in site.items():
        html = client.get(home.url).text
        assert ending.title not in html and "Later on" in html, code


def test_a_news_item_published_shows_on_the_home_page_at_once_in_every_language(client, site):
    listing = ListingPageFactory(parent=site["en"], slug="news", title="News")
    assert all("Fresh news" not in client.get(home.url).text for home in site.values())

    news = NewsPageFactory(parent=listing, title="Fresh news", live=False)
    news.save_revision().publish()

    for code, home in site.items():
        assert "Fresh news" in client.get(home.url).text, code


def test_a_host_that_is_not_allowed_is_refused_and_not_kept(client, site):
    NetworkSettings.load()  # Created on the first read, which forgets the parts.
    assert client.get("/en/").status_code == 200

    assert client.get("/en/", HTTP_HOST="elsewhere.example").status_code == 400

    assert set(cache.get(SITES_KEY)) == {"testserver:80"}
