"""A body with members, two meetings and their agenda items, made directly as rows: the
start of the minutes-editing and generated-minutes tests."""

import datetime as dt
from dataclasses import dataclass

from scrutineer.governance.models import (
    AgendaItem,
    Body,
    Meeting,
    Person,
    Roster,
    RosterEntry,
    Visibility,
)
from scrutineer.governance.tenure import rederive_memberships
from tests.helpers import make_document


@dataclass
class Board:
    body: Body
    other: Body
    moore: Person
    khan: Person
    field: Person
    outsider: Person
    november: Meeting
    january: Meeting
    items: list[AgendaItem]


def person(name: str) -> Person:
    surname = name.split()[-1].lower()
    return Person.objects.create(
        name=name, honorific="Councillor", surname_key=surname, initial=name[0]
    )


def make_board() -> Board:
    body = Body.objects.create(name="Children's Scrutiny Board")
    other = Body.objects.create(name="Licensing Committee")
    moore, khan, field = person("Jane Moore"), person("Amir Khan"), person("Rosa Field")
    outsider = person("Tom Quill")  # sits on the other body only
    roster = Roster.objects.create(
        body=body, document=make_document("a"), as_at=dt.date(2021, 6, 1), covers=["members"]
    )
    for role, member in (("chair", moore), ("member", khan), ("member", field)):
        RosterEntry.objects.create(roster=roster, person=member, role=role)
    other_roster = Roster.objects.create(
        body=other, document=make_document("b"), as_at=dt.date(2021, 6, 1), covers=["members"]
    )
    RosterEntry.objects.create(roster=other_roster, person=outsider, role="member")
    rederive_memberships(body)
    rederive_memberships(other)
    november = Meeting.objects.create(body=body, date=dt.date(2021, 11, 18))
    january = Meeting.objects.create(body=body, date=dt.date(2022, 1, 20), venue="Room 2")
    items = [
        AgendaItem.objects.create(meeting=january, number="1", order=0, title="Apologies"),
        AgendaItem.objects.create(
            meeting=january, number="2", order=1, title="Minutes of the last meeting"
        ),
        AgendaItem.objects.create(
            meeting=january, number="3", order=2, title="School Transport Review"
        ),
        AgendaItem.objects.create(
            meeting=january,
            number="4",
            order=3,
            title="Placement Contract Award",
            visibility=Visibility.RESTRICTED,
            exempt_paragraph="Paragraph 3 of Part 1 of Schedule 12A",
        ),
    ]
    return Board(body, other, moore, khan, field, outsider, november, january, items)
