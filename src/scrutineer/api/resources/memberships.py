"""Memberships: a person's or organisation's seat on a body, in a role, for a period
(Popolo: a membership of a person in an organization)."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from scrutineer.governance.models import Membership

from ..listing import ListQuery, Resource, detail_response, list_response
from ..shapes import ERRORS, BodyRef, Context, Source, body_ref, moment, page_of

router = Router(tags=["memberships"])


class Named(Schema):
    id: int
    name: str


class MembershipOut(Schema):
    """A seat: ``person`` or ``organisation`` (an agency's seat), neither when ``vacant``.
    ``start_date`` and ``last_seen`` are the first and latest papers that show it;
    ``end_date`` is set when a later complete list omits it."""

    id: int
    body: BodyRef
    person: Named | None
    organisation: Named | None
    role: str
    title: str
    vacant: bool
    start_date: dt.date | None
    last_seen: dt.date | None
    end_date: dt.date | None
    updated_at: dt.datetime
    sources: list[Source]


def _named(record) -> dict | None:
    return None if record is None else {"id": record.pk, "name": record.name}


def shape(memberships: list[Membership], context: Context) -> list[dict]:
    context.read_sources(memberships)
    return [
        {
            "id": seat.pk,
            "body": body_ref(seat.body),
            "person": _named(seat.person),
            "organisation": _named(seat.organisation),
            "role": seat.role,
            "title": seat.title,
            "vacant": seat.vacant,
            "start_date": seat.start_date,
            "last_seen": seat.last_seen,
            "end_date": seat.end_date,
            "updated_at": moment(seat.updated_at),
            "sources": context.sources(seat),
        }
        for seat in memberships
    ]


MEMBERSHIPS = Resource(
    name="memberships",
    rows=lambda: Membership.objects.select_related("body", "person", "organisation"),
    shape=shape,
    council_path="body__council",
    body_path="body",
    date_field="start_date",
)


@router.get(
    "",
    response={200: page_of(MembershipOut), 304: None, **ERRORS},
    url_name="api-memberships",
    summary="Memberships of bodies",
)
def memberships(request, filters: Query[ListQuery]):
    return list_response(request, MEMBERSHIPS, filters)


@router.get(
    "/{int:pk}",
    response={200: MembershipOut, 304: None, **ERRORS},
    url_name="api-membership",
    summary="A membership of a body",
)
def membership(request, pk: int):
    return detail_response(request, MEMBERSHIPS, pk)
