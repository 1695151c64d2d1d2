"""The scorecard section of `scrutineer bench`: synthetic scorecards, the scorecard page, a
10,000-row partner return and chart rendering."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass, field

from .measure import (
    CHART_RENDERS,
    CHART_TARGET_MS,
    IMPORT_ROWS,
    IMPORT_TARGET_S,
    SCORECARD_TARGET_MS,
    PageFigure,
    Timing,
    failure,
    p95,
    time_pages,
)


@dataclass
class ScorecardFigures:
    synth_seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    where: str = ""  # the body and year timed
    pages: list[PageFigure] = field(default_factory=list)
    timings: list[Timing] = field(default_factory=list)
    skipped: str = ""


def scorecard_section(scale: float, seed: int, today: dt.date, client) -> ScorecardFigures:
    """Synthetic scorecards for the bodies already made, then the scorecard page of the
    body with the most indicators for its latest whole year, a 10,000-row submission, and
    one indicator chart. Whatever does not exist yet is reported as skipped."""
    from django.urls import NoReverseMatch, reverse

    from scrutineer.synth import performance as synth

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
        from scrutineer.synth.datacalls import bench_data_call
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
