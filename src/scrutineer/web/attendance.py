"""How a meeting's attendance reads on its page: under the headings minutes use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from scrutineer.governance.models import Attendance

Status = Attendance.Status
Capacity = Attendance.Capacity


@dataclass
class MeetingAttendance:
    members: list[Attendance] = field(default_factory=list)
    substitutes: list[Attendance] = field(default_factory=list)
    apologies: list[Attendance] = field(default_factory=list)
    officers: list[Attendance] = field(default_factory=list)
    others: list[Attendance] = field(default_factory=list)

    def __bool__(self):
        return any([self.members, self.substitutes, self.apologies, self.officers, self.others])


def group_attendance(rows: Iterable[Attendance]) -> MeetingAttendance:
    """Members present, substitutes, apologies and officers each get their own list.

    Everyone else (cabinet members and guests in attendance, absences) is listed under
    "others" with their status, so that no row of the minutes is left out.
    """
    groups = MeetingAttendance()
    for row in rows:
        if row.status == Status.SUBSTITUTE:
            groups.substitutes.append(row)
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
