import datetime

import pytest

from tests.content import translate
from tests.factories import NewsPageFactory
from tests.html import parse, text


def switcher(html):
    """Return {language code: link} offered by the language switcher."""
    return {link["hreflang"]: link for link in html.find("nav", class_="language-switcher").find_all("a")}


def alternates(html):
    return {
        link["hreflang"]: link["href"] for link in html.head.find_all("link", rel="alternate", hreflang=True)
    }


@pytest.mark.django_db
def test_publishing_a_translation_adds_it_to_the_switcher_hreflang_and_sitemap(client, content):
    news = content.news
    before = parse(client.get(news.url))
    assert switcher(before)["sq"]["href"] == "/sq/"
    assert set(alternates(before)) == {"en", "x-default"}

    translate(content.listing, "sq")
    albanian = translate(news, "sq", {news.title: "Konferenca e dytë kombëtare në Serbi"})

    after = parse(client.get(news.url))
    assert switcher(after)["sq"]["href"] == albanian.url == "/sq/news/second-national-conference/"
    assert alternates(after) == {
        "en": "http://localhost/en/news/second-national-conference/",
        "sq": "http://localhost/sq/news/second-national-conference/",
        "x-default": "http://localhost/en/news/second-national-conference/",
    }
    translated = parse(client.get(albanian.url))
    assert text(translated.h1) == "Konferenca e dytë kombëtare në Serbi"
    assert alternates(translated) == alternates(after)
    sitemap = client.get("/sitemap-sq.xml").content.decode()
    assert "<loc>http://localhost/sq/news/second-national-conference/</loc>" in sitemap
    assert (
        '<xhtml:link rel="alternate" hreflang="sq" href="http://localhost/sq/news/second-national-conference/"/>'
        in sitemap
    )


@pytest.mark.django_db
def test_an_unpublished_translation_is_offered_nowhere(client, content):
    translate(content.listing, "sq")
    translate(content.news, "sq", publish=False)

    html = parse(client.get(content.news.url))

    assert switcher(html)["sq"]["href"] == "/sq/"
    assert "sq" not in alternates(html)
    assert "/sq/news/second-national-conference/" not in client.get("/sitemap-sq.xml").content.decode()


@pytest.mark.django_db
def test_the_switcher_names_every_language_in_itself_and_marks_the_current_one(client, content):
    html = parse(client.get(content.homes["mk"].url))

    links = switcher(html)
    assert {code: text(link) for code, link in links.items()} == {
        "en": "English",
        "sq": "Shqip",
        "mk": "Македонски",
        "sr-latn": "Srpski (latinica)",
        "cnr": "Crnogorski",
        "de": "Deutsch",
        "ar": "العربيّة",
    }
    assert all(link["lang"] == code for code, link in links.items())
    assert [code for code, link in links.items() if link.get("aria-current")] == ["mk"]
    assert {code: link["href"] for code, link in links.items()}["ar"] == "/ar/"


@pytest.mark.django_db
def test_the_switcher_on_search_results_keeps_the_search(client, site):
    html = parse(client.get("/en/search/", {"q": "civic"}))

    assert switcher(html)["de"]["href"] == "/de/search/?q=civic"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "sq", "mk", "sr-latn", "cnr", "de"])
def test_left_to_right_languages_are_marked_so(client, site, language):
    html = parse(client.get(site[language].url))

    assert (html.html["lang"], html.html["dir"]) == (language, "ltr")


@pytest.mark.django_db
def test_arabic_pages_are_right_to_left(client, site):
    html = parse(client.get(site["ar"].url))

    assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("en", "June 30, 2023"),
        ("cnr", "30. juna 2023."),
        ("sr-latn", "30. juna 2023."),
        ("sq", "30 qershor 2023"),
        ("mk", "30 јуни 2023"),
        ("de", "30. Juni 2023"),
        ("ar", "30 يونيو 2023"),
    ],
)
def test_dates_are_written_in_the_pages_language(client, content, language, date):
    news = content.news
    if language != "en":
        translate(content.listing, language)
        news = translate(content.news, language)

    html = parse(client.get(news.url))

    assert html.find(class_="article__meta").time.get_text() == date


@pytest.mark.django_db
def test_montenegrin_pages_name_months_and_weekdays_in_montenegrin(client, content):
    translate(content.listing, "cnr")
    event = translate(content.event, "cnr")
    translate(content.news, "cnr")

    html = parse(client.get(event.url))
    home = parse(client.get(content.homes["cnr"].url))

    assert text(html.find(class_="agenda__day")) == "utorak, 30. maja 2023."
    assert text(home.find(class_="card--news").find(class_="card__meta").time) == "30. juna 2023."
    assert text(home.find(class_="teaser__meta").time).startswith("30. maja 2023.")


@pytest.mark.django_db
def test_montenegrin_month_names_in_every_month(client, site):
    from django.template import Context, Template
    from django.utils import translation

    months = Template("{% for day in days %}{{ day|date:'F' }} {% endfor %}")
    days = [datetime.date(2024, month, 1) for month in range(1, 13)]
    with translation.override("cnr"):
        rendered = months.render(Context({"days": days})).split()

    assert rendered == [
        "januar", "februar", "mart", "april", "maj", "jun",
        "jul", "avgust", "septembar", "oktobar", "novembar", "decembar",
    ]  # fmt: skip


@pytest.mark.django_db
def test_pages_in_another_language_than_the_reader_carry_their_own_lang(client, content):
    home = content.homes["en"]
    home.featured_items.create(page=NewsPageFactory(parent=content.listing, title="Only in English"))
    home.save_revision().publish()
    albanian_home = translate(home, "sq")

    html = parse(client.get(albanian_home.url))

    card = html.find("section", attrs={"aria-labelledby": "featured-heading"}).find("article")
    assert (card.find(class_="card__link")["lang"], card.find(class_="card__link")["dir"]) == ("en", "auto")
    assert card.find(class_="fallback-language")["lang"] == "sq"


@pytest.mark.django_db
def test_the_switcher_on_a_missing_page_offers_the_home_pages(client, site):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert switcher(parse(response, status=404))["sq"]["href"] == "/sq/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "landing"),
    [
        ("hr", "/sr-latn/"),
        ("bs-BA,bs;q=0.9,en;q=0.5", "/sr-latn/"),
        ("hr-HR, en;q=0.8", "/sr-latn/"),
        ("cnr", "/cnr/"),
        ("de-AT", "/de/"),
        ("fr, mk;q=0.5", "/mk/"),
        ("fr", "/en/"),
    ],
)
def test_a_first_visit_lands_on_the_language_the_browser_asks_for_along_the_fallback_chain(
    client, site, accept_language, landing
):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 302
    assert response["Location"] == landing


@pytest.mark.django_db
def test_a_chosen_language_outweighs_the_browsers(client, site, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sq"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="hr")

    assert response["Location"] == "/sq/"
