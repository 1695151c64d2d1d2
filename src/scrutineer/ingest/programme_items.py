"""Work programmes from papers, and marking programme items held when a later agenda or
minutes show they were taken.

Titles drift between the programme and the agenda, so they are matched by
``packs.titles.title_similarity``. A match that is not clearly better than the next is
not made: it is recorded as a warning instead.
"""

from __future__ import annotations

import datetime as dt

from scrutineer.governance.models import AgendaItem, Body, Meeting, Minute, alias_key
from scrutineer.packs.model import PackWarning
from scrutineer.packs.titles import most_alike, significant_words
from scrutineer.packs.workprogramme import ParsedWorkProgramme
from scrutineer.periods import MunicipalYear
from scrutineer.tracker.models import WorkProgrammeItem

from .records import fetch_or_create


def load_programme(loader, programme: ParsedWorkProgramme, home_body: Body | None) -> None:
    """Upsert the programme's items, keyed on title (and meeting, for standing items)."""
    body = _programme_body(loader, programme, home_body)
    year = programme.municipal_year or ""
    meetings = {m.date: m for m in programme.meetings if m.date}
    for planned in meetings:
        _programme_meeting(loader, body, planned, meetings)
    seen: set[str] = set()
    for order, item in enumerate(programme.items):
        meeting = None
        if item.meeting_date:
            meeting = _programme_meeting(loader, body, item.meeting_date, meetings)
        key = alias_key(item.title)[:200]
        if item.standing or key in seen:
            key = f"{key}@{item.meeting_date or item.bucket or order}"
        seen.add(key)
        record, created = fetch_or_create(
            WorkProgrammeItem,
            body=body,
            municipal_year=year,
            import_key=key,
            defaults={"title": item.title},
        )
        record.meeting = meeting
        record.bucket = item.bucket or ""
        record.bucket_label = item.bucket_label or ""
        record.order = order
        record.title = item.title
        record.detail = item.detail or ""
        record.lead_officers = item.lead_officers
        record.cabinet_members = item.cabinet_members
        record.leads_as_written = item.leads_as_written or ""
        record.standing = item.standing
        if record.taken_at_id is None:
            record.status = item.status
        loader._sourced(record, item.lines)
        record.save()
        loader._count("work programme items", int(created))


def _programme_body(loader, programme: ParsedWorkProgramme, home_body: Body | None) -> Body:
    """A programme in a board's own pack is that board's, whatever short name it goes by;
    the short name becomes an alias when every word of it is in the board's name."""
    name = programme.body
    if home_body is None:
        return loader.names.body(loader._name(name or programme.title, programme.lines))
    if name and significant_words(name) <= significant_words(home_body.name):
        loader.names.add_body_alias(home_body, name)
    return home_body


def _programme_meeting(loader, body, iso_date: str, meetings) -> Meeting:
    day = dt.date.fromisoformat(iso_date)
    meeting, created = fetch_or_create(Meeting, body=body, date=day)
    planned = meetings.get(iso_date)
    if planned and planned.status in Meeting.CALLED_OFF and meeting.status != Meeting.Status.HELD:
        meeting.status = planned.status
        meeting.save(update_fields=["status"])
    if created:
        loader._sourced(meeting, planned.lines if planned else None)
        meeting.save()
        loader._count("meetings")
    return meeting


def mark_taken(loader, meeting: Meeting, entries: list[AgendaItem | Minute]) -> None:
    """Link the programme items that this meeting's agenda lists (on the agenda) or its
    minutes record (taken, the only evidence that marks an item held); a title matching
    two programme items equally well is flagged instead.

    Items planned for this very meeting are tried first, then anything still waiting:
    bucket items and items planned for earlier meetings that slipped.
    """
    minutes = bool(entries) and isinstance(entries[0], Minute)
    not_yet = {"taken_minute": None} if minutes else {"taken_minute": None, "taken_at": None}
    waiting = (
        WorkProgrammeItem.objects.filter(
            body=meeting.body, municipal_year=MunicipalYear.of(meeting.date).label, **not_yet
        )
        .exclude(status=WorkProgrammeItem.Status.HELD)
        .select_related("meeting")
    )
    planned = [c for c in waiting if c.meeting_id == meeting.pk]
    slipped = [c for c in waiting if c.meeting_id is None or c.meeting.date < meeting.date]
    for entry in entries:
        for tier in (planned, slipped):
            match = _best_match(loader, entry, tier)
            if match is None:
                continue
            if isinstance(entry, Minute):
                match.taken_minute = entry
                match.status = WorkProgrammeItem.Status.HELD
            else:
                match.taken_at = entry
            match.meeting = meeting
            match.save(
                update_fields=["taken_at", "taken_minute", "status", "meeting", "updated_at"]
            )
            for group in (planned, slipped):
                if match in group:
                    group.remove(match)
            break


def _best_match(loader, entry, candidates: list[WorkProgrammeItem]) -> WorkProgrammeItem | None:
    best, rivals = most_alike(entry.title, candidates, lambda c: c.title)
    if rivals:
        names = "; ".join(f'"{c.title}"' for c in [best, *rivals])
        loader.warnings.append(
            PackWarning(
                "programme-match-ambiguous",
                f'"{entry.title}" matches several work programme items equally well ({names}); '
                "none has been marked held.",
                (entry.first_line, entry.last_line),
            )
        )
        return None
    return best
