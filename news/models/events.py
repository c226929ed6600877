"""Events: when and where, all day or timed in their own time zone, and their agenda."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.localization import localize_relations
from home.models import ArticlePage
from home.search import SearchType
from news.ical import event_calendar_response

# An all-day event ends at this time of its last day: the admin's widgets show minutes.
ALL_DAY_ENDS = datetime.time(23, 59)


def time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def whole_days(first, last, zone):
    """Return (start, end) of an event that lasts from day `first` to day `last` in `zone`."""
    return (
        datetime.datetime.combine(first, datetime.time.min, zone),
        datetime.datetime.combine(last, ALL_DAY_ENDS, zone),
    )


def utc_offset_label(offset):
    """Write a UTC offset as readers know it: "UTC+2", "UTC-3:30", "UTC"."""
    minutes = int(offset.total_seconds() // 60)
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02}" if minutes else "")


class EventPageForm(WagtailAdminPageForm):
    """Start and end are typed and shown in the event's own time zone; an all-day event keeps only days."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.start and self.instance.end:
            zone = self.instance.zone
            for name in ("start", "end"):
                self.initial[name] = getattr(self.instance, name).astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("time_zone"):
            return cleaned_data
        zone = zoneinfo.ZoneInfo(cleaned_data["time_zone"])
        for name in ("start", "end"):
            # The form read the typed time in the editor's time zone; it is the event's.
            if cleaned_data.get(name):
                typed = timezone.localtime(cleaned_data[name]).replace(tzinfo=None)
                cleaned_data[name] = typed.replace(tzinfo=zone)
        if cleaned_data.get("all_day") and cleaned_data.get("start") and cleaned_data.get("end"):
            cleaned_data["start"], cleaned_data["end"] = whole_days(
                cleaned_data["start"].date(), cleaned_data["end"].date(), zone
            )
        return cleaned_data


class EventPage(RoutablePageMixin, ArticlePage):
    """An event or programme: when and where, how to join, and its agenda."""

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(
        _("all day"),
        default=False,
        help_text=_("The event takes whole days: only the days of its start and end count, not their times."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        default=settings.TIME_ZONE,
        help_text=_("Where the event happens; its start and end are typed and shown in it."),
    )
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(
        "home.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    livestream_url = models.URLField(_("livestream or online link"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    agenda = StreamField(
        [
            (
                "item",
                blocks.StructBlock(
                    [
                        ("starts", blocks.TimeBlock(label=_("starts"), required=False)),
                        ("ends", blocks.TimeBlock(label=_("ends"), required=False)),
                        ("title", blocks.CharBlock(label=_("title"))),
                        ("speakers", blocks.CharBlock(label=_("speakers"), required=False)),
                        ("description", blocks.TextBlock(label=_("description"), required=False)),
                    ],
                    label=_("Agenda item"),
                    icon="time",
                    template="components/blocks/agenda_item_block.html",
                ),
            ),
            (
                "day",
                blocks.DateBlock(
                    label=_("Day"), icon="date", template="components/blocks/agenda_day_block.html"
                ),
            ),
        ],
        blank=True,
        verbose_name=_("agenda"),
    )

    content_panels = [
        *ArticlePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("all_day"), FieldPanel("time_zone")]),
                FieldPanel("attendance"),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
                FieldPanel("livestream_url"),
                FieldPanel("registration_url"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("agenda"),
    ]

    search_fields = [
        *ArticlePage.search_fields,
        index.SearchField("venue"),
        index.SearchField("city"),
        index.FilterField("start"),
    ]
    # The country is a reference shared by every translation (home.models.taxonomy).
    override_translatable_fields = [*ArticlePage.override_translatable_fields, SynchronizedField("country")]
    card_relations = ("country",)

    search_type = SearchType("events", _("Events"))
    parent_page_types = ["news.ListingPage"]
    subpage_types = []
    base_form_class = EventPageForm
    template = "pages/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})
        if self.all_day and self.start and self.end:
            self.start, self.end = whole_days(self.first_day, self.last_day, self.zone)

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def first_day(self):
        """The day the event starts, where it happens."""
        return self.start.astimezone(self.zone).date()

    @property
    def last_day(self):
        """The day the event ends, where it happens."""
        return self.end.astimezone(self.zone).date()

    @property
    def ends_same_day(self):
        """Say whether the event ends on the day it starts, where it happens."""
        return self.first_day == self.last_day

    @property
    def time_zone_label(self):
        """Name the event's time zone at its start as readers know it: "CEST (UTC+2)", or "UTC-3"."""
        start = self.start.astimezone(self.zone)
        offset = utc_offset_label(start.utcoffset())
        name = start.tzname()
        # Zones without a common abbreviation are named by their offset ("-03") in the tz database.
        if not name or name[0] in "+-" or name == offset:
            return offset
        return f"{name} ({offset})"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        localize_relations([self], "country")
        return context

    # Wagtail serves only dot-free paths that end in a slash: the download's file name
    # (<slug>.ics) comes from its Content-Disposition header instead.
    @path("calendar/", name="ical")
    def ical(self, request):
        return event_calendar_response(self, request)
