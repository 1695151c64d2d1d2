"""Work-programme items: what each body plans to consider, at which meeting or in which
bucket, where the plan came from, and where it was taken."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from scrutineer.governance.models import AgendaItem, Meeting, Minute, Resolution
from scrutineer.periods import MunicipalYear
from scrutineer.tracker.models import TrackedItem, WorkProgrammeItem

from ..links import readable_ids, shown
from ..listing import ListQuery, Resource, detail_response, list_response
from ..shapes import ERRORS, BodyRef, Context, CouncilRef, Source, body_ref, moment, page_of

router = Router(tags=["work programme"])


class ProgrammeItemOut(Schema):
    """An item of a body's work programme for a municipal year. ``meeting`` is the meeting
    it is planned for (null in a bucket, such as "Date to be decided"); ``taken_at`` and
    ``taken_minute`` are the agenda item and minute that took it; ``status`` is "on-the-
    agenda" while an agenda lists it and no minutes yet show it taken."""

    id: int
    council: CouncilRef
    body: BodyRef
    municipal_year: str
    meeting: int | None
    bucket: str
    bucket_label: str
    order: int
    title: str
    detail: str
    lead_officers: list[str]
    cabinet_members: list[str]
    leads_as_written: str
    origin_text: str
    origin_resolution: int | None
    origin_tracked_item: int | None
    standing: bool
    status: str
    taken_at: int | None
    taken_minute: int | None
    url: str
    updated_at: dt.datetime
    sources: list[Source]


def shape(items: list[WorkProgrammeItem], context: Context) -> list[dict]:
    user = context.user
    links = {
        "meeting": readable_ids(Meeting, (i.meeting_id for i in items), user),
        "resolution": readable_ids(Resolution, (i.origin_resolution_id for i in items), user),
        "tracked": readable_ids(TrackedItem, (i.origin_tracked_item_id for i in items), user),
        "agenda": readable_ids(AgendaItem, (i.taken_at_id for i in items), user),
        "minute": readable_ids(Minute, (i.taken_minute_id for i in items), user),
    }
    context.read_sources(items)
    rows = []
    for item in items:
        # What the reader may not see of it is as if it were not there: no "on the agenda"
        # from an agenda item they may not read.
        taken_at = shown(item.taken_at_id, links["agenda"])
        status = item.status
        if status == WorkProgrammeItem.Status.SCHEDULED and taken_at:
            status = item.shown_status[0]
        rows.append(
            {
                "id": item.pk,
                "council": context.council(item.body.council_id),
                "body": body_ref(item.body),
                "municipal_year": item.municipal_year,
                "meeting": shown(item.meeting_id, links["meeting"]),
                "bucket": item.bucket,
                "bucket_label": item.bucket_label,
                "order": item.order,
                "title": item.title,
                "detail": item.detail,
                "lead_officers": list(item.lead_officers),
                "cabinet_members": list(item.cabinet_members),
                "leads_as_written": item.leads_as_written,
                "origin_text": item.origin_text,
                "origin_resolution": shown(item.origin_resolution_id, links["resolution"]),
                "origin_tracked_item": shown(item.origin_tracked_item_id, links["tracked"]),
                "standing": item.standing,
                "status": status,
                "taken_at": taken_at,
                "taken_minute": shown(item.taken_minute_id, links["minute"]),
                "url": context.address(
                    item.body.council_id,
                    "work-programme",
                    [item.body.slug, MunicipalYear.parse(item.municipal_year).slug],
                ),
                "updated_at": moment(item.updated_at),
                "sources": context.sources(item),
            }
        )
    return rows


PROGRAMME = Resource(
    name="work-programme",
    rows=lambda: WorkProgrammeItem.objects.select_related("body"),
    shape=shape,
    council_path="body__council",
    body_path="body",
    date_field="meeting__date",
)


@router.get(
    "",
    response={200: page_of(ProgrammeItemOut), 304: None, **ERRORS},
    url_name="api-programme-items",
    summary="Work-programme items",
)
def programme_items(request, filters: Query[ListQuery]):
    return list_response(request, PROGRAMME, filters)


@router.get(
    "/{int:pk}",
    response={200: ProgrammeItemOut, 304: None, **ERRORS},
    url_name="api-programme-item",
    summary="A work-programme item",
)
def programme_item(request, pk: int):
    return detail_response(request, PROGRAMME, pk)
