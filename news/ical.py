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


def event_calendar(event, request):
    """Return the VCALENDAR text of one event, in the reader's language, times in UTC."""
    language = get_language()
    url = event.get_full_url(request)
    host = urlsplit(url).hostname
    country = localize(event.country)
    location = ", ".join(filter(None, [event.venue, event.city, country.display_name if country else ""]))
    if not location and event.livestream_url:
        location = event.livestream_url
    description = "\n\n".join(filter(None, [event.lead, event.livestream_url, event.registration_url, url]))
    properties = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{host}//Events//{language.upper()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        # Every translation is the same event: calendars update it rather than adding another.
        f"UID:{event.translation_key}@{host}",
        f"DTSTAMP:{utc(timezone.now())}",
        f"DTSTART:{utc(event.start)}",
        f"DTEND:{utc(event.end)}",
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
