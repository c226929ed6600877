"""Every page's footer prints the network's details: its tagline and postal address in the page's
language (each language's home page holds them), its name, email and social links in every one."""

import json

import pytest

from django.contrib.auth import get_user_model

from home.mail import render_email
from home.models import NetworkSettings
from tests.content import translate
from tests.factories import publish_details
from tests.html import parse, text

pytestmark = pytest.mark.django_db

TAGLINE = "Civil society, stronger together"
ADDRESS = "Network office\nOrce Nikolov 112\n1000 Skopje\nNorth Macedonia"
# Translators get the address line by line: the street and the city are kept as written locally.
ARABIC = {
    TAGLINE: "المجتمع المدني، أقوى معًا",
    "Network office": "مكتب الشبكة",
    "North Macedonia": "مقدونيا الشمالية",
}
SERBIAN = {
    TAGLINE: "Civilno društvo, jače zajedno",
    "Network office": "Kancelarija mreže",
    "North Macedonia": "Severna Makedonija",
}


def footer(client, url):
    return parse(client.get(url)).find("footer", class_="site-footer")


def address_lines(footer):
    return [text(line) for line in footer.address.find_all("span", dir="auto")]


@pytest.fixture
def english_details(site):
    return publish_details(site["en"], tagline=TAGLINE, address=ADDRESS)


def test_the_footer_shows_the_networks_details(client, site, english_details):
    NetworkSettings.objects.create(
        name="Balkan Civil Society Development Network",
        contact_email="office@example.org",
        social_links=[
            {"type": "link", "value": {"network": "Mastodon", "url": "https://social.example/@bcsdn"}}
        ],
    )

    html = parse(client.get(site["en"].url))

    footer = html.find("footer", class_="site-footer")
    assert text(footer.find(class_="site-footer__name")) == "Balkan Civil Society Development Network"
    assert text(footer.find("p", dir="auto")) == TAGLINE
    assert address_lines(footer) == ["Network office", "Orce Nikolov 112", "1000 Skopje", "North Macedonia"]
    assert footer.address.find("a")["href"] == "mailto:office@example.org"
    social = footer.find("nav", class_="site-footer__social").find("a")
    assert (text(social), social["href"], social["rel"]) == (
        "Mastodon",
        "https://social.example/@bcsdn",
        ["me"],
    )
    assert text(html.find(class_="site-header__brand")) == "Balkan Civil Society Development Network"
    assert footer.find("a", type="application/atom+xml")["href"] == "/en/feed/"


def test_the_arabic_home_pages_footer_shows_the_arabic_tagline_and_address(client, site, english_details):
    translate(site["en"], "ar", ARABIC)

    arabic = footer(client, "/ar/")

    assert text(arabic.find("p", dir="auto")) == "المجتمع المدني، أقوى معًا"
    # Street and city as the address is written locally, each line in its own direction.
    assert address_lines(arabic) == ["مكتب الشبكة", "Orce Nikolov 112", "1000 Skopje", "مقدونيا الشمالية"]
    assert TAGLINE not in text(arabic) and "North Macedonia" not in text(arabic)


def test_a_language_without_its_own_details_shows_those_of_its_fallback(client, site, english_details):
    translate(site["en"], "sr-latn", SERBIAN)

    # Montenegro's home page has no details of its own: Serbian (Latin) is next in its chain.
    montenegrin = footer(client, "/cnr/")
    assert text(montenegrin.find("p", dir="auto")) == "Civilno društvo, jače zajedno"
    assert address_lines(montenegrin)[-1] == "Severna Makedonija"
    # German falls back to the source language.
    german = footer(client, "/de/")
    assert text(german.find("p", dir="auto")) == TAGLINE
    assert address_lines(german)[-1] == "North Macedonia"


def test_a_language_whose_home_page_is_not_published_shows_its_fallbacks_details(
    client, site, english_details
):
    translate(site["en"], "sr-latn", SERBIAN)
    translate(site["en"], "cnr", {TAGLINE: "Civilno društvo, jače zajedno (CG)"})
    site["cnr"].refresh_from_db()
    site["cnr"].unpublish()

    # The Montenegrin address shows the site's own home page, with the Serbian details.
    montenegrin = footer(client, "/cnr/")
    assert text(montenegrin.find("p", dir="auto")) == "Civilno društvo, jače zajedno"


def test_translators_translate_the_details_with_the_home_page(client, site, english_details):
    translation = translate(site["en"], "sq", {TAGLINE: "Shoqëria civile, më të fortë së bashku"})
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "password"))

    # The translation editor offers both details among the home page's strings.
    editor = client.get(f"/admin/pages/{translation.pk}/edit/").content.decode()
    assert TAGLINE in editor
    assert "Orce Nikolov 112" in editor
    # ...with the translation made (the editor's data escapes what is not ASCII).
    assert json.dumps("Shoqëria civile, më të fortë së bashku")[1:-1] in editor
    client.logout()
    assert text(footer(client, "/sq/").find("p", dir="auto")) == "Shoqëria civile, më të fortë së bashku"


def test_without_details_the_footer_names_the_site(client, site, settings):
    html = parse(client.get(site["en"].url))

    assert text(html.find(class_="site-footer__name")) == settings.WAGTAIL_SITE_NAME
    assert html.find("footer").address is None
    assert html.find("footer").find("p", dir="auto") is None


def test_staff_edit_the_networks_details_in_the_admin(client, site):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "password"))

    edit_url = client.get("/admin/settings/home/networksettings/", follow=True).redirect_chain[-1][0]
    response = client.post(
        edit_url, {"name": "BCSDN", "contact_email": "office@example.org", "social_links-count": "0"}
    )

    assert response.status_code == 302
    assert text(parse(client.get(site["en"].url)).find(class_="site-footer__name")) == "BCSDN"


def test_emails_print_the_address_in_the_readers_language(site, english_details):
    translate(site["en"], "ar", ARABIC)
    context = {"lists": [], "confirmation_url": "https://example.org/confirm/", "valid_days": 7}

    arabic = render_email("email/newsletter/confirm", context, to=["reader@example.org"], language="ar")
    german = render_email("email/newsletter/confirm", context, to=["reader@example.org"], language="de")

    assert "مكتب الشبكة\nOrce Nikolov 112\n1000 Skopje\nمقدونيا الشمالية" in arabic.body
    assert "North Macedonia" not in arabic.body
    # German has no translation yet: the source language's address, as on the German pages.
    assert "Network office\nOrce Nikolov 112\n1000 Skopje\nNorth Macedonia" in german.body
