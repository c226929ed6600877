"""How an event's time is written: in the time zone where it happens, whole days without hours."""

import datetime

from django import template

register = template.Library()


def is_all_day(event, start, end):
    """Whether the event takes whole days: its own flag where the model has one, else 00:00 to 23:59."""
    flag = getattr(event, "all_day", None)
    if flag is not None:
        return flag
    return start.time() == datetime.time.min and end.time() >= datetime.time(23, 59)


@register.inclusion_tag("components/event_when.html")
def event_when(event):
    """The event's dates (and times, unless it takes whole days), where it happens."""
    start, end = event.start.astimezone(event.zone), event.end.astimezone(event.zone)
    return {
        "start": start,
        "end": end,
        "all_day": is_all_day(event, start, end),
        "same_day": start.date() == end.date(),
        "time_zone": event.time_zone,
    }


@register.simple_tag
def event_start(event):
    """The moment the event starts, in its own time zone."""
    return event.start.astimezone(event.zone)
