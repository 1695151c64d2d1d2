"""Attendance statistics: how often a person came to the meetings they were expected at,
counted from the minutes' attendance rows (``Attendance``) in SQL aggregates, the one home
of the rule.

The columns follow the councillor attendance pages councils publish from ModernGov:

- **expected**: meetings at which the person was expected as a member of the body: listed
  present as a member or co-opted member, or sending apologies, or recorded absent. A
  meeting counts once even when a paper lists someone twice.
- **present**: of those, the meetings at which they were present as a member.
- **present as substitute**: meetings attended in place of a member; not expected of them,
  so outside ``expected`` and the percentage.
- **in attendance**: meetings attended in another capacity (Cabinet member, officer, other
  representative); not expected either.
- **apologies** and **absent**: meetings at which they sent apologies, or were recorded
  absent.
- **% attended**: present out of expected, rounded half up (2 of 3 is 67%).

Only rows of meetings the reader may see count (``Meeting.objects.visible_to``), so a
restricted meeting never shows through a count. Years are municipal years (May to April,
``scrutineer.periods``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models.functions import ExtractYear

from scrutineer.periods import MUNICIPAL_YEAR_STARTS, MunicipalYear

from .models import Attendance, Body, Meeting

Status, Capacity = Attendance.Status, Attendance.Capacity
AS_MEMBER = [Capacity.MEMBER, Capacity.CO_OPTED]
PRESENT = models.Q(status=Status.PRESENT, capacity__in=AS_MEMBER)
EXPECTED = PRESENT | models.Q(status__in=[Status.APOLOGY, Status.ABSENT])
IN_ATTENDANCE = models.Q(status=Status.IN_ATTENDANCE) | (
    models.Q(status=Status.PRESENT) & ~models.Q(capacity__in=AS_MEMBER)
)
COLUMNS = {
    "expected": EXPECTED,
    "present": PRESENT,
    "substitute": models.Q(status=Status.SUBSTITUTE),
    "in_attendance": IN_ATTENDANCE,
    "apologies": models.Q(status=Status.APOLOGY),
    "absent": models.Q(status=Status.ABSENT),
}


@dataclass(frozen=True)
class AttendanceStats:
    """One person's counts over some meetings (of one body, one year, or all)."""

    expected: int = 0
    present: int = 0
    substitute: int = 0
    in_attendance: int = 0
    apologies: int = 0
    absent: int = 0
    body_id: int | None = None
    year: MunicipalYear | None = None
    body: Body | None = None

    @property
    def percent(self) -> int | None:
        """Present out of expected, rounded half up; None when nothing was expected."""
        if not self.expected:
            return None
        return (200 * self.present + self.expected) // (2 * self.expected)


def counted(user) -> models.QuerySet:
    """The attendance rows that count for ``user``: those of meetings they may see."""
    return Attendance.objects.filter(meeting__in=Meeting.objects.visible_to(user))


def _municipal_year():
    """The first calendar year of the meeting's municipal year, in SQL."""
    year = ExtractYear("meeting__date")
    return models.Case(
        models.When(
            models.Q(meeting__date__month__lt=MUNICIPAL_YEAR_STARTS), then=year - models.Value(1)
        ),
        default=year,
        output_field=models.IntegerField(),
    )


def _aggregate(rows: models.QuerySet, *keys: str) -> list[dict]:
    """Distinct meetings in each column, grouped by ``keys``."""
    columns = {
        name: models.Count("meeting", filter=rule, distinct=True) for name, rule in COLUMNS.items()
    }
    return list(rows.order_by().values(*keys).annotate(**columns))


def _stats(row: dict, year: int | None = None, bodies=None) -> AttendanceStats:
    body_id = row.get("meeting__body")
    return AttendanceStats(
        **{name: row[name] for name in COLUMNS},
        body_id=body_id,
        year=MunicipalYear(year) if year is not None else None,
        body=bodies.get(body_id) if bodies else None,
    )


def _with_bodies(found: list[dict], year_key: str | None = None) -> list[AttendanceStats]:
    """Each row's counts with its body (read in one query), in year (latest first) and
    body name order."""
    bodies = Body.objects.in_bulk({row["meeting__body"] for row in found})
    stats = [_stats(row, row.get(year_key) if year_key else None, bodies) for row in found]
    return sorted(stats, key=lambda s: (-(s.year.first if s.year else 0), s.body.name))


def person_by_year_and_body(person, user) -> list[AttendanceStats]:
    """A person's counts for each municipal year and body, latest year first."""
    rows = counted(user).filter(person=person).annotate(municipal_year=_municipal_year())
    found = _aggregate(rows, "municipal_year", "meeting__body")
    return _with_bodies(found, "municipal_year")


def person_by_body(person, user) -> list[AttendanceStats]:
    """A person's counts for each body, over all years."""
    return _with_bodies(_aggregate(counted(user).filter(person=person), "meeting__body"))


def seats_summary(rows: models.QuerySet, user) -> dict[tuple[int, int], AttendanceStats]:
    """{(person id, body id): counts over all years} for the attendance ``rows`` (already
    narrowed to a council, a body, a set of people) that ``user`` may count."""
    rows = rows.filter(person__isnull=False, meeting__in=Meeting.objects.visible_to(user))
    return {
        (row["person"], row["meeting__body"]): _stats(row)
        for row in _aggregate(rows, "person", "meeting__body")
    }
