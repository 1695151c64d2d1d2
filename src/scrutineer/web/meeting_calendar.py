"""Meetings as a calendar: a month's grid for the meetings page, and iCalendar feeds for
subscribers' calendars (docs/calendar.md)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from scrutineer.governance.models import Meeting

PRODUCT = "-//Scrutineer//Meetings//EN"
# A calendar holds the latest meetings by date (every one to come, and the recent past):
# the icalendar library writes about 3,000 events a second, and clients fetch every hour.
CALENDAR_MEETINGS = 1000
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Month:
    """A calendar month, written in addresses as ``2022-01``."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month | None:
        """``2022-01`` as a month, or None for anything else."""
        try:
            day = dt.datetime.strptime(text, "%Y-%m").date()
        except ValueError:
            return None
        return cls(day.year, day.month)

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def previous(self) -> Month:
        return Month.of(self.first - dt.timedelta(days=1))

    @property
    def next(self) -> Month:
        return Month.of(self.last + dt.timedelta(days=1))

    @property
    def slug(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.first:%B %Y}"


@dataclass(frozen=True)
class Day:
    date: dt.date
    in_month: bool
    meetings: tuple[Meeting, ...]


def month_weeks(month: Month, meetings) -> list[list[Day]]:
    """The month's weeks, Monday first, each day with its meetings (``meetings`` already
    narrowed to the month)."""
    by_day = defaultdict(list)
    for meeting in meetings:
        by_day[meeting.date].append(meeting)
    weeks = calendar.Calendar().monthdatescalendar(month.year, month.month)
    return [
        [Day(day, day.month == month.month, tuple(by_day.get(day, ()))) for day in week]
        for week in weeks
    ]


def event_uid(meeting: Meeting) -> str:
    """The meeting's UID: its council, body and id, which no edit changes (its day does,
    so the day is not in it), at the install's calendar domain."""
    body = meeting.body
    return f"meeting-{meeting.pk}.{body.slug}.{body.council.slug}@{settings.CALENDAR_DOMAIN}"


def _event(meeting: Meeting, address: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.sequence)
    if meeting.start is not None:
        event.add("dtstart", meeting.start.astimezone(dt.UTC))
        if meeting.closed_at is not None:
            end = timezone.make_aware(dt.datetime.combine(meeting.date, meeting.closed_at))
            if end > meeting.start:
                event.add("dtend", end.astimezone(dt.UTC))
    else:  # the papers give its day only: an all-day event
        event.add("dtstart", meeting.date)
    name = meeting.body.name
    if meeting.called_off:
        label = meeting.get_status_display()
        event.add("summary", f"{label}: {name}")
        event.add("status", "CANCELLED")
        event.add("description", f"This meeting is {label.lower()}, as the record shows.")
    else:
        event.add("summary", name)
        event.add("status", "CONFIRMED")
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("url", address)
    return event


def icalendar_bytes(meetings, name: str, absolute) -> bytes:
    """An iCalendar (RFC 5545) of ``meetings`` (with ``body__council`` selected), named
    ``name``; ``absolute`` turns a path into a full address."""
    feed = Calendar()
    feed.add("prodid", PRODUCT)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for meeting in meetings:
        feed.add_component(_event(meeting, absolute(meeting.get_absolute_url()), stamp))
    return feed.to_ical()
