"""Attendance: who the minutes record at each meeting, and how (present, apologies, absent;
member, substitute, officer...)."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from scrutineer.governance.models import Attendance

from ..listing import ListQuery, Resource, detail_response, list_response
from ..shapes import ERRORS, BodyRef, Context, Source, body_ref, moment, page_of

router = Router(tags=["attendance"])


class AttendanceOut(Schema):
    """One name in a meeting's attendance, as written, with the person it resolved to
    (null when it resolved to none) and, for a substitute, the person they stood in for."""

    id: int
    meeting: int
    date: dt.date
    body: BodyRef
    person: int | None
    name_as_written: str
    status: str
    capacity: str
    chair: bool
    substitute_for: int | None
    role: str
    organisation: int | None
    party: str
    ward: str
    voting: bool | None
    part_of_meeting: bool
    updated_at: dt.datetime
    sources: list[Source]


def shape(rows: list[Attendance], context: Context) -> list[dict]:
    context.read_sources(rows)
    return [
        {
            "id": row.pk,
            "meeting": row.meeting_id,
            "date": row.meeting.date,
            "body": body_ref(row.meeting.body),
            "person": row.person_id,
            "name_as_written": row.name_as_written,
            "status": row.status,
            "capacity": row.capacity,
            "chair": row.chair,
            "substitute_for": row.substitute_for_id,
            "role": row.role,
            "organisation": row.organisation_id,
            "party": row.party,
            "ward": row.ward,
            "voting": row.voting,
            "part_of_meeting": row.part_of_meeting,
            "updated_at": moment(row.updated_at),
            "sources": context.sources(row),
        }
        for row in rows
    ]


ATTENDANCE = Resource(
    name="attendance",
    rows=lambda: Attendance.objects.select_related("meeting__body"),
    shape=shape,
    council_path="meeting__body__council",
    body_path="meeting__body",
    date_field="meeting__date",
)


@router.get(
    "",
    response={200: page_of(AttendanceOut), 304: None, **ERRORS},
    url_name="api-attendance-list",
    summary="Attendance at meetings",
)
def attendance_list(request, filters: Query[ListQuery]):
    return list_response(request, ATTENDANCE, filters)


@router.get(
    "/{int:pk}",
    response={200: AttendanceOut, 304: None, **ERRORS},
    url_name="api-attendance",
    summary="One name in a meeting's attendance",
)
def attendance(request, pk: int):
    return detail_response(request, ATTENDANCE, pk)
