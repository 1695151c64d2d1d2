"""The council calendar: municipal years, financial years and their quarters.

Pure Python, so the parser, the apps and the reports all count years the same way. A
municipal year runs from May (the annual council meeting) to the following April; a
financial year from April to March, in four quarters. Papers write a year "2021/22" (the
``label``); addresses write it "2021-22" (the ``slug``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MUNICIPAL_YEAR_STARTS = 5  # May
FINANCIAL_YEAR_STARTS = 4  # April
QUARTER_MONTHS = ("April to June", "July to September", "October to December", "January to March")

# "2021/22", "2021-22", "2021/2022", "2021 – 22": the first year and the one after it, as
# papers print them. A pattern for other patterns to embed (two groups); years are checked
# with ``year_pair_start``. A four-digit second year is tried first, so "2012 - 2013" in
# running text is not read as "2012 - 20".
YEAR_PAIR = r"\b((?:19|20)\d{2})\s{0,3}[-/–]\s{0,3}((?:19|20)\d{2}|\d{2})(?!\d)"
_YEAR_PAIR = re.compile(YEAR_PAIR)
_SLUG = re.compile(r"(\d{4})-(\d{2})")
_QUARTER_LABEL = re.compile(r"(\d{4})\s?[/-]\s?(\d{2}|\d{4})\s?Q([1-4])", re.I)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, kept within the month: 31 January + 1 is 28 or 29
    February."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def year_pair_start(first: str, second: str) -> int | None:
    """The first year of a printed pair ("2021", "22" or "2022"), or None when the second
    does not follow the first ("2021/23")."""
    start = int(first)
    if len(second) == 4:
        following = int(second)
    else:
        following = start // 100 * 100 + int(second)
        if following < start:  # "1999/00"
            following += 100
    return start if following == start + 1 else None


def pair_label(first: int) -> str:
    """2021 -> "2021/22"."""
    return f"{first}/{(first + 1) % 100:02d}"


def pair_slug(first: int) -> str:
    """2021 -> "2021-22"."""
    return f"{first}-{(first + 1) % 100:02d}"


def _from_slug(slug: str, kind: str) -> int:
    match = _SLUG.fullmatch(slug)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError(f"{slug!r} is not a {kind}: write it as 2020-21.")
    return int(match[1])


def _from_label(text: str) -> int | None:
    match = _YEAR_PAIR.fullmatch(text.strip())
    return year_pair_start(match[1], match[2]) if match else None


@dataclass(frozen=True, order=True)
class _YearPair:
    first: int  # the calendar year it starts in
    STARTS = 1  # the month it starts in
    KIND = "year"

    @classmethod
    def of(cls, day: dt.date):
        return cls(day.year if day.month >= cls.STARTS else day.year - 1)

    @classmethod
    def from_slug(cls, slug: str):
        """ "2016-17" (as in an address); ValueError for anything else."""
        return cls(_from_slug(slug, cls.KIND))

    @classmethod
    def parse(cls, text: str):
        """ "2016/17", "2016-17", "2016/2017" as printed, or None."""
        first = _from_label(text)
        return None if first is None else cls(first)

    @property
    def label(self) -> str:
        return pair_label(self.first)

    @property
    def slug(self) -> str:
        return pair_slug(self.first)

    @property
    def short(self) -> str:
        """2021/22 -> "21": how minute numbers write their year ("74/21")."""
        return f"{self.first % 100:02d}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.first, self.STARTS, 1)

    @property
    def end(self) -> dt.date:
        return add_months(self.start, 12) - dt.timedelta(days=1)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class MunicipalYear(_YearPair):
    """May to April: the year of a council's committees and work programmes."""

    STARTS = MUNICIPAL_YEAR_STARTS
    KIND = "municipal year"


@dataclass(frozen=True, order=True)
class FinancialYear(_YearPair):
    """April to March: the year of budgets, scorecards and data calls."""

    STARTS = FINANCIAL_YEAR_STARTS
    KIND = "financial year"

    @property
    def window_start(self) -> dt.date:
        """The day before the year: where last year's Q4 and baseline end."""
        return self.start - dt.timedelta(days=1)

    @property
    def quarters(self) -> list[Quarter]:
        return [Quarter(self, number) for number in range(1, 5)]

    def quarter(self, key: str) -> Quarter | None:
        """ "q1" .. "q4", as in an address."""
        return next((q for q in self.quarters if q.key == key), None)


@dataclass(frozen=True, order=True)
class Quarter:
    """A financial quarter: Q1 is April to June."""

    year: FinancialYear
    number: int  # 1-4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        year = FinancialYear.of(day)
        return cls(year, (day.month - FINANCIAL_YEAR_STARTS) % 12 // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter | None:
        """ "2021/22 Q1" (also "2021-22 q1", "2021/2022 Q1"), or None."""
        match = _QUARTER_LABEL.fullmatch(" ".join(text.split()))
        if not match:
            return None
        first = year_pair_start(match[1], match[2])
        return None if first is None else cls(FinancialYear(first), int(match[3]))

    @classmethod
    def last_ended_before(cls, day: dt.date) -> Quarter:
        """The quarter that ended most recently before ``day``: what a data call asks for."""
        return cls.of(day).previous()

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(FinancialYear(self.year.first - 1), 4)
        return Quarter(self.year, self.number - 1)

    @property
    def key(self) -> str:
        return f"q{self.number}"

    @property
    def name(self) -> str:
        return f"Q{self.number}"

    @property
    def label(self) -> str:
        """ "2021/22 Q1": how data calls and exports name a quarter."""
        return f"{self.year.label} {self.name}"

    @property
    def description(self) -> str:
        """ "Q1 (April to June 2021)": how a scorecard heads its column."""
        return f"{self.name} ({QUARTER_MONTHS[self.number - 1]} {self.end.year})"

    @property
    def start(self) -> dt.date:
        return add_months(self.year.start, 3 * (self.number - 1))

    @property
    def end(self) -> dt.date:
        return add_months(self.start, 3) - dt.timedelta(days=1)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label
