"""Printed membership lists to ``Roster`` rows, and a body's memberships derived again from
its evidence once a paper is loaded (the rule is ``governance.tenure``)."""

from __future__ import annotations

import datetime as dt

from scrutineer.governance.models import Body, Roster, RosterEntry
from scrutineer.governance.tenure import changed_kinds, crowded_roles, rederive_memberships
from scrutineer.packs.model import PackWarning

from .records import upsert


def add_roster(loader, body: Body, as_at: dt.date, covers: list[str], spans) -> Roster:
    """A printed membership list: evidence of who sat on ``body`` on ``as_at``, complete for
    the kinds of seat ``covers`` names."""
    lines = (min(span[0] for span in spans), max(span[1] for span in spans))
    roster, _ = upsert(
        Roster,
        {"body": body, "document": loader.document, "first_line": lines[0]},
        as_at=as_at,
        covers=covers,
        source=loader.document,
        last_line=lines[1],
    )
    loader.seated_bodies.add(body)
    return roster


def add_roster_entry(loader, roster: Roster, role: str, lines, *, written="", title="") -> None:
    """One seat of the list; ``written`` empty is a vacant seat."""
    person = loader._person(written, roster.body, lines) if written else None
    if written and person is None:  # an ambiguous name: warned, not guessed
        return
    entry = RosterEntry(roster=roster, person=person, role=role, title=title, vacant=not written)
    loader._sourced(entry, lines)
    entry.save()
    loader._count("membership list entries")


def add_subgroup_chair(loader, board: Body, member, as_at: dt.date) -> None:
    """ "Chair of the Effectiveness and Quality Subgroup" in a board's list: the subgroup is a
    body of its own under the board, and that is the body the member chairs. The one line is
    not a complete list of the subgroup, so it ends nobody's seat there."""
    subgroup = loader.names.body(loader._name(member.chairs, member.lines))
    if subgroup.parent_id is None and subgroup != board:
        subgroup.parent = board
        subgroup.save(update_fields=["parent"])
    roster = add_roster(loader, subgroup, as_at, [], [member.lines])
    add_roster_entry(loader, roster, "chair", member.lines, written=member.name)


def rederive_seated_bodies(loader) -> None:
    """Each body with new evidence gets its periods again; more than one current Chair (or
    Vice Chair) is stored as the papers give it, with a warning."""
    for body in sorted(loader.seated_bodies, key=lambda b: b.pk):
        periods = rederive_memberships(body)
        loader._count("memberships", sum(1 for p in periods if p.end is None))
        for role, held in crowded_roles(periods).items():
            label = "Chairs" if role == "chair" else "Vice Chairs"
            loader.warnings.append(
                PackWarning(
                    f"several-{role}s",
                    f"{body.name} has {len(held)} current {label} on the papers' evidence: "
                    f"{_names(held)}. Each is kept; check which still holds the role.",
                    _lines_here(loader, held),
                )
            )
        for held in changed_kinds(periods).values():
            seats = "; ".join(
                f"{_SEAT[p.kind]} from {p.start:%-d %B %Y}" for p in sorted(held, key=_start)
            )
            loader.warnings.append(
                PackWarning(
                    "seat-kind-changed",
                    f"{_names(held[:1])} of {body.name} is named in two kinds of seat ({seats}). "
                    "The papers may name two people alike; they are kept as one until an "
                    "officer separates them.",
                    _lines_here(loader, held),
                )
            )


_SEAT = {
    "members": "a councillor member",
    "co-opted": "a co-opted member",
    "officers": "an officer",
}


def _start(period):
    return period.start


def _lines_here(loader, periods) -> tuple[int, int]:
    """The latest evidence's lines when it is in this paper, else the paper's first line."""
    source = max(periods, key=lambda p: p.last_seen).source
    if source and source[0] == loader.document.pk and source[1]:
        return (source[1], source[2] or source[1])
    return (1, 1)


def _names(periods) -> str:
    from scrutineer.governance.models import Organisation, Person

    people = Person.objects.in_bulk([p.holder[1] for p in periods if p.holder[0] == "person"])
    orgs = Organisation.objects.in_bulk(
        [p.holder[1] for p in periods if p.holder[0] == "organisation"]
    )
    shown = []
    for period in periods:
        kind, ident = period.holder
        record = people.get(ident) if kind == "person" else orgs.get(ident)
        shown.append(str(getattr(record, "display_name", record) or period.title or "Vacant"))
    return ", ".join(sorted(shown))
