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


# What an officer's attendance form says of a row; the rest (where the row was read from,
# party, ward, directorate, voting, part of the meeting, the name as the papers wrote it)
# stays as it was.
FORM_FIELDS = ["status", "capacity", "chair", "person", "substitute_for"]
OTHERS_FIELDS = ["role", "organisation"]  # shown for officers and others only


def replace_attendance(
    meeting: Meeting,
    entries: list[ParsedAttendance],
    known: dict[str, Person] | None = None,
    shown: list[Attendance] | None = None,
) -> list[Attendance]:
    """The meeting's attendance, as an officer recorded it, in one transaction, and the
    body's memberships derived again (attendance is evidence of a seat). ``shown`` are the
    rows the officer's form showed (all the meeting's rows if None): each entry updates the
    shown row of the same person (or name) in place, a shown row no entry names is removed,
    and rows the form did not show (a member in attendance, a name read from the papers
    that is nobody's yet) are kept. ``known`` gives the people already identified, by the
    name as written (a member chosen from the body's list); other names resolve as ingest
    resolves them, and a name that could be several people is kept without a person."""
    body = meeting.body
    names = NameResolver(body.council)
    known = known or {}
    shown = list(meeting.attendance.all()) if shown is None else list(shown)

    def person(written: str, name: str) -> Person | None:
        if name in known:
            return known[name]
        found = names.person(written, body)
        return None if isinstance(found, Ambiguity) else found

    def same_row(fields: dict, entry: ParsedAttendance) -> Attendance | None:
        """The shown row the entry is about: the same person, else the same name."""
        for rule in (
            lambda row: fields["person"] is not None and row.person_id == fields["person"].pk,
            lambda row: row.name_as_written == entry.name,
        ):
            if row := next((row for row in shown if rule(row)), None):
                return row
        return None

    with transaction.atomic():
        plans = []
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
            row = same_row(fields, entry)
            if row is not None:
                shown.remove(row)
            plans.append((row, fields))
        Attendance.objects.filter(pk__in=[row.pk for row in shown]).delete()
        rows = []
        for row, fields in plans:
            if row is None:
                rows.append(Attendance.objects.create(meeting=meeting, **fields))
                continue
            changed = FORM_FIELDS + (
                OTHERS_FIELDS
                if fields["capacity"] in {Attendance.Capacity.OFFICER, Attendance.Capacity.OTHER}
                else []
            )
            for name in changed:
                setattr(row, name, fields[name])
            row.save(update_fields=changed)
            rows.append(row)
        rederive_memberships(body)
    return rows
