"""Working records the phases of a run hand each other: what each invented authority holds,
who sits where, and what each meeting discussed and asked for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scrutineer.governance.models import (
    AgendaItem,
    Body,
    Meeting,
    Minute,
    Organisation,
    Person,
    Resolution,
)


@dataclass
class Authority:
    place: str
    county: str
    council: Organisation | None = None
    partners: list[Organisation] = field(default_factory=list)
    councillors: list[Person] = field(default_factory=list)
    cabinet: list[tuple[str, Person]] = field(default_factory=list)
    officers: list[tuple[Person, str, str]] = field(default_factory=list)
    partner_people: list[tuple[Person, Organisation, str]] = field(default_factory=list)


@dataclass
class Seat:
    person: Person | None
    organisation: Organisation | None
    capacity: str
    start: dt.date
    end: dt.date | None
    chair: bool = False


@dataclass
class BodyInfo:
    body: Body
    authority: Authority
    seats: list[Seat] = field(default_factory=list)
    meetings: list[MeetingInfo] = field(default_factory=list)


@dataclass
class Request:
    """A resolution that asks for something, and the tracked item it becomes."""

    resolution: Resolution | None
    item_type: str
    text: str
    topic: str
    due_months: int | None


@dataclass
class MeetingInfo:
    meeting: Meeting
    year: str
    topics: list[tuple[AgendaItem, str]] = field(default_factory=list)
    minutes: dict[int, Minute] = field(default_factory=dict)  # agenda item id -> minute
    requests: list[Request] = field(default_factory=list)
