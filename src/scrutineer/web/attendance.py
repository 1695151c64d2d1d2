"""How a meeting's attendance reads on its page: under the headings minutes use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from scrutineer.governance.models import Attendance

Status = Attendance.Status
Capacity = Attendance.Capacity


@dataclass(frozen=True)
class AttendanceTable:
    """One group as a table on the page: ``headings`` are the columns between the name and
    the source, which ``web/attendance_table.html`` fills for each ``group``."""

    group: str
    caption: str
    headings: tuple[str, ...]
    rows: list[Attendance]

    @property
    def shows_chair(self) -> bool:
        """Only a member or substitute present can be in the chair."""
        return self.group in {"members", "substitutes"}


# The groups in the order the page shows them: (group, caption, headings).
TABLES = (
    ("members", "Members present", ("Capacity",)),
    ("substitutes", "Substitutes", ("Substituting for",)),
    ("apologies", "Apologies", ("Capacity",)),
    ("officers", "Officers", ("Role", "Directorate or organisation")),
    ("expected", "Expected to attend", ("Role", "Party", "Ward")),
    ("others", "Others", ("Status", "Capacity or role")),
)


@dataclass
class MeetingAttendance:
    members: list[Attendance] = field(default_factory=list)
    substitutes: list[Attendance] = field(default_factory=list)
    apologies: list[Attendance] = field(default_factory=list)
    officers: list[Attendance] = field(default_factory=list)
    expected: list[Attendance] = field(default_factory=list)
    others: list[Attendance] = field(default_factory=list)

    def __bool__(self):
        groups = [self.members, self.substitutes, self.apologies, self.officers, self.expected]
        return any([*groups, self.others])

    @property
    def tables(self) -> list[AttendanceTable]:
        """The groups that have anyone in them."""
        return [
            AttendanceTable(group, caption, headings, rows)
            for group, caption, headings in TABLES
            if (rows := getattr(self, group))
        ]


def group_attendance(rows: Iterable[Attendance]) -> MeetingAttendance:
    """Members present, substitutes, apologies and officers each get their own list.

    Everyone else (cabinet members and guests in attendance, absences) is listed under
    "others" with their status, so that no row of the minutes is left out.
    """
    groups = MeetingAttendance()
    for row in rows:
        if row.status == Status.SUBSTITUTE:
            groups.substitutes.append(row)
        elif row.status == Status.EXPECTED:
            groups.expected.append(row)
        elif row.status == Status.APOLOGY:
            groups.apologies.append(row)
        elif row.capacity == Capacity.OFFICER and row.status in {
            Status.PRESENT,
            Status.IN_ATTENDANCE,
        }:
            groups.officers.append(row)
        elif row.status == Status.PRESENT and row.capacity in {Capacity.MEMBER, Capacity.CO_OPTED}:
            groups.members.append(row)
        else:
            groups.others.append(row)
    return groups
