"""People trained in a period, derived from the rows: the one home of training totals.
Courses and counts by level or agency are alternative records of one period; a printed
total is never added in, only compared."""

from __future__ import annotations

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
        """Trained by level where the paper gives levels, else by course, else by agency."""
        for counts in (self.by_level, self.by_course, self.by_agency):
            if counts:
                return sum(counts.values())
        return 0


def _rows(model, user):
    """The model's rows, or only those ``user`` may see when a reader is given."""
    return model.objects.all() if user is None else model.objects.visible_to(user)


def training_totals(body, period: str, user=None) -> TrainingTotals:
    """``user``: count only the rows this reader may see (a page's figures); None counts
    every row."""
    levels: Counter = Counter()
    agencies: Counter = Counter()
    counts = _rows(TrainingCount, user).filter(body=body, period=period, printed_total=False)
    for row in counts:
        if row.level is not None and not row.agency:
            levels[row.level] += row.count
        elif row.agency and row.level is None:
            agencies[row.agency] += row.count
    courses = _rows(TrainingCourse, user).filter(body=body, period=period, attendees__isnull=False)
    return TrainingTotals(
        period=period,
        by_level=dict(sorted(levels.items())),
        by_agency=dict(agencies),
        by_course={course.name: course.attendees for course in courses},
    )


def training_periods(body, user=None) -> list[str]:
    """Every period the body has training records for (that ``user`` may see), in order."""
    periods = set(_rows(TrainingCount, user).filter(body=body).values_list("period", flat=True))
    periods |= set(_rows(TrainingCourse, user).filter(body=body).values_list("period", flat=True))
    return sorted(periods)
