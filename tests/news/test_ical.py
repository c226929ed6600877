import datetime

import icalendar
import pytest

from news.ical import escape_text, fold
from tests.content import translate


def download(client, event):
    response = client.get(event.url + "calendar/")
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_an_event_downloads_as_an_icalendar_file(client, content):
    response = download(client, content.event)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="regional-workshop.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert calendar["VERSION"] == "2.0"
    assert str(event["SUMMARY"]) == "Regional Workshop on Civic Space"
    assert event.decoded("DTSTART") == datetime.datetime(2023, 5, 30, 9, 30, tzinfo=datetime.UTC)
    assert event.decoded("DTEND") == datetime.datetime(2023, 5, 31, 15, 0, tzinfo=datetime.UTC)
    assert str(event["LOCATION"]) == "Hotel Mona Plaza, Pristina, Kosovo*"
    assert str(event["URL"]) == "http://localhost/en/news/regional-workshop/"
    assert str(event["UID"]) == f"{content.event.translation_key}@localhost"
    assert "https://example.org/register" in str(event["DESCRIPTION"])
    assert event.decoded("DTSTAMP").tzinfo is not None


@pytest.mark.django_db
def test_the_file_follows_rfc_5545_lines(client, content):
    content.event.lead = "Civil society, the state; and a very long lead " * 5 + "— končno, ćirilica: Скопје"
    content.event.save_revision().publish()

    raw = download(client, content.event).content

    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), "lines are folded at 75 octets"
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    for line in lines:
        line.decode()  # folding never splits a UTF-8 character
    unfolded = raw.replace(b"\r\n ", b"").decode()
    assert "DESCRIPTION;LANGUAGE=en:Civil society\\, the state\\; and a very long lead" in unfolded
    assert "— končno\\, ćirilica: Скопје\\n\\nhttps://example.org/live" in unfolded


@pytest.mark.django_db
def test_a_translation_is_the_same_event_in_its_own_language(client, content):
    translate(content.kosovo, "sq", {"Kosovo": "Kosova"})
    translate(content.listing, "sq")
    albanian = translate(content.event, "sq", {content.event.title: "Punëtori rajonale"})

    english = icalendar.Calendar.from_ical(download(client, content.event).content).walk("VEVENT")[0]
    translated = icalendar.Calendar.from_ical(download(client, albanian).content).walk("VEVENT")[0]

    assert str(translated["UID"]) == str(english["UID"])
    assert str(translated["SUMMARY"]) == "Punëtori rajonale"
    assert translated["SUMMARY"].params["LANGUAGE"] == "sq"
    assert str(translated["LOCATION"]) == "Hotel Mona Plaza, Pristina, Kosova*"


def test_text_values_are_escaped():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_folding_counts_octets_not_characters():
    line = "SUMMARY:" + "ж" * 80  # two octets each

    pieces = fold(line).split("\r\n")

    assert [len(piece.encode()) for piece in pieces] == [74, 75, 21]
    assert pieces[1].startswith(" ") and pieces[2].startswith(" ")
    assert "".join(piece.removeprefix(" ") for piece in pieces) == line
