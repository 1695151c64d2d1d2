"""Derived facts about tracked items: overdue and RAG. (Due dates read from the text are
the parser's: ``scrutineer.packs.due``.)

Nothing here is stored. Overdue and RAG are rules on the due date and the status, so they
can never disagree with the record they describe.
"""

from __future__ import annotations

import datetime as dt

from scrutineer.rag import Rag

# Statuses in which nothing more is owed.
CLOSED_STATUSES = frozenset({"complete", "impact-reviewed", "rejected"})
AMBER_WINDOW_DAYS = 28


def is_history(status: str, last_seen: dt.date | None, latest_paper: dt.date | None) -> bool:
    """An open item that its body's latest paper no longer shows, and that nobody has
    touched in Scrutineer since: history, not overdue. It waits for an officer to close,
    carry forward or re-open it."""
    return (
        status not in CLOSED_STATUSES
        and last_seen is not None
        and latest_paper is not None
        and last_seen < latest_paper
    )


def history_note(last_seen: dt.date) -> str:
    return f"Last seen open in the papers of {last_seen:%-d %B %Y}"


def is_overdue(
    due_date: dt.date | None, status: str, today: dt.date, history: bool = False
) -> bool:
    """Overdue applies to items tracked live, never to history."""
    return (
        not history and due_date is not None and due_date < today and status not in CLOSED_STATUSES
    )


def rag(due_date: dt.date | None, status: str, today: dt.date, history: bool = False) -> Rag | None:
    """Red when overdue, amber when due within four weeks, green when closed or not yet
    due. Items with no due date and still open get no rating: there is nothing to judge;
    nor do items that are history (``is_history``)."""
    if status in CLOSED_STATUSES:
        return Rag("green", f"Closed ({status.replace('-', ' ')})")
    if due_date is None or history:
        return None
    if due_date < today:
        days = (today - due_date).days
        return Rag("red", f"Overdue by {days} day{'s' if days != 1 else ''}")
    if (due_date - today).days <= AMBER_WINDOW_DAYS:
        return Rag("amber", f"Due within {AMBER_WINDOW_DAYS} days ({due_date:%-d %B %Y})")
    return Rag("green", f"Not due until {due_date:%-d %B %Y}")
