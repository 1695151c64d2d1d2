"""Tracked items from papers: resolutions that ask for something, and (from the parser)
Outstanding Issues rows, case-review recommendations and action-plan rows.

Each item gets an ``import_key`` naming what identifies it in the papers, so loading the
same paper again, or a later version of it, updates the item instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from scrutineer.governance.models import Attendance, Body, Meeting, Minute
from scrutineer.packs.actions import classify_resolution
from scrutineer.tracker import rules
from scrutineer.tracker.models import Party, StatusChange, TrackedItem

_WORD = re.compile(r"[a-z]{4,}")
_COMMON = {
    "cabinet",
    "member",
    "director",
    "services",
    "service",
    "board",
    "scrutiny",
    "with",
    "from",
    "that",
    "this",
    "their",
    "deputy",
    "children",
    "council",
}


def upsert_item(
    *,
    body: Body,
    import_key: str,
    status: str,
    history_note: str,
    when: dt.date | None,
    parties: list[tuple[str, str]] = (),
    **fields,
) -> tuple[TrackedItem, bool]:
    """Create or update one imported item, its parties and its opening history entry."""
    item, created = TrackedItem.objects.get_or_create(
        body=body, import_key=import_key, defaults={"status": status, **fields}
    )
    if not created:
        for name, value in fields.items():
            setattr(item, name, value)
        if item.status != status and not item.status_changes.exclude(changed_by=None).exists():
            # Only the papers have spoken: a newer paper's status stands. Hand-made changes win.
            _history(item, status, history_note, when)
            item.status = status
        item.save()
    else:
        _history(item, status, history_note, when, from_status="")
    for role, label in parties:
        Party.objects.get_or_create(tracked_item=item, role=role, label=label[:255])
    return item, created


def _history(item, status, note, when, from_status=None):
    moment = timezone.make_aware(dt.datetime.combine(when, dt.time(12))) if when else timezone.now()
    StatusChange.objects.create(
        tracked_item=item,
        from_status=item.status if from_status is None else from_status,
        to_status=status,
        changed_at=moment,
        note=note,
        source=item.source,
        first_line=item.first_line,
        last_line=item.last_line,
    )


def items_from_resolutions(minute: Minute, presenter: str | None) -> int:
    """A tracked item for each resolution that asks for something; "note" alone is not one."""
    meeting: Meeting = minute.meeting
    created = 0
    for resolution in minute.resolutions.all():
        ask = classify_resolution(resolution.text)
        if ask is None:
            continue
        parties = [(Party.Role.ADDRESSEE, name) for name in ask.addressees]
        if ask.item_type in {"I", "A"}:
            parties += [(Party.Role.OWNER, owner) for owner in _owners(minute, presenter)]
        derived = rules.derive_due_date(resolution.text, meeting.date)
        item, new = upsert_item(
            body=meeting.body,
            import_key=f"resolution:{minute.municipal_year}:{minute.number}:{resolution.order}",
            status=TrackedItem.Status.OPEN,
            history_note=f"Resolved at minute {minute.reference} ({ask.verb}).",
            when=meeting.date,
            parties=parties,
            item_type=ask.item_type,
            text=resolution.text,
            number=resolution.part or "",
            source_kind=TrackedItem.SourceKind.RESOLUTION,
            source_reference=f"Minute {minute.reference}: {minute.title}",
            topic=minute.title,
            meeting=meeting,
            resolution=resolution,
            due_date=derived.date if derived else None,
            due_basis=f"Derived: {derived.basis}" if derived else "",
            source=resolution.source,
            first_line=resolution.first_line,
            last_line=resolution.last_line,
        )
        created += int(new)
    return created


def _owners(minute: Minute, presenter: str | None) -> list[str]:
    """The officers who reported, and the Cabinet Members present whose portfolio the item
    touches: "owned by the officers and Cabinet Member of the item"."""
    owners = [presenter] if presenter else []
    topic = set(_WORD.findall(f"{minute.title} {presenter or ''}".lower())) - _COMMON
    cabinet = Attendance.objects.filter(
        meeting=minute.meeting,
        capacity=Attendance.Capacity.CABINET_MEMBER,
        status=Attendance.Status.PRESENT,
    )
    for member in cabinet:
        portfolio = set(_WORD.findall(member.role.lower())) - _COMMON
        if portfolio & topic:
            owners.append(member.role or f"Councillor {member.name_as_written}")
    return owners
