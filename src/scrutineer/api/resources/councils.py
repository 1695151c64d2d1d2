"""Councils: the publishing authorities every other record belongs to."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from scrutineer.governance.models import Council

from ..listing import ListQuery, Resource, detail_response, list_response
from ..shapes import ERRORS, Context, Source, moment, page_of

router = Router(tags=["councils"])


class CouncilOut(Schema):
    """A council (Popolo: an organization classified "council")."""

    id: int
    name: str
    slug: str
    classification: str
    website: str
    moderngov_url: str
    updated_at: dt.datetime
    sources: list[Source]


def shape(councils: list[Council], context: Context) -> list[dict]:
    return [
        {
            "id": council.pk,
            "name": council.name,
            "slug": council.slug,
            "classification": "council",
            "website": council.website,
            "moderngov_url": council.moderngov_url,
            "updated_at": moment(council.updated_at),
            "sources": [],  # named by the papers, read from none of them
        }
        for council in councils
    ]


COUNCILS = Resource(
    name="councils", rows=lambda: Council.objects.all(), shape=shape, council_path=""
)


@router.get(
    "",
    response={200: page_of(CouncilOut), 304: None, **ERRORS},
    url_name="api-councils",
    summary="Councils",
)
def councils(request, filters: Query[ListQuery]):
    return list_response(request, COUNCILS, filters)


@router.get(
    "/{int:pk}",
    response={200: CouncilOut, 304: None, **ERRORS},
    url_name="api-council",
    summary="A council",
)
def council(request, pk: int):
    return detail_response(request, COUNCILS, pk)
