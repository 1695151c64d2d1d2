"""The scorecard of one body for one financial year: a row per indicator with its latest,
previous and baseline figures, trend, RAG rating, sparkline and comparators.

Plain functions over plain values. The year's figures for every indicator of the body are
read in one query (with the periods and areas, each a small table, read once), and grouped
here, so the number of queries never grows with the number of indicators.

Which figures make a row
  The *main series* is the indicator's figures for its own area without a breakdown, one
  point per end date (``series``). Every other area is a comparator. The window is the
  financial year plus the day before it starts, which holds "Last Q4" (the previous
  year's Q4, the previous figure for Q1) and financial-year baselines such as 2019/20.

  - latest: the last point of the year, or the last up to the chosen quarter;
  - previous: the point before it (Last Q4 for Q1);
  - baseline: the financial year before this one when the paper gives it, otherwise the
    year's first point.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import FloatField
from django.db.models.functions import Cast, Coalesce
from django.utils.safestring import SafeString

from scrutineer.packs.figures import figure_text
from scrutineer.periods import FinancialYear, Quarter
from scrutineer.rag import LABELS, NO_RATING, Rag

from . import rules
from .models import Area, Breakdown, Indicator, Observation, Period
from .series import comparator_rank, measure, own_area_rank, points
from .sparkline import sparkline

REPORTED = Observation.Status.REPORTED
MISSING_STATUSES = frozenset({Observation.Status.NOT_RECEIVED, Observation.Status.BLANK})
STATUS_LABELS = dict(Observation.Status.choices)
RAG_CHOICES = (*LABELS.items(), ("none", NO_RATING))
NO_PRIORITY = "No priority given"

# -- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    id: int
    label: str
    kind: str
    start: dt.date | None
    end: dt.date


@dataclass(slots=True)  # not frozen: made by the thousand, and frozen costs
class ScorecardCell:
    """One observation as the scorecard reads it."""

    pk: int
    area_id: int
    period: PeriodInfo
    raw: str
    value: Decimal | None
    value2: Decimal | None
    status: str
    footnote: str
    measure: Decimal | None  # what trend, RAG and sparkline compare

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def as_text(self) -> str:
        """The figure as printed; a status in words when nothing usable was printed."""
        return figure_text(self.status, self.status_label, self.raw)


@dataclass(slots=True)  # not frozen: made by the thousand, and frozen costs
class Comparator:
    area: str
    figure: ScorecardCell


@dataclass(frozen=True)
class BreakdownSummary:
    """For an indicator reported only by breakdown (by agency, say): how its latest period
    came in."""

    dimension: str
    period: str
    counts: tuple[tuple[str, int], ...]  # (status label, how many)
    missing: int

    @property
    def text(self) -> str:
        parts = ", ".join(f"{n} {label.lower()}" for label, n in self.counts)
        return f"Reported by {self.dimension.lower()} only. {self.period}: {parts}."


@dataclass
class IndicatorRow:
    indicator: Indicator
    area: str = ""  # the indicator's own area: the council, or a police force area
    own_area_is_council: bool = False
    latest: ScorecardCell | None = None
    previous: ScorecardCell | None = None
    baseline: ScorecardCell | None = None
    trend: rules.Trend | None = None
    no_trend: str = ""
    rag: Rag | None = None
    no_rating: str = ""
    sparkline: SafeString | None = None
    series: list[ScorecardCell] = field(default_factory=list)
    comparators: list[Comparator] = field(default_factory=list)
    breakdown: BreakdownSummary | None = None
    missing: str = ""  # why the data is missing, or "" when it is not
    in_year: bool = False  # any figure (own or comparator) in the year itself

    @property
    def rag_key(self) -> str:
        return self.rag.colour if self.rag else "none"

    @property
    def priority(self) -> str:
        return self.indicator.priority or NO_PRIORITY


@dataclass
class PriorityGroup:
    priority: str
    rows: list[IndicatorRow]


@dataclass(frozen=True)
class Filters:
    priority: str = ""
    rag: str = ""
    missing: bool = False
    period: str = ""  # a quarter key, "q1" … "q4"

    @property
    def active(self) -> bool:
        return bool(self.priority or self.rag or self.missing or self.period)

    def keep(self, row: IndicatorRow) -> bool:
        if self.rag and row.rag_key != self.rag:
            return False
        return not (self.missing and not row.missing)


@dataclass
class Scorecard:
    year: FinancialYear
    rows: list[IndicatorRow]
    total: int  # rows before the RAG and missing-data filters
    until: Quarter | None
    comparator_areas: list[str]

    @property
    def groups(self) -> list[PriorityGroup]:
        groups: dict[str, list[IndicatorRow]] = {}
        for row in self.rows:
            groups.setdefault(row.priority, []).append(row)
        return [PriorityGroup(priority, rows) for priority, rows in groups.items()]

    @property
    def rag_counts(self) -> dict[str, int]:
        counts = dict.fromkeys((key for key, _ in RAG_CHOICES), 0)
        for row in self.rows:
            counts[row.rag_key] += 1
        return counts


# -- reading ---------------------------------------------------------------------------------


def indicators_for(body, user) -> list[Indicator]:
    """The body's indicators ``user`` may read, with their RAG rules, in scorecard order."""
    return list(
        Indicator.objects.visible_to(user)
        .filter(body=body)
        .select_related("rag_rule__comparator")
        .order_by("priority", "group", "name", "pk")
    )


def priorities(indicators: Iterable[Indicator]) -> list[str]:
    return list(dict.fromkeys(i.priority or NO_PRIORITY for i in indicators))


def window_periods(year: FinancialYear, last_year: bool = False) -> dict[int, PeriodInfo]:
    """The year's periods and its eve (last year's Q4 and baseline); with ``last_year`` all
    of last year's too, so that a yearly figure (a January census) is compared with the one
    a year before, which ends in the previous financial year."""
    since = FinancialYear(year.first - 1).start if last_year else year.window_start
    return {
        pk: PeriodInfo(pk, label, kind, start, end)
        for pk, label, kind, start, end in Period.objects.filter(
            end__gte=since, end__lte=year.end
        ).values_list("pk", "label", "kind", "start", "end")
    }


def areas_by_id() -> dict[int, tuple[str, str]]:
    return {pk: (name, kind) for pk, name, kind in Area.objects.values_list("pk", "name", "kind")}


def years_with_figures(user, council=None) -> list[tuple[object, list[FinancialYear]]]:
    """Each body (of ``council``) with indicators ``user`` may read, and the financial years
    they have figures for (newest first). Last Q4 belongs to the year after it, so it adds
    no year."""
    from scrutineer.governance.models import Body, in_council

    visible = Indicator.objects.visible_to(user).filter(body__isnull=False)
    if council is not None:
        visible = in_council(visible, council)
    body_of = dict(visible.values_list("pk", "body_id"))
    period_ends = dict(
        Period.objects.exclude(kind=Period.Kind.LAST_Q4)
        .filter(end__isnull=False)
        .values_list("pk", "end")
    )
    pairs = (
        Observation.objects.visible_to(user)
        .current()
        .filter(indicator__in=visible.values("pk"))
        .order_by()
        .values_list("indicator_id", "period_id")
        .distinct()
    )
    years: dict[int, set[FinancialYear]] = defaultdict(set)
    for indicator_id, period_id in pairs:
        end = period_ends.get(period_id)
        if end is not None:
            years[body_of[indicator_id]].add(FinancialYear.of(end))
    bodies = Body.objects.filter(pk__in=set(body_of.values())).order_by("name")
    return [
        (body, sorted(years.get(body.pk, ()), key=lambda y: y.first, reverse=True))
        for body in bodies
    ]


def current_figures(
    indicator_ids: list[int], periods: Mapping[int, PeriodInfo], user, *, breakdowns: bool
):
    """The current (not superseded) observations of these indicators in these periods,
    as tuples: without breakdowns for the series, or only those with one.

    "Current" and "without a breakdown" are written as ``COALESCE(column, 0) = 0`` rather
    than ``IS NULL`` so that no planner can pick the index on ``superseded_by`` (where
    nearly every row is null) over the one on (indicator, period): on SQLite without
    statistics that choice makes this query nine times slower.
    """
    queryset = (
        Observation.objects.visible_to(user)
        .filter(indicator_id__in=indicator_ids, period_id__in=list(periods))
        .alias(
            replacement=Coalesce("superseded_by_id", 0),
            broken_down=Coalesce("breakdown_id", 0),
        )
        .filter(replacement=0)
        .order_by()
    )
    if breakdowns:
        return queryset.filter(broken_down__gt=0).values_list(
            "indicator_id", "area_id", "period_id", "breakdown_id", "status"
        )
    # Values come as floats and become Decimals here (_decimal): Django's own conversion
    # of a decimal column costs more than the rest of the scorecard's reading put together.
    return (
        queryset.filter(broken_down=0)
        .annotate(number=_Float("value"), number2=_Float("value2"))
        .values_list(
            "pk",
            "indicator_id",
            "area_id",
            "period_id",
            "raw",
            "number",
            "number2",
            "status",
            "footnote",
        )
    )


class _Float(Cast):
    """``CAST(column AS real)``, taken as the database driver returns it (a float) with no
    per-value conversion in Python."""

    def __init__(self, expression):
        super().__init__(expression, FloatField())

    def get_db_converters(self, connection):
        return []


def _decimal(number: float | None) -> Decimal | None:
    """A stored decimal read as a float, back as the decimal it was: 36.1, not 36.100000001."""
    return None if number is None else Decimal(repr(number))


# -- assembling ------------------------------------------------------------------------------


def build(
    body,
    year: FinancialYear,
    user,
    filters: Filters | None = None,
    indicators: list[Indicator] | None = None,
) -> Scorecard:
    """The scorecard, in five queries: indicators, periods, areas, figures, and (only when
    some indicator is reported by breakdown alone) those indicators' breakdown figures."""
    filters = filters or Filters()
    if indicators is None:
        indicators = indicators_for(body, user)
    if filters.priority:
        indicators = [i for i in indicators if (i.priority or NO_PRIORITY) == filters.priority]
    until = year.quarter(filters.period) if filters.period else None
    if not indicators:
        return Scorecard(year, [], 0, until, [])
    periods = window_periods(year, last_year=True)
    areas = areas_by_id()
    by_indicator: dict[int, list[tuple]] = defaultdict(list)
    if periods:
        for row in current_figures([i.pk for i in indicators], periods, user, breakdowns=False):
            by_indicator[row[1]].append(row)
    cutoff = until.end if until else year.end
    start = year.start
    # The scorecard's current period: the last one any indicator has a figure for.
    last_end = max(
        (
            periods[r[3]].end
            for rows in by_indicator.values()
            for r in rows
            if start <= periods[r[3]].end <= cutoff
        ),
        default=None,
    )
    rows: list[IndicatorRow] = []
    breakdown_only: list[IndicatorRow] = []
    for indicator in indicators:
        row = build_row(
            indicator, by_indicator.get(indicator.pk, ()), periods, areas, year, cutoff, last_end
        )
        (rows if row.in_year else breakdown_only).append(row)
    if breakdown_only and periods:
        rows = _with_breakdown_rows(rows, breakdown_only, indicators, periods, year, cutoff, user)
    comparator_areas = sorted({c.area for row in rows for c in row.comparators}, key=str.casefold)
    total = len(rows)
    kept = [row for row in rows if filters.keep(row)]
    return Scorecard(year, kept, total, until, comparator_areas)


def build_row(
    indicator: Indicator,
    found: Iterable[tuple],
    periods: Mapping[int, PeriodInfo],
    areas: Mapping[int, tuple[str, str]],
    year: FinancialYear,
    cutoff: dt.date,
    last_end: dt.date | None,
) -> IndicatorRow:
    figures = []
    start = year.start
    unit = indicator.unit
    for pk, _indicator, area_id, period_id, raw, number, number2, status, footnote in found:
        period = periods[period_id]
        if period.end <= cutoff:
            value, value2 = _decimal(number), _decimal(number2)
            figures.append(
                ScorecardCell(
                    pk,
                    area_id,
                    period,
                    raw,
                    value,
                    value2,
                    status,
                    footnote,
                    measure(unit, value, value2),
                )
            )
    figures.sort(key=lambda f: (f.period.end, f.period.start or f.period.end, f.pk))
    row = IndicatorRow(indicator, in_year=any(f.period.end >= start for f in figures))
    # Last year's figures count only as the one before this year's first; the comparators
    # and the chart keep to the year and its eve, as before.
    shown = [f for f in figures if f.period.end >= year.window_start]
    if not shown:
        return row
    primary = min({f.area_id for f in figures}, key=lambda pk: own_area_rank(*areas[pk], pk))
    row.area, kind = areas[primary]
    row.own_area_is_council = kind == Area.Kind.LOCAL_AUTHORITY
    own = [f for f in figures if f.area_id == primary]
    series = points(own)
    row.series = [f for f in series if f.period.end >= year.window_start]
    in_year = [f for f in series if f.period.end >= start]
    polarity = indicator.polarity
    if in_year:
        row.latest = latest = in_year[-1]
        at = series.index(latest)
        row.previous = series[at - 1] if at else None
        baselines = [
            f for f in own if f.period.kind == Period.Kind.FINANCIAL_YEAR and f.period.end < start
        ]
        row.baseline = baselines[-1] if baselines else in_year[0]
    else:
        latest = None
    row.comparators = _comparators(shown, primary, areas, latest)
    row.missing = _missing(indicator, latest, last_end)
    row.trend, row.no_trend = _trend(row.latest, row.previous, polarity)
    row.rag, row.no_rating = _rag(indicator, latest, row.comparators)
    row.sparkline = sparkline(
        [f for f in row.series if latest is None or f.period.end <= latest.period.end],
        indicator.name,
    )
    return row


def _comparators(figures, primary, areas, latest: ScorecardCell | None) -> list[Comparator]:
    """Each other area's last figure up to the latest period (or in the window)."""
    limit = latest.period.end if latest else None
    last: dict[int, ScorecardCell] = {}
    for f in figures:
        if f.area_id != primary and (limit is None or f.period.end <= limit):
            last[f.area_id] = f
    ranked = sorted(last, key=lambda pk: comparator_rank(*areas[pk]))
    return [Comparator(areas[pk][0], last[pk]) for pk in ranked]


def _missing(indicator: Indicator, latest: ScorecardCell | None, last_end: dt.date | None) -> str:
    if latest is None:
        return "No figure this year"
    if latest.status in MISSING_STATUSES:
        return f"{latest.status_label} for {latest.period.label}"
    if (
        indicator.frequency == Indicator.Frequency.QUARTERLY
        and last_end is not None
        and latest.period.end < last_end
    ):
        return f"No figure since {latest.period.label}"
    return ""


def _trend(latest: ScorecardCell | None, previous: ScorecardCell | None, polarity: str):
    if latest is None:
        return None, "No figure this year"
    if previous is None:
        return None, "No earlier figure to compare with"
    for figure in (latest, previous):
        if figure.measure is None:
            return None, f"No figure to compare for {figure.period.label}"
    return rules.trend(latest.measure, previous.measure, polarity), ""


def _rag(indicator: Indicator, latest: ScorecardCell | None, comparators: list[Comparator]):
    rule = getattr(indicator, "rag_rule", None)
    if rule is None and comparators:
        shown = ", ".join(c.area for c in comparators)
        return None, f"No rating rule says how to judge it against {shown}"
    if rule is None:
        return None, "No target or comparator is set"
    if indicator.polarity not in (rules.HIGHER, rules.LOWER):
        return None, "Neither higher nor lower is better for this indicator, so it is not rated"
    if latest is None:
        return None, "No figure this year to rate"
    if latest.measure is None:
        return None, f"The {latest.period.label} figure is {latest.status_label.lower()}"
    if rule.kind == rule.Kind.TARGET:
        if rule.target is None:
            return None, "The rating rule has no target"
        rating = rules.rag_against_target(
            latest.measure, rule.target, rule.tolerance, indicator.polarity
        )
        if rating and rule.target_period:
            rating = Rag(rating.colour, f"{rating.reason}; the target is for {rule.target_period}")
        return rating, ""
    if rule.comparator is None:
        return None, "The rating rule names no comparator area"
    name = rule.comparator.name
    found = next((c.figure for c in comparators if c.figure.area_id == rule.comparator_id), None)
    if found is None or found.measure is None:
        return None, f"No {name} figure to compare with"
    rating = rules.rag_against_comparator(
        latest.measure, found.measure, name, indicator.polarity, rule.tolerance
    )
    if rating and found.period.label != latest.period.label:
        note = f" ({name} figure for {found.period.label}"
        note += f", {found.footnote})" if found.footnote else ")"
        rating = Rag(rating.colour, rating.reason + note)
    return rating, ""


def _with_breakdown_rows(rows, breakdown_only, indicators, periods, year, cutoff, user):
    """Rows for indicators reported only by breakdown (staff trained, by agency): how many
    of the latest period's figures came in. One query for all of them."""
    dimensions = dict(Breakdown.Dimension.choices)
    dimension_of = dict(Breakdown.objects.values_list("pk", "dimension"))
    found = defaultdict(list)
    in_year = {pk: p for pk, p in periods.items() if year.start <= p.end <= cutoff}
    ids = [row.indicator.pk for row in breakdown_only]
    if in_year:
        for indicator_id, _area, period_id, breakdown_id, status in current_figures(
            ids, in_year, user, breakdowns=True
        ):
            found[indicator_id].append((in_year[period_id], dimension_of[breakdown_id], status))
    for row in breakdown_only:
        figures = found.get(row.indicator.pk)
        if not figures:
            continue
        last = max(p.end for p, _, _ in figures)
        latest = [(p, d, s) for p, d, s in figures if p.end == last]
        counts: dict[str, int] = {}
        for _, _, status in latest:
            label = STATUS_LABELS.get(status, status)
            counts[label] = counts.get(label, 0) + 1
        missing = sum(1 for _, _, s in latest if s in MISSING_STATUSES)
        period = latest[0][0].label
        row.breakdown = BreakdownSummary(
            dimensions.get(latest[0][1], latest[0][1]), period, tuple(counts.items()), missing
        )
        row.no_trend = "Reported by breakdown only: see the indicator page"
        row.no_rating = "Reported by breakdown only, so there is no single figure to rate"
        if missing:
            row.missing = f"{missing} of {len(latest)} not received or blank for {period}"
        rows.append(row)
    order = {indicator.pk: n for n, indicator in enumerate(indicators)}
    return sorted(rows, key=lambda row: order[row.indicator.pk])
