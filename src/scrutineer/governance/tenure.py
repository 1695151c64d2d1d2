"""Membership periods derived from evidence: who held which seat on a body, and when.

Every printed membership list (a ``Roster``) and every attendance as a member is evidence
that a person held a seat **on a date**. A period starts at its first evidence and runs
while later evidence agrees; it ends when a later list that is complete for that kind of
seat leaves the person out, or names them in another role. Such an end is known only
"by" that list's date: the person left on or before it.

``derive_periods`` is the rule, pure and order-free: the same evidence in any order gives
the same periods. ``rederive_memberships`` applies it to one body's rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

# The kinds of seat a list can be complete for. A front sheet lists the councillors (and
# the co-optees only if it names any); a co-opted group in minutes lists the co-optees; an
# annual report's table lists every seat.
SEAT_KINDS = {
    "chair": "members",
    "vice-chair": "members",
    "member": "members",
    "by-invitation": "members",
    "co-opted": "co-opted",
    "officer": "officers",
}
ALL_KINDS = sorted(set(SEAT_KINDS.values()))

# Roles that one person at a time holds, unless the papers say otherwise (a warning).
SINGLE_ROLES = ("chair", "vice-chair")


@dataclass(frozen=True)
class Evidence:
    """A seat seen on a date. ``holder`` is hashable and names who held it: ("person",
    id), ("organisation", id) or ("vacant", title)."""

    holder: tuple
    day: dt.date
    role: str | None  # None: attended as a member, role not stated
    kind: str  # a SEAT_KINDS value
    title: str = ""
    source: tuple = ()  # (document id, first line, last line)
    roster: int | None = None


@dataclass(frozen=True)
class Listing:
    """A list complete for some kinds of seat on a day."""

    roster: int
    day: dt.date
    covers: frozenset


@dataclass
class Period:
    holder: tuple
    role: str
    kind: str
    start: dt.date
    last_seen: dt.date
    end: dt.date | None = None  # left "by" this date
    title: str = ""
    source: tuple = ()
    evidence: list[Evidence] = field(default_factory=list)
    role_stated: bool = False  # False while only attendance evidences the period


def derive_periods(evidence: Iterable[Evidence], listings: Iterable[Listing]) -> list[Period]:
    """Every holder's periods, in order of holder and start."""
    by_holder: dict[tuple, list[Evidence]] = defaultdict(list)
    for item in evidence:
        by_holder[item.holder].append(item)
    listings = sorted(listings, key=lambda x: (x.day, x.roster))
    periods: list[Period] = []
    for holder in sorted(by_holder, key=repr):
        periods.extend(_periods_of(holder, by_holder[holder], listings))
    return periods


def _periods_of(holder, seen: list[Evidence], listings: list[Listing]) -> list[Period]:
    # On one day, being listed counts before being left out of another list.
    seen = sorted(
        seen,
        key=lambda e: (e.day, e.roster is None, e.roster or 0, e.role or "", e.kind, e.title),
    )
    on_list = {(e.roster, e.day) for e in seen if e.roster is not None}
    events = [(e.day, 0, e) for e in seen] + [(x.day, 1, x) for x in listings]
    events.sort(key=lambda ev: (ev[0], ev[1]))
    periods: list[Period] = []
    current: Period | None = None
    for day, order, event in events:
        if order == 1:  # a complete list
            if (
                current is not None
                and current.kind in event.covers
                and (event.roster, day) not in on_list
                and day > current.last_seen
            ):
                current.end = day
                current = None
            continue
        role = event.role or (current.role if current else _default_role(event.kind))
        if current is not None and event.role is not None and event.role != current.role:
            # Two roles printed for one day: the first in the fixed order above is kept.
            if current.role_stated and day > current.last_seen:  # the old role ended by now
                current.end = day
                current = None
            elif not current.role_stated:  # attendance showed a seat; a list names its role
                current.role = event.role
        if current is None:
            current = Period(holder, role, event.kind, day, day, title=event.title)
            periods.append(current)
        current.role_stated = current.role_stated or event.role is not None
        current.last_seen = max(current.last_seen, day)
        current.title = event.title or current.title
        current.source = event.source or current.source
        current.evidence.append(event)
    return periods


def _default_role(kind: str) -> str:
    return {"co-opted": "co-opted", "officers": "officer"}.get(kind, "member")


def changed_kinds(periods: Iterable[Period]) -> dict[tuple, list[Period]]:
    """Holders seen in two kinds of seat, a co-optee and a councillor say: most often two
    people the papers name alike, so never merged without a warning."""
    kinds: dict[tuple, list[Period]] = defaultdict(list)
    for period in periods:
        kinds[period.holder].append(period)
    return {
        holder: held
        for holder, held in kinds.items()
        if holder[0] == "person" and len({p.kind for p in held}) > 1
    }


def crowded_roles(periods: Iterable[Period]) -> dict[str, list[Period]]:
    """Single roles (Chair, Vice Chair) that more than one current period holds."""
    holders: dict[str, list[Period]] = defaultdict(list)
    for period in periods:
        if period.end is None and period.role in SINGLE_ROLES:
            holders[period.role].append(period)
    return {role: held for role, held in holders.items() if len(held) > 1}


# Attendance that is evidence of a seat: as a member or co-optee, not as a substitute.
SEAT_CAPACITIES = {"member": "members", "co-opted": "co-opted"}
SEAT_STATUSES = ("present", "apology", "absent", "expected")


def body_evidence(body) -> tuple[list[Evidence], list[Listing]]:
    """A body's printed lists and its members' attendance, as evidence."""
    from .models import Attendance, RosterEntry

    evidence: list[Evidence] = []
    listings: list[Listing] = []
    for roster in body.rosters.all():
        listings.append(Listing(roster.pk, roster.as_at, frozenset(roster.covers)))
    entries = RosterEntry.objects.filter(roster__body=body).select_related("roster")
    for entry in entries:
        if entry.person_id:
            holder = ("person", entry.person_id)
        elif entry.organisation_id:
            holder = ("organisation", entry.organisation_id)
        else:
            holder = ("vacant", entry.title)
        evidence.append(
            Evidence(
                holder,
                entry.roster.as_at,
                entry.role,
                SEAT_KINDS.get(entry.role, "members"),
                entry.title,
                (entry.source_id, entry.first_line, entry.last_line),
                entry.roster_id,
            )
        )
    # The co-optees minutes list are all the body's co-optees that day: a listing of its own,
    # numbered below zero so that it never meets a roster's number.
    rows = Attendance.objects.filter(
        meeting__body=body,
        person__isnull=False,
        capacity__in=SEAT_CAPACITIES,
        status__in=SEAT_STATUSES,
    ).values_list(
        "person_id",
        "capacity",
        "meeting_id",
        "meeting__date",
        "source_id",
        "first_line",
        "last_line",
    )
    co_opted_meetings = {}
    for person, capacity, meeting, day, source, first, last in rows:
        kind = SEAT_CAPACITIES[capacity]
        roster = -meeting if kind == "co-opted" else None
        if roster is not None:
            co_opted_meetings[roster] = day
        evidence.append(
            Evidence(("person", person), day, None, kind, "", (source, first, last), roster)
        )
    listings += [Listing(r, day, frozenset({"co-opted"})) for r, day in co_opted_meetings.items()]
    return evidence, listings


def rederive_memberships(body) -> list[Period]:
    """Replace a body's Membership rows with the periods its evidence gives; return the
    periods, so that the caller can warn about crowded roles."""
    from .models import Membership

    periods = derive_periods(*body_evidence(body))
    body.memberships.all().delete()
    rows = []
    for period in periods:
        kind, ident = period.holder
        source, first, last = period.source or (None, None, None)
        rows.append(
            Membership(
                body=body,
                person_id=ident if kind == "person" else None,
                organisation_id=ident if kind == "organisation" else None,
                vacant=kind == "vacant",
                role=period.role,
                title=period.title,
                start_date=period.start,
                last_seen=period.last_seen,
                end_date=period.end,
                source_id=source,
                first_line=first,
                last_line=last,
            )
        )
    Membership.objects.bulk_create(rows)
    return periods
