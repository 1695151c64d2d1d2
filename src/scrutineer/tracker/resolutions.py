"""A tracked item made from a resolution: the one home of what it is and what it is called.

Ingest and the "Track this" page make the same item from a resolution: the ask (type,
addressees, owners, due date) comes from ``packs.asks.read_ask`` whether the resolution was
read from a paper or typed into the minutes, and the item's origin fields come from
``item_fields`` either way. ``agenda_item_name`` is the one name an item goes by in lists
and reports, however it was made.
"""

from __future__ import annotations

import datetime as dt
import re

from scrutineer.governance.models import Meeting, Minute, Resolution
from scrutineer.governance.restriction import if_readable
from scrutineer.packs.asks import classify_resolution, read_ask
from scrutineer.packs.model import ParsedAsk, ParsedAttendance

from .models import Party, TrackedItem


def resolution_key(minute: Minute, resolution: Resolution) -> str:
    """What identifies a resolution's item within its body, so that loading the paper again
    updates the item (or finds the one an officer tracked) instead of adding another."""
    return f"resolution:{minute.municipal_year}:{minute.number}:{resolution.order}"


def opening_note(minute: Minute, ask: ParsedAsk | None) -> str:
    verb = f" ({ask.verb})" if ask else ""
    return f"Resolved at minute {minute.reference}{verb}."


def parties_of(ask: ParsedAsk) -> list[tuple[str, str]]:
    """(role, label) of the addressees, then the owners, as the ask names them."""
    parties = [(Party.Role.ADDRESSEE, name) for name in ask.addressees]
    return parties + [(Party.Role.OWNER, owner) for owner in ask.owners]


def item_fields(minute: Minute, resolution: Resolution, ask: ParsedAsk | None) -> dict:
    """The fields of the item a resolution opens, besides its status and parties."""
    due = ask.due_date if ask else None
    return {
        "item_type": ask.item_type if ask else "",
        "text": resolution.text,
        "number": resolution.part or "",
        "source_kind": TrackedItem.SourceKind.RESOLUTION,
        "source_reference": f"Minute {minute.reference}: {minute.title}",
        "topic": minute.title,
        "meeting": minute.meeting,
        "resolution": resolution,
        "due_date": dt.date.fromisoformat(due) if due else None,
        "due_basis": f"Derived: {ask.due_basis}" if ask and ask.due_basis else "",
        "source": resolution.source,
        "first_line": resolution.first_line,
        "last_line": resolution.last_line,
    }


def is_proposed(text: str) -> bool:
    """A resolution that asks something (the classifier ingest uses) is proposed for
    tracking; one that only notes or agrees is not, though an officer may still track it."""
    return classify_resolution(text) is not None


def _attendance(meeting: Meeting) -> list[ParsedAttendance]:
    """The meeting's recorded attendance in the shape the ask reader takes from a paper."""
    return [
        ParsedAttendance(
            name=row.name_as_written,
            status=row.status,
            capacity=row.capacity,
            lines=(row.first_line or 0, row.last_line or 0),
            role=row.role or None,
            substitute_for=str(row.substitute_for_id) if row.substitute_for_id else None,
        )
        for row in meeting.attendance.all()
    ]


def ask_of(resolution: Resolution) -> ParsedAsk | None:
    """What a stored resolution asks, read as ingest reads a paper's: the minute's title,
    its agenda item's presenter and the meeting's attendance give the owners, the meeting's
    date the due date."""
    minute = resolution.minute
    presenter = minute.agenda_item.presenter if minute.agenda_item_id else ""
    return read_ask(
        resolution.text,
        minute.meeting.date,
        minute.title,
        presenter or None,
        _attendance(minute.meeting),
    )


# "Minute 41/26, resolution 2", "minute 41 (2)", "Minute 41/26 part 2"
_REFERENCE = re.compile(
    r"\bminute\s+(?P<number>\d{1,4})(?:/\d{2})?\b"
    r"(?:[\s,:]*(?:resolution|part)?\s*\(?(?P<part>[0-9]{1,3}|[a-z])\)?(?![\w/]))?",
    re.IGNORECASE,
)


def resolution_named(meeting: Meeting, reference: str) -> tuple[Minute | None, Resolution | None]:
    """The minute and resolution of ``meeting`` an officer's reference names ("Minute 41/26,
    resolution 2"), so an item added by hand is linked as a tracked one is."""
    found = _REFERENCE.search(reference or "")
    if not found:
        return None, None
    minute = meeting.minutes.filter(number=int(found["number"])).first()
    if minute is None:
        return None, None
    resolutions = list(minute.resolutions.all())
    part = found["part"]
    if part:
        named = [r for r in resolutions if r.part.strip("().") == part]
        return minute, named[0] if len(named) == 1 else None
    return minute, resolutions[0] if len(resolutions) == 1 else None


def agenda_item_name(item: TrackedItem, can_read: bool) -> str:
    """The one name of an item in reports and on pages: the title of the agenda item it
    arose under, from its resolution's minute when the reader may see it, whichever way the
    item was made; only an item with neither falls back to its source reference."""
    resolution = if_readable(item.resolution, can_read)
    minute = resolution.minute if resolution else None
    return item.topic or (minute.title if minute else "") or item.source_reference


def mark_tracking(resolutions: list[Resolution], user) -> None:
    """For an officer's meeting page: each resolution's tracked item (``tracked``) and its
    name, and whether it is proposed for tracking (``proposed``); one query."""
    items = (
        TrackedItem.objects.visible_to(user)
        .filter(resolution__in=resolutions)
        .select_related("resolution__minute__meeting")
        .order_by("pk")
    )
    by_resolution: dict[int, TrackedItem] = {}
    for item in items:
        by_resolution.setdefault(item.resolution_id, item)
    for resolution in resolutions:
        resolution.tracked = by_resolution.get(resolution.pk)
        if resolution.tracked is not None:
            resolution.tracked.name = agenda_item_name(resolution.tracked, True)
        resolution.proposed = is_proposed(resolution.text)
