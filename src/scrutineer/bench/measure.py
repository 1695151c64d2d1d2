"""What every benchmark shares: the seeds, a throw-away database, timing pages and p95."""

from __future__ import annotations

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
SCORECARD_TARGET_MS = 150
IMPORT_ROWS = 10_000
IMPORT_TARGET_S = 5.0
CHART_RENDERS = 20
CHART_TARGET_MS = 200


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


@dataclass
class PageFigure:
    label: str
    url: str = ""
    p95_ms: float = 0.0
    median_ms: float = 0.0
    queries: int = 0
    skipped: str = ""


@dataclass
class Timing:
    """A timed operation that is not a page: seconds, or median and p95 in ms."""

    label: str
    seconds: float = 0.0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    detail: str = ""
    skipped: str = ""


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


def failure(error: Exception) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:200]}"
