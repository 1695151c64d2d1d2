"""Changing tracked items: every change leaves a history entry, and no change silently
overwrites someone else's. Each edit names the version it was made against; if the item
has moved on since, the edit is refused with StaleEdit.

This module is the only writer of StatusChange rows, whoever makes the change: an officer
on the site (``change_status``, ``record_response``, ``record_hand_entry``) or a paper
being loaded (``record_from_paper``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import rules
from .models import Response, StatusChange, TrackedItem


class StaleEdit(Exception):
    """Someone else changed the record after this edit's form was loaded."""

    def __init__(self, item):
        self.item = item
        super().__init__(
            f"{item} was changed by someone else while you were editing it. "
            "Your change has not been saved: check the latest version below and try again."
        )


def bump_version(record, expected_version: int, **changes) -> None:
    """Apply ``changes`` and bump the version only if ``record`` is still at
    ``expected_version``; otherwise raise StaleEdit with the record as it is now.

    The one version rule for every versioned record (tracked items and work programme
    items) and every way of editing them: the site's forms and the admin. A single
    conditional UPDATE is both the check and the write, so of two edits made against the
    same version exactly one succeeds, on SQLite and PostgreSQL alike. On success only the
    version and the changed fields are re-read, so unsaved changes held on ``record`` (an
    admin form's) are kept for the save that follows.
    """
    if any(f.name == "updated_at" for f in type(record)._meta.concrete_fields):
        changes.setdefault("updated_at", timezone.now())  # UPDATE does not set auto_now
    updated = (
        type(record)
        ._default_manager.filter(pk=record.pk, version=expected_version)
        .update(version=F("version") + 1, **changes)
    )
    if not updated:
        record.refresh_from_db()
        raise StaleEdit(record)
    record.refresh_from_db(fields=["version", *changes])


PAPER_HOUR = dt.time(12)  # a change read from a paper is dated noon on the paper's day
HAND_ENTRY_NOTE = "Entered by hand."


def hand_entry_basis(typed: str, due_date) -> str:
    """Why an item typed by hand is due when it is: what the officer wrote, else that the
    date was entered by hand (nothing when there is no date)."""
    return typed.strip() or (HAND_ENTRY_NOTE if due_date else "")


def _write(item: TrackedItem, from_status: str, to_status: str, note: str, **fields):
    return StatusChange.objects.create(
        tracked_item=item, from_status=from_status, to_status=to_status, note=note, **fields
    )


def record_hand_entry(item: TrackedItem, user=None, note: str = HAND_ENTRY_NOTE) -> StatusChange:
    """The first history entry of an item an officer added: from nothing to its status."""
    return _write(item, "", item.status, note, changed_at=timezone.now(), changed_by=user)


def paper_moment(day: dt.date | None) -> dt.datetime:
    """When a change read from a paper dated ``day`` happened, as far as the record says."""
    if day is None:
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, PAPER_HOUR))


def record_from_paper(
    item: TrackedItem,
    to_status: str,
    note: str,
    day: dt.date | None,
    from_status: str | None = None,
) -> StatusChange:
    """A status as a paper dated ``day`` gives it, with the lines it was read from.

    ``from_status`` is the item's status unless given ("" for an item the paper creates).
    The caller sets the item's own status: loading is not an edit, so no version moves.
    """
    return _write(
        item,
        item.status if from_status is None else from_status,
        to_status,
        note,
        changed_at=paper_moment(day),
        source=item.source,
        first_line=item.first_line,
        last_line=item.last_line,
    )


def _bump(item: TrackedItem, expected_version: int, **changes) -> None:
    """A tracked item's edit also moves its ``updated_at``, which UPDATE does not set."""
    # A change made in Scrutineer is the newest evidence: the item is tracked live again.
    bump_version(
        item,
        expected_version,
        updated_at=timezone.now(),
        last_seen=timezone.localdate(),
        **changes,
    )


@transaction.atomic
def change_status(
    item: TrackedItem,
    to_status: str,
    note: str,
    user=None,
    expected_version: int | None = None,
    when: dt.datetime | None = None,
) -> StatusChange:
    if not note.strip():
        raise ValueError("A status change needs a note saying why.")
    if to_status not in TrackedItem.Status.values:
        raise ValueError(f"{to_status!r} is not a status.")
    from_status = item.status
    _bump(item, item.version if expected_version is None else expected_version, status=to_status)
    return _write(
        item,
        from_status,
        to_status,
        note.strip(),
        changed_at=when or timezone.now(),
        changed_by=user,
    )


@transaction.atomic
def record_response(
    item: TrackedItem,
    text: str,
    *,
    date: dt.date | None = None,
    responder: str = "",
    links: str = "",
    user=None,
    expected_version: int | None = None,
) -> Response:
    """Record an answer; an item still open or sent moves to response-received."""
    if not text.strip():
        raise ValueError("A response needs its text.")
    expected = item.version if expected_version is None else expected_version
    response = Response.objects.create(
        tracked_item=item,
        date=date,
        responder=responder,
        text=text.strip(),
        links=links,
        recorded_by=user,
    )
    if item.status in {TrackedItem.Status.OPEN, TrackedItem.Status.SENT}:
        change_status(
            item,
            TrackedItem.Status.RESPONSE_RECEIVED,
            "Response recorded.",
            user,
            expected_version=expected,
        )
    else:
        _bump(item, expected)
    return response


# What an officer can do with history (``rules.is_history``): each is a change made in
# Scrutineer, so the item is tracked live again, and each leaves a history entry.
HISTORY_ACTIONS = {
    "close": "Close: nothing more is owed",
    "carry-forward": "Carry forward: still wanted, track it live",
    "reopen": "Re-open: the board wants it done",
}


@transaction.atomic
def settle_history(item: TrackedItem, action: str, user=None) -> StatusChange:
    """Close, carry forward or re-open an item that older papers last showed open."""
    note = f"{HISTORY_ACTIONS[action].split(':')[0]}: {rules.history_note(item.last_seen)}."
    to_status = {
        "close": TrackedItem.Status.COMPLETE,
        "reopen": TrackedItem.Status.OPEN,
    }.get(action, item.status)
    from_status = item.status
    _bump(item, item.version, status=to_status)
    return _write(item, from_status, to_status, note, changed_at=timezone.now(), changed_by=user)
