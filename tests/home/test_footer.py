import pytest

from home.models import NetworkSettings
from tests.html import parse, text


@pytest.mark.django_db
def test_the_footer_shows_the_networks_details(client, site):
    NetworkSettings.objects.create(
        name="Balkan Civil Society Development Network",
        tagline="Civil society, stronger together",
        contact_email="office@example.org",
        address="Orce Nikolov 112\n1000 Skopje",
        social_links=[
            {"type": "link", "value": {"network": "Mastodon", "url": "https://social.example/@bcsdn"}}
        ],
    )

    html = parse(client.get(site["sq"].url))

    footer = html.find("footer", class_="site-footer")
    assert text(footer.find(class_="site-footer__name")) == "Balkan Civil Society Development Network"
    assert "Civil society, stronger together" in text(footer)
    assert text(footer.address) == "Orce Nikolov 112 1000 Skopje office@example.org"
    assert footer.address.find("a")["href"] == "mailto:office@example.org"
    social = footer.find("nav", class_="site-footer__social").find("a")
    assert (text(social), social["href"], social["rel"]) == (
        "Mastodon",
        "https://social.example/@bcsdn",
        ["me"],
    )
    assert text(html.find(class_="site-header__brand")) == "Balkan Civil Society Development Network"
    assert footer.find("a", type="application/atom+xml")["href"] == "/sq/feed/"


@pytest.mark.django_db
def test_without_details_the_footer_names_the_site(client, site, settings):
    html = parse(client.get(site["en"].url))

    assert text(html.find(class_="site-footer__name")) == settings.WAGTAIL_SITE_NAME
    assert html.find("footer").address is None


@pytest.mark.django_db
def test_staff_edit_the_networks_details_in_the_admin(client, site):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "password"))

    edit_url = client.get("/admin/settings/home/networksettings/", follow=True).redirect_chain[-1][0]
    response = client.post(
        edit_url,
        {
            "name": "BCSDN",
            "tagline": "",
            "contact_email": "office@example.org",
            "address": "",
            "social_links-count": "0",
        },
    )

    assert response.status_code == 302
    assert text(parse(client.get(site["en"].url)).find(class_="site-footer__name")) == "BCSDN"
