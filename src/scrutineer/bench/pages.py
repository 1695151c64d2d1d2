"""Parse, ingest and page figures of `scrutineer bench`, on the seeds and at scale."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from .measure import (
    PAGE_REQUESTS,
    SCALE,
    SCALE_REQUESTS,
    SCALE_SEED,
    SCALE_TARGET_MS,
    PageFigure,
    p95,
    throwaway_database,
    time_pages,
)
from .scorecards import ScorecardFigures, report_scorecards, scorecard_section


def ingest_and_pages(paths: list[Path]) -> dict[str, float]:
    from django.db import connection
    from django.test import Client

    from scrutineer.governance.models import Meeting
    from scrutineer.ingest.loader import ingest_file

    figures: dict[str, float] = {}
    with throwaway_database():
        started = time.perf_counter()
        for path in paths:
            ingest_file(path)
        figures["ingest_seconds"] = time.perf_counter() - started
        client = Client()
        for meeting in Meeting.objects.filter(date__in=["2016-07-21", "2016-06-16"]):
            url = meeting.get_absolute_url()
            client.get(url)  # warm caches
            samples = []
            for _ in range(PAGE_REQUESTS):
                started = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, url
            figures[f"meeting {meeting.date} p95 ms"] = p95(samples)
            figures[f"meeting {meeting.date} median ms"] = statistics.median(samples)
    figures["backend"] = connection.vendor
    return figures


@dataclass
class ScaleFigures:
    backend: str
    scale: float
    synth_seconds: float
    counts: dict[str, int]
    pages: list[PageFigure]
    scorecards: ScorecardFigures | None = None


def scale_pages(
    scale: float = SCALE, seed: int = SCALE_SEED, scorecards: bool = True
) -> ScaleFigures:
    """Synthesise ``scale`` in a throw-away database, then time the tracker list (overdue
    items of the body with the most), tracked item pages, the Outstanding Issues report and
    that body's page.

    Requests are anonymous, so they see public records only. A page whose URL does not
    exist yet is reported as skipped rather than failing the run. Then (unless
    ``scorecards`` is false) the scorecard figures, in the same database.
    """
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from scrutineer.governance.models import Attendance, Body, Meeting, Membership
    from scrutineer.synth import governance as synth
    from scrutineer.tracker.models import TrackedItem

    today = dt.date.today()
    with throwaway_database():
        started = time.perf_counter()
        counts = synth.generate(scale, seed=seed, today=today)
        synth_seconds = time.perf_counter() - started
        busiest = (
            TrackedItem.objects.public()
            .overdue(today)
            .values("body")
            .annotate(n=Count("pk"))
            .order_by("-n", "body")
            .first()
        )
        body = Body.objects.get(pk=busiest["body"])
        public = TrackedItem.objects.public().order_by("pk").values_list("pk", flat=True)
        item_pks = list(public)
        step = max(1, len(item_pks) // SCALE_REQUESTS)
        sample = item_pks[::step][:SCALE_REQUESTS]
        minuted = (
            Meeting.objects.public()
            .annotate(n=Count("minutes"))
            .filter(n__gt=0)
            .select_related("body")
            .order_by("-n", "pk")[:SCALE_REQUESTS]
        )
        attender = (
            Attendance.objects.exclude(person=None)
            .values("person")
            .annotate(n=Count("pk"))
            .order_by("-n", "person")
            .first()
        )
        seats = Membership.objects.count()
        pages = [
            (f"people directory ({seats:,} seats)", lambda: [reverse("people")]),
            (
                f"person page of the most listed attendee ({attender['n']} meetings)",
                lambda: [reverse("person", args=[attender["person"]])],
            ),
            (
                f"tracker list, overdue items of {body.name}",
                lambda: [reverse("tracker") + f"?body={body.slug}&overdue=1"],
            ),
            (
                f"tracked item page ({len(sample)} different items)",
                lambda: [reverse("tracked-item", args=[pk]) for pk in sample],
            ),
            (
                f"Outstanding Issues report of {body.name}",
                lambda: [reverse("outstanding-issues", args=[body.slug])],
            ),
            (
                f"meeting page with its minutes ({len(minuted)} meetings with the most)",
                lambda: [meeting.get_absolute_url() for meeting in minuted],
            ),
            (
                f"body page of {body.name} (members now and past, meetings)",
                lambda: [reverse("body", args=[body.slug])],
            ),
        ]
        client = Client()
        figures = []
        for label, urls in pages:
            try:
                figures.append(time_pages(client, label, urls()))
            except NoReverseMatch as missing:
                figures.append(PageFigure(label, skipped=f"no such page yet ({missing})"))
        scorecard_figures = scorecard_section(scale, seed, today, client) if scorecards else None
    return ScaleFigures(connection.vendor, scale, synth_seconds, counts, figures, scorecard_figures)


def report_scale(figures: ScaleFigures) -> None:
    counts = figures.counts
    print(
        f"synth --scale {figures.scale:g} into a fresh {figures.backend} database: "
        f"{figures.synth_seconds:.1f} s ({counts.get('tracked items', 0):,} tracked items, "
        f"{counts.get('meetings', 0):,} meetings, {counts.get('bodies', 0):,} bodies)"
    )
    for page in figures.pages:
        if page.skipped:
            print(f"{page.label}: skipped, {page.skipped}")
            continue
        print(
            f"{page.label} p95 ms: {page.p95_ms:.1f} (target <= {SCALE_TARGET_MS} ms); "
            f"median {page.median_ms:.1f} ms; {page.queries} SQL queries"
        )
    if figures.scorecards is not None:
        report_scorecards(figures.scorecards)
