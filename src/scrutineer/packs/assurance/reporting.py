"""What a line of a partnership's report is about: the board the report is by, the year it
covers, and the period a table's label or header names ("Numbers trained 2016-17 (Oct -
Mar)", "Total trained in 2016/17 Oct to March").

Every pattern is linear (bounded repetition of distinct tokens) and a line is searched only
in its first ``LINE_LIMIT`` characters, so hostile text cannot make the work explode.
"""

from __future__ import annotations

import re
from collections import Counter

from ...periods import YEAR_PAIR, pair_label, year_pair_start
from ..model import Component

LINE_LIMIT = 2000
_YEAR = re.compile(YEAR_PAIR)
_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
# "(Oct - Mar)", "Oct to March", "April 2016 to September 2016" (the years are skipped)
_MONTH_RANGE = re.compile(
    rf"\b{_MONTH}(?:\s(?:19|20)\d\d)?\s{{0,2}}(?:-|–|—|to)\s{{0,2}}{_MONTH}\b", re.IGNORECASE
)
# "Coventry Safeguarding Children's Partnership", "Northshire Safeguarding Children Board"
_BOARD = re.compile(
    r"((?:[A-Z][\w'’&-]{0,30}\s){0,6}Safeguarding(?:\s[A-Z][\w'’&-]{0,30}){0,4}?\s"
    r"(?:Board|Partnership))"
)


def year_label(text: str) -> str | None:
    """The first year pair a text prints, as "2016/17"."""
    for match in _YEAR.finditer(text[:LINE_LIMIT]):
        start = year_pair_start(match[1], match[2])
        if start is not None:
            return pair_label(start)
    return None


def period_label(text: str) -> str | None:
    """ "Numbers trained 2016-17 (Oct - Mar)*" -> "2016/17 (October–March)"; "2015-16" ->
    "2015/16"; None without a year pair."""
    year = year_label(text)
    if year is None:
        return None
    months = _MONTH_RANGE.search(text[:LINE_LIMIT])
    if months is None:
        return year
    return f"{year} ({_month(months[1])}–{_month(months[2])})"


def _month(abbreviation: str) -> str:
    word = abbreviation.lower()[:3]
    return next(month for month in _MONTHS if month.startswith(word)).capitalize()


def report_of(components: list[Component], line: int) -> Component | None:
    """The annual report a line belongs to: the one around it, or the last one before the
    appendix it sits in."""
    found = None
    for component in components:
        first, last = component.lines
        if component.kind == "annual-report" and first <= line:
            found = component
        if first <= line <= last and component.kind not in ("annual-report", "appendix"):
            return None if component.kind != "briefing-note" else found
    return found


def report_year(lines: list[str], components: list[Component], line: int) -> str | None:
    """The year the report around ``line`` covers, from its title, else its opening lines."""
    report = report_of(components, line)
    if report is None:
        return None
    year = year_label(report.title)
    if year:
        return year
    first = report.lines[0]
    for text in lines[first - 1 : first + 200]:
        if "report" in text[:LINE_LIMIT].lower():
            year = year_label(text)
            if year:
                return year
    return None


def board_of(lines: list[str], components: list[Component], line: int) -> str | None:
    """The board the report around ``line`` is by: the one its title names, else the
    safeguarding board or partnership it names most often (the briefing note before it
    included)."""
    report = report_of(components, line)
    if report is None:
        return None
    titled = _BOARD.search(report.title)
    if titled:
        return titled[1].strip()
    first, last = report.lines
    for component in components:
        if component.kind == "briefing-note" and component.lines[1] < first:
            first = min(first, component.lines[0]) if first - component.lines[1] < 12 else first
    names: Counter = Counter()
    for text in lines[first - 1 : last]:
        if "Safeguarding" in text:
            names.update(match[1].strip() for match in _BOARD.finditer(text[:LINE_LIMIT]))
    if not names:
        return None
    return names.most_common(1)[0][0]
