"""People trained in a period, derived from the rows: the one home of training totals.
Courses and counts by level or agency are alternative records of one period; a printed
total is never added in, only compared."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .models import TrainingCount, TrainingCourse


@dataclass(frozen=True)
class TrainingTotals:
    period: str
    by_level: dict[int, int] = field(default_factory=dict)
    by_agency: dict[str, int] = field(default_factory=dict)
    by_course: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Trained by level where the paper gives levels (in a table by level, else in the
        tables of each level by agency), else by course, else by agency."""
        for counts in (self.by_level, self.by_course, self.by_agency):
            if counts:
                return sum(counts.values())
        return 0


def _visible(model, user):
    return model.objects.visible_to(user) if user is not None else model.objects.all()


def training_totals(body, period: str, user=None) -> TrainingTotals:
    """The period's totals from the rows ``user`` may read (every row without one)."""
    levels: Counter = Counter()
    agencies: Counter = Counter()
    by_level_and_agency: Counter = Counter()
    counts = _visible(TrainingCount, user).filter(body=body, period=period, printed_total=False)
    for row in counts:
        if row.level is not None and not row.agency:
            levels[row.level] += row.count
        elif row.agency and row.level is None:
            agencies[row.agency] += row.count
        elif row.agency:
            by_level_and_agency[row.level] += row.count
    if not levels:  # the paper breaks each level down by agency and gives no table by level
        levels = by_level_and_agency
    courses = _visible(TrainingCourse, user).filter(
        body=body, period=period, attendees__isnull=False
    )
    return TrainingTotals(
        period=period,
        by_level=dict(sorted(levels.items())),
        by_agency=dict(agencies),
        by_course={course.name: course.attendees for course in courses},
    )


def training_periods(body, user=None) -> list[str]:
    """Every period the body has training records for (that ``user`` may read), in order."""
    periods = set(_visible(TrainingCount, user).filter(body=body).values_list("period", flat=True))
    periods |= set(
        _visible(TrainingCourse, user).filter(body=body).values_list("period", flat=True)
    )
    return sorted(periods)


def period_slug(period: str) -> str:
    """A period as an address: "2016/17 (October–March)" -> "2016-17-october-march"."""
    return "-".join(re.sub(r"[^a-z0-9]+", " ", period.lower()).split())


def period_of_slug(body, slug: str, user=None) -> str | None:
    """The period of the body's training records an address names, or None."""
    return next((p for p in training_periods(body, user) if period_slug(p) == slug), None)
