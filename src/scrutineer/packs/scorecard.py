"""Performance scorecard and comparator tables: indicators and their observations.

Three kinds of place hold figures that are kept as indicators:

- **A performance scorecard section**: a heading such as "Appendix 1 - Performance Scorecard
  2020/21 – Outcomes for Children" runs to the end of its component. Its year ("2020/21") dates
  the quarters: Q1 of 2020/21 is April to June 2020, and "Last Q4" is Q4 of 2019/20. "Priority
  N ..." lines set the priority, and the nearest heading above a table is its group.
- **A captioned figure or table** ("Figure 4: Numbers and rate of looked after children") whose
  caption is followed directly by tab-separated tables with period or area columns.
- **A comparator table** anywhere else whose header names an area ("England", "Coventry as at
  31st March"), such as the LSCB report's child protection activity table.

Tables are runs of tab-separated lines. The first row is the header; a second header row is
read when the first names areas and the second only holds years or "No."/"%" (an empty cell in
the first row then continues the merged cell to its left). Each value column gets an area (the
local authority unless the header names one), a period and, where a count column sits beside
a "%" column, a measure. A cell becomes one observation with its raw text and a status:
``reported``, ``not-received``, ``not-applicable`` ("n/a", "NA", "-") or ``blank``.

**Periods and areas.** Header cells give "Q1".."Q4", "Last Q4", "YTD", "2015/16" or "2019-20"
(a financial year), "as at 31st March 2012" (a snapshot, the year possibly in the second
header row), "Oct – Mar" (a range) or "2012" (a calendar year: nothing says more). Outside a
scorecard section, "YTD" is the year after the latest financial-year column beside it. A
comparator column with no period ("Regional", "National") takes it from its cells' footnote
("*23.0" with "*2019/20 average" below the table is 2019/20); without one the cell is flagged
``unspecified-period`` and not stored. Area names are normalised ("All England" to England,
"Statutory Neigh." to statistical neighbours) but "Regional" and "National" stay as printed.
A "Best performing stat. neigh." row names its area (Sheffield) in its first value cell, and
a row label containing "Force-wide" is the police force area's figure.

Rows are read as one of:

- an indicator: its label is the indicator's name;
- a group row (a label with no values followed by breakdown or area rows): it names the
  indicator of the rows under it. A group row that only gives a rate ("Per 10,000 population")
  qualifies the previous group's name;
- a breakdown (age band, category, agency, risk level, gender, by the header's first cell or
  the label's shape), an area row ("All England", "Statutory Neigh.") or a "Total" row, which
  belong to the group's indicator or else to the table's own indicator (named after the
  heading or caption; "<subject> by <first header cell>" when one caption has several tables);
- in a table whose header has no label column, an unlabelled row of the heading's indicator;
- in a transposed table (categories across, periods down), one period of the heading's
  indicator broken down by the heading's "by ..." dimension.

**Names.** An indicator is named by its row label, group row or heading. When that name is
not unique in the document, every indicator carrying it is renamed "<qualifier>: <name>", the
qualifier being the table's own first header cell where it is a label ("New Plans"), otherwise
the heading above the table. A name still repeated gets " (line N)". In a table with a count
column and a percent column the percent indicator is "<name> (%)".

**Warnings** (flag, don't fix):

- ``ambiguous-row``: a row whose label sits in a value column (it starts with a tab) or whose
  cells stop short of the header's columns or run past them. Its values are not stored,
  because which columns they belong to would be a guess: an indicator row is kept with no
  observations and a caveat; a breakdown or area row adds the caveat to its indicator.
- ``breakdown-sum-mismatch``: breakdowns that do not add up to the printed total of the same
  indicator and period, or age-band groups ("Children In Need (Abuse or Neglect)") that do
  not add up to the same-named indicator's total elsewhere in the section ("CIN (Abuse or
  Neglect)"); names match after expanding CIN, CP and LAC and ignoring plurals and punctuation.
- ``percent-mismatch``: a printed percent that differs from count ÷ total by more than half a
  unit of its last printed digit.
- ``contradiction``: prose near a table stating a number immediately followed by the subject
  of a count indicator with a printed Total ("566 children with a child protection plan"
  against "Children on a child protection plan by age group", Total 517), where the two differ.
  Words match after dropping articles and reading "with", "on" and "subject to" alike.
- ``malformed-cell``: a count-with-percent cell printed without its "%" ("1696 (90.7)"),
  read like the rest of its row.
- ``unparsed-cell``, ``unspecified-period``: a cell that is not a figure, a comparator with
  no period.
- ``duplicate-observation`` (or ``contradiction`` when the two differ): a second figure for an
  indicator, area, period and breakdown already seen; the first is kept, so every observation
  key is unique within the document.

Every scan is linear in the number of lines, and every pattern is bounded.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from .model import Component, PackWarning, Span
from .segment import BLANK_PAGE
from .text import MONTHS

LOCAL_AUTHORITY = "local-authority"


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


# Cells ----------------------------------------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:,\d{3}){1,4}|\d{1,9})(?:\.\d{1,6})?"
_MARK = r"[*†‡^#]{0,3}"
_SINGLE = re.compile(rf"({_MARK})\s?(-?{_NUM})\s?(%?)\s?({_MARK})")
_PAIR = re.compile(rf"({_MARK})\s?({_NUM})\s?\(\s?({_NUM})\s?(%?)\s?\)\s?({_MARK})")
_RATIO = re.compile(rf"({_NUM})\s?/\s?({_NUM})")
_CURRENCY = re.compile(rf"(-?)£\s?({_NUM})\s?([kKmM]?)")
_NOT_RECEIVED = {"not received", "not yet received", "not submitted", "not provided"}
_NOT_APPLICABLE = {"n/a", "na", "n.a.", "-", "–", "—", "not applicable"}


@dataclass
class _Cell:
    status: str | None  # None when the text is not a figure
    shape: str = "blank"  # number, percent, count-percent, pair, ratio, currency, blank
    value: float | None = None
    value2: float | None = None
    marker: str | None = None
    decimals: int = 0  # printed decimals of the percent (value2 of a pair, else value)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _parse_cell(text: str) -> _Cell:
    cell = text.strip()
    lowered = cell.lower()
    if not cell:
        return _Cell("blank")
    if lowered in _NOT_RECEIVED:
        return _Cell("not-received", "status")
    if lowered in _NOT_APPLICABLE:
        return _Cell("not-applicable", "status")
    match = _SINGLE.fullmatch(cell)
    if match:
        shape = "percent" if match.group(3) else "number"
        return _Cell(
            "reported",
            shape,
            _number(match.group(2)),
            marker=match.group(1) or match.group(4) or None,
            decimals=_decimals(match.group(2)),
        )
    match = _PAIR.fullmatch(cell)
    if match:
        return _Cell(
            "reported",
            "count-percent" if match.group(4) else "pair",
            _number(match.group(2)),
            _number(match.group(3)),
            marker=match.group(1) or match.group(5) or None,
            decimals=_decimals(match.group(3)),
        )
    match = _RATIO.fullmatch(cell)
    if match:
        return _Cell("reported", "ratio", _number(match.group(1)), _number(match.group(2)))
    match = _CURRENCY.fullmatch(cell)
    if match:
        scale = {"k": 1_000, "m": 1_000_000}.get(match.group(3).lower(), 1)
        sign = -1 if match.group(1) else 1
        return _Cell("reported", "currency", sign * _number(match.group(2)) * scale)
    return _Cell(None, "text")


_TAG = re.compile(r"<[^<>]{0,40}>")
_LABEL_MARK = re.compile(r"\s{0,3}([*†‡^#]{1,3})$")


def _parse_label(text: str) -> tuple[str, str | None, str | None]:
    """(label, caveat, footnote marker) from "Early Help (Neglect) <i>caveat</i>" or "CIN *"."""
    caveat = None
    opening = text.find("<i>")
    if opening >= 0:
        closing = text.find("</i>", opening)
        end = closing if closing >= 0 else len(text)
        caveat = _TAG.sub("", text[opening + 3 : end]).strip() or None
        text = text[:opening] + (text[end + 4 :] if closing >= 0 else "")
    text = " ".join(_TAG.sub("", text).split())
    marker = None
    match = _LABEL_MARK.search(text)
    if match and match.start() > 0:
        marker = match.group(1)
        text = text[: match.start()].rstrip()
    return text, caveat, marker


# Periods --------------------------------------------------------------------------------------


@dataclass
class _Period:
    label: str
    kind: str
    start: str | None = None
    end: str | None = None


_AS_AT = re.compile(
    r"\bas\s{1,3}at\s{1,3}(\d{1,2})(?:st|nd|rd|th)?\s{1,3}([A-Za-z]{3,9})(?:,?\s{1,3}(\d{4}))?",
    re.I,
)
_LAST_Q = re.compile(r"\blast\s{1,3}q([1-4])\b", re.I)
_QUARTER = re.compile(r"\bq([1-4])\b|\bquarter\s{1,3}([1-4])\b", re.I)
_YTD = re.compile(r"\bytd\b|\byear\s{1,3}to\s{1,3}date\b", re.I)
_FY = re.compile(r"\b((?:19|20)\d{2})\s?[/-]\s?(\d{2}|(?:19|20)\d{2})\b")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_RANGE = re.compile(r"\b([A-Za-z]{3,9})\.?\s{0,3}(?:-|–|—|to)\s{0,3}([A-Za-z]{3,9})\b")


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month_end(year: int, month: int) -> str:
    return _iso(year, month, calendar.monthrange(year, month)[1])


def _quarter_span(fy: int | None, quarter: int) -> tuple[str | None, str | None]:
    if fy is None:
        return None, None
    first = (4, 7, 10, 1)[quarter - 1]
    year = fy + 1 if quarter == 4 else fy
    return _iso(year, first, 1), _month_end(year, first + 2)


def _fy_start(match: re.Match) -> int | None:
    first, second = int(match.group(1)), match.group(2)
    following = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if len(second) == 2 and following < first:
        following += 100
    return first if following == first + 1 else None


def _period(text: str, fy: int | None) -> _Period | None:
    """The period a header cell names, dated within financial year ``fy`` where needed."""
    match = _AS_AT.search(text)
    if match:
        month = MONTHS.get(match.group(2).lower())
        if month:
            start = end = None
            if match.group(3):
                try:
                    start = end = date(int(match.group(3)), month, int(match.group(1))).isoformat()
                except ValueError:
                    start = end = None
            return _Period(" ".join(match.group(0).split()), "snapshot", start, end)
    match = _LAST_Q.search(text)
    if match:
        start, end = _quarter_span(None if fy is None else fy - 1, int(match.group(1)))
        return _Period(match.group(0), "last-q4", start, end)
    match = _QUARTER.search(text)
    if match:
        start, end = _quarter_span(fy, int(match.group(1) or match.group(2)))
        return _Period(match.group(0), "quarter", start, end)
    match = _YTD.search(text)
    if match:
        if fy is None:
            return _Period(match.group(0), "year-to-date")
        return _Period(match.group(0), "year-to-date", _iso(fy, 4, 1), _iso(fy + 1, 3, 31))
    match = _FY.search(text)
    if match:
        first = _fy_start(match)
        if first is not None:
            return _Period(
                match.group(0), "financial-year", _iso(first, 4, 1), _iso(first + 1, 3, 31)
            )
    match = _RANGE.search(text)
    if match:
        first, last = MONTHS.get(match.group(1).lower()), MONTHS.get(match.group(2).lower())
        if first and last:
            if fy is None:
                return _Period(match.group(0), "range")
            start_year = fy if first >= 4 else fy + 1
            end_year = fy if last >= 4 else fy + 1
            return _Period(
                match.group(0), "range", _iso(start_year, first, 1), _month_end(end_year, last)
            )
    match = _YEAR.search(text)
    if match:
        year = int(match.group(1))
        return _Period(match.group(0), "calendar-year", _iso(year, 1, 1), _iso(year, 12, 31))
    return None


# Areas, breakdowns and headings ---------------------------------------------------------------

_AREAS = [
    (
        re.compile(
            r"best\s{1,3}(?:performing\s{1,3})?stat(?:istical|\.)?\s{0,3}neigh\w{0,8}\.?", re.I
        ),
        None,
        "best-statistical-neighbour",
    ),
    (
        re.compile(
            r"(?:statistical|statutory|stat\.)\s{0,3}neigh\w{0,8}\.?(?:\s{1,3}average)?", re.I
        ),
        "Statistical neighbours",
        "statistical-neighbours",
    ),
    (re.compile(r"(?:all\s{1,3})?england(?:\s{1,3}average)?", re.I), "England", "england"),
    (re.compile(r"national(?:\s{1,3}average)?", re.I), "National", "england"),
    (re.compile(r"regional(?:\s{1,3}average)?", re.I), "Regional", "region"),
    (re.compile(r"west\s{1,3}midlands(?!\s{1,3}police)", re.I), "West Midlands", "region"),
    (re.compile(r"force[- ]wide", re.I), "Force-wide", "police-force-area"),
]
_AREA_END = re.compile(r"\s|$|[:,(]")
_FORCE_WIDE = re.compile(r"\bforce[- ]wide\b", re.I)


def _area(text: str, la: str) -> tuple[str | None, str, str] | None:
    """(area, kind, the rest of the text) when ``text`` starts with an area's name."""
    text = text.strip()
    for pattern, name, kind in _AREAS:
        match = pattern.match(text)
        if match and _AREA_END.match(text, match.end()):
            return name, kind, text[match.end() :].strip()
    if la and text.lower().startswith(la.lower()) and _AREA_END.match(text, len(la)):
        return la, LOCAL_AUTHORITY, text[len(la) :].strip()
    return None


_STUB_DIMENSIONS = {
    "age": "age-band",
    "age group": "age-band",
    "age band": "age-band",
    "age range": "age-band",
    "category": "category",
    "plan category": "category",
    "category of abuse": "category",
    "category of plan": "category",
    "gender": "gender",
    "sex": "gender",
    "agency": "agency",
    "statutory agency": "agency",
    "partner": "agency",
    "partner agency": "agency",
    "organisation": "agency",
    "school category": "school-category",
    "school type": "school-category",
    "risk level": "risk-level",
    "risk": "risk-level",
}
_PLAIN_STUBS = {"year", "years", "period", "quarter", "area", "indicator", "measure", "date"}
_AGE = re.compile(
    r"(?:aged?\s{1,3})?(?:unborn|under\s{1,3}\d{1,2}|\d{1,2}\s{0,3}(?:-|–|to)\s{0,3}\d{1,2}"
    r"|\d{1,2}\s{0,2}\+|\d{1,2}\s{1,3}and\s{1,3}(?:over|above))(?:\s{1,3}years?)?",
    re.I,
)
_RISK = re.compile(r"(?:low|medium|high|very\s{1,3}high)(?:\s{1,3}risk)?", re.I)
_GENDER = re.compile(r"male|female|boys?|girls?", re.I)
_TOTAL = re.compile(r"(?:grand\s{1,3})?totals?", re.I)
_CAVEAT_HEADS = {"caveat", "caveats", "note", "notes", "comment", "comments"}
_PRIORITY = re.compile(r"priority\s{1,3}\d{1,2}\b", re.I)
_SCORECARD = re.compile(r"\bperformance\s{1,3}(?:score\s{0,2}card|dashboard)\b", re.I)
_CAPTION = re.compile(
    r"(?:figure|fig\.|table)\s{1,3}(\d{1,3}[a-z]?)\s{0,3}[:.–—-]\s{0,3}(\S.*)", re.I
)
_ENUMERATED = re.compile(r"\(?(?:[a-z]|[ivx]{1,4})\)\s{1,3}")
_BY = re.compile(r"\bby\s{1,3}([a-z][a-z ]{1,30}?)\s{0,3}(?:[(:,]|$)", re.I)
_RATE = [
    (re.compile(r"\bper\s{1,3}100,?000\b", re.I), "rate-per-100000"),
    (re.compile(r"\bper\s{1,3}10,?000\b", re.I), "rate-per-10000"),
    (re.compile(r"\bper\s{1,3}1,?000\b", re.I), "rate-per-1000"),
]
_DAYS = re.compile(r"\b(?:average|mean|median)\b.{0,60}\bdays\b|\(days\)", re.I)
_PER_LABEL = re.compile(r"per\s{1,3}[\d,]{2,9}\b", re.I)


def _key(text: str) -> str:
    return " ".join(text.lower().strip(" :.").split())


def _is_heading(text: str, max_words: int) -> bool:
    if not text or len(text) > 220 or text[-1] in ".,;!?" or text[0] in "*-•●■–":
        return False
    if text.lower() == BLANK_PAGE or not any(ch.isalpha() for ch in text):
        return False
    return len(text.split()) <= max_words


def _clean_heading(text: str) -> str:
    return " ".join(text.replace("**", "").split()).rstrip(":").strip()


def _classify_row(label: str, stub_dimension: str | None, la: str) -> tuple[str, object]:
    """("total"|"breakdown"|"area"|"best"|"indicator", detail) for a row label."""
    if _TOTAL.fullmatch(label):
        return "total", None
    if stub_dimension:
        return "breakdown", (stub_dimension, label)
    if _AGE.fullmatch(label):
        return "breakdown", ("age-band", label)
    if _RISK.fullmatch(label):
        return "breakdown", ("risk-level", label)
    if _GENDER.fullmatch(label):
        return "breakdown", ("gender", label)
    area = _area(label, la)
    if area and not area[2].strip(" .:"):
        if area[1] == "best-statistical-neighbour":
            return "best", None
        return "area", (area[0], area[1])
    return "indicator", None


def _norm_words(text: str) -> list[str]:
    """Words for matching names: abbreviations expanded, plurals and punctuation dropped."""
    words = []
    for word in re.sub(r"[^a-z0-9]+", " ", text.lower()).split():
        expanded = {
            "cin": "children in need",
            "cp": "child protection",
            "cpp": "child protection plan",
            "cpps": "child protection plan",
            "lac": "looked after children",
        }.get(word, word)
        for part in expanded.split():
            if len(part) > 3 and part.endswith("s") and not part.endswith("ss"):
                part = part[:-1]
            words.append(part)
    return words


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


# Tables ---------------------------------------------------------------------------------------


@dataclass
class _Column:
    index: int
    text: str
    role: str  # value, caveat, breakdown, total, measure-label, ignore
    area: tuple[str, str] | None = None
    period: _Period | None = None
    measure: str | None = None  # count, percent
    caveat: str | None = None


@dataclass
class _Context:
    kind: str  # scorecard, figure, comparator
    la: str
    region: int
    fy: int | None = None
    priority: str | None = None
    heading: str | None = None  # the group
    title: str | None = None  # the name of the table's own indicator
    several: bool = False  # one caption over several tables
    footnotes: dict[str, str] = field(default_factory=dict)


@dataclass
class _Draft:
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
    cells: list[_Cell] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)
    unit_hint: _Draft | None = None
    counts: _Draft | None = None  # for a percent draft of a split table: its count draft
    total_source: bool = False  # has a Total row or column
    stub_label: str | None = None  # the table's own first header cell, when it is a label
    name: str = ""
    unit: str = "count"


def _table_runs(lines: list[str]) -> list[tuple[int, int]]:
    """0-based inclusive spans of consecutive tab-separated lines."""
    runs, start = [], None
    for index, line in enumerate(lines):
        if "\t" in line and line.strip():
            if start is None:
                start = index
        elif start is not None:
            runs.append((start, index - 1))
            start = None
    if start is not None:
        runs.append((start, len(lines) - 1))
    return runs


def _is_measure_text(text: str) -> bool:
    return _key(text) in {"%", "no", "no.", "number", "n", "rate", "count", "percent"}


def _measure(text: str) -> str | None:
    lowered = _key(text)
    if lowered == "%" or lowered.endswith(" %") or lowered.endswith("(%)"):
        return "percent"
    if lowered in {"no", "no.", "number", "n", "count"} or lowered.endswith((" no", " no.")):
        return "count"
    return None


def _is_subheader(cells: list[str], first: int) -> bool:
    texts = [c for c in cells[first:] if c]
    if not texts or (first and cells[0] and not _is_measure_text(cells[0])):
        return False
    return all(
        _is_measure_text(t)
        or (_period(t, None) is not None and not any(ch.isalpha() for ch in t))
        or _FY.fullmatch(t)
        or _QUARTER.fullmatch(t)
        for t in texts
    )


@dataclass
class _Family:
    """The drafts (one per measure, made lazily) of one row or group indicator."""

    base: str
    kind: str
    line: int
    qualifier: str | None
    caveats: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    hint: _Draft | None = None
    drafts: dict[str | None, _Draft] = field(default_factory=dict)


def _first_draft(family: _Family | None) -> _Draft | None:
    return next(iter(family.drafts.values()), None) if family is not None else None


def _get(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


class _TableReader:
    """Reads one tab-separated table into drafts of indicators."""

    def __init__(self, lines, start, end, ctx: _Context, table_id: int, warnings):
        self.lines = lines
        self.start, self.end = start, end
        self.ctx = ctx
        self.table_id = table_id
        self.warnings = warnings
        self.rows = [(i, [c.strip() for c in lines[i].split("\t")]) for i in range(start, end + 1)]
        self.drafts: list[_Draft] = []
        self.fy: int | None = None
        self.table_drafts: dict[str | None, _Draft] = {}
        self.table_caveats: list[str] = []
        self.transposed = False

    # header ---------------------------------------------------------------------------------

    def read(self) -> list[_Draft]:
        head = self.rows[0][1]
        self.has_stub = _period(head[0], None) is None or bool(_area(head[0], self.ctx.la))
        first = 1 if self.has_stub else 0
        self.stub = head[0] if self.has_stub else ""
        self.stub_dimension = _STUB_DIMENSIONS.get(_key(self.stub))
        self.stub_label = (
            self.stub
            if self.stub and not self.stub_dimension and _key(self.stub) not in _PLAIN_STUBS
            else None
        )
        height = 1
        if len(self.rows) > 1 and any(_area(c, self.ctx.la) for c in head[first:] if c):
            if _is_subheader(self.rows[1][1], first):
                height = 2
        self.width = max(len(head), len(self.rows[1][1]) if height == 2 else 0)
        texts, tops = [], []
        for j in range(first, self.width):
            top = head[j] if j < len(head) else ""
            sub = self.rows[1][1][j] if height == 2 and j < len(self.rows[1][1]) else ""
            if height == 2 and not top and sub and tops:
                top = tops[-1]
            tops.append(top)
            texts.append((j, f"{top} {sub}".strip()))
        fy = self.ctx.fy
        if fy is None:
            starts = [
                int(p.start[:4])
                for _, text in texts
                if (p := _period(text, None)) and p.kind == "financial-year" and p.start
            ]
            fy = max(starts) + 1 if starts else None
        self.fy = fy
        self.columns = [self._column(j, text) for j, text in texts]
        previous = None
        for column in self.columns:
            if column.role != "value":
                continue
            if column.area is None and column.period is None and previous is not None:
                column.area, column.period = previous.area, previous.period
            previous = column
        self.value_columns = [c for c in self.columns if c.role == "value"]
        self.label_columns = [
            c for c in self.columns if c.role in {"breakdown", "total", "measure-label"}
        ]
        self.caveat_column = next((c for c in self.columns if c.role == "caveat"), None)
        self.needed = 1 + max(
            (c.index for c in self.columns if c.role not in {"ignore", "caveat"}), default=0
        )
        measures = {c.measure for c in self.value_columns}
        self.split = "percent" in measures and len(measures) > 1
        if self.split:
            for column in self.value_columns:
                column.measure = column.measure or "count"
        else:
            for column in self.value_columns:
                column.measure = None
        data = [(i, cells) for i, cells in self.rows[height:] if any(cells)]
        if not self.value_columns:
            if self.label_columns and data and all(_period(c[0], self.fy) for _, c in data):
                self.transposed = True
                self._transposed(data)
        else:
            self._rows(data)
        for draft in self.drafts:
            if draft.kind == "table":
                draft.caveats.extend(self.table_caveats)
        return self.drafts

    def _column(self, j: int, text: str) -> _Column:
        if not text:
            return _Column(j, text, "ignore")
        if _key(text) in _CAVEAT_HEADS:
            return _Column(j, text, "caveat")
        area = _area(text, self.ctx.la)
        rest = area[2] if area else text
        period = _period(rest, self.fy) if rest else None
        measure = _measure(text)
        caveat = None
        parenthesised = re.search(r"\(([^()]{1,80})\)", text)
        if parenthesised and period and "%" not in parenthesised.group(1):
            if not _period(parenthesised.group(1), None):
                caveat = parenthesised.group(1).strip()
        if (area and area[0] is not None) or period:
            return _Column(
                j,
                text,
                "value",
                (area[0], area[1]) if area and area[0] else None,
                period,
                measure,
                caveat,
            )
        if measure and _is_measure_text(text):
            return _Column(j, text, "value", measure=measure)
        if _TOTAL.fullmatch(text):
            return _Column(j, text, "total")
        if text.startswith("%"):
            return _Column(j, text, "measure-label", measure="percent")
        return _Column(j, text, "breakdown")

    # drafts ---------------------------------------------------------------------------------

    def _draft(self, base: str, kind: str, line: int, qualifier: str | None, measure=None):
        if measure == "percent" and self.split:
            base = f"{base} (%)"
        draft = _Draft(
            base=base,
            qualifier=qualifier,
            kind=kind,
            first=line,
            last=line,
            region=self.ctx.region,
            table=self.table_id,
            priority=self.ctx.priority,
            group=self.ctx.heading,
            measure=measure,
        )
        if kind == "row":
            draft.stub_label = self.stub_label
        self.drafts.append(draft)
        return draft

    def _table_title(self) -> str:
        title = self.ctx.title or f"Table at line {self.start + 1}"
        if self.ctx.several and self.stub:
            subject = re.split(r"\s{1,3}by\s{1,3}", title, maxsplit=1)[0]
            return f"{subject} by {self.stub.lower()}"
        return title

    def _table_draft(self, measure: str | None, line: int) -> _Draft:
        if measure not in self.table_drafts:
            draft = self._draft(
                self._table_title(), "table", self.start + 1, self.ctx.heading, measure
            )
            self.table_drafts[measure] = draft
            self._pair(self.table_drafts)
        draft = self.table_drafts[measure]
        draft.last = max(draft.last, line)
        return draft

    @staticmethod
    def _pair(drafts: dict[str | None, _Draft]) -> None:
        if "percent" in drafts and "count" in drafts:
            drafts["percent"].counts = drafts["count"]

    def _family(self, base: str, kind: str, line: int, qualifier: str | None) -> _Family:
        return _Family(base, kind, line, qualifier)

    def _family_draft(self, family: _Family, measure: str | None, line: int) -> _Draft:
        drafts = family.drafts
        if measure not in drafts:
            draft = self._draft(family.base, family.kind, family.line, family.qualifier, measure)
            draft.caveats.extend(family.caveats)
            draft.footnotes.extend(family.footnotes)
            draft.unit_hint = family.hint
            drafts[measure] = draft
            self._pair(drafts)
        draft = drafts[measure]
        draft.last = max(draft.last, line)
        return draft

    # rows -----------------------------------------------------------------------------------

    def _row_kind(self, cells: list[str]) -> str:
        if not self.has_stub:
            return "table"
        label = _parse_label(cells[0])[0]
        if not label:
            return "table"
        return _classify_row(label, self.stub_dimension, self.ctx.la)[0]

    def _rows(self, data: list[tuple[int, list[str]]]) -> None:
        group: _Family | None = None
        last_group_base = None
        previous: _Family | None = None
        for position, (i, cells) in enumerate(data):
            line = i + 1
            if self._ambiguous(i, cells, group, previous):
                continue
            if not self.has_stub:
                self._emit_row(self._table_draft, cells, line)
                continue
            label, label_caveat, marker = _parse_label(cells[0])
            if not label:
                self._emit_row(self._table_draft, cells, line)
                continue
            kind, detail = _classify_row(label, self.stub_dimension, self.ctx.la)
            empty = all(not _get(cells, c.index) for c in self.value_columns)
            following = data[position + 1][1] if position + 1 < len(data) else None
            if (
                kind == "indicator"
                and empty
                and following is not None
                and self._row_kind(following) in {"breakdown", "area", "best", "total"}
            ):
                base = label
                if _PER_LABEL.match(label):
                    prefix = last_group_base or self.ctx.title or "Table"
                    base = f"{prefix} {label[0].lower()}{label[1:]}"
                last_group_base = base
                group = self._family(base, "group", line, self.ctx.heading)
                self._annotate(group, label_caveat, marker)
                continue
            if kind == "indicator":
                group = None
                family = self._family(label, "row", line, self.stub_label or self.ctx.heading)
                self._annotate(family, label_caveat, marker)
                family.hint = _first_draft(previous)
                area = ("Force-wide", "police-force-area") if _FORCE_WIDE.search(label) else None
                self._emit_row(partial(self._family_draft, family), cells, line, area=area)
                if not family.drafts:
                    self._family_draft(family, None, line)
                if any(_own_unit(d) for d in family.drafts.values()):
                    previous = family  # the last row whose figures show a unit
                continue
            if group is not None:
                target = partial(self._family_draft, group)
            else:
                target = self._table_draft
            if kind == "total":
                self._emit_row(target, cells, line, total=True)
            elif kind == "breakdown":
                self._emit_row(target, cells, line, breakdown=detail)
            elif kind == "area":
                self._emit_row(target, cells, line, area=detail)
            else:  # best statistical neighbour: the area's name fills the first value cell
                named = next(
                    (
                        c
                        for c in self.value_columns
                        if _get(cells, c.index) and _parse_cell(cells[c.index]).status is None
                    ),
                    None,
                )
                name = cells[named.index] if named else label
                self._emit_row(
                    target, cells, line, area=(name, "best-statistical-neighbour"), skip=named
                )

    def _annotate(self, family: _Family, caveat: str | None, marker: str | None) -> None:
        family.caveats = [caveat] if caveat else []
        note = self.ctx.footnotes.get(marker) if marker else None
        family.footnotes = [note] if note else []

    def _ambiguous(self, i: int, cells: list[str], group, previous) -> bool:
        """Flag a row whose values cannot be placed in columns without guessing."""
        line = i + 1
        label_in_value_column = (
            self.has_stub
            and not cells[0]
            and len(cells) > 1
            and cells[1]
            and _parse_cell(cells[1]).status is None
        )
        extra = any(cells[self.width :])
        missing = len(cells) < self.needed
        if not (label_in_value_column or extra or missing):
            return False
        if label_in_value_column:
            label = _parse_label(cells[1])[0]
            values = [c for c in cells[2:] if c]
            reason = (
                f"row {label!r} begins with a tab, so its label sits in the first value column "
                f"and its {len(values)} value(s) ({', '.join(values)}) could belong to more than "
                "one set of columns"
            )
        else:
            label = _parse_label(cells[0])[0] if self.has_stub else ""
            values = [c for c in cells[1 if self.has_stub else 0 :] if c]
            reason = (
                f"row {label or cells[0]!r} has {len(cells)} cells but the header has "
                f"{self.width}, so which columns its values belong to is unclear"
            )
        self.warnings.append(
            PackWarning("ambiguous-row", f"{reason}; its values were not extracted", (line, line))
        )
        caveat = f"Values on line {line} were not extracted: their columns are ambiguous."
        kind = _classify_row(label, self.stub_dimension, self.ctx.la)[0] if label else "table"
        if kind == "indicator" and not self.transposed:
            family = self._family(label, "row", line, self.stub_label or self.ctx.heading)
            family.caveats.append(caveat)
            family.hint = _first_draft(previous)
            draft = self._family_draft(family, None, line)
            draft.shapes.extend(_parse_cell(c).shape for c in values)
        elif group is not None:
            group.caveats.append(caveat)
            for draft in group.drafts.values():
                draft.caveats.append(caveat)
        else:
            self.table_caveats.append(caveat)
        return True

    def _emit_row(self, target, cells, line, area=None, breakdown=None, total=False, skip=None):
        caveat = _get(cells, self.caveat_column.index) if self.caveat_column else None
        for column in self.value_columns:
            if column is skip:
                continue
            draft = target(column.measure, line)
            if total:
                draft.total_source = True
            self._observe(
                draft,
                column,
                _get(cells, column.index),
                line,
                area=area or column.area,
                breakdown=breakdown,
                caveat=caveat,
            )

    def _transposed(self, data: list[tuple[int, list[str]]]) -> None:
        found = _BY.search(self.ctx.title or "")
        dimension = "category"
        if found:
            dimension = _STUB_DIMENSIONS.get(_key(found.group(1)), "category")
        families: dict[int, _Family] = {}
        for i, cells in data:
            line = i + 1
            if self._ambiguous(i, cells, None, None):
                continue
            period = _period(cells[0], self.fy)
            for column in self.label_columns:
                if column.role == "measure-label":
                    if column.index not in families:
                        title = self.ctx.title or f"Table at line {self.start + 1}"
                        families[column.index] = self._family(
                            f"{title} ({column.text})", "table", self.start + 1, self.ctx.heading
                        )
                    draft = self._family_draft(families[column.index], None, line)
                    self._observe(draft, column, _get(cells, column.index), line, period=period)
                    continue
                draft = self._table_draft(None, line)
                breakdown = None
                if column.role == "breakdown":
                    breakdown = (dimension, column.text)
                else:
                    draft.total_source = True
                self._observe(
                    draft,
                    column,
                    _get(cells, column.index),
                    line,
                    breakdown=breakdown,
                    period=period,
                )

    def _observe(
        self, draft, column, text, line, area=None, breakdown=None, caveat=None, period=None
    ):
        cell = _parse_cell(text)
        if cell.status is None:
            self.warnings.append(
                PackWarning(
                    "unparsed-cell",
                    f"{draft.base}: cell {text!r} under {column.text!r} is not a figure",
                    (line, line),
                )
            )
            return
        draft.shapes.append(cell.shape)
        note = self.ctx.footnotes.get(cell.marker) if cell.marker else None
        period = period or column.period
        if period is None and note:
            period = _footnote_period(note)
        if period is None:
            self.warnings.append(
                PackWarning(
                    "unspecified-period",
                    f"{draft.base}: {text!r} under {column.text!r} has no period",
                    (line, line),
                )
            )
            return
        if note and note not in draft.footnotes:
            draft.footnotes.append(note)
        area_name, area_kind = area or (self.ctx.la, LOCAL_AUTHORITY)
        caveats = [c for c in (column.caveat, caveat) if c]
        draft.observations.append(
            ParsedObservation(
                area=area_name,
                area_kind=area_kind,
                period=period.label,
                period_kind=period.kind,
                period_start=period.start,
                period_end=period.end,
                raw=text,
                status=cell.status,
                value=cell.value,
                value2=cell.value2,
                breakdown_dimension=breakdown[0] if breakdown else None,
                breakdown=breakdown[1] if breakdown else None,
                footnote=note,
                caveat="; ".join(caveats) or None,
                lines=(line, line),
            )
        )
        draft.cells.append(cell)


_FOOTNOTE = re.compile(r"([*†‡^#]{1,3})\s{0,3}(\S.{0,300})")
_FOOTNOTE_PERIOD = re.compile(
    r"((?:19|20)\d{2}\s?[/-]\s?\d{2})\s{1,3}(?:average|figures?|data)\b", re.I
)


def _footnote_period(note: str) -> _Period | None:
    match = _FOOTNOTE_PERIOD.search(note)
    return _period(match.group(1), None) if match else None


def _footnotes_after(lines: list[str], end: int, stop: int) -> dict[str, str]:
    """Footnotes ("*2019/20 average") printed after a table, before the next one."""
    notes: dict[str, str] = {}
    seen = 0
    for index in range(end + 1, min(stop, len(lines))):
        raw = lines[index]
        text = raw.strip()
        if not text:
            continue
        if "\t" in raw:
            break
        seen += 1
        if seen > 8:
            break
        match = _FOOTNOTE.fullmatch(text)
        if match:
            notes.setdefault(match.group(1), text)
    return notes


# Regions --------------------------------------------------------------------------------------


def _local_authority(lines: list[str]) -> str | None:
    pattern = re.compile(
        r"\b([A-Z][a-z]{2,20}(?:[ -][A-Z][a-z]{2,20}){0,2})\s(?:City|County|Borough|District)\s"
        r"Council\b"
    )
    counts: Counter = Counter()
    for line in lines:
        if "Council" in line:
            for match in pattern.finditer(line):
                if match.group(1) not in {"The", "This", "A"}:
                    counts[match.group(1)] += 1
    return counts.most_common(1)[0][0] if counts else None


def _component_at(components: list[Component], starts: list[int], index: int):
    """The component holding 0-based line ``index``; ``starts`` are their 0-based starts."""
    position = bisect_right(starts, index) - 1
    if position >= 0 and index < components[position].lines[1]:
        return components[position]
    return None


def _component_end(components, starts, index: int, total: int) -> int:
    """0-based exclusive end of the component holding line ``index``."""
    component = _component_at(components, starts, index)
    return component.lines[1] if component else total


def _heading_above(lines, index, floor, max_words, reach=40) -> str | None:
    for back in range(index - 1, max(floor, index - reach) - 1, -1):
        raw = lines[back]
        text = raw.strip()
        if not text or "\t" in raw:
            continue
        if _PRIORITY.match(text):
            return None
        if _is_heading(text, max_words):
            return _clean_heading(text)
    return None


def _comparator_heading(lines, index) -> str | None:
    """The heading over a stray comparator table; "Parent: Sub" for "b) Gender" sub-headings."""
    sub = None
    for back in range(index - 1, max(0, index - 30) - 1, -1):
        raw = lines[back]
        text = raw.strip()
        if not text or "\t" in raw or not _is_heading(text, 8):
            continue
        if sub is None and index - back > 15:
            return None
        match = _ENUMERATED.match(text)
        if match:
            sub = sub or _clean_heading(text[match.end() :])
            continue
        heading = _clean_heading(text)
        return f"{heading}: {sub}" if sub else heading
    return sub


def _comparator_header(lines: list[str], start: int, end: int, la: str) -> bool:
    """A header naming an area, with a period in it or in a second header row."""
    head = [c.strip() for c in lines[start].split("\t")]
    named = [c for c in head[1:] if c and _area(c, la)]
    if not named:
        return False
    if any(_period(c, None) for c in head[1:] if c):
        return True
    if start + 1 > end:
        return False
    following = [c.strip() for c in lines[start + 1].split("\t")]
    return _is_subheader(following, 1) and any(_period(c, None) for c in following[1:] if c)


def _has_figures(lines: list[str], start: int, end: int) -> bool:
    for index in range(start + 1, end + 1):
        for cell in lines[index].split("\t")[1:]:
            if _parse_cell(cell).status == "reported":
                return True
    return False


def extract_indicators(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedIndicator], list[PackWarning]]:
    """Indicators and observations from the scorecard and comparator tables of a document."""
    if not lines:
        return [], []
    la = _local_authority(lines) or "Local authority"
    warnings: list[PackWarning] = []
    drafts: list[_Draft] = []
    runs = _table_runs(lines)
    used: set[int] = set()
    table_id = 0

    def read(run_index: int, ctx: _Context) -> None:
        nonlocal table_id
        start, end = runs[run_index]
        following = runs[run_index + 1][0] if run_index + 1 < len(runs) else len(lines)
        ctx.footnotes = _footnotes_after(lines, end, following)
        table_id += 1
        drafts.extend(_TableReader(lines, start, end, ctx, table_id, warnings).read())
        used.add(run_index)

    # 1. scorecard sections
    region = 0
    covered_until = -1
    run_starts = [start for start, _end in runs]
    component_starts = [component.lines[0] - 1 for component in components]
    priorities: deque[tuple[int, str]] = deque()
    for index, raw in enumerate(lines):
        text = raw.strip()
        if index < covered_until or "\t" in raw or not _SCORECARD.search(text):
            continue
        year = _FY.search(text)
        if not year or not _is_heading(text, 30) or _fy_start(year) is None:
            continue
        region += 1
        stop = _component_end(components, component_starts, index, len(lines))
        priority = None
        for position in range(index + 1, stop):
            text = lines[position].strip()
            if text.lower() == BLANK_PAGE:
                stop = position
                break
            if "\t" not in lines[position] and _PRIORITY.match(text):
                priorities.append((position, _clean_heading(text)))
        covered_until = stop
        for run_index in range(bisect_right(run_starts, index), len(runs)):
            start = runs[run_index][0]
            if start >= stop:
                break
            while priorities and priorities[0][0] < start:
                priority = priorities.popleft()[1]
            heading = _heading_above(lines, start, index, 30)
            ctx = _Context(
                "scorecard",
                la,
                region,
                fy=_fy_start(year),
                priority=priority,
                heading=heading,
                title=heading,
            )
            read(run_index, ctx)

    # 2. captioned figures and tables
    run_at = {start: n for n, (start, _end) in enumerate(runs)}
    for index, raw in enumerate(lines):
        if "\t" in raw or len(raw) > 250:
            continue
        caption = _CAPTION.fullmatch(raw.strip())
        if not caption:
            continue
        members = []
        position = index + 1
        while position < len(lines) and position - index <= 6 and not lines[position].strip():
            position += 1
        while position in run_at and run_at[position] not in used:
            run_index = run_at[position]
            if not _has_figures(lines, *runs[run_index]):
                break
            members.append(run_index)
            position = runs[run_index][1] + 1
            while position < len(lines) and not lines[position].strip():
                position += 1
        if not members:
            continue
        region += 1
        title = _clean_heading(caption.group(2))
        for run_index in members:
            ctx = _Context(
                "figure",
                la,
                region,
                heading=_clean_heading(raw),
                title=title,
                several=len(members) > 1,
            )
            read(run_index, ctx)

    # 3. comparator tables elsewhere
    for run_index, (start, end) in enumerate(runs):
        if run_index in used:
            continue
        if not _comparator_header(lines, start, end, la):
            continue
        if not _has_figures(lines, start, end):
            continue
        region += 1
        heading = _comparator_heading(lines, start)
        read(run_index, _Context("comparator", la, region, heading=heading, title=heading))

    drafts = sorted((d for d in drafts if d.observations or d.caveats), key=lambda d: d.first)
    _name(drafts)
    for draft in drafts:
        draft.unit = _unit(draft)
        _warn_malformed(draft, warnings)
    _dedupe(drafts, warnings)
    _check_sums(drafts, warnings)
    _check_groups(drafts, warnings)
    _check_percents(drafts, warnings)
    _check_prose(lines, components, drafts, warnings)
    indicators = [
        ParsedIndicator(
            name=d.name,
            unit=d.unit,
            lines=(d.first, d.last),
            priority=d.priority,
            group=d.group,
            definition=d.definition,
            caveats=list(dict.fromkeys(d.caveats)),
            footnotes=list(dict.fromkeys(d.footnotes)),
            observations=d.observations,
        )
        for d in drafts
    ]
    warnings.sort(key=lambda w: w.lines)
    return indicators, warnings


# Names and units ------------------------------------------------------------------------------


def _name(drafts: list[_Draft]) -> None:
    counts = Counter(_key(d.base) for d in drafts)
    for draft in drafts:
        draft.name = draft.base
        if counts[_key(draft.base)] > 1 and draft.qualifier:
            draft.name = f"{draft.qualifier}: {draft.base}"
        elif draft.stub_label:
            draft.definition = draft.stub_label
    counts = Counter(_key(d.name) for d in drafts)
    for draft in drafts:
        if counts[_key(draft.name)] > 1:
            draft.name = f"{draft.name} (line {draft.first})"


def _unit(draft: _Draft) -> str:
    """The unit from the cells' shapes and the name; a row with no figures at all takes the
    unit of the last indicator row before it in the same table that has them."""
    current: _Draft | None = draft
    for _ in range(_HINT_STEPS):
        if current is None:
            break
        unit = _own_unit(current)
        if unit is not None:
            return unit
        current = current.unit_hint
    return "count"


_HINT_STEPS = 20


def _own_unit(draft: _Draft) -> str | None:
    if draft.measure == "percent":
        return "percent"
    shapes = Counter(draft.shapes)
    for shape, unit in (
        ("count-percent", "count-percent"),
        ("pair", "count-count"),
        ("ratio", "ratio"),
        ("currency", "currency"),
    ):
        if shapes[shape]:
            return unit
    for pattern, unit in _RATE:
        if pattern.search(draft.base):
            return unit
    base = draft.base.lstrip()
    if shapes["percent"] or base.startswith("%") or "percentage" in base.lower():
        return "percent"
    if draft.measure == "count":
        return "count"
    if _DAYS.search(base):
        return "days"
    return "count" if shapes["number"] else None


def _warn_malformed(draft: _Draft, warnings: list[PackWarning]) -> None:
    if draft.unit != "count-percent":
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


def _obs_key(observation: ParsedObservation) -> tuple:
    return (
        observation.area,
        observation.area_kind,
        observation.period_kind,
        observation.period_start,
        observation.period_end,
        observation.period,
        observation.breakdown_dimension,
        observation.breakdown,
    )


def _dedupe(drafts: list[_Draft], warnings: list[PackWarning]) -> None:
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


# Checks ---------------------------------------------------------------------------------------

_SUMMABLE = {"count", "count-percent", "count-count"}
_DIMENSION_WORDS = {
    "age-band": "age bands",
    "category": "categories",
    "school-category": "school categories",
    "agency": "agencies",
    "risk-level": "risk levels",
    "gender": "genders",
}


def _period_of(observation: ParsedObservation) -> tuple:
    return (
        observation.period_kind,
        observation.period_start,
        observation.period_end,
        observation.period,
    )


def _breakdown_sums(draft: _Draft) -> dict[tuple, tuple[str, float, int, int]]:
    """(area, period, dimension) -> (period label, sum, first line, last line), for breakdowns
    that are all reported."""
    sums: dict[tuple, list] = {}
    broken: set[tuple] = set()
    for observation in draft.observations:
        if observation.breakdown is None:
            continue
        key = (observation.area, _period_of(observation), observation.breakdown_dimension)
        if observation.status != "reported" or observation.value is None:
            broken.add(key)
            continue
        entry = sums.setdefault(key, [observation.period, 0.0, observation.lines[0], 0, 0])
        entry[1] += observation.value
        entry[3] = max(entry[3], observation.lines[1])
        entry[4] += 1
    return {k: (v[0], v[1], v[2], v[3]) for k, v in sums.items() if k not in broken and v[4] > 1}


def _totals(draft: _Draft) -> dict[tuple, ParsedObservation]:
    return {
        (o.area, _period_of(o)): o
        for o in draft.observations
        if o.breakdown is None and o.status == "reported" and o.value is not None
    }


def _sum_warning(name, dimension, period, area, total_of, total, found, lines, warnings):
    where = "" if area is None else f" ({area})"
    warnings.append(
        PackWarning(
            "breakdown-sum-mismatch",
            f"{name}: {_DIMENSION_WORDS.get(dimension, dimension)} for {period}{where} sum to "
            f"{_fmt(found)} but {total_of} is {_fmt(total.value)} (line {total.lines[0]})",
            lines,
        )
    )


def _check_sums(drafts: list[_Draft], warnings: list[PackWarning]) -> None:
    for draft in drafts:
        if draft.unit not in _SUMMABLE:
            continue
        totals = _totals(draft)
        for (area, period, dimension), (label, found, first, last) in _breakdown_sums(
            draft
        ).items():
            total = totals.get((area, period))
            if total is not None and abs(found - total.value) > 1e-6:
                _sum_warning(
                    draft.name,
                    dimension,
                    label,
                    area,
                    "the printed Total",
                    total,
                    found,
                    (min(first, total.lines[0]), max(last, total.lines[1])),
                    warnings,
                )


def _check_groups(drafts: list[_Draft], warnings: list[PackWarning]) -> None:
    """Breakdown groups with no total of their own against the same-named indicator's total
    elsewhere in the section."""
    rows: dict[tuple, _Draft] = {}
    for other in drafts:
        if other.kind == "row" and other.unit in _SUMMABLE:
            rows.setdefault((other.region, tuple(_norm_words(other.base))), other)
    for draft in drafts:
        if draft.kind != "group" or draft.unit not in _SUMMABLE or _totals(draft):
            continue
        partner = rows.get((draft.region, tuple(_norm_words(draft.base))))
        if partner is None:
            continue
        totals = _totals(partner)
        for (area, period, dimension), (label, found, first, last) in _breakdown_sums(
            draft
        ).items():
            total = totals.get((area, period))
            if total is not None and abs(found - total.value) > 1e-6:
                _sum_warning(
                    draft.name,
                    dimension,
                    label,
                    area,
                    f"{partner.name!r}",
                    total,
                    found,
                    (first, last),
                    warnings,
                )


def _check_percents(drafts: list[_Draft], warnings: list[PackWarning]) -> None:
    for draft in drafts:
        pairs = []
        if draft.counts is not None:
            counts = {
                (o.area, _period_of(o), o.breakdown): o
                for o in draft.counts.observations
                if o.status == "reported" and o.value is not None
            }
            totals = _totals(draft.counts)
            for observation, cell in zip(draft.observations, draft.cells, strict=True):
                if observation.status != "reported" or observation.value is None:
                    continue
                count = counts.get(
                    (observation.area, _period_of(observation), observation.breakdown)
                )
                total = totals.get((observation.area, _period_of(observation)))
                if count is not None and total is not None:
                    pairs.append(
                        (observation, observation.value, cell.decimals, count.value, total)
                    )
        elif draft.unit == "count-percent":
            totals = _totals(draft)
            for observation, cell in zip(draft.observations, draft.cells, strict=True):
                total = totals.get((observation.area, _period_of(observation)))
                if (
                    observation.breakdown is not None
                    and total is not None
                    and observation.value2 is not None
                    and total.value is not None
                ):
                    pairs.append(
                        (observation, observation.value2, cell.decimals, observation.value, total)
                    )
        for observation, percent, decimals, count, total in pairs:
            if not total.value:
                continue
            expected = count / total.value * 100
            if abs(expected - percent) > 0.5 * 10 ** (-decimals) + 1e-9:
                warnings.append(
                    PackWarning(
                        "percent-mismatch",
                        f"{draft.name}, {observation.breakdown or observation.area}, "
                        f"{observation.period}: {_fmt(percent)}% is printed but "
                        f"{_fmt(count)} of {_fmt(total.value)} is {expected:.2f}%",
                        observation.lines,
                    )
                )


_PROSE_NUMBER = re.compile(r"(?<![\d.,£])(\d{1,3}(?:,\d{3}){1,3}|\d{1,7})(?![\d.,%])")
_SPACE_WORD = re.compile(r"\s{1,3}[A-Za-z]")
_CLAUSE_END = re.compile(r"[.;:,!?](?:\s|$)")
_LINKS = {"with": "on", "on": "on", "subject": "on", "having": "on"}


def _prose_words(text: str) -> list[str]:
    words = []
    for word in _norm_words(text):
        if word in {"a", "an", "the", "to"}:
            continue
        words.append(_LINKS.get(word, word))
    return words


def _current_total(draft: _Draft) -> ParsedObservation | None:
    totals = [
        o
        for o in draft.observations
        if o.breakdown is None
        and o.area_kind == LOCAL_AUTHORITY
        and o.status == "reported"
        and o.value is not None
    ]
    if not totals:
        return None
    preferred = [o for o in totals if o.period_kind in {"year-to-date", "snapshot"}]
    return max(preferred or totals, key=lambda o: (o.period_end or "", o.lines[0]))


def _check_prose(lines, components, drafts, warnings, reach: int = 60) -> None:
    """A count stated in prose for the subject of a table with a Total, disagreeing with it."""
    reported: set[tuple] = set()
    starts = [component.lines[0] - 1 for component in components]
    for draft in drafts:
        if not draft.total_source or draft.unit not in _SUMMABLE or draft.measure == "percent":
            continue
        total = _current_total(draft)
        if total is None:
            continue
        subject = _prose_words(re.split(r"\s{1,3}by\s{1,3}", draft.base, maxsplit=1)[0])
        if len(subject) < 3:
            continue
        first, last = draft.first - 1, draft.last
        floor, ceiling = max(0, first - reach), min(len(lines), last + reach)
        component = _component_at(components, starts, first)
        if component is not None:
            floor = max(floor, component.lines[0] - 1)
            ceiling = min(ceiling, component.lines[1])
        for index in range(floor, ceiling):
            raw = lines[index]
            if "\t" in raw or first <= index < last:
                continue
            if _CAPTION.fullmatch(raw.strip()):
                continue
            for match in _PROSE_NUMBER.finditer(raw):
                if not _SPACE_WORD.match(raw, match.end()):
                    continue
                after = _prose_words(raw[match.end() : match.end() + 120])
                if after[: len(subject)] != subject:
                    continue
                number = _number(match.group(1))
                key = (index, number, total.value)
                if number == total.value or key in reported:
                    continue
                reported.add(key)
                stated = _CLAUSE_END.split(raw[match.start() : match.start() + 120], maxsplit=1)[0]
                warnings.append(
                    PackWarning(
                        "contradiction",
                        f"line {index + 1} says {stated.strip()!r} but {draft.name!r} has a "
                        f"total of {_fmt(total.value)} ({total.period}, line {total.lines[0]})",
                        (min(index + 1, total.lines[0]), max(index + 1, total.lines[1])),
                    )
                )
