"""People: councillors, officers and partners the papers name (Popolo: a person)."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from scrutineer.governance.models import Person

from ..listing import ListQuery, Resource, detail_response, list_response
from ..shapes import ERRORS, Context, CouncilRef, Source, moment, page_of

router = Router(tags=["people"])


class PersonOut(Schema):
    """A person, by the fullest form of the name the papers give; their seats are in
    /memberships, their attendance in /attendance."""

    id: int
    name: str
    honorific: str
    council: CouncilRef
    url: str
    updated_at: dt.datetime
    sources: list[Source]


def shape(people: list[Person], context: Context) -> list[dict]:
    return [
        {
            "id": person.pk,
            "name": person.name,
            "honorific": person.honorific,
            "council": context.council(person.council_id),
            "url": context.address(person.council_id, "person", [person.pk]),
            "updated_at": moment(person.updated_at),
            "sources": [],  # each seat and attendance row has its own
        }
        for person in people
    ]


PEOPLE = Resource(name="people", rows=lambda: Person.objects.all(), shape=shape)


@router.get(
    "",
    response={200: page_of(PersonOut), 304: None, **ERRORS},
    url_name="api-people",
    summary="People",
)
def people(request, filters: Query[ListQuery]):
    return list_response(request, PEOPLE, filters)


@router.get(
    "/{int:pk}",
    response={200: PersonOut, 304: None, **ERRORS},
    url_name="api-person",
    summary="A person",
)
def person(request, pk: int):
    return detail_response(request, PEOPLE, pk)
