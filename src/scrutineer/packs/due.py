"""Due dates read from the words of a paper.

A resolution gives a period ("request an update in 12 months"), counted from the meeting
that resolved it; an action plan gives a month ("March 2017", "End of September 16"),
meaning its last day. Either way the date is derived, so it comes with the words it
rests on and a page can show its working.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from scrutineer.periods import add_months, month_end

from .text import MONTHS, full_year

_PERIOD = re.compile(
    r"\b(?:update|report|review|progress|dip sample|follow[- ]up|back)\b[^.]{0,80}?"
    r"\b(?:in|within|after)\s(\d{1,2}|one|two|three|four|six|nine|twelve|eighteen)\s"
    r"(months?|weeks?|years?)\b",
    re.IGNORECASE,
)
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "six": 6,
    "nine": 9,
    "twelve": 12,
    "eighteen": 18,
}


@dataclass(frozen=True)
class DerivedDue:
    date: dt.date
    basis: str


def derive_due_date(text: str, start: dt.date | None) -> DerivedDue | None:
    """ "Request an update in 12 months" from a meeting on 9 December 2021 -> 9 December 2022.

    The derivation is returned with the words it rests on, so a page can show its working.
    """
    if start is None:
        return None
    match = _PERIOD.search(text)
    if not match:
        return None
    amount_text, unit = match.group(1).lower(), match.group(2).lower()
    amount = int(amount_text) if amount_text.isdigit() else _NUMBERS[amount_text]
    if unit.startswith("week"):
        due = start + dt.timedelta(weeks=amount)
    else:
        months = amount * (12 if unit.startswith("year") else 1)
        due = add_months(start, months)
    return DerivedDue(due, f'"{match.group(0).strip()}" from {start:%-d %B %Y}')


def month_year(words: list[str]) -> tuple[int, int] | None:
    """(year, month) of the first "<month> <year>" pair in ``words``: "June 16", "Sept 2016"."""
    for position in range(len(words) - 1):
        month = MONTHS.get(words[position].lower().strip(",."))
        year = words[position + 1].strip(",.;")
        if month and year.isascii() and year.isdigit() and len(year) in {2, 4}:
            return (full_year(year), month)
    return None


def timescale_due_date(text: str) -> str | None:
    """The last day of the month a timescale names, when it begins with one: "March 2017"
    -> 2017-03-31, "End of September 16" -> 2016-09-30. "Beg April 16", "Ongoing" or a
    timescale that only mentions a month later on are not read."""
    words = text.split()
    lowered = [w.lower() for w in words[:2]]
    if lowered == ["end", "of"]:
        words = words[2:]
    elif lowered[:1] == ["by"]:
        words = words[1:]
    found = month_year(words[:2])
    if found is None:
        return None
    return month_end(*found).isoformat()
