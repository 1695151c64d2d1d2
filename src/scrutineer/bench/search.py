"""`scrutineer bench --search`: search at scale.

Synthesises ``--scale`` (default 5) in a throw-away database, writes the search index, then
times searches of the kinds people type (words, a phrase, a prefix, a word left out, a
filter by kind and by body), by the engine alone and as the search page, for the public and
for a member who reads every body. On PostgreSQL it prints the plan of a search, which must
use the GIN index. Target: p95 <= 100 ms at scale 5.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

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

QUERIES = [
    "safeguarding",
    "school attendance",
    '"foster carer recruitment"',
    "exploit*",
    "domestic abuse -annual",
    "youth justice review",
    "transport",
    "housing*",
]


@dataclass
class SearchFigures:
    backend: str
    scale: float
    synth_seconds: float
    index_seconds: float
    entries: int
    engine: dict[str, tuple[float, float, int]] = field(default_factory=dict)  # p95, median, hits
    pages: list[PageFigure] = field(default_factory=list)
    plan: str = ""


def search_speed(scale: float = SCALE, seed: int = SCALE_SEED) -> SearchFigures:
    from django.contrib.auth.models import AnonymousUser, Group, User
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from scrutineer.governance.models import Body, Council
    from scrutineer.search import engine, index, signals
    from scrutineer.synth import governance as synth

    with throwaway_database():
        started = time.perf_counter()
        with signals.paused():  # the index is written once, below
            synth.generate(scale, seed=seed, today=dt.date.today())
        synth_seconds = time.perf_counter() - started
        started = time.perf_counter()
        entries = index.reindex_all()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE search_searchentry")
        figures = SearchFigures(
            connection.vendor, scale, synth_seconds, time.perf_counter() - started, entries
        )
        council = Council.objects.get()
        member = User.objects.create_user("bench-search-member")
        member.groups.add(*Group.objects.filter(name="member"))
        bodies = list(Body.objects.order_by("pk"))
        for body in bodies:
            body.readers.add(member)
        member = User.objects.get(pk=member.pk)
        searches = [(text, engine.Filters()) for text in QUERIES]
        searches.append(("review", engine.Filters(kind="tracked-item")))
        searches.append(("report", engine.Filters(body=bodies[0].pk)))
        for reader, label in ((AnonymousUser(), "public"), (member, "a member")):
            samples, hits = [], 0
            for n in range(SCALE_REQUESTS * 2):
                text, filters = searches[n % len(searches)]
                started = time.perf_counter()
                hits += engine.search(council, reader, text, filters).total
                samples.append((time.perf_counter() - started) * 1000)
            figures.engine[f"search, {label} ({len(searches)} queries)"] = (
                p95(samples),
                statistics.median(samples),
                hits // (SCALE_REQUESTS * 2),
            )
        urls = [f"{reverse('search')}?{urlencode({'q': text})}" for text in QUERIES]
        figures.pages.append(time_pages(Client(), "search page, public", urls))
        reader = Client()
        reader.force_login(member)
        figures.pages.append(time_pages(reader, "search page, a member", urls))
        if connection.vendor == "postgresql":
            figures.plan = engine.explain(council, AnonymousUser(), "school attendance")
    return figures


def report_search(figures: SearchFigures) -> None:
    print(
        f"synth --scale {figures.scale:g} into a fresh {figures.backend} database: "
        f"{figures.synth_seconds:.1f} s; search index of {figures.entries:,} entries written "
        f"in {figures.index_seconds:.1f} s"
    )
    for label, (high, median, hits) in figures.engine.items():
        print(
            f"{label} p95 ms: {high:.1f} (target <= {SCALE_TARGET_MS} ms); median {median:.1f} "
            f"ms; {hits:,} results on average"
        )
    for page in figures.pages:
        if page.skipped:
            print(f"{page.label}: skipped, {page.skipped}")
            continue
        print(
            f"{page.label} p95 ms: {page.p95_ms:.1f} (target <= {SCALE_TARGET_MS} ms); "
            f"median {page.median_ms:.1f} ms; {page.queries} SQL queries"
        )
    if figures.plan:
        print("EXPLAIN of a search on PostgreSQL:")
        print(figures.plan)
