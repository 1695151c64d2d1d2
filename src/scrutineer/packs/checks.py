"""Data-quality checks on a parsed pack. Flag, don't fix: each finding is a warning."""

from __future__ import annotations

from datetime import date

from .model import PackWarning, ParsedMinutes, ParsedPack
from .text import name_key, names_match

_CHECKED_CAPACITIES = {"member", "co-opted"}


def check_pack(pack: ParsedPack) -> list[PackWarning]:
    warnings: list[PackWarning] = []
    if pack.meeting:
        warnings += _agenda_pages(pack)
        for minutes in pack.minutes:
            if minutes.body.lower() == pack.meeting.body.lower() and pack.meeting.membership:
                warnings += _present_but_not_member(pack, minutes)
    for minutes in pack.minutes:
        warnings += _closing_time(minutes)
    return warnings


def _present_but_not_member(pack: ParsedPack, minutes: ParsedMinutes) -> list[PackWarning]:
    """A member present who is not on the membership list and is not a substitute."""
    members = [name_key(m.name) for m in pack.meeting.membership]
    found = []
    for person in minutes.attendance:
        if person.status != "present" or person.capacity not in _CHECKED_CAPACITIES:
            continue
        if person.substitute_for or any(names_match(name_key(person.name), m) for m in members):
            continue
        found.append(
            PackWarning(
                code="attendance-not-member",
                message=(
                    f"{person.name} is recorded present at the meeting of "
                    f"{_day(minutes.start)} but is not on the membership list in this pack "
                    "and is not recorded as a substitute."
                ),
                lines=person.lines,
            )
        )
    return found


def _agenda_pages(pack: ParsedPack) -> list[PackWarning]:
    """Page ranges should run forwards and not overlap."""
    found = []
    previous = None
    for item in _all_items(pack.meeting.agenda):
        if item.pages is None:
            continue
        first, last = item.pages
        if last < first:
            found.append(
                PackWarning(
                    "agenda-pages-reversed",
                    f"Item {item.number} runs from page {first} back to {last}.",
                    item.lines,
                )
            )
        if previous and first <= previous[1][1]:
            found.append(
                PackWarning(
                    "agenda-pages-overlap",
                    f"Item {item.number} starts on page {first}, inside item {previous[0]} "
                    f"(pages {previous[1][0]}-{previous[1][1]}).",
                    item.lines,
                )
            )
        previous = (item.number, item.pages)
    return found


def _all_items(items):
    for item in items:
        yield item
        yield from item.subitems


def _closing_time(minutes: ParsedMinutes) -> list[PackWarning]:
    if not (minutes.start and minutes.closed and "T" in minutes.start):
        return []
    if minutes.closed < minutes.start.split("T")[1]:
        return [
            PackWarning(
                "minutes-closed-before-start",
                f"The meeting is recorded as closing at {minutes.closed}, before it started at "
                f"{minutes.start.split('T')[1]}.",
                minutes.lines,
            )
        ]
    return []


def _day(iso: str | None) -> str:
    if not iso:
        return "an unknown date"
    return f"{date.fromisoformat(iso[:10]):%-d %B %Y}"
