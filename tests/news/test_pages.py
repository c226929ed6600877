import datetime
import decimal

import pytest

from news.models import Grant
from tests.content import FUNDER_DISCLAIMER, translate, translate_content
from tests.html import parse, text

TRANSLATED_LANGUAGES = ["sq", "mk", "sr-latn", "cnr", "de", "ar"]


@pytest.mark.django_db
def test_every_page_type_renders_in_english(client, content):
    for page in content.pages:
        html = parse(client.get(page.url))

        assert html.html["lang"] == "en"
        assert html.html["dir"] == "ltr"
        assert text(html.h1) in (page.title, content.homes["en"].hero_title)


@pytest.mark.django_db
@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_page_type_renders_its_wagtail_localize_translation(client, content, language):
    translations = translate_content(content, language)

    for source in (content.listing, content.news, content.project, content.event):
        translation = translations[source.pk]
        assert translation.url.startswith(f"/{language}/")
        html = parse(client.get(translation.url))

        assert html.html["lang"] == language
        assert html.html["dir"] == ("rtl" if language == "ar" else "ltr")
        assert text(html.h1) == f"[{language}] {source.title}"
    home = parse(client.get(content.homes[language].url))
    assert home.html["lang"] == language
    assert text(home.h1) == content.homes[language].hero_title
    article = parse(client.get(translations[content.news.pk].url))
    assert f"[{language}] Why civic space matters" in text(article.main)
    assert f"[{language}] Kosovo" in text(article.main)


@pytest.mark.django_db
def test_project_shows_funders_partners_grants_and_the_funders_disclaimer(client, content):
    html = parse(client.get(content.project.url))
    main = text(html.main)

    assert "Norwegian Ministry of Foreign Affairs" in main
    assert html.find("img", class_="organisation__logo") is not None
    assert "Civic Initiatives (CI)" in main
    grants = html.find("table", class_="grants")
    assert [text(cell) for cell in grants.tbody.tr.find_all(["th", "td"])] == [
        "Civic Initiatives (CI)",
        "Kosovo * (see the note on this name)",
        "NOK 499,999.50",
    ]
    assert text(grants.tfoot) == "Total awarded NOK 5,547,765.37"
    assert text(html.find(class_="disclaimer")) == FUNDER_DISCLAIMER
    assert "National interventions" in text(html.find(class_="components"))
    assert text(html.find(class_="status")) == "Ongoing"


@pytest.mark.django_db
def test_a_projects_own_disclaimer_replaces_its_funders(client, content):
    content.project.disclaimer = "Funded by the European Union."
    content.project.save_revision().publish()

    html = parse(client.get(content.project.url))

    assert text(html.find(class_="disclaimer")) == "Funded by the European Union."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "amount", "total"),
    [
        ("de", "NOK 499.999,50", "NOK 5.547.765,37"),
        ("sq", "499\xa0999,50\xa0NOK", "5\xa0547\xa0765,37\xa0NOK"),
        ("cnr", "499.999,50 NOK", "5.547.765,37 NOK"),
    ],
)
def test_grant_amounts_are_written_the_readers_way(client, content, language, amount, total):
    project = translate_content(content, language)[content.project.pk]

    html = parse(client.get(project.url))

    grants = html.find("table", class_="grants")
    assert grants.tbody.find("td", class_="number").get_text() == amount
    assert grants.tfoot.find("td", class_="number").get_text() == total


@pytest.mark.django_db
def test_grants_without_published_amounts_show_only_the_total(client, content):
    Grant.objects.filter(project=content.project).update(amount=None, currency="")
    content.project.grants_total = decimal.Decimal("100000")
    content.project.save_revision().publish()

    html = parse(client.get(content.project.url))

    grants = html.find("table", class_="grants")
    assert grants.tbody.find("td", class_="number").get_text() == ""
    assert grants.tfoot.find("td", class_="number").get_text() == "NOK 100,000.00"


@pytest.mark.django_db
def test_event_times_are_shown_in_the_events_time_zone(client, content):
    html = parse(client.get(content.event.url))

    start, end = html.find(class_="facts").find_all("time")
    # 09:30 UTC is 11:30 in Belgrade in May (CEST, UTC+2).
    assert start["datetime"] == "2023-05-30T11:30:00+02:00"
    assert start.get_text() == "May 30, 2023, 11:30 a.m."
    assert end.get_text() == "May 31, 2023, 5 p.m."
    assert text(html.find(class_="time-zone")) == "CEST (UTC+2)"


@pytest.mark.django_db
def test_an_event_on_one_day_gives_its_end_as_a_time(client, content):
    event = content.event
    event.end = event.start + datetime.timedelta(hours=2)
    event.save_revision().publish()

    html = parse(client.get(event.url))

    assert html.find(class_="facts").find_all("time")[1].get_text() == "1:30 p.m."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "start"),
    [
        ("cnr", "30. maja 2023. 11:30"),
        ("sr-latn", "30. maja 2023. 11:30"),
        ("sq", "30 maj 2023, 11:30"),
        ("mk", "30 мај 2023, 11:30"),
        ("de", "30. Mai 2023 11:30"),
        ("ar", "30 مايو 2023، 11:30 ص"),
    ],
)
def test_event_times_are_formatted_for_the_readers_language(client, content, language, start):
    event = translate_content(content, language)[content.event.pk]

    html = parse(client.get(event.url))

    assert html.find(class_="facts").find("time").get_text() == start


@pytest.mark.django_db
def test_event_offers_venue_attendance_registration_livestream_and_calendar(client, content):
    html = parse(client.get(content.event.url))

    facts = text(html.find(class_="facts"))
    assert "Hotel Mona Plaza" in facts
    assert "Pristina, Kosovo" in facts
    assert "Hybrid" in facts
    links = {text(link): link["href"] for link in html.find(class_="actions").find_all("a")}
    assert links["Register"] == "https://example.org/register"
    assert links["Join online"] == "https://example.org/live"
    assert links["Add to calendar"] == content.event.url + "calendar/"
    agenda = html.find(class_="agenda")
    assert "Tuesday, May 30, 2023" in text(agenda)
    assert agenda.find(class_="agenda__time").get_text() == "9:30 a.m.–11 a.m."


@pytest.mark.django_db
def test_home_page_features_a_story_then_tells_news_events_and_projects(client, content):
    home = content.homes["en"]
    home.featured_items.create(page=content.project)
    home.save_revision().publish()

    html = parse(client.get(home.url))

    def titles(heading_id, title_class="card__title"):
        section = html.find("section", attrs={"aria-labelledby": heading_id})
        return [text(title) for title in section.find_all(class_=title_class)]

    assert text(html.h1) == home.hero_title
    assert titles("featured-heading") == ["SMART Balkans"]
    assert titles("latest-news-heading") == ["Second National Conference in Serbia"]
    assert titles("events-heading", "teaser__title") == ["Regional Workshop on Civic Space"]
    # The featured project is not listed again among the projects.
    assert html.find("section", attrs={"aria-labelledby": "projects-heading"}) is None


@pytest.mark.django_db
def test_a_translated_home_page_features_the_translation_of_an_english_feature(client, content):
    content.homes["en"].featured_items.create(page=content.news)
    content.homes["en"].save_revision().publish()
    home = translate(content.homes["en"], "sq")
    translate(content.listing, "sq")
    news = translate(content.news, "sq")

    html = parse(client.get(home.url))

    featured = html.find("section", attrs={"aria-labelledby": "featured-heading"})
    link = featured.find(class_="card__link")
    assert link["href"] == news.url
    assert text(link) == f"[sq] {content.news.title}"


@pytest.mark.django_db
def test_editors_can_preview_every_page_type_with_unsaved_changes(content):
    from home.models import HomePageFeaturedItem

    home = content.homes["en"]
    home.featured_items.add(HomePageFeaturedItem(page=content.event))
    content.news.topics.add(content.topic)
    content.project.grants.add(
        Grant(organisation=content.funder, amount=decimal.Decimal("10"), currency="EUR")
    )

    for page in (home, content.listing, content.news, content.project, content.event):
        response = page.make_preview_request()

        assert response.status_code == 200, page
    assert "Regional Workshop on Civic Space" in home.make_preview_request().content.decode()
    assert "EUR 10.00" in content.project.make_preview_request().content.decode()
