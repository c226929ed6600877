"""The design system's parts that code makes: icons, pictures, social cards, maps, event dates."""

import io
import zoneinfo

import pytest
from PIL import Image

from django.template import Context, Template

from home import brand
from home.icons import icon
from home.maps import draw_map, region_codes
from home.social import card_version, draw_card
from tests.content import translate
from tests.html import parse

BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")


def test_icons_are_hidden_from_assistive_technology_and_arrows_turn_round_right_to_left():
    mail, arrow = icon("mail"), icon("arrow-right")

    assert mail.startswith('<svg class="icon" aria-hidden="true" focusable="false"')
    assert arrow.startswith('<svg class="icon icon--directional"')
    with pytest.raises(ValueError, match="No icon named"):
        icon("../../settings")


@pytest.mark.django_db
def test_pictures_offer_avif_and_webp_with_their_size_set(content):
    html = Template('{% load design_tags %}{% picture_for image "card" alt="" loading="lazy" %}').render(
        Context({"image": content.news.card_image})
    )

    picture = parse_fragment(html).find("picture")
    assert [source["type"] for source in picture.find_all("source")] == ["image/avif", "image/webp"]
    img = picture.find("img")
    assert img["width"] and img["height"] and img["loading"] == "lazy" and img["alt"] == ""
    assert img["sizes"].endswith("100vw") and img["srcset"].count("w,") == 1


def parse_fragment(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


@pytest.mark.django_db
def test_a_page_without_a_picture_is_shared_with_a_card_drawn_in_its_language(client, content):
    arabic = translate(content.listing, "ar")

    html = parse(client.get(arabic.url))

    image = html.find("meta", property="og:image")["content"]
    assert f"/social/{arabic.pk}/{card_version(arabic)}.png" in image
    assert html.find("meta", property="og:locale")["content"] == "ar"
    assert html.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    response = client.get(image.removeprefix("http://testserver"))
    assert response["Content-Type"] == "image/png"
    assert "immutable" in response["Cache-Control"]
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)
    stale = client.get(f"/social/{arabic.pk}/000000000000.png")
    assert stale.status_code == 302 and stale["Location"].endswith(f"/{card_version(arabic)}.png")


@pytest.mark.django_db
def test_an_article_is_shared_with_its_own_picture(client, content):
    html = parse(client.get(content.news.url))

    image = html.find("meta", property="og:image")["content"]
    assert ".fill-1200x630.format-jpeg" in image
    assert html.find("meta", property="og:image:width")["content"].isdigit()


def test_the_social_card_is_drawn_right_to_left_for_arabic():
    english = draw_card("Civic space", "News", "Balkan Civic Network", "en")
    arabic = draw_card("الفضاء المدني", "الأخبار", "شبكة البلقان المدنية", "ar")

    def ink_columns(image):
        # Where the title's white text is: the bottom band, the pattern side left out.
        band = image.crop((0, 400, 1200, 560)).convert("L")
        return [x for x in range(0, 1200, 4) if any(band.getpixel((x, y)) > 240 for y in range(0, 160, 4))]

    assert min(ink_columns(english)) < 120 < 1080 < max(ink_columns(arabic))
    assert english.getpixel((10, 10)) == Image.new("RGB", (1, 1), brand.BRAND).getpixel((0, 0))


def test_a_map_colours_the_countries_given_in_the_brand_colour():
    everywhere = draw_map(300, 200, region_codes())
    nowhere = draw_map(300, 200, [])
    brand_colour = Image.new("RGB", (1, 1), brand.BRAND).getpixel((0, 0))

    def share(image):
        pixels = list(image.getdata())
        return sum(pixel == brand_colour for pixel in pixels) / len(pixels)

    assert share(everywhere) > 0.05 and share(nowhere) == 0
