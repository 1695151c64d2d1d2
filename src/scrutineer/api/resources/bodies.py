"""Bodies: boards, scrutiny boards, partnerships and their subgroups (Popolo: an
organization, with its parent)."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from scrutineer.governance.models import Body

from ..listing import ListQuery, Resource, detail_response, list_response
from ..shapes import ERRORS, Context, CouncilRef, Source, moment, page_of

router = Router(tags=["bodies"])


class BodyOut(Schema):
    """A body of a council. ``parent``: the body it reports to; ``successor``: the body
    that took over its work (both ids of bodies, or null)."""

    id: int
    name: str
    slug: str
    classification: str
    council: CouncilRef
    parent: int | None
    successor: int | None
    succeeded_on: dt.date | None
    remit: str
    category: str
    expired: bool
    deleted: bool
    moderngov_id: int | None
    url: str
    updated_at: dt.datetime
    sources: list[Source]


def shape(bodies: list[Body], context: Context) -> list[dict]:
    return [
        {
            "id": body.pk,
            "name": body.name,
            "slug": body.slug,
            "classification": body.kind,
            "council": context.council(body.council_id),
            "parent": body.parent_id,
            "successor": body.successor_id,
            "succeeded_on": body.succeeded_on,
            "remit": body.remit,
            "category": body.category,
            "expired": body.expired,
            "deleted": body.deleted,
            "moderngov_id": body.moderngov_id,
            "url": context.address(body.council_id, "body", [body.slug]),
            "updated_at": moment(body.updated_at),
            "sources": [],  # a body is named by many papers, read from none alone
        }
        for body in bodies
    ]


BODIES = Resource(name="bodies", rows=lambda: Body.objects.all(), shape=shape, body_path="")


@router.get(
    "",
    response={200: page_of(BodyOut), 304: None, **ERRORS},
    url_name="api-bodies",
    summary="Bodies (organizations)",
)
def bodies(request, filters: Query[ListQuery]):
    return list_response(request, BODIES, filters)


@router.get(
    "/{int:pk}",
    response={200: BodyOut, 304: None, **ERRORS},
    url_name="api-body",
    summary="A body (organization)",
)
def body(request, pk: int):
    return detail_response(request, BODIES, pk)
