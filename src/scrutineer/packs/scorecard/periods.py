"""The period a scorecard header names: "Q2", "Last Q4", "YTD", "2015/16", "as at 31st March
2012", "Oct – Mar" or "2012", dated by the council calendar (``scrutineer.periods``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from scrutineer.periods import (
    FINANCIAL_YEAR_STARTS,
    FinancialYear,
    Quarter,
    month_end,
    year_pair_start,
)

from ..text import MONTHS


@dataclass
class PrintedPeriod:
    label: str
    kind: str
    start: str | None = None
    end: str | None = None


_AS_AT = re.compile(
    r"\bas\s{1,3}at\s{1,3}(\d{1,2})(?:st|nd|rd|th)?\s{1,3}([A-Za-z]{3,9})(?:,?\s{1,3}(\d{4}))?",
    re.I,
)
_LAST_Q = re.compile(r"\blast\s{1,3}q([1-4])\b", re.I)
QUARTER = re.compile(r"\bq([1-4])\b|\bquarter\s{1,3}([1-4])\b", re.I)
_YTD = re.compile(r"\bytd\b|\byear\s{1,3}to\s{1,3}date\b", re.I)
FINANCIAL_YEAR = re.compile(r"\b((?:19|20)\d{2})\s?[/-]\s?(\d{2}|(?:19|20)\d{2})\b")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?,?\s{1,3}((?:19|20)\d{2})\b")
_RANGE = re.compile(r"\b([A-Za-z]{3,9})\.?\s{0,3}(?:-|–|—|to)\s{0,3}([A-Za-z]{3,9})\b")


def _span(start: dt.date, end: dt.date) -> tuple[str, str]:
    return start.isoformat(), end.isoformat()


# A document names few years and quarters, each many times: their dates are worked out once.
@lru_cache(maxsize=256)
def _quarter_span(fy: int | None, quarter: int) -> tuple[str | None, str | None]:
    if fy is None:
        return None, None
    dated = Quarter(FinancialYear(fy), quarter)
    return _span(dated.start, dated.end)


@lru_cache(maxsize=256)
def _year_span(fy: int) -> tuple[str, str]:
    year = FinancialYear(fy)
    return _span(year.start, year.end)


def fy_start(match: re.Match) -> int | None:
    """The first year of a matched "2020/21", or None when the years do not follow."""
    return year_pair_start(match.group(1), match.group(2))


def read_period(text: str, fy: int | None) -> PrintedPeriod | None:
    """The period a header cell names, dated within financial year ``fy`` where needed."""
    match = _AS_AT.search(text)
    if match:
        month = MONTHS.get(match.group(2).lower())
        if month:
            start = end = None
            if match.group(3):
                try:
                    start = end = dt.date(
                        int(match.group(3)), month, int(match.group(1))
                    ).isoformat()
                except ValueError:
                    start = end = None
            return PrintedPeriod(" ".join(match.group(0).split()), "snapshot", start, end)
    match = _LAST_Q.search(text)
    if match:
        start, end = _quarter_span(None if fy is None else fy - 1, int(match.group(1)))
        return PrintedPeriod(match.group(0), "last-q4", start, end)
    match = QUARTER.search(text)
    if match:
        start, end = _quarter_span(fy, int(match.group(1) or match.group(2)))
        return PrintedPeriod(match.group(0), "quarter", start, end)
    match = _YTD.search(text)
    if match:
        if fy is None:
            return PrintedPeriod(match.group(0), "year-to-date")

        return PrintedPeriod(match.group(0), "year-to-date", *_year_span(fy))
    match = FINANCIAL_YEAR.search(text)
    if match:
        first = fy_start(match)
        if first is not None:
            return PrintedPeriod(match.group(0), "financial-year", *_year_span(first))
    match = _RANGE.search(text)
    if match:
        first, last = MONTHS.get(match.group(1).lower()), MONTHS.get(match.group(2).lower())
        if first and last:
            if fy is None:
                return PrintedPeriod(match.group(0), "range")
            start_year = fy if first >= FINANCIAL_YEAR_STARTS else fy + 1
            end_year = fy if last >= FINANCIAL_YEAR_STARTS else fy + 1
            start = dt.date(start_year, first, 1)
            return PrintedPeriod(match.group(0), "range", *_span(start, month_end(end_year, last)))
    match = _MONTH_YEAR.search(text)
    if match and MONTHS.get(match.group(1).lower()):
        # "January 2024": a month (a census taken then), in the financial year 2023/24
        year, month = int(match.group(2)), MONTHS[match.group(1).lower()]
        span = _span(dt.date(year, month, 1), month_end(year, month))
        return PrintedPeriod(" ".join(match.group(0).split()), "month", *span)
    match = _YEAR.search(text)
    if match:
        year = int(match.group(1))
        span = _span(dt.date(year, 1, 1), dt.date(year, 12, 31))
        return PrintedPeriod(match.group(0), "calendar-year", *span)
    return None


_FOOTNOTE_PERIOD = re.compile(
    r"((?:19|20)\d{2}\s?[/-]\s?\d{2})\s{1,3}(?:average|figures?|data)\b", re.I
)


def footnote_period(note: str) -> PrintedPeriod | None:
    match = _FOOTNOTE_PERIOD.search(note)
    return read_period(match.group(1), None) if match else None
