import datetime
import zoneinfo

import icalendar
import pytest

from news.ical import escape_text, fold, vtimezone
from news.models import whole_days
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


def event_of(raw):
    return icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]


@pytest.mark.django_db
def test_an_all_day_event_is_a_range_of_dates_ending_the_day_after(client, content):
    event = content.event
    event.start, event.end = whole_days(datetime.date(2022, 5, 30), datetime.date(2022, 5, 31), event.zone)
    event.all_day = True
    event.save_revision().publish()

    raw = download(client, event).content
    calendar_event = event_of(raw)

    assert b"DTSTART;VALUE=DATE:20220530\r\n" in raw
    assert b"DTEND;VALUE=DATE:20220601\r\n" in raw
    assert calendar_event.decoded("DTSTART") == datetime.date(2022, 5, 30)
    assert calendar_event.decoded("DTEND") == datetime.date(2022, 6, 1)
    assert b"VTIMEZONE" not in raw


@pytest.mark.django_db
def test_a_timed_event_keeps_its_local_time_in_its_own_time_zone(client, content):
    raw = download(client, content.event).content
    calendar = icalendar.Calendar.from_ical(raw)
    [time_zone] = calendar.walk("VTIMEZONE")

    # 09:30 UTC is 11:30 in Belgrade in May.
    assert b"DTSTART;TZID=Europe/Belgrade:20230530T113000\r\n" in raw
    assert b"DTEND;TZID=Europe/Belgrade:20230531T170000\r\n" in raw
    assert str(time_zone["TZID"]) == "Europe/Belgrade"
    assert event_of(raw).decoded("DTSTART") == content.event.start


@pytest.mark.parametrize(
    ("zone", "start", "end"),
    [
        # Across the change to summer time, and the change back.
        ("Europe/Belgrade", datetime.datetime(2023, 3, 25, 20, 0), datetime.datetime(2023, 3, 26, 12, 0)),
        ("Europe/Belgrade", datetime.datetime(2023, 10, 28, 20, 0), datetime.datetime(2023, 10, 29, 12, 0)),
        # A zone whose summer time moves the clock half an hour.
        ("Australia/Lord_Howe", datetime.datetime(2024, 4, 6, 12, 0), datetime.datetime(2024, 4, 8, 0, 0)),
        # A zone without summer time, or an abbreviation of its own.
        ("America/Sao_Paulo", datetime.datetime(2024, 1, 1, 12, 0), datetime.datetime(2024, 1, 2, 0, 0)),
        ("Asia/Tokyo", datetime.datetime(2024, 1, 1, 12, 0), datetime.datetime(2024, 1, 2, 0, 0)),
    ],
)
def test_the_time_zone_definition_gives_the_zones_offsets_over_the_event(zone, start, end):
    zone = zoneinfo.ZoneInfo(zone)
    start, end = start.replace(tzinfo=datetime.UTC), end.replace(tzinfo=datetime.UTC)

    lines = vtimezone(zone, start, end)
    assert lines[1] == f"TZID:{zone.key}"
    # icalendar reads a zone it knows by name from its own copy, and caches zones by name: under
    # a name of its own, each of ours is what it reads.
    lines[1] = f"TZID:As defined for {start:%Y%m%d} in {zone.key}"
    definition = icalendar.Calendar.from_ical(
        "BEGIN:VCALENDAR\r\n" + "\r\n".join(lines) + "\r\nEND:VCALENDAR\r\n"
    ).walk("VTIMEZONE")[0]
    as_defined = definition.to_tz()

    # Every quarter of an hour, so that a change placed even an hour off is caught; but not in the
    # hour that a change back repeats, which dateutil (icalendar's reader) cannot tell apart.
    moment = start + datetime.timedelta(minutes=7)
    while moment <= end:
        local = moment.astimezone(zone)
        if local.replace(fold=1 - local.fold).utcoffset() == local.utcoffset():
            assert moment.astimezone(as_defined).utcoffset() == local.utcoffset(), moment
        moment += datetime.timedelta(minutes=15)


def test_each_change_of_offset_starts_at_its_local_time_before_the_change():
    start = datetime.datetime(2023, 3, 25, 20, 0, tzinfo=datetime.UTC)
    end = datetime.datetime(2023, 3, 26, 12, 0, tzinfo=datetime.UTC)

    lines = vtimezone(zoneinfo.ZoneInfo("Europe/Belgrade"), start, end)

    # RFC 5545 3.6.5, as tzurl.org publishes the zone: clocks went back at 03:00 summer time on
    # 30 October 2022 and forward at 02:00 winter time on 26 March 2023.
    assert lines == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Belgrade",
        "BEGIN:STANDARD",
        "DTSTART:20221030T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:20230326T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    ]
