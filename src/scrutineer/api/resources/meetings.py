"""Meetings with their agendas: Open Civic Data's *event* (name, start, status, location,
agenda items in order), each part with its sources."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from scrutineer.governance.models import AgendaItem, Meeting
from scrutineer.governance.restriction import readable_rows

from ..listing import ListQuery, Resource, detail_response, list_response
from ..shapes import ERRORS, BodyRef, Context, CouncilRef, Source, body_ref, moment, page_of

router = Router(tags=["meetings"])


class AgendaEntry(Schema):
    """An item of a meeting's agenda (OCD: an agenda item); its changes move the meeting's
    ``updated_at``."""

    id: int
    number: str
    order: int
    title: str
    description: str
    parent: int | None
    exempt_paragraph: str
    sources: list[Source]


class MeetingOut(Schema):
    """A meeting of a body on a day (OCD: an event). ``updated_at`` moves when the meeting
    or any of its agenda items, minutes or attendance changes."""

    id: int
    name: str
    council: CouncilRef
    body: BodyRef
    date: dt.date
    start: dt.datetime | None
    status: str
    location: str
    private_business: bool
    url: str
    updated_at: dt.datetime
    agenda: list[AgendaEntry]
    sources: list[Source]


ITEM_FIELDS = (
    "pk", "meeting_id", "parent_id", "number", "order", "title", "description",
    "exempt_paragraph", "source_id", "first_line", "last_line",
)  # fmt: skip


def shape(meetings: list[Meeting], context: Context) -> list[dict]:
    items = (
        readable_rows(AgendaItem.objects.filter(meeting__in=[m.pk for m in meetings]), context.user)
        .order_by("meeting", "order", "pk")
        .values_list(*ITEM_FIELDS, named=True)
    )
    agendas = _in_agenda_order(items)
    context.read_sources([*meetings, *(i for found in agendas.values() for i in found)])
    return [
        {
            "id": meeting.pk,
            "name": str(meeting),
            "council": context.council(meeting.body.council_id),
            "body": body_ref(meeting.body),
            "date": meeting.date,
            "start": meeting.start,
            "status": meeting.status,
            "location": meeting.venue,
            "private_business": meeting.private_business,
            "url": context.address(
                meeting.body.council_id, "meeting", [meeting.body.slug, meeting.date.isoformat()]
            ),
            "updated_at": moment(meeting.updated_at),
            "agenda": [_agenda_entry(item, context) for item in agendas.get(meeting.pk, [])],
            "sources": context.sources(meeting),
        }
        for meeting in meetings
    ]


def _in_agenda_order(items) -> dict[int, list]:
    """Meeting id -> its items as the agenda prints them: each item, then its sub-items."""
    children: dict[int | None, list] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    agendas: dict[int, list] = {}

    def walk(item):
        agendas.setdefault(item.meeting_id, []).append(item)
        for child in children.get(item.pk, []):
            walk(child)

    # A sub-item whose parent the reader may not see is left out with it.
    for item in children.get(None, []):
        walk(item)
    return agendas


def _agenda_entry(item, context: Context) -> dict:
    return {
        "id": item.pk,
        "number": item.number,
        "order": item.order,
        "title": item.title,
        "description": item.description,
        "parent": item.parent_id,
        "exempt_paragraph": item.exempt_paragraph,
        "sources": context.sources(item),
    }


MEETINGS = Resource(
    name="meetings",
    rows=lambda: Meeting.objects.select_related("body"),
    shape=shape,
    council_path="body__council",
    body_path="body",
    date_field="date",
)


@router.get(
    "",
    response={200: page_of(MeetingOut), 304: None, **ERRORS},
    url_name="api-meetings",
    summary="Meetings, with their agendas",
)
def meetings(request, filters: Query[ListQuery]):
    return list_response(request, MEETINGS, filters)


@router.get(
    "/{int:pk}",
    response={200: MeetingOut, 304: None, **ERRORS},
    url_name="api-meeting",
    summary="A meeting, with its agenda",
)
def meeting(request, pk: int):
    return detail_response(request, MEETINGS, pk)
