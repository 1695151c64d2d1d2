"""The partnership dashboard's figures for one body, as one reader may see them: reviews
with open and overdue recommendations, audit recommendations outstanding, training this
year against last, the budget position and the priorities with their progress.

Nothing here is a new rule. Open and overdue are the tracker's (``TrackedItem.objects
.open()`` and ``.overdue(today)``, ``tracker.rules``); training totals are
``assurance.training``'s and budget positions ``assurance.budgets``'s. Every count is of
the records the reader may see (``visible_to``), so a restricted record never shows, not
even as a number. The queries are a fixed handful, however many records there are.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import NoReverseMatch

from scrutineer.packs.figures import pounds
from scrutineer.tracker.models import TrackedItem

from .budgets import BudgetPosition, budget_position
from .models import (
    Audit,
    Budget,
    LearningReview,
    Priority,
    ProgressStatement,
    Subgroup,
)
from .models.common import SignsOfSafety
from .training import TrainingTotals, training_periods, training_totals

HEADINGS = [
    (SignsOfSafety.WORKING_WELL, SignsOfSafety.WORKING_WELL.label),
    (SignsOfSafety.WORRIED, SignsOfSafety.WORRIED.label),
    (SignsOfSafety.NEEDS_TO_HAPPEN, SignsOfSafety.NEEDS_TO_HAPPEN.label),
    (SignsOfSafety.OTHER, SignsOfSafety.OTHER.label),
]


@dataclass(frozen=True)
class Tracked:
    """A record with recommendations: how many there are, and how many are still open and
    overdue."""

    record: LearningReview | Audit
    recommendations: int
    open: int
    overdue: int

    @property
    def when(self) -> str:
        """A review's publication, an audit's period: the column that places it in time."""
        if isinstance(self.record, LearningReview):
            published = self.record.published_on
            return f"{published:%-d %B %Y}" if published else "Not published"
        return self.record.period

    @property
    def url(self) -> str | None:
        try:
            return self.record.get_absolute_url()
        except NoReverseMatch:  # the record's own page is not there yet
            return None


@dataclass(frozen=True)
class BudgetYear:
    budget: Budget
    position: BudgetPosition

    @property
    def income(self) -> str:
        return pounds(self.position.income_pence)

    @property
    def planned(self) -> str:
        return pounds(self.position.planned_pence)

    @property
    def spent(self) -> str:
        return pounds(self.position.spent_pence)

    @property
    def balance(self) -> str:
        return pounds(abs(self.position.balance_pence))


@dataclass(frozen=True)
class PriorityProgress:
    priority: Priority
    by_heading: tuple[int, ...]  # progress statements under each of HEADINGS

    @property
    def total(self) -> int:
        return sum(self.by_heading)


@dataclass
class Dashboard:
    body: object
    today: dt.date
    reviews: list[Tracked] = field(default_factory=list)
    audits: list[Tracked] = field(default_factory=list)
    training: list[TrainingTotals] = field(default_factory=list)  # last year, this year
    budgets: list[BudgetYear] = field(default_factory=list)  # oldest first
    priority_period: str = ""
    priorities: list[PriorityProgress] = field(default_factory=list)
    subgroups: list[Subgroup] = field(default_factory=list)

    @property
    def open_reviews(self) -> list[Tracked]:
        return [row for row in self.reviews if row.open]

    @property
    def outstanding_audits(self) -> list[Tracked]:
        return [row for row in self.audits if row.open]

    @property
    def reviews_open(self) -> int:
        return sum(1 for row in self.reviews if row.open)

    @property
    def reviews_overdue(self) -> int:
        return sum(1 for row in self.reviews if row.overdue)

    @property
    def review_recommendations_open(self) -> int:
        return sum(row.open for row in self.reviews)

    @property
    def review_recommendations_overdue(self) -> int:
        return sum(row.overdue for row in self.reviews)

    @property
    def audits_outstanding(self) -> int:
        return sum(1 for row in self.audits if row.open)

    @property
    def audit_recommendations_outstanding(self) -> int:
        return sum(row.open for row in self.audits)

    @property
    def audit_recommendations_overdue(self) -> int:
        return sum(row.overdue for row in self.audits)

    @property
    def this_year(self) -> TrainingTotals | None:
        return self.training[-1] if self.training else None

    @property
    def last_year(self) -> TrainingTotals | None:
        return self.training[-2] if len(self.training) > 1 else None

    @property
    def training_levels(self) -> list[int]:
        return sorted({level for totals in self.training for level in totals.by_level})

    @property
    def budget(self) -> BudgetYear | None:
        return self.budgets[-1] if self.budgets else None


def dashboard(body, user, today: dt.date) -> Dashboard:
    board = Dashboard(body=body, today=today)
    items = TrackedItem.objects.visible_to(user)
    reviews = LearningReview.objects.visible_to(user).filter(body=body)
    board.reviews = _tracked(reviews, LearningReview, items, today)
    audits = Audit.objects.visible_to(user).filter(body=body)
    board.audits = _tracked(audits, Audit, items, today)
    board.training = _training(body, user)
    board.budgets = [
        BudgetYear(budget, budget_position(budget))
        for budget in Budget.objects.visible_to(user)
        .filter(body=body)
        .prefetch_related("lines")
        .order_by("year")
    ]
    board.priority_period, board.priorities = _priorities(body, user)
    board.subgroups = list(Subgroup.objects.visible_to(user).filter(body=body).order_by("name"))
    return board


def _tracked(records, model, items, today: dt.date) -> list[Tracked]:
    """Each record with its recommendations' counts: all, open and overdue, of the items
    this reader may see, the most pressing first. Four queries whatever the number of
    records: the links, then which of the linked items are visible, open and overdue (so
    the database looks only at this body's recommendations, never at every open item)."""
    records = list(records)
    owner = f"{model._meta.model_name}_id"
    linked = model.recommendations.through.objects.filter(
        **{f"{owner}__in": [record.pk for record in records]}
    )
    pairs = list(linked.values_list(owner, "trackeditem_id"))
    # The ids themselves, not a subquery: given a subquery, SQLite reads every open item.
    mine = sorted({item for _, item in pairs})

    def counted(of) -> Counter:
        found = set(of.filter(pk__in=mine).order_by().values_list("pk", flat=True))
        return Counter(record for record, item in pairs if item in found)

    total, open_, overdue = counted(items), counted(items.open()), counted(items.overdue(today))
    rows = [
        Tracked(record, total[record.pk], open_[record.pk], overdue[record.pk])
        for record in records
    ]
    # The most pressing first: most overdue, then most open; then by title.
    return sorted(rows, key=lambda row: (-row.overdue, -row.open, row.record.title))


def _training(body, user) -> list[TrainingTotals]:
    """Training in the two latest periods with records this reader may see: last year
    and this year."""
    periods = training_periods(body, user)
    return [training_totals(body, period, user) for period in periods[-2:]]


def _priorities(body, user) -> tuple[str, list[PriorityProgress]]:
    """The priorities of the latest period, each with its progress statements counted under
    the Signs of Safety headings."""
    visible = Priority.objects.visible_to(user).filter(body=body)
    period = visible.order_by("-period").values_list("period", flat=True).first()
    if period is None:
        return "", []
    priorities = list(visible.filter(period=period).order_by("number", "title"))
    counts = Counter(
        {
            (row["priority"], row["heading"]): row["n"]
            for row in ProgressStatement.objects.filter(priority__in=[p.pk for p in priorities])
            .values("priority", "heading")
            .annotate(n=Count("pk"))
        }
    )
    return period, [
        PriorityProgress(p, tuple(counts[(p.pk, heading)] for heading, _ in HEADINGS))
        for p in priorities
    ]
