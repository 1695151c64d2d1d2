"""The rules of an indicator's series, shared by the scorecard and the indicator page:
which area is the indicator's own, how comparators are ordered, which of two figures
ending on the same day is the series' point, and what trend and RAG compare.

Which area is the indicator's own
  The local authority, or the police force area when that is all there is, else the
  first by name. Every other area is a comparator, listed nation, region, neighbours.

One point per end date
  When two periods end on the same day (Q4 and the whole year, say) the shorter one is
  the point of the series; of two equals, the last recorded.

What is compared
  Trend, RAG and sparkline use an observation's first value, except for a count with a
  percentage (``1345 (88.2%)``), where they use the percentage: that is what comparators
  give and what targets are set on.
"""

from __future__ import annotations

from decimal import Decimal

from .models import Area, Indicator, Period

# Which area is the indicator's own: the council, else a police force area, else any.
AREA_RANK = {Area.Kind.LOCAL_AUTHORITY: 0, Area.Kind.POLICE_FORCE: 1}
# How comparators are listed: the nation, the region, then the neighbours.
COMPARATOR_ORDER = {
    Area.Kind.LOCAL_AUTHORITY: 0,
    Area.Kind.POLICE_FORCE: 1,
    Area.Kind.ENGLAND: 2,
    Area.Kind.REGION: 3,
    Area.Kind.STATISTICAL_NEIGHBOURS: 4,
    Area.Kind.BEST_NEIGHBOUR: 5,
}
# Of two periods ending on the same day, the shorter one is the series' point.
KIND_RANK = {
    Period.Kind.QUARTER: 0,
    Period.Kind.LAST_Q4: 0,
    Period.Kind.MONTH: 0,
    Period.Kind.YEAR_TO_DATE: 1,
    Period.Kind.RANGE: 2,
    Period.Kind.SNAPSHOT: 3,
    Period.Kind.CALENDAR_YEAR: 4,
    Period.Kind.FINANCIAL_YEAR: 5,
}


def own_area_rank(name: str, kind: str, pk: int) -> tuple:
    """Sort key: the lowest is the indicator's own area."""
    return (AREA_RANK.get(kind, 2), name.casefold(), pk)


def comparator_rank(name: str, kind: str) -> tuple:
    """Sort key: comparators in the order the scorecard lists them."""
    return (COMPARATOR_ORDER.get(kind, 9), name.casefold())


def period_rank(kind: str) -> int:
    """Sort key: of periods ending on the same day, the lowest is the series' point."""
    return KIND_RANK.get(kind, 9)


def points(figures):
    """One figure per end date, oldest first: the shortest period, and the last given of
    equals. ``figures`` (anything with a ``period`` that has ``end`` and ``kind``) come
    in the order they were recorded; those with no end date have no place in a series."""
    best = {}
    for f in figures:
        end = f.period.end
        if end is None:
            continue
        held = best.get(end)
        if held is None or period_rank(f.period.kind) <= period_rank(held.period.kind):
            best[end] = f
    return [best[end] for end in sorted(best)]


def measure(unit: str, value: Decimal | None, value2: Decimal | None) -> Decimal | None:
    """The figure trend and RAG work on: the percentage of a count with a percentage."""
    if unit == Indicator.Unit.COUNT_PERCENT and value2 is not None:
        return value2
    return value
