import pytest

from tests.content import KOSOVO_FOOTNOTE, translate
from tests.html import parse, text


def footnote_links(html):
    return html.find_all("a", class_="designation-ref")


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["listing", "news", "project", "event"])
def test_kosovo_is_starred_everywhere_and_its_footnote_printed_once(client, content, page):
    html = parse(client.get(getattr(content, page).url))

    notes = html.find_all(class_="designation-note")
    assert [note["id"] for note in notes] == ["designation-xk"]
    assert text(notes[0]) == f"* {KOSOVO_FOOTNOTE}"
    links = footnote_links(html)
    assert links and all(link["href"] == "#designation-xk" for link in links)
    html.find(class_="designation-notes").decompose()
    named = text(html.main).split("Kosovo")[1:]
    assert named and all(after.startswith(("*", " * (see the note on this name)")) for after in named)


@pytest.mark.django_db
def test_cards_event_venue_organisations_and_filters_all_star_kosovo(client, content):
    listing = parse(client.get(content.listing.url))
    event = parse(client.get(content.event.url))
    project = parse(client.get(content.project.url))

    assert len(footnote_links(listing.find(class_="card-grid"))) == 4  # three cards' countries, one venue
    assert "Kosovo*" in [
        text(option) for option in listing.find("select", attrs={"name": "country"}).find_all("option")
    ]
    assert footnote_links(event.find(class_="facts"))
    assert footnote_links(project.find_all(class_="organisations")[1])
    assert footnote_links(project.find("table", class_="grants"))


@pytest.mark.django_db
def test_a_page_naming_no_designated_country_prints_no_footnote(client, content):
    content.news.countries.set([content.serbia])
    content.news.organisations.clear()
    content.news.save_revision().publish()

    html = parse(client.get(content.news.url))

    assert html.find(class_="designation-notes") is None
    assert footnote_links(html) == []


@pytest.mark.django_db
def test_the_footnote_is_in_the_readers_language(client, content):
    translate(
        content.kosovo, "sq", {"Kosovo": "Kosova", KOSOVO_FOOTNOTE: "Ky përcaktim nuk paragjykon qëndrimet."}
    )
    translate(content.listing, "sq")
    news = translate(content.news, "sq")

    html = parse(client.get(news.url))

    assert text(html.find(class_="designation-note")) == "* Ky përcaktim nuk paragjykon qëndrimet."
    assert "Kosova * (shihni shënimin për këtë emër)" in text(html.main)
