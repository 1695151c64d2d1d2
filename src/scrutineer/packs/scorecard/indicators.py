"""Indicators as the parser gives them, the drafts they are built from, and the naming,
units and de-duplication that turn drafts into indicators."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .. import figures as units
from ..figures import Cell
from ..model import PackWarning, Span
from .labels import name_key
from .polarity import ParsedTarget


@dataclass
class ParsedObservation:
    area: str  # "Coventry", "England", "National", "Regional", "West Midlands", "Sheffield"
    area_kind: str  # local-authority, england, region, statistical-neighbours,
    # best-statistical-neighbour, police-force-area
    period: str  # as printed: "Last Q4", "Q2", "2015/16", "YTD", "as at 31st March 2013"
    period_kind: str  # financial-year, quarter, last-q4, year-to-date, snapshot, range,
    # calendar-year
    period_start: str | None  # ISO date
    period_end: str | None
    raw: str  # the cell text as printed
    status: str  # reported, not-received, not-applicable, blank
    value: float | None = None
    value2: float | None = None  # the second number of "1345 (88.2%)", "353 (134)", "5/2"
    breakdown_dimension: str | None = None  # age-band, category, school-category, agency,
    # risk-level, gender
    breakdown: str | None = None  # "Aged 0-4", "Primary", "CCG", "Male"
    footnote: str | None = None  # marker and meaning: "*2019/20 average"
    caveat: str | None = None
    lines: Span = (0, 0)


@dataclass
class ParsedIndicator:
    name: str
    unit: str  # count, percent, rate-per-1000, rate-per-10000, rate-per-100000, currency,
    # days, count-percent, count-count, ratio
    lines: Span
    priority: str | None = None  # "Priority 1: Neglect"
    group: str | None = None  # the heading or caption it sits under
    definition: str | None = None
    caveats: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    observations: list[ParsedObservation] = field(default_factory=list)
    polarity: str | None = None  # higher-is-better, lower-is-better, as a "Good is" column says
    target: ParsedTarget | None = None  # as a "Target" column prints it

    @property
    def frequency(self) -> str | None:
        """How often the figures come, from the periods printed: quarters are quarterly;
        whole years, or the same month a year apart (a January census), annual; None when
        the periods do not say."""
        kinds = {o.period_kind for o in self.observations if o.period_start}
        if kinds & {"quarter", "last-q4"}:
            return "quarterly"
        if kinds and kinds <= {"financial-year", "calendar-year"}:
            return "annual"
        starts = sorted({o.period_start for o in self.observations if o.period_kind == "month"})
        if kinds == {"month"} and len(starts) > 1:
            months = {start[5:7] for start in starts}
            return "annual" if len(months) == 1 else "monthly"
        return None


@dataclass
class Draft:
    base: str
    qualifier: str | None
    kind: str  # row, group, table
    first: int  # 1-based
    last: int
    region: int
    table: int
    priority: str | None
    group: str | None
    measure: str | None = None
    definition: str | None = None
    caveats: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    observations: list[ParsedObservation] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)
    unit_hint: Draft | None = None
    counts: Draft | None = None  # for a percent draft of a split table: its count draft
    total_source: bool = False  # has a Total row or column
    stub_label: str | None = None  # the table's own first header cell, when it is a label
    polarity: str | None = None
    target: ParsedTarget | None = None
    name: str = ""
    unit: str = units.COUNT


UNIT_HINT_STEPS = 20  # how far back a row with no figures looks for a unit

_RATES = [
    (re.compile(r"\bper\s{1,3}100,?000\b", re.I), units.RATE_100000),
    (re.compile(r"\bper\s{1,3}10,?000\b", re.I), units.RATE_10000),
    (re.compile(r"\bper\s{1,3}1,?000\b", re.I), units.RATE_1000),
]
# The unit a cell's shape shows, strongest first.
SHAPE_UNITS = (
    ("count-percent", units.COUNT_PERCENT),
    ("pair", units.COUNT_COUNT),
    ("ratio", units.RATIO),
    ("currency", units.CURRENCY),
)
_DAYS = re.compile(r"\b(?:average|mean|median)\b.{0,60}\bdays\b|\(days\)", re.I)


def name_drafts(drafts: list[Draft]) -> None:
    counts = Counter(name_key(d.base) for d in drafts)
    for draft in drafts:
        draft.name = draft.base
        if counts[name_key(draft.base)] > 1 and draft.qualifier:
            draft.name = f"{draft.qualifier}: {draft.base}"
        elif draft.stub_label:
            draft.definition = draft.stub_label
    counts = Counter(name_key(d.name) for d in drafts)
    for draft in drafts:
        if counts[name_key(draft.name)] > 1:
            draft.name = f"{draft.name} (line {draft.first})"


def unit_of(draft: Draft) -> str:
    """The unit from the cells' shapes and the name; a row with no figures at all takes the
    unit of the last indicator row before it in the same table that has them."""
    current: Draft | None = draft
    for _ in range(UNIT_HINT_STEPS):
        if current is None:
            break
        unit = own_unit(current)
        if unit is not None:
            return unit
        current = current.unit_hint
    return units.COUNT


def own_unit(draft: Draft) -> str | None:
    if draft.measure == "percent":
        return units.PERCENT
    shapes = Counter(draft.shapes)
    for shape, unit in SHAPE_UNITS:
        if shapes[shape]:
            return unit
    for pattern, unit in _RATES:
        if pattern.search(draft.base):
            return unit
    base = draft.base.lstrip()
    percent_named = base.startswith("%") or "(%)" in base or "percentage" in base.lower()
    if shapes["percent"] or percent_named:
        return units.PERCENT
    if draft.measure == "count":
        return units.COUNT
    if _DAYS.search(base):
        return units.DAYS
    return units.COUNT if shapes["number"] else None


def warn_malformed(draft: Draft, warnings: list[PackWarning]) -> None:
    if draft.unit != units.COUNT_PERCENT:
        return
    for observation, cell in zip(draft.observations, draft.cells, strict=True):
        if cell.shape == "pair":
            warnings.append(
                PackWarning(
                    "malformed-cell",
                    f"{draft.name}, {observation.period}: {observation.raw!r} has no % sign; "
                    "it is read as a count with a percent like the rest of its row",
                    observation.lines,
                )
            )


def period_key(observation: ParsedObservation) -> tuple:
    return (
        observation.period_kind,
        observation.period_start,
        observation.period_end,
        observation.period,
    )


def _obs_key(observation: ParsedObservation) -> tuple:
    """What makes an observation unique within a document."""
    return (
        observation.area,
        observation.area_kind,
        *period_key(observation),
        observation.breakdown_dimension,
        observation.breakdown,
    )


def drop_duplicates(drafts: list[Draft], warnings: list[PackWarning]) -> None:
    for draft in drafts:
        seen: dict[tuple, ParsedObservation] = {}
        kept, cells = [], []
        for observation, cell in zip(draft.observations, draft.cells, strict=True):
            key = _obs_key(observation)
            first = seen.get(key)
            if first is None:
                seen[key] = observation
                kept.append(observation)
                cells.append(cell)
                continue
            same = (first.raw, first.status) == (observation.raw, observation.status)
            warnings.append(
                PackWarning(
                    "duplicate-observation" if same else "contradiction",
                    f"{draft.name}, {observation.area}, {observation.period}: line "
                    f"{observation.lines[0]} gives {observation.raw!r} but line "
                    f"{first.lines[0]} already gave {first.raw!r}; the first is kept",
                    (first.lines[0], observation.lines[1]),
                )
            )
        draft.observations, draft.cells = kept, cells
