"""Derived facts about tracked items: overdue, RAG and due dates read from the text.

Nothing here is stored. Overdue and RAG are rules on the due date and the status, so they
can never disagree with the record they describe.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from scrutineer.periods import add_months
from scrutineer.rag import Rag

# Statuses in which nothing more is owed.
CLOSED_STATUSES = frozenset({"complete", "impact-reviewed", "rejected"})
AMBER_WINDOW_DAYS = 28

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


def is_overdue(due_date: dt.date | None, status: str, today: dt.date) -> bool:
    return due_date is not None and due_date < today and status not in CLOSED_STATUSES


def rag(due_date: dt.date | None, status: str, today: dt.date) -> Rag | None:
    """Red when overdue, amber when due within four weeks, green when closed or not yet
    due. Items with no due date and still open get no rating: there is nothing to judge."""
    if status in CLOSED_STATUSES:
        return Rag("green", f"Closed ({status.replace('-', ' ')})")
    if due_date is None:
        return None
    if due_date < today:
        days = (today - due_date).days
        return Rag("red", f"Overdue by {days} day{'s' if days != 1 else ''}")
    if (due_date - today).days <= AMBER_WINDOW_DAYS:
        return Rag("amber", f"Due within {AMBER_WINDOW_DAYS} days ({due_date:%-d %B %Y})")
    return Rag("green", f"Not due until {due_date:%-d %B %Y}")


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
