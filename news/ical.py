"""An event as an iCalendar file (RFC 5545), for "Add to calendar"."""

import datetime
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

from home.localization import localize

# RFC 5545 3.1: content lines are folded to at most 75 octets, excluding the line break.
MAX_LINE_OCTETS = 75
CRLF = "\r\n"


def escape_text(value):
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Fold a content line into pieces of at most 75 octets, never splitting a UTF-8 character."""
    pieces, current, size = [], "", 0
    for character in line:
        octets = len(character.encode())
        # Continuation lines start with a space, which counts towards their 75 octets.
        limit = MAX_LINE_OCTETS if not pieces else MAX_LINE_OCTETS - 1
        if size + octets > limit:
            pieces.append(current)
            current, size = "", 0
        current += character
        size += octets
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def local(moment):
    return moment.strftime("%Y%m%dT%H%M%S")


def offset(delta):
    """Write a UTC offset as RFC 5545 3.3.14 does: +0100, -0330, +053000."""
    seconds = int(delta.total_seconds())
    sign = "+" if seconds >= 0 else "-"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02}{minutes:02}" + (f"{seconds:02}" if seconds else "")


def zone_state(zone, instant):
    """Return (UTC offset, DST offset, abbreviation) of the zone at a UTC instant."""
    moment = instant.astimezone(zone)
    return moment.utcoffset(), moment.dst(), moment.tzname()


def zone_changes(zone, since, until):
    """Yield the UTC instants in (since, until] at which the zone changes its offset or abbreviation."""
    # Zones change at most a few times a year: look day by day, then find the second.
    day = datetime.timedelta(days=1)
    moment = since
    while moment < until:
        following = min(moment + day, until)
        if zone_state(zone, moment) != zone_state(zone, following):
            low, high = int(moment.timestamp()), int(following.timestamp())
            while high - low > 1:
                middle = (low + high) // 2
                same = zone_state(zone, datetime.datetime.fromtimestamp(middle, datetime.UTC)) == zone_state(
                    zone, moment
                )
                low, high = (middle, high) if same else (low, middle)
            yield datetime.datetime.fromtimestamp(high, datetime.UTC)
        moment = following


def observance(onset, before, after):
    """Return a STANDARD or DAYLIGHT component: from local time `onset`, the zone is in state `after`."""
    utc_offset, dst, name = after
    kind = "DAYLIGHT" if dst else "STANDARD"
    return [
        f"BEGIN:{kind}",
        f"DTSTART:{local(onset)}",
        f"TZOFFSETFROM:{offset(before)}",
        f"TZOFFSETTO:{offset(utc_offset)}",
        f"TZNAME:{name}",
        f"END:{kind}",
    ]


# Where a zone's definition starts when it did not change in the year before an event.
# A local time of the zone being defined, hence naive.
EPOCH = datetime.datetime(1970, 1, 1)


def vtimezone(zone, start, end):
    """Return the VTIMEZONE lines that define the zone's offsets from `start` to `end`."""
    changes = list(zone_changes(zone, start - datetime.timedelta(days=366), end))
    earlier = [change for change in changes if change <= start]
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone.key}"]
    if not earlier:
        state = zone_state(zone, start)
        lines += observance(EPOCH, state[0], state)
    for change in [*earlier[-1:], *(change for change in changes if change > start)]:
        before = zone_state(zone, change - datetime.timedelta(seconds=1))[0]
        # RFC 5545 3.6.5: the onset is a local time in the offset in use before it.
        lines += observance(change.replace(tzinfo=None) + before, before, zone_state(zone, change))
    lines.append("END:VTIMEZONE")
    return lines


def when(event):
    """Return the event's DTSTART and DTEND lines and the VTIMEZONE they need, if any.

    An all-day event has dates; a timed one has times in its own zone, so that calendars keep it
    at that local time whatever their reader's zone.
    """
    if event.all_day:
        # RFC 5545 3.6.1: an all-day event ends the day after its last day.
        last = event.last_day + datetime.timedelta(days=1)
        return [f"DTSTART;VALUE=DATE:{event.first_day:%Y%m%d}", f"DTEND;VALUE=DATE:{last:%Y%m%d}"], []
    zone = event.zone
    start, end = event.start.astimezone(zone), event.end.astimezone(zone)
    return (
        [f"DTSTART;TZID={zone.key}:{local(start)}", f"DTEND;TZID={zone.key}:{local(end)}"],
        vtimezone(zone, event.start, event.end),
    )


def event_calendar(event, request):
    """Return the VCALENDAR text of one event, in the reader's language, in the event's time zone."""
    language = get_language()
    url = event.get_full_url(request)
    host = urlsplit(url).hostname
    country = localize(event.country)
    location = ", ".join(filter(None, [event.venue, event.city, country.display_name if country else ""]))
    if not location and event.livestream_url:
        location = event.livestream_url
    description = "\n\n".join(filter(None, [event.lead, event.livestream_url, event.registration_url, url]))
    dates, time_zone = when(event)
    properties = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{host}//Events//{language.upper()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *time_zone,
        "BEGIN:VEVENT",
        # Every translation is the same event: calendars update it rather than adding another.
        f"UID:{event.translation_key}@{host}",
        f"DTSTAMP:{utc(timezone.now())}",
        *dates,
        f"SUMMARY;LANGUAGE={language}:{escape_text(event.title)}",
        f"DESCRIPTION;LANGUAGE={language}:{escape_text(description)}",
        *([f"LOCATION;LANGUAGE={language}:{escape_text(location)}"] if location else []),
        f"URL:{url}",
        *([f"LAST-MODIFIED:{utc(event.last_published_at)}"] if event.last_published_at else []),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + CRLF for line in properties)


def event_calendar_response(event, request):
    """Serve the event as a downloadable .ics file."""
    response = HttpResponse(event_calendar(event, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{event.slug}.ics")
    return response
