"""`scrutineer bench`: measure, don't assert. Prints parse, ingest and page figures.

Parse throughput needs no database. Ingest and page timings run against a fresh
throw-away database of whatever backend DATABASE_URL selects (SQLite by default).
The scale section fills another throw-away database with `scrutineer synth --scale N`
(default 5: 100,000 tracked items) and times the tracker pages against it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SEED_NAMES = [
    "scrutiny-pack-2016-07-21.txt",
    "scrutiny-pack-2022-03-17.txt",
    "hwb-pack-2014-02-24.txt",
    "lscb-annual-report-2016-17.txt",
]
PARSE_RUNS = 7
PAGE_REQUESTS = 100
SCALE = 5.0
SCALE_REQUESTS = 50
SCALE_TARGET_MS = 100
SCALE_SEED = 0


def find_seeds(seeds_dir: Path) -> list[Path]:
    paths = [seeds_dir / name for name in SEED_NAMES]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise SystemExit(f"bench: seed files not found in {seeds_dir}: {', '.join(missing)}")
    return paths


def parse_throughput(paths: list[Path]) -> tuple[float, float]:
    """(median MB/s, median seconds) for parsing all the seeds, over PARSE_RUNS runs."""
    from scrutineer.packs import parse_bytes

    blobs = [(p.name, p.read_bytes()) for p in paths]
    total = sum(len(data) for _, data in blobs)
    timings = []
    for _ in range(PARSE_RUNS):
        started = time.perf_counter()
        for name, data in blobs:
            parse_bytes(data, name)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    return total / median / 1e6, median


def linearity(paths: list[Path]) -> tuple[float, float]:
    """Seconds to parse ~1 MB and ~10 MB made by repeating seed text."""
    from scrutineer.packs import parse_bytes

    seed = b"\n".join(p.read_bytes() for p in paths)
    timings = []
    for megabytes in (1, 10):
        target = megabytes * 1_000_000
        data = (seed * (target // len(seed) + 1))[:target]
        data = data[: data.rfind(b"\n")]  # whole lines, valid UTF-8
        started = time.perf_counter()
        parse_bytes(data, f"repeated-{megabytes}mb.txt")
        timings.append(time.perf_counter() - started)
    return timings[0], timings[1]


@contextmanager
def throwaway_database() -> Iterator[None]:
    """A fresh, migrated database of the configured backend, dropped afterwards: a temporary
    SQLite file, or a test_<name> database on the PostgreSQL server."""
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    with tempfile.TemporaryDirectory() as scratch:
        if connection.vendor == "sqlite":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(
                Path(scratch) / "bench.sqlite3"
            )
        setup_test_environment()
        original = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            yield
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)
            teardown_test_environment()


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(0.95 * len(ordered)) - 1)]


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
class PageFigure:
    label: str
    url: str = ""
    p95_ms: float = 0.0
    median_ms: float = 0.0
    queries: int = 0
    skipped: str = ""


@dataclass
class ScaleFigures:
    backend: str
    scale: float
    synth_seconds: float
    counts: dict[str, int]
    pages: list[PageFigure]


def time_pages(client, label: str, urls: list[str]) -> PageFigure:
    """p95 and median over SCALE_REQUESTS requests (cycling through ``urls``) after one
    warm-up request, and the most SQL queries any of the URLs needed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figure = PageFigure(label, urls[0])
    response = client.get(urls[0])  # warm-up
    if response.status_code != 200:
        figure.skipped = f"{urls[0]} answered {response.status_code}"
        return figure
    samples = []
    for n in range(SCALE_REQUESTS):
        url = urls[n % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            figure.skipped = f"{url} answered {response.status_code}"
            return figure
    for url in dict.fromkeys(urls):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        figure.queries = max(figure.queries, len(queries.captured_queries))
    figure.p95_ms, figure.median_ms = p95(samples), statistics.median(samples)
    return figure


def scale_pages(scale: float = SCALE, seed: int = SCALE_SEED) -> ScaleFigures:
    """Synthesise ``scale`` in a throw-away database, then time the tracker list (overdue
    items of the body with the most), tracked item pages and the Outstanding Issues report.

    Requests are anonymous, so they see public records only. A page whose URL does not
    exist yet is reported as skipped rather than failing the run.
    """
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from scrutineer.governance.models import Body
    from scrutineer.tracker import synth
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
        pages = [
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
        ]
        client = Client()
        figures = []
        for label, urls in pages:
            try:
                figures.append(time_pages(client, label, urls()))
            except NoReverseMatch as missing:
                figures.append(PageFigure(label, skipped=f"no such page yet ({missing})"))
    return ScaleFigures(connection.vendor, scale, synth_seconds, counts, figures)


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


def run(seeds_dir: Path, scale: float | None = SCALE) -> None:
    """All the figures; ``scale=None`` leaves out the scale section."""
    paths = find_seeds(seeds_dir)
    size = sum(p.stat().st_size for p in paths)
    print(f"Seeds: {len(paths)} files, {size / 1e6:.2f} MB")
    mbps, seconds = parse_throughput(paths)
    print(
        f"parse throughput: {mbps:.1f} MB/s (median of {PARSE_RUNS} runs, {seconds * 1000:.0f} ms"
        " for all four; target >= 5 MB/s)"
    )
    one, ten = linearity(paths)
    print(
        f"parse scaling: 1 MB in {one:.2f} s, 10 MB in {ten:.2f} s, ratio {ten / one:.1f}x "
        "(linear is ~10x)"
    )
    figures = ingest_and_pages(paths)
    print(
        f"ingest of the four seeds into a fresh {figures.pop('backend')} database: "
        f"{figures.pop('ingest_seconds'):.2f} s (target <= 2 s)"
    )
    for label, value in figures.items():
        print(f"{label}: {value:.1f}" + (" (target <= 50 ms)" if "p95" in label else ""))
    if scale is not None:
        report_scale(scale_pages(scale))


def main(args: list[str], default_seeds: Path) -> int:
    parser = argparse.ArgumentParser(
        prog="scrutineer bench",
        description="Measure parse, ingest and page speed; then page speed at scale.",
    )
    parser.add_argument(
        "seeds", nargs="?", type=Path, default=default_seeds, help="folder of seed papers"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=SCALE,
        help=f"synthetic data scale for the page timings (default {SCALE:g}: "
        "100,000 tracked items); fractions allowed",
    )
    parser.add_argument("--skip-scale", action="store_true", help="leave out the scale section")
    options = parser.parse_args(args)
    if not options.skip_scale and not options.scale > 0:
        parser.error("--scale must be a positive number")
    run(options.seeds, None if options.skip_scale else options.scale)
    return 0
