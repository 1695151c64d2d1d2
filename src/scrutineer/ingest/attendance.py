"""Attendance as rows: one rule for the minutes reader's entries and for attendance an
officer records on the meeting's page, so both give the same rows.

An entry (``ParsedAttendance``) names a person as written; the row keeps that name, the
person it resolves to within the council (``NameResolver``), and for a substitute the
member they replaced.
"""

from __future__ import annotations

from django.db import transaction

from scrutineer.governance.models import Attendance, Meeting, Person
from scrutineer.governance.tenure import rederive_memberships
from scrutineer.packs.model import ParsedAttendance

from .names import Ambiguity, NameResolver


def written_name(entry: ParsedAttendance) -> str:
    """The name with its title, as names resolve: "Councillor Jane Moore"."""
    return f"{entry.honorific} {entry.name}" if entry.honorific else entry.name


def attendance_fields(entry: ParsedAttendance, *, person, substitute_for, organisation) -> dict:
    """The row's values besides its meeting and provenance. An entry that names whom it
    replaced is a substitute, whatever its group said."""
    status = Attendance.Status.SUBSTITUTE if entry.substitute_for else entry.status
    return {
        "name_as_written": entry.name,
        "status": status,
        "person": person,
        "capacity": entry.capacity,
        "chair": entry.chair,
        "substitute_for": substitute_for,
        "role": entry.role or "",
        "directorate": entry.directorate or "",
        "organisation": organisation,
        "party": entry.party or "",
        "ward": entry.ward or "",
        "voting": entry.voting,
        "part_of_meeting": entry.part_of_meeting,
    }


def replace_attendance(
    meeting: Meeting, entries: list[ParsedAttendance], known: dict[str, Person] | None = None
) -> list[Attendance]:
    """The meeting's attendance, as an officer recorded it: its rows replaced by
    ``entries``, in one transaction, and the body's memberships derived again (attendance
    is evidence of a seat). ``known`` gives the people already identified, by the name as
    written (a member chosen from the body's list); other names resolve as ingest resolves
    them, and a name that could be several people is kept without a person."""
    body = meeting.body
    names = NameResolver(body.council)
    known = known or {}

    def person(written: str, name: str) -> Person | None:
        if name in known:
            return known[name]
        found = names.person(written, body)
        return None if isinstance(found, Ambiguity) else found

    with transaction.atomic():
        meeting.attendance.all().delete()
        rows = []
        for entry in entries:
            fields = attendance_fields(
                entry,
                person=person(written_name(entry), entry.name),
                substitute_for=(
                    person(entry.substitute_for, entry.substitute_for)
                    if entry.substitute_for
                    else None
                ),
                organisation=names.organisation(entry.organisation) if entry.organisation else None,
            )
            rows.append(Attendance.objects.create(meeting=meeting, **fields))
        rederive_memberships(body)
    return rows
