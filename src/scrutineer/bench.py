"""`scrutineer bench`: measure, don't assert. Prints parse, ingest and page figures.

Parse throughput needs no database. Ingest and page timings run against a fresh
throw-away database of whatever backend DATABASE_URL selects (SQLite by default).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

SEED_NAMES = [
    "scrutiny-pack-2016-07-21.txt",
    "scrutiny-pack-2022-03-17.txt",
    "hwb-pack-2014-02-24.txt",
    "lscb-annual-report-2016-17.txt",
]
PARSE_RUNS = 7
PAGE_REQUESTS = 100


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


def ingest_and_pages(paths: list[Path]) -> dict[str, float]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from scrutineer.governance.models import Meeting
    from scrutineer.ingest.loader import ingest_file

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        if connection.vendor == "sqlite":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(
                Path(scratch) / "bench.sqlite3"
            )
        setup_test_environment()
        original = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
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
                samples.sort()
                figures[f"meeting {meeting.date} p95 ms"] = samples[int(0.95 * len(samples)) - 1]
                figures[f"meeting {meeting.date} median ms"] = statistics.median(samples)
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)
    figures["backend"] = connection.vendor
    return figures


def run(seeds_dir: Path) -> None:
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
