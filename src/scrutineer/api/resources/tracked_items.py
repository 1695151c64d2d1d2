"""Tracked items with their history: every recommendation, action and information request,
its parties, status changes, responses and follow-ups, each with its sources."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from scrutineer.governance.models import AgendaItem, Meeting, Minute, Resolution
from scrutineer.governance.restriction import readable_rows
from scrutineer.tracker.models import (
    ActionPlan,
    FollowUp,
    ItemSource,
    Party,
    Response,
    StatusChange,
    TrackedItem,
    WorkProgrammeItem,
)

from ..links import readable_ids, shown
from ..listing import ListQuery, Resource, detail_response, list_response
from ..shapes import ERRORS, BodyRef, Context, CouncilRef, Source, body_ref, moment, page_of

router = Router(tags=["tracked items"])


class PartyOut(Schema):
    role: str
    label: str


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    changed_at: dt.datetime
    note: str
    sources: list[Source]


class ResponseOut(Schema):
    date: dt.date | None
    responder: str
    text: str
    links: list[str]
    recorded_at: dt.datetime
    sources: list[Source]


class FollowUpOut(Schema):
    """Where the item was followed up; a link the reader may not read is null."""

    minute: int | None
    agenda_item: int | None
    programme_item: int | None
    note: str


class TrackedItemOut(Schema):
    """A recommendation, action or information request, chased until it is answered.
    ``history`` is its status changes, oldest first; ``status`` is the latest."""

    id: int
    type: str
    number: str
    text: str
    source_kind: str
    source_reference: str
    topic: str
    council: CouncilRef
    body: BodyRef
    meeting: int | None
    resolution: int | None
    parent: int | None
    action_plan: int | None
    status: str
    due_date: dt.date | None
    due_basis: str
    progress_level: int | None
    last_seen: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    url: str
    parties: list[PartyOut]
    history: list[StatusChangeOut]
    responses: list[ResponseOut]
    follow_ups: list[FollowUpOut]
    sources: list[Source]


SOURCED = ("source_id", "first_line", "last_line")
PARTS = {
    Party: (("role", "pk"), ("role", "label")),
    StatusChange: (
        ("changed_at", "pk"),
        ("from_status", "to_status", "changed_at", "note", *SOURCED),
    ),
    Response: (
        ("recorded_at", "pk"),
        ("date", "responder", "text", "links", "recorded_at", *SOURCED),
    ),
    ItemSource: (("pk",), SOURCED),
    FollowUp: (("pk",), ("minute_id", "agenda_item_id", "programme_item_id", "note")),
}


def _parts(model, items, user) -> dict[int, list]:
    """Item id -> its readable parts of ``model`` in their order, as rows of the fields
    ``PARTS`` names: one query, and no model instances (a page holds hundreds of parts)."""
    order, fields = PARTS[model]
    rows = readable_rows(model.objects.filter(tracked_item__in=[i.pk for i in items]), user)
    found: dict[int, list] = {}
    for row in rows.order_by("tracked_item_id", *order).values_list(
        "tracked_item_id", *fields, named=True
    ):
        found.setdefault(row.tracked_item_id, []).append(row)
    return found


def shape(items: list[TrackedItem], context: Context) -> list[dict]:
    user = context.user
    parties = _parts(Party, items, user)
    changes = _parts(StatusChange, items, user)
    responses = _parts(Response, items, user)
    also = _parts(ItemSource, items, user)
    follow_ups = _parts(FollowUp, items, user)
    every_follow_up = [f for found in follow_ups.values() for f in found]
    links = {
        "meeting": readable_ids(Meeting, (i.meeting_id for i in items), user),
        "resolution": readable_ids(Resolution, (i.resolution_id for i in items), user),
        "parent": readable_ids(TrackedItem, (i.parent_id for i in items), user),
        "plan": readable_ids(ActionPlan, (i.plan_id for i in items), user),
        "minute": readable_ids(Minute, (f.minute_id for f in every_follow_up), user),
        "agenda_item": readable_ids(AgendaItem, (f.agenda_item_id for f in every_follow_up), user),
        "programme_item": readable_ids(
            WorkProgrammeItem, (f.programme_item_id for f in every_follow_up), user
        ),
    }
    context.read_sources(
        [
            *items,
            *(
                row
                for found in (changes, responses, also)
                for rows in found.values()
                for row in rows
            ),
        ]
    )
    return [
        {
            "id": item.pk,
            "type": item.get_item_type_display(),
            "number": item.number,
            "text": item.text,
            "source_kind": item.source_kind,
            "source_reference": item.source_reference,
            "topic": item.topic,
            "council": context.council(item.body.council_id),
            "body": body_ref(item.body),
            "meeting": shown(item.meeting_id, links["meeting"]),
            "resolution": shown(item.resolution_id, links["resolution"]),
            "parent": shown(item.parent_id, links["parent"]),
            "action_plan": shown(item.plan_id, links["plan"]),
            "status": item.status,
            "due_date": item.due_date,
            "due_basis": item.due_basis,
            "progress_level": item.progress_level,
            "last_seen": item.last_seen,
            "created_at": item.created_at,
            "updated_at": moment(item.updated_at),
            "url": context.address(item.body.council_id, "tracked-item", [item.pk]),
            "parties": [{"role": p.role, "label": p.label} for p in parties.get(item.pk, [])],
            "history": [_change(c, context) for c in changes.get(item.pk, [])],
            "responses": [_response(r, context) for r in responses.get(item.pk, [])],
            "follow_ups": _follow_ups(follow_ups.get(item.pk, []), links),
            "sources": [
                *context.sources(item),
                *(s for row in also.get(item.pk, []) for s in context.sources(row)),
            ],
        }
        for item in items
    ]


def _change(change, context: Context) -> dict:
    # Who made the change is an account of the site, not open data: it is left out.
    return {
        "from_status": change.from_status,
        "to_status": change.to_status,
        "changed_at": change.changed_at,
        "note": change.note,
        "sources": context.sources(change),
    }


def _response(response, context: Context) -> dict:
    return {
        "date": response.date,
        "responder": response.responder,
        "text": response.text,
        "links": Response.link_list.fget(response),  # the model's one reading of them
        "recorded_at": response.recorded_at,
        "sources": context.sources(response),
    }


def _follow_ups(follow_ups: list, links: dict[str, set[int]]) -> list[dict]:
    """The follow-ups with a link the reader may read; the others are left out whole."""
    rows = []
    for follow_up in follow_ups:
        row = {
            "minute": shown(follow_up.minute_id, links["minute"]),
            "agenda_item": shown(follow_up.agenda_item_id, links["agenda_item"]),
            "programme_item": shown(follow_up.programme_item_id, links["programme_item"]),
            "note": follow_up.note,
        }
        if row["minute"] or row["agenda_item"] or row["programme_item"]:
            rows.append(row)
    return rows


TRACKED_ITEMS = Resource(
    name="tracked-items",
    rows=lambda: TrackedItem.objects.select_related("body"),
    shape=shape,
    council_path="body__council",
    body_path="body",
    date_field="due_date",
)


@router.get(
    "",
    response={200: page_of(TrackedItemOut), 304: None, **ERRORS},
    url_name="api-tracked-items",
    summary="Tracked items, with their history",
)
def tracked_items(request, filters: Query[ListQuery]):
    return list_response(request, TRACKED_ITEMS, filters)


@router.get(
    "/{int:pk}",
    response={200: TrackedItemOut, 304: None, **ERRORS},
    url_name="api-tracked-item",
    summary="A tracked item, with its history",
)
def tracked_item(request, pk: int):
    return detail_response(request, TRACKED_ITEMS, pk)
