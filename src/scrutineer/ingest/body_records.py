"""A board's own record in a report: the membership list and the attendance table an annual
report prints for it."""

from __future__ import annotations

import datetime as dt

from scrutineer.governance.models import Meeting, ReportedAttendance
from scrutineer.governance.tenure import ALL_KINDS
from scrutineer.packs.model import PackWarning, ParsedBody

from .memberships import add_roster, add_roster_entry, add_subgroup_chair
from .records import upsert


def load_body_record(loader, record: ParsedBody) -> None:
    """A membership or attendance table of a report: its body, the meetings it lists
    (held), its membership list as evidence (``memberships``), and its attendance rows."""
    body = loader.names.body(
        loader._name(record.name, record.lines),
        tuple(loader._name(alias, record.lines) for alias in record.aliases),
    )
    as_at = _date_or_none(record.as_at)
    for day in record.meeting_dates:
        meeting = loader._meeting(body, day, record.lines)
        if meeting.status == Meeting.Status.SCHEDULED:
            meeting.status = Meeting.Status.HELD
            meeting.save()
    as_at = as_at or (loader.meeting.date if loader.meeting else None)
    if record.members and as_at is None:
        loader.warnings.append(
            PackWarning(
                "membership-without-date",
                f"The membership list of {record.name} gives no date, and neither does "
                "the paper; it is not used as evidence of membership.",
                record.lines,
            )
        )
    elif record.members:
        roster = add_roster(loader, body, as_at, ALL_KINDS, [m.lines for m in record.members])
        for member in record.members:
            written = "" if member.vacant else member.name
            add_roster_entry(
                loader,
                roster,
                member.role,
                member.lines,
                written=written,
                title=member.title or "",
            )
            if member.chairs and written:
                add_subgroup_chair(loader, body, member, as_at)
    dates = sorted(record.meeting_dates)
    for row in record.attendance:
        _, created = upsert(
            ReportedAttendance,
            {
                "body": body,
                "name": loader._name(row.name, row.lines),
                "period_start": _date_or_none(dates[0] if dates else None),
                "period_end": _date_or_none(dates[-1] if dates else None),
            },
            organisation=None if row.group else loader.names.organisation(row.name),
            group=row.group or "",
            attended=row.attended,
            expected=row.expected,
            percent_printed=row.percent or "",
            marks=row.marks,
            **loader._source_of(row.lines),
        )
        loader._count("reported attendance", int(created))


def _date_or_none(value: str | None) -> dt.date | None:
    if not value:
        return None
    if len(value) == 7:  # "2013-03": a month
        value = f"{value}-01"
    return dt.date.fromisoformat(value[:10])
