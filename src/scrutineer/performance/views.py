"""Scorecard pages, the indicator page, charts and spreadsheets.

Every page reads through ``visible_to(user)``: restricted indicators and figures never reach
anyone who cannot read restricted records, on a page, in a chart or in an export.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from scrutineer.governance.access import can_read_restricted
from scrutineer.governance.models import Body, Visibility, Warning, in_council
from scrutineer.packs.figures import figure_text
from scrutineer.periods import FinancialYear
from scrutineer.web.forms import page_of

from . import scorecard_spreadsheets as spreadsheets
from . import series as series_rules
from . import yearly_scorecard as sc
from .forms import ScorecardFilterForm
from .models import Area, Indicator, Observation, Period

HISTORY_PER_PAGE = 200
Y_LABELS = {Indicator.Unit.COUNT_PERCENT: "Percentage", Indicator.Unit.RATIO: "First count"}


# -- filters ---------------------------------------------------------------------------------


@dataclass
class Loaded:
    body: Body
    year: FinancialYear
    form: ScorecardFilterForm
    scorecard: sc.Scorecard
    priorities: list[str]


def _load(request, body_slug: str, year: FinancialYear) -> Loaded:
    body = get_object_or_404(in_council(Body.objects.all(), request.council), slug=body_slug)
    indicators = sc.indicators_for(body, request.user)
    priorities = sc.priorities(indicators)
    form = ScorecardFilterForm(
        request.GET if request.GET else None, priorities=priorities, year=year
    )
    card = sc.build(body, year, request.user, form.filters(), indicators=indicators)
    return Loaded(body, year, form, card, priorities)


def _query(request) -> str:
    """The valid filters as a query string, for the export links."""
    keep = {k: v for k, v in request.GET.items() if k in ScorecardFilterForm.base_fields and v}
    return f"?{urlencode(keep)}" if keep else ""


def _bad_filters(loaded: Loaded) -> HttpResponse | None:
    if loaded.form.is_bound and not loaded.form.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in loaded.form.errors.items()
        )
        return HttpResponseBadRequest(
            f"These filters are not allowed: {problems}", content_type="text/plain; charset=utf-8"
        )
    return None


# -- pages -----------------------------------------------------------------------------------


def scorecards(request):
    return render(
        request,
        "performance/index.html",
        {"bodies": sc.years_with_figures(request.user, request.council)},
    )


def scorecard(request, body, year):
    loaded = _load(request, body, year)
    card = loaded.scorecard
    return render(
        request,
        "performance/scorecard.html",
        {
            "body": loaded.body,
            "year": loaded.year,
            "form": loaded.form,
            "scorecard": card,
            "filtered": loaded.form.filters().active,
            "export_query": _query(request),
            "count_label": _count_label(len(card.rows), card.total),
        },
    )


def _count_label(shown: int, total: int) -> str:
    noun = "indicator" if total == 1 else "indicators"
    if shown == total:
        return f"{total} {noun}"
    return f"{shown} of {total} {noun}"


def scorecard_print(request, body, year):
    loaded = _load(request, body, year)
    if problem := _bad_filters(loaded):
        return problem
    return render(
        request,
        "performance/print.html",
        {"body": loaded.body, "year": loaded.year, "scorecard": loaded.scorecard},
    )


def scorecard_xlsx(request, body, year):
    loaded = _load(request, body, year)
    if problem := _bad_filters(loaded):
        return problem
    content = spreadsheets.scorecard_xlsx(loaded.body, loaded.scorecard)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"{loaded.body.slug}-scorecard-{loaded.year.slug}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def scorecard_csv(request, body, year):
    loaded = _load(request, body, year)
    if problem := _bad_filters(loaded):
        return problem
    ids = [row.indicator.pk for row in loaded.scorecard.rows]
    response = StreamingHttpResponse(
        spreadsheets.csv_lines(spreadsheets.figure_rows(request.user, loaded.year, ids)),
        content_type="text/csv; charset=utf-8",
    )
    name = f"{loaded.body.slug}-scorecard-{loaded.year.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# -- the indicator page ----------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A source span, for Warning.objects.about()."""

    source_id: int
    first_line: int
    last_line: int | None


@dataclass
class Column:
    area: Area
    cells: dict  # period pk -> Observation


@dataclass
class BreakdownChart:
    dimension: str
    period: Period
    observations: list[Observation]
    svg: str
    chart_id: str


def _primary(observations: list[Observation]) -> Area | None:
    areas = {o.area_id: o.area for o in observations}
    if not areas:
        return None
    return min(areas.values(), key=lambda a: series_rules.own_area_rank(a.name, a.kind, a.pk))


def _measure(indicator, o) -> float | None:
    value = series_rules.measure(indicator.unit, o.value, o.value2)
    return None if value is None else float(value)


def _as_text(o: Observation) -> str:
    return figure_text(o.status, o.get_status_display(), o.raw)


def _time_series(indicator, main: list[Observation]):
    """The chart of the indicator's own area against each comparator, and its table."""
    from . import charts

    by_area: dict[int, list[Observation]] = defaultdict(list)
    for o in main:
        by_area[o.area_id].append(o)
    primary = _primary(main)
    if primary is None:
        return None
    areas = sorted(
        {o.area_id: o.area for o in main}.values(),
        key=lambda a: (a.pk != primary.pk, *series_rules.comparator_rank(a.name, a.kind)),
    )
    columns = [Column(area, {}) for area in areas]
    series, periods = [], {}
    for column in columns:
        points = series_rules.points(by_area[column.area.pk])
        for o in points:
            column.cells[o.period_id] = o
            periods[o.period_id] = o.period
        series.append(
            charts.Series(
                column.area.name,
                tuple(
                    charts.Point(o.period.label, o.period.end.toordinal(), _measure(indicator, o))
                    for o in points
                ),
            )
        )
    ordered = sorted(periods.values(), key=lambda p: (p.end, p.start or p.end, p.label))
    if not ordered:
        return None
    own = series_rules.points(by_area[primary.pk])
    latest = own[-1] if own else None
    names = ", ".join(area.name for area in areas)
    desc = (
        f"One line for each area: {names}. From {ordered[0].label} to {ordered[-1].label}. "
        + (
            f"Latest figure for {primary.name}: {_as_text(latest)} ({latest.period.label}). "
            if latest
            else ""
        )
        + "Each line has its own marker and dash pattern, shown in the legend. "
        "The table after the chart gives every figure."
    )
    svg = mark_safe(
        charts.time_series_svg(
            series,
            chart_id="chart-time",
            title=f"{indicator.name}: {primary.name} against comparators over time",
            desc=desc,
            y_label=Y_LABELS.get(indicator.unit, indicator.get_unit_display()),
        )
    )  # charts escapes every piece of text it draws
    rows = [(period, [column.cells.get(period.pk) for column in columns]) for period in ordered]
    return {"svg": svg, "columns": columns, "rows": rows, "primary": primary}


def _breakdowns(indicator, with_breakdown: list[Observation], primary: Area | None):
    """A bar chart per breakdown dimension, for the latest period with figures for it."""
    from . import charts

    if not with_breakdown:
        return []
    primary = primary or _primary(with_breakdown)
    by_dimension: dict[str, list[Observation]] = defaultdict(list)
    for o in with_breakdown:
        if o.area_id == primary.pk and o.period.end is not None:
            by_dimension[o.breakdown.dimension].append(o)
    found = []
    for n, (_dimension, observations) in enumerate(sorted(by_dimension.items()), 1):
        last = max(o.period.end for o in observations)
        latest = [o for o in observations if o.period.end == last]
        period = min((o.period for o in latest), key=lambda p: series_rules.period_rank(p.kind))
        shown = sorted((o for o in latest if o.period_id == period.pk), key=lambda o: o.pk)
        label = shown[0].breakdown.get_dimension_display()
        chart_id = f"chart-breakdown-{n}"
        bars = [
            charts.Bar(
                o.breakdown.value,
                _measure(indicator, o),
                _as_text(o) or "Blank",
            )
            for o in shown
        ]
        desc = (
            f"One bar for each {label.lower()}, labelled with its figure as printed: "
            + "; ".join(f"{o.breakdown.value}: {_as_text(o) or 'blank'}" for o in shown)
            + ". A missing bar means no figure was given."
        )
        svg = mark_safe(
            charts.breakdown_svg(
                bars,
                chart_id=chart_id,
                title=f"{indicator.name} by {label.lower()}, {primary.name}, {period.label}",
                desc=desc,
                x_label=Y_LABELS.get(indicator.unit, indicator.get_unit_display()),
            )
        )  # charts escapes every piece of text it draws
        found.append(BreakdownChart(label, period, shown, svg, chart_id))
    return found


def _replacements_visible(observations: list[Observation], user, body_id) -> None:
    """A superseded figure names its replacement only when that one may be read too: by
    the readers of the indicator's body."""
    readable = can_read_restricted(user, body_id)
    for o in observations:
        o.replacement = None
        replacement = o.superseded_by
        if replacement is not None and (readable or replacement.visibility == Visibility.PUBLIC):
            o.replacement = replacement
        o.source_readable = o.source is not None and (
            readable or o.source.visibility == Visibility.PUBLIC
        )


def _data_call_url(submission) -> str | None:
    try:
        return reverse("data-call", args=[submission.data_call_id])
    except NoReverseMatch:
        return None


def _load_indicator(request, slug) -> Indicator:
    return get_object_or_404(
        in_council(Indicator.objects.visible_to(request.user), request.council).select_related(
            "body", "source_agency", "responsible_organisation", "rag_rule__comparator"
        ),
        slug=slug,
    )


def _observations(indicator, user) -> list[Observation]:
    return list(
        Observation.objects.visible_to(user)
        .filter(indicator=indicator)
        .select_related(
            "area",
            "period",
            "breakdown",
            "superseded_by",
            "source",
            "entered_by",
            "submission__organisation",
            "submission__data_call",
        )
        .defer("source__text")
        .order_by(
            "period__end",
            "period__start",
            "area__kind",
            "area__name",
            "breakdown__dimension",
            "pk",
        )
    )


def indicator(request, slug):
    user = request.user
    found = _load_indicator(request, slug)
    observations = _observations(found, user)
    _replacements_visible(observations, user, found.body_id)
    current = [o for o in observations if o.superseded_by_id is None]
    main = [o for o in current if o.breakdown_id is None]
    with_breakdown = [o for o in current if o.breakdown_id is not None]
    series = _time_series(found, main)
    breakdowns = _breakdowns(found, with_breakdown, series["primary"] if series else None)
    spans = {
        Span(r.source_id, r.first_line, r.last_line)
        for r in [found, *observations]
        if r.source_id is not None and r.first_line is not None
    }
    warnings = (
        list(
            Warning.objects.visible_to(user)
            .about(sorted(spans, key=lambda s: (s.source_id, s.first_line)))
            .select_related("document")
            .defer("document__text")
        )
        if spans
        else []
    )
    for o in observations:
        o.call_url = _data_call_url(o.submission) if o.submission_id else None
    page = page_of(Paginator(observations, HISTORY_PER_PAGE), request)
    latest_year = None
    if main:
        latest_year = FinancialYear.of(max(o.period.end for o in main if o.period.end))
    return render(
        request,
        "performance/indicator.html",
        {
            "indicator": found,
            "rule": getattr(found, "rag_rule", None),
            "series": series,
            "breakdowns": breakdowns,
            "warnings": warnings,
            "page": page,
            "superseded": sum(1 for o in observations if o.superseded_by_id),
            "latest_year": latest_year,
        },
    )


def _svg_response(svg: str) -> HttpResponse:
    response = HttpResponse(
        '<?xml version="1.0" encoding="utf-8"?>\n' + svg, content_type="image/svg+xml"
    )
    response["Content-Disposition"] = "inline"
    return response


def indicator_chart(request, slug):
    found = _load_indicator(request, slug)
    main = [
        o
        for o in _observations(found, request.user)
        if o.superseded_by_id is None and o.breakdown_id is None
    ]
    series = _time_series(found, main)
    if series is None:
        raise Http404("This indicator has no figures to chart.")
    return _svg_response(series["svg"])


def indicator_breakdown_chart(request, slug):
    found = _load_indicator(request, slug)
    current = [o for o in _observations(found, request.user) if o.superseded_by_id is None]
    main = [o for o in current if o.breakdown_id is None]
    charts_ = _breakdowns(found, [o for o in current if o.breakdown_id], _primary(main))
    wanted = request.GET.get("dimension", "")
    chosen = next(
        (c for c in charts_ if not wanted or c.observations[0].breakdown.dimension == wanted),
        None,
    )
    if chosen is None:
        raise Http404("This indicator has no breakdown to chart.")
    return _svg_response(chosen.svg)
