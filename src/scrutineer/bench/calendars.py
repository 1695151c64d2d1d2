"""`scrutineer bench --calendar`: the meetings page, the iCalendar feeds and a body's Atom
feeds at scale.

Synthesises ``--scale`` (default 5) in a throw-away database, then times, as the public,
the meetings list, the month of the most meetings, the council's calendar (its latest
1,000 meetings), and the calendar and feeds of the body with the most meetings.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .measure import SCALE, SCALE_SEED, SCALE_TARGET_MS, PageFigure, throwaway_database, time_pages


@dataclass
class CalendarFigures:
    backend: str
    scale: float
    synth_seconds: float
    meetings: int
    busiest: str = ""
    busiest_meetings: int = 0
    calendar_bytes: int = 0
    pages: list[PageFigure] = field(default_factory=list)


def calendar_speed(scale: float = SCALE, seed: int = SCALE_SEED) -> CalendarFigures:
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from django.test import Client
    from django.urls import reverse

    from scrutineer.governance.models import Body, Meeting
    from scrutineer.synth import governance as synth
    from scrutineer.web.meeting_calendar import CALENDAR_MEETINGS

    with throwaway_database():
        started = time.perf_counter()
        synth.generate(scale, seed=seed)
        figures = CalendarFigures(
            connection.vendor, scale, time.perf_counter() - started, Meeting.objects.count()
        )
        body = Body.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first()
        figures.busiest, figures.busiest_meetings = body.name, body.n
        month = (
            Meeting.objects.annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by("-n", "month")
            .first()["month"]
        )
        client = Client()
        meetings = reverse("meetings")
        figures.calendar_bytes = len(client.get(reverse("meetings-ics")).content)
        for label, urls in [
            ("meetings list, first page", [meetings]),
            ("meetings list, one body", [f"{meetings}?body={body.slug}"]),
            (f"meetings, month of {month:%B %Y}", [f"{meetings}?month={month:%Y-%m}"]),
            (
                f"council calendar (its latest {CALENDAR_MEETINGS:,} meetings)",
                [reverse("meetings-ics")],
            ),
            ("busiest body's calendar", [reverse("body-meetings-ics", args=[body.slug])]),
            ("busiest body's new-meetings feed", [reverse("body-meetings-feed", args=[body.slug])]),
            ("busiest body's minutes feed", [reverse("body-minutes-feed", args=[body.slug])]),
            (
                "busiest body's tracked-items feed",
                [reverse("body-tracked-items-feed", args=[body.slug])],
            ),
        ]:
            figures.pages.append(time_pages(client, label, urls))
    return figures


def report_calendar(figures: CalendarFigures) -> None:
    print(
        f"synth --scale {figures.scale:g} into a fresh {figures.backend} database: "
        f"{figures.synth_seconds:.1f} s, {figures.meetings:,} meetings; the busiest body, "
        f"{figures.busiest}, has {figures.busiest_meetings:,}; the council calendar is "
        f"{figures.calendar_bytes / 1e6:.2f} MB"
    )
    for page in figures.pages:
        if page.skipped:
            print(f"{page.label}: skipped, {page.skipped}")
            continue
        print(
            f"{page.label} p95 ms: {page.p95_ms:.1f} (pages' target <= {SCALE_TARGET_MS} ms); "
            f"median {page.median_ms:.1f} ms; {page.queries} SQL queries"
        )
