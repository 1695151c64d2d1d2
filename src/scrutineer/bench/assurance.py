"""`scrutineer bench --assurance`: the partnership dashboard at scale.

Synthesises ``--scale`` (default 5) in a throw-away database, then times the assurance
dashboard of every synthetic safeguarding partnership, for the public and for a member who
reads each partnership (so the restricted records are counted too), and prints what the
dashboards show of the busiest partnership. Target: p95 <= 100 ms at scale 5.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from .measure import (
    SCALE,
    SCALE_REQUESTS,
    SCALE_SEED,
    SCALE_TARGET_MS,
    PageFigure,
    p95,
    throwaway_database,
    time_pages,
)

RECORDS = [
    "learning reviews",
    "review recommendations",
    "audits",
    "audit recommendations",
    "training counts",
    "training courses",
    "budgets",
    "budget lines",
    "priorities",
    "progress statements",
    "subgroups",
]


@dataclass
class AssuranceFigures:
    backend: str
    scale: float
    synth_seconds: float
    counts: dict[str, int]
    partnerships: int
    pages: list[PageFigure] = field(default_factory=list)
    busiest: str = ""
    shown: dict[str, str] = field(default_factory=dict)  # the busiest dashboard's figures
    cpu_ms: dict[str, tuple[float, float]] = field(default_factory=dict)  # label: median, p95


def cpu_times(client, urls: list[str]) -> tuple[float, float]:
    """(median, p95) of this process's CPU time per request, in ms: on a busy machine the
    wall-clock figures count the time other processes had the CPU; these do not (on
    PostgreSQL they leave out the database server's own work)."""
    import statistics

    samples = []
    for n in range(SCALE_REQUESTS):
        started = time.process_time()
        client.get(urls[n % len(urls)])
        samples.append((time.process_time() - started) * 1000)
    return statistics.median(samples), p95(samples)


def assurance_speed(scale: float = SCALE, seed: int = SCALE_SEED) -> AssuranceFigures:
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from scrutineer.assurance.dashboard import dashboard
    from scrutineer.governance.models import Body
    from scrutineer.synth import governance as synth

    today = dt.date.today()
    with throwaway_database():
        started = time.perf_counter()
        counts = synth.generate(scale, seed=seed, today=today)
        synth_seconds = time.perf_counter() - started
        partnerships = list(
            Body.objects.filter(kind=Body.Kind.SAFEGUARDING_PARTNERSHIP)
            .annotate(n=Count("tracked_items"))
            .order_by("-n", "pk")
        )
        urls = [reverse("assurance-dashboard", args=[body.slug]) for body in partnerships]
        figures = AssuranceFigures(
            connection.vendor, scale, synth_seconds, counts, len(partnerships)
        )
        public = Client()
        label = f"assurance dashboard, public ({len(urls)} partnerships)"
        figures.pages.append(time_pages(public, label, urls))
        figures.cpu_ms[label] = cpu_times(public, urls)
        member = User.objects.create_user("bench-member")
        member.groups.add(*Group.objects.filter(name="member"))
        for body in partnerships:
            body.readers.add(member)
        reader = Client()
        reader.force_login(member)
        label = f"assurance dashboard, a member ({len(urls)} partnerships)"
        figures.pages.append(time_pages(reader, label, urls))
        figures.cpu_ms[label] = cpu_times(reader, urls)
        busiest = partnerships[0]
        board = dashboard(busiest, member, today)
        figures.busiest = busiest.name
        figures.shown = {
            "reviews (open, overdue)": f"{len(board.reviews)} ({board.reviews_open}, "
            f"{board.reviews_overdue})",
            "review recommendations open, overdue": f"{board.review_recommendations_open}, "
            f"{board.review_recommendations_overdue}",
            "audit recommendations outstanding": f"{board.audit_recommendations_outstanding} "
            f"in {board.audits_outstanding} of {len(board.audits)} audits",
            "people trained": (
                f"{board.this_year.total:,} in {board.this_year.period} against "
                f"{board.last_year.total:,} in {board.last_year.period}"
                if board.last_year
                else "none"
            ),
            "budget": (
                f"{board.budget.budget.year}: {board.budget.spent} spent, "
                f"{board.budget.position.outcome} {board.budget.balance}"
                if board.budget
                else "none"
            ),
            "priorities": f"{len(board.priorities)} for {board.priority_period}",
        }
    return figures


def report_assurance(figures: AssuranceFigures) -> None:
    counts = figures.counts
    made = ", ".join(f"{counts[k]:,} {k}" for k in RECORDS if k in counts)
    print(
        f"synth --scale {figures.scale:g} into a fresh {figures.backend} database: "
        f"{figures.synth_seconds:.1f} s, {figures.partnerships} safeguarding partnerships; {made}"
    )
    for page in figures.pages:
        if page.skipped:
            print(f"{page.label}: skipped, {page.skipped}")
            continue
        print(
            f"{page.label} p95 ms: {page.p95_ms:.1f} (target <= {SCALE_TARGET_MS} ms); "
            f"median {page.median_ms:.1f} ms; {page.queries} SQL queries"
        )
        if page.label in figures.cpu_ms:
            median, high = figures.cpu_ms[page.label]
            print(f"  its CPU time in this process: median {median:.1f} ms, p95 {high:.1f} ms")
    print(f"the dashboard of {figures.busiest}, as a member sees it:")
    for label, value in figures.shown.items():
        print(f"  {label}: {value}")
