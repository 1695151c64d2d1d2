"""Where a figure came from, in words: the paper it was read from, the partner's return, or
the officer who typed it. Pages, data call screens and exports all say it this way; each
passes the parts as its medium writes them (a link on a page, a plain date in a CSV).
"""

from __future__ import annotations

PUBLISHED_PAPER = "From a published paper"


def person_name(user) -> str:
    """A person as a figure's origin names them: their full name, else their username."""
    return user.get_full_name() or user.get_username()


def full_name(first: str | None, last: str | None, username: str) -> str:
    """``person_name`` from the columns, for exports that read values rather than users."""
    return f"{first or ''} {last or ''}".strip() or username


def origin(
    *,
    document: str | None = None,
    partner: str | None = None,
    call: str | None = None,
    file_name: str | None = None,
    day: str | None = None,
    entered_by: str | None = None,
) -> str:
    """The one wording of a figure's origin; "" when nothing is recorded. Parts left out
    are not said (a data call's own page need not name the call)."""
    if document:
        return document
    if partner:
        words = f"Submitted by {partner}"
        if call:
            words += f" for {call}"
        if file_name:
            words += f" ({file_name})"
        return f"{words}, {day}" if day else words
    if entered_by:
        return f"Entered by {entered_by}"
    return ""


def observation_origin(observation) -> str:
    """``origin`` of an Observation on a data call's pages (with its submission's
    organisation and its ``entered_by`` loaded): the call is the page's own."""
    if observation is None:
        return ""
    submission = observation.submission if observation.submission_id else None
    return origin(
        document=PUBLISHED_PAPER if observation.source_id else None,
        partner=submission.organisation.name if submission else None,
        file_name=submission.file_name if submission else None,
        entered_by=person_name(observation.entered_by) if observation.entered_by_id else None,
    )
