"""`scrutineer bench`: measure, don't assert. Prints parse, ingest and page figures.

Parse throughput needs no database. Ingest and page timings run against a fresh
throw-away database of whatever backend DATABASE_URL selects (SQLite by default).
The scale section fills another throw-away database with `scrutineer synth --scale N`
(default 5: 100,000 tracked items) and times the tracker pages against it; then, in the same
database, adds the synthetic performance scorecards (1,000 indicators and about a million
observations at scale 5) and times the scorecard page, a 10,000-row partner submission and
an indicator chart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from scrutineer import bench_load

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
class Timing:
    """A timed operation that is not a page: seconds, or median and p95 in ms."""

    label: str
    seconds: float = 0.0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    detail: str = ""
    skipped: str = ""


@dataclass
class ScorecardFigures:
    synth_seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    where: str = ""  # the body and year timed
    pages: list[PageFigure] = field(default_factory=list)
    timings: list[Timing] = field(default_factory=list)
    skipped: str = ""


@dataclass
class ScaleFigures:
    backend: str
    scale: float
    synth_seconds: float
    counts: dict[str, int]
    pages: list[PageFigure]
    scorecards: ScorecardFigures | None = None


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


def scale_pages(
    scale: float = SCALE, seed: int = SCALE_SEED, scorecards: bool = True
) -> ScaleFigures:
    """Synthesise ``scale`` in a throw-away database, then time the tracker list (overdue
    items of the body with the most), tracked item pages and the Outstanding Issues report.

    Requests are anonymous, so they see public records only. A page whose URL does not
    exist yet is reported as skipped rather than failing the run. Then (unless
    ``scorecards`` is false) the scorecard figures, in the same database.
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
        scorecard_figures = scorecard_section(scale, seed, today, client) if scorecards else None
    return ScaleFigures(connection.vendor, scale, synth_seconds, counts, figures, scorecard_figures)


def scorecard_section(scale: float, seed: int, today: dt.date, client) -> ScorecardFigures:
    """Synthetic scorecards for the bodies already made, then the scorecard page of the
    body with the most indicators for its latest whole year, a 10,000-row submission, and
    one indicator chart. Whatever does not exist yet is reported as skipped."""
    from django.urls import NoReverseMatch, reverse

    from scrutineer.performance import synth

    figures = ScorecardFigures()
    started = time.perf_counter()
    result = synth.generate(scale, seed=seed, today=today)
    figures.synth_seconds = time.perf_counter() - started
    figures.counts = result.counts
    card = result.scorecard
    if card is None:
        figures.skipped = "the synthetic data has no scorecard with figures"
        return figures
    figures.where = f"{card.body_name}, {card.year}"
    label = f"scorecard page of {card.body_name}, {card.year}"
    try:
        figures.pages.append(
            time_pages(client, label, [reverse("scorecard", args=[card.body_slug, card.year])])
        )
    except NoReverseMatch as missing:
        figures.pages.append(PageFigure(label, skipped=f"no such page yet ({missing})"))
    except Exception as error:  # a page still being written: report it, time the rest
        figures.pages.append(PageFigure(label, skipped=f"the page failed ({failure(error)})"))
    for label, timed in (
        (f"import of a {IMPORT_ROWS:,}-row submission", time_import),
        ("indicator chart render", time_charts),
    ):
        try:
            figures.timings.extend(timed(card, today))
        except Exception as error:  # as above
            figures.timings.append(Timing(label, skipped=f"it failed ({failure(error)})"))
    return figures


def failure(error: Exception) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:200]}"


def _filled_value(unit: str, n: int) -> tuple[str, str]:
    """A valid figure for ``unit`` (value, value2), varying with ``n``."""
    count = 20 + n % 480
    if unit == "count-percent":
        return str(count), f"{10 + n % 900 / 10:.1f}"
    if unit == "count-count":
        return str(count), str(count // 3)
    if unit == "ratio":
        return str(3 + n % 20), str(n % 3)
    if unit in {"count", "currency", "days"}:
        return str(count), ""
    if unit == "percent":
        return f"{(n % 1000) / 10:.1f}", ""
    return f"{5 + (n % 2000) / 10:.1f}", ""


def filled_csv(template: bytes, units: dict[int, str], rows: int, shift: int = 0) -> bytes:
    """The CSV template with its first ``rows`` figure rows filled in (one in fifty as
    not-applicable) and the rest left out."""
    import csv
    import io

    lines = list(csv.reader(io.StringIO(template.decode("utf-8-sig"))))
    meta, header, body = lines[0], lines[1], lines[2 : 2 + rows]
    at = {name: i for i, name in enumerate(header)}
    for n, line in enumerate(body):
        line.extend([""] * (len(header) - len(line)))
        unit = units[int(line[at["indicator_id"]])]
        value, value2 = ("", "") if n % 50 == 49 else _filled_value(unit, n + shift)
        line[at["value"]] = value
        if "value2" in at:
            line[at["value2"]] = value2
        line[at["status"]] = "not-applicable" if n % 50 == 49 else ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([meta, header, *body])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def filled_xlsx(template: bytes, units: dict[int, str], rows: int, shift: int) -> bytes:
    """The XLSX template's Figures sheet with its first ``rows`` rows filled in."""
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Figures"]
    header = [cell.value for cell in sheet[1]]
    at = {name: i + 1 for i, name in enumerate(header)}
    for n in range(rows):
        row = n + 2
        unit = units[int(sheet.cell(row, at["indicator_id"]).value)]
        value, value2 = _filled_value(unit, n + shift)
        sheet.cell(row, at["value"]).value = value
        sheet.cell(row, at["status"]).value = None
        if "value2" in at:
            sheet.cell(row, at["value2"]).value = value2 or None
    if sheet.max_row > rows + 1:
        sheet.delete_rows(rows + 2, sheet.max_row - rows - 1)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def time_import(card, today: dt.date) -> list[Timing]:
    """A 10,000-row CSV return to a new quarter's data call (every figure new), then the
    same rows as XLSX with every figure changed (each supersedes the one before)."""
    label = f"import of a {IMPORT_ROWS:,}-row submission"
    try:
        from scrutineer.performance.datacalls.returns import import_submission
        from scrutineer.performance.datacalls.templates import template_csv, template_xlsx
        from scrutineer.performance.synth import bench_data_call
    except (ImportError, AttributeError) as missing:
        return [Timing(label, skipped=f"the submission functions are not there yet ({missing})")]
    from scrutineer.performance.models import Indicator

    call, organisation = bench_data_call(card.body_slug, IMPORT_ROWS, today)
    units = dict(Indicator.objects.filter(data_calls=call).values_list("pk", "unit"))
    data = filled_csv(template_csv(call, organisation), units, IMPORT_ROWS)
    rows = data.count(b"\n") - 2
    started = time.perf_counter()
    submission = import_submission(call, organisation, "bench.csv", data)
    seconds = time.perf_counter() - started
    outcome = getattr(submission, "outcome", None)
    detail = f"{rows:,} rows, {len(data) / 1e6:.1f} MB CSV for {organisation.name}"
    if outcome is not None:
        detail += f": {outcome.created:,} figures written"
    timings = [Timing(label + " (CSV, new figures)", seconds=seconds, detail=detail)]
    data = filled_xlsx(template_xlsx(call, organisation), units, IMPORT_ROWS, shift=7)
    started = time.perf_counter()
    submission = import_submission(call, organisation, "bench.xlsx", data)
    seconds = time.perf_counter() - started
    outcome = getattr(submission, "outcome", None)
    detail = f"{len(data) / 1e6:.1f} MB XLSX"
    if outcome is not None:
        detail += f": {outcome.created:,} figures written, {outcome.superseded:,} superseded"
    timings.append(Timing(label + " (XLSX, every figure corrected)", seconds=seconds,
                          detail=detail))  # fmt: skip
    return timings


def time_charts(card, today: dt.date | None = None) -> list[Timing]:
    """The time-series chart (and a breakdown chart) of the body's indicator with the most
    figures, drawn CHART_RENDERS times each by the chart functions themselves."""
    label = "indicator chart render"
    try:
        from scrutineer.performance import charts
    except ImportError as missing:
        return [Timing(label, skipped=f"no chart module yet ({missing})")]
    from django.db.models import Count

    from scrutineer.performance.models import Indicator, Observation

    indicator = (
        Indicator.objects.public()
        .filter(body__slug=card.body_slug)
        .annotate(n=Count("observations"))
        .order_by("-n", "pk")
        .first()
    )
    current = list(
        Observation.objects.current()
        .filter(indicator=indicator)
        .select_related("area", "period", "breakdown")
        .order_by("period__end", "pk")
    )
    timings = []
    time_series = getattr(charts, "time_series_svg", None)
    if time_series is None or not hasattr(charts, "Series"):
        timings.append(Timing(label, skipped="charts.time_series_svg is not there yet"))
    else:
        by_area: dict[str, list] = {}
        for o in current:
            if o.breakdown_id is None and o.period.kind == "quarter":
                value = None if o.value is None else float(o.value2 or o.value)
                point = charts.Point(o.period.label, o.period.end.toordinal(), value)
                by_area.setdefault(o.area.name, []).append(point)
        series = [charts.Series(name, tuple(points)) for name, points in by_area.items()]
        points = sum(len(s.points) for s in series)

        def draw():
            return time_series(
                series, chart_id="bench", title=indicator.name, desc="Bench chart",
                y_label=indicator.get_unit_display(),
            )  # fmt: skip

        timings.append(
            _repeat(f"{label}, time series", draw,
                    f"{indicator.name}: {len(series)} areas, {points} points")
        )  # fmt: skip
    bars_svg = getattr(charts, "breakdown_svg", None)
    latest = [o for o in current if o.breakdown_id is not None]
    if bars_svg is not None and hasattr(charts, "Bar") and latest:
        last = max(o.period.end for o in latest)
        area = latest[0].area_id
        rows = [o for o in latest if o.period.end == last and o.area_id == area]
        bars = [
            charts.Bar(o.breakdown.value, None if o.value is None else float(o.value), o.raw)
            for o in rows
        ]

        def draw_bars():
            return bars_svg(
                bars, chart_id="bench-bars", title=indicator.name, desc="Bench chart",
                x_label=indicator.get_unit_display(),
            )  # fmt: skip

        timings.append(_repeat(f"{label}, breakdown bars", draw_bars, f"{len(bars)} bars"))
    return timings


def _repeat(label: str, draw, detail: str) -> Timing:
    draw()  # warm-up: fonts and caches
    samples = []
    for _ in range(CHART_RENDERS):
        started = time.perf_counter()
        draw()
        samples.append((time.perf_counter() - started) * 1000)
    return Timing(label, median_ms=statistics.median(samples), p95_ms=p95(samples), detail=detail)


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


def report_scorecards(figures: ScorecardFigures) -> None:
    counts = figures.counts
    print(
        f"scorecards synthesised into the same database: {figures.synth_seconds:.1f} s "
        f"({counts.get('indicators', 0):,} indicators, "
        f"{counts.get('observations', 0):,} observations, "
        f"{counts.get('data calls', 0):,} data calls)"
    )
    if figures.skipped:
        print(f"scorecard figures: skipped, {figures.skipped}")
        return
    for page in figures.pages:
        if page.skipped:
            print(f"{page.label}: skipped, {page.skipped}")
            continue
        print(
            f"{page.label} p95 ms: {page.p95_ms:.1f} (target <= {SCORECARD_TARGET_MS} ms); "
            f"median {page.median_ms:.1f} ms; {page.queries} SQL queries"
        )
    for timing in figures.timings:
        if timing.skipped:
            print(f"{timing.label}: skipped, {timing.skipped}")
        elif timing.p95_ms:
            print(
                f"{timing.label} p95 ms: {timing.p95_ms:.1f} (target <= {CHART_TARGET_MS} ms); "
                f"median {timing.median_ms:.1f} ms over {CHART_RENDERS} renders; "
                f"{timing.detail}"
            )
        else:
            print(
                f"{timing.label}: {timing.seconds:.2f} s (target <= {IMPORT_TARGET_S:g} s); "
                f"{timing.detail}"
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
        "100,000 tracked items, 1,000 indicators); fractions allowed",
    )
    parser.add_argument("--skip-scale", action="store_true", help="leave out the scale section")
    parser.add_argument(
        "--load",
        action="store_true",
        help="instead: serve the seeds with the production server and load it with wrk",
    )
    parser.add_argument(
        "--connections", type=int, default=bench_load.CONNECTIONS, help="with --load"
    )
    parser.add_argument(
        "--duration", type=int, default=bench_load.DURATION_S, help="seconds, with --load"
    )
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers, with --load")
    options = parser.parse_args(args)
    if options.load:
        if options.connections < 1 or options.duration < 1:
            parser.error("--connections and --duration must be at least 1")
        figures = bench_load.run_load(
            find_seeds(options.seeds),
            connections=options.connections,
            duration=options.duration,
            workers=options.workers,
        )
        bench_load.report_load(figures, options.connections)
        return 0
    if not options.skip_scale and not options.scale > 0:
        parser.error("--scale must be a positive number")
    run(options.seeds, None if options.skip_scale else options.scale)
    return 0
