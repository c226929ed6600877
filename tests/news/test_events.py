"""Events: all day or timed in their own time zone, typed in it, and listed upcoming first."""

import datetime
import zoneinfo

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from news.models import whole_days
from news.models.events import utc_offset_label
from tests.factories import EventPageFactory, ListingPageFactory, NewsPageFactory
from tests.html import parse, text

BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def all_day_event(listing, first, last, **fields):
    start, end = whole_days(first, last, BELGRADE)
    return EventPageFactory(parent=listing, start=start, end=end, all_day=True, date=first, **fields)


def when(html):
    return html.find(class_="facts").find("dd")


@pytest.mark.django_db
def test_an_all_day_event_shows_its_days_without_times_or_time_zone(client, site):
    listing = ListingPageFactory(parent=site["en"], slug="events")
    conference = all_day_event(listing, datetime.date(2023, 6, 30), datetime.date(2023, 6, 30))
    workshop = all_day_event(listing, datetime.date(2022, 5, 30), datetime.date(2022, 5, 31))

    one_day = when(parse(client.get(conference.url)))
    two_days = when(parse(client.get(workshop.url)))

    assert text(one_day) == "June 30, 2023"
    assert one_day.time["datetime"] == "2023-06-30"
    assert text(two_days) == "May 30, 2022 – May 31, 2022"
    assert [time["datetime"] for time in two_days.find_all("time")] == ["2022-05-30", "2022-05-31"]
    for shown in (text(one_day), text(two_days)):
        assert "midnight" not in shown and "p.m." not in shown and "CEST" not in shown


@pytest.mark.django_db
def test_a_timed_event_names_its_time_zone_and_offset(client, content):
    belgrade = text(parse(client.get(content.event.url)).find(class_="time-zone"))
    content.event.time_zone = "America/Sao_Paulo"
    content.event.save_revision().publish()
    sao_paulo = text(parse(client.get(content.event.url)).find(class_="time-zone"))

    assert belgrade == "CEST (UTC+2)"
    # São Paulo has no abbreviation of its own in the time zone database, only "-03".
    assert sao_paulo == "UTC-3"


@pytest.mark.parametrize(
    ("hours", "minutes", "label"),
    [(0, 0, "UTC"), (2, 0, "UTC+2"), (-3, 0, "UTC-3"), (5, 30, "UTC+5:30"), (-3, -30, "UTC-3:30")],
)
def test_utc_offsets_are_written_as_readers_know_them(hours, minutes, label):
    assert utc_offset_label(datetime.timedelta(hours=hours, minutes=minutes)) == label


@pytest.mark.django_db
def test_an_all_day_event_keeps_whole_days_whatever_times_it_was_saved_with(site):
    listing = ListingPageFactory(parent=site["en"])
    event = EventPageFactory(
        parent=listing,
        start=datetime.datetime(2024, 5, 10, 14, 30, tzinfo=BELGRADE),
        end=datetime.datetime(2024, 5, 12, 9, 0, tzinfo=BELGRADE),
        all_day=True,
    )

    event.save_revision().publish()
    event.refresh_from_db()

    assert event.start == datetime.datetime(2024, 5, 10, 0, 0, tzinfo=BELGRADE)
    assert event.end == datetime.datetime(2024, 5, 12, 23, 59, tzinfo=BELGRADE)
    assert (event.first_day, event.last_day) == (datetime.date(2024, 5, 10), datetime.date(2024, 5, 12))


def event_form_data(event, **overrides):
    """The admin's edit form for the event, as a browser posts it."""
    data = {
        "title": event.title,
        "slug": event.slug,
        "date": "2024-05-10",
        "lead": event.lead,
        "body": streamfield([]),
        "start": "2024-05-10 10:00",
        "end": "2024-05-10 12:30",
        "time_zone": "America/New_York",
        "attendance": "in_person",
        "agenda": streamfield([]),
        "related_pages": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.django_db
def test_staff_type_an_events_times_in_its_own_time_zone(admin_client, site):
    listing = ListingPageFactory(parent=site["en"])
    event = EventPageFactory(parent=listing, time_zone="America/New_York")
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])

    response = admin_client.post(url, event_form_data(event))
    event.refresh_from_db()
    form = admin_client.get(url).content.decode()

    assert response.status_code == 302, response.context["form"].errors
    # 10:00 in New York in May (EDT, UTC-4), whatever the editor's own time zone (Belgrade).
    assert event.start == datetime.datetime(2024, 5, 10, 14, 0, tzinfo=datetime.UTC)
    assert event.end.astimezone(NEW_YORK).time() == datetime.time(12, 30)
    assert 'value="2024-05-10 10:00"' in form


@pytest.mark.django_db
def test_staff_marking_an_event_all_day_give_only_its_days(admin_client, site):
    listing = ListingPageFactory(parent=site["en"])
    event = EventPageFactory(parent=listing, time_zone="America/New_York")
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])

    response = admin_client.post(
        url, event_form_data(event, all_day="on", start="2024-05-10 18:00", end="2024-05-11 01:00")
    )
    event.refresh_from_db()

    assert response.status_code == 302, response.context["form"].errors
    assert event.all_day
    assert (event.first_day, event.last_day) == (datetime.date(2024, 5, 10), datetime.date(2024, 5, 11))
    assert event.start.astimezone(NEW_YORK).time() == datetime.time(0, 0)


@pytest.mark.django_db
def test_the_events_section_lists_upcoming_events_soonest_first_then_past_ones_newest_first(client, site):
    listing = ListingPageFactory(parent=site["en"], slug="events")
    today = timezone.localdate()
    for title, offset in [("Later", 60), ("Soon", 3), ("Last year", -365), ("Last month", -30)]:
        all_day_event(
            listing,
            today + datetime.timedelta(days=offset),
            today + datetime.timedelta(days=offset),
            title=title,
        )
    # An event that started yesterday and ends tomorrow is still on.
    all_day_event(
        listing, today - datetime.timedelta(days=1), today + datetime.timedelta(days=1), title="Now"
    )

    html = parse(client.get(listing.url))

    upcoming = html.find("section", attrs={"aria-labelledby": "upcoming-heading"})
    past = html.find("section", attrs={"aria-labelledby": "past-heading"})
    assert [text(title) for title in upcoming.find_all(class_="card__title")] == ["Now", "Soon", "Later"]
    assert [text(title) for title in past.find_all(class_="card__title")] == ["Last month", "Last year"]
    assert text(past.find(class_="results-count")) == "2 items"


@pytest.mark.django_db
def test_an_events_section_without_upcoming_events_says_so(client, site):
    listing = ListingPageFactory(parent=site["en"], slug="events")
    all_day_event(listing, datetime.date(2022, 5, 30), datetime.date(2022, 5, 31), title="Workshop")

    html = parse(client.get(listing.url))
    later_page = parse(client.get(listing.url, {"page": "2"}))

    upcoming = html.find("section", attrs={"aria-labelledby": "upcoming-heading"})
    assert text(upcoming.find(class_="empty")) == "No events are planned at the moment."
    assert later_page.find("section", attrs={"aria-labelledby": "upcoming-heading"}) is not None


@pytest.mark.django_db
def test_a_section_of_other_kinds_is_not_split_into_upcoming_and_past(client, site):
    listing = ListingPageFactory(parent=site["en"], slug="news")
    NewsPageFactory(parent=listing, title="Report")
    all_day_event(
        listing,
        timezone.localdate() + datetime.timedelta(days=5),
        timezone.localdate() + datetime.timedelta(days=5),
        title="Soon",
    )

    html = parse(client.get(listing.url))

    assert html.find(id="upcoming-heading") is None
    assert sorted(text(title) for title in html.find_all(class_="card__title")) == ["Report", "Soon"]


@pytest.mark.django_db
def test_event_cards_show_the_events_days_or_times(client, site):
    listing = ListingPageFactory(parent=site["en"], slug="events")
    all_day_event(listing, datetime.date(2022, 5, 30), datetime.date(2022, 5, 31), title="Workshop")
    EventPageFactory(
        parent=listing,
        title="Webinar",
        date=datetime.date(2022, 6, 1),
        start=datetime.datetime(2022, 6, 1, 10, 0, tzinfo=BELGRADE),
        end=datetime.datetime(2022, 6, 1, 11, 30, tzinfo=BELGRADE),
    )

    html = parse(client.get(listing.url))

    metas = {
        text(card.find(class_="card__title")): text(card.find(class_="card__meta"))
        for card in html.find_all(class_="card")
    }
    assert metas == {
        "Workshop": "May 30, 2022 – May 31, 2022",
        "Webinar": "June 1, 2022, 10 a.m. – 11:30 a.m. CEST (UTC+2)",
    }
