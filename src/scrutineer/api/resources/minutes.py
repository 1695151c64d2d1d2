"""Minutes with their resolutions: what a meeting recorded and decided (Open Civic Data has
no minute; a resolution is its *decision*, in the order the minute gives them)."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from scrutineer.governance.models import Minute, Resolution
from scrutineer.governance.restriction import readable_rows

from ..listing import ListQuery, Resource, detail_response, list_response
from ..shapes import ERRORS, BodyRef, Context, Source, body_ref, moment, page_of

router = Router(tags=["minutes"])


class ResolutionOut(Schema):
    """One resolution, or one lettered part of it ("(a)"); its changes move the minute's
    ``updated_at``."""

    id: int
    order: int
    part: str
    text: str
    sources: list[Source]


class MinuteOut(Schema):
    """A numbered minute of a meeting: ``reference`` is how the papers cite it ("21/21"),
    ``html`` its text as sanitised HTML, ``agenda_item`` the item it minutes."""

    id: int
    reference: str
    number: int
    municipal_year: str
    title: str
    meeting: int
    date: dt.date
    body: BodyRef
    agenda_item: int | None
    html: str
    url: str
    updated_at: dt.datetime
    resolutions: list[ResolutionOut]
    sources: list[Source]


RESOLUTION_FIELDS = (
    "pk",
    "minute_id",
    "order",
    "part",
    "text",
    "source_id",
    "first_line",
    "last_line",
)


def shape(minutes: list[Minute], context: Context) -> list[dict]:
    resolutions: dict[int, list] = {}
    found = Resolution.objects.filter(minute__in=[m.pk for m in minutes])
    for resolution in (
        readable_rows(found, context.user)
        .order_by("minute", "order", "pk")
        .values_list(*RESOLUTION_FIELDS, named=True)
    ):
        resolutions.setdefault(resolution.minute_id, []).append(resolution)
    context.read_sources([*minutes, *(r for found in resolutions.values() for r in found)])
    return [
        {
            "id": minute.pk,
            "reference": minute.reference,
            "number": minute.number,
            "municipal_year": minute.municipal_year,
            "title": minute.title,
            "meeting": minute.meeting_id,
            "date": minute.meeting.date,
            "body": body_ref(minute.meeting.body),
            "agenda_item": minute.agenda_item_id,
            "html": minute.html,
            "url": context.address(
                minute.meeting.body.council_id,
                "meeting",
                [minute.meeting.body.slug, minute.meeting.date.isoformat()],
            )
            + f"#minute-{minute.number}",
            "updated_at": moment(minute.updated_at),
            "resolutions": [
                {
                    "id": resolution.pk,
                    "order": resolution.order,
                    "part": resolution.part,
                    "text": resolution.text,
                    "sources": context.sources(resolution),
                }
                for resolution in resolutions.get(minute.pk, [])
            ],
            "sources": context.sources(minute),
        }
        for minute in minutes
    ]


MINUTES = Resource(
    name="minutes",
    rows=lambda: Minute.objects.select_related("meeting__body"),
    shape=shape,
    council_path="meeting__body__council",
    body_path="meeting__body",
    date_field="meeting__date",
)


@router.get(
    "",
    response={200: page_of(MinuteOut), 304: None, **ERRORS},
    url_name="api-minutes",
    summary="Minutes, with their resolutions",
)
def minutes(request, filters: Query[ListQuery]):
    return list_response(request, MINUTES, filters)


@router.get(
    "/{int:pk}",
    response={200: MinuteOut, 304: None, **ERRORS},
    url_name="api-minute",
    summary="A minute, with its resolutions",
)
def minute(request, pk: int):
    return detail_response(request, MINUTES, pk)
