"""`scrutineer synth` makes the partnerships' assurance records: reviews and audits of the
tracker's own items, ten years of training, budgets and priorities, and subgroups; the same
seed makes the same records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count

from scrutineer.assurance.budgets import budget_position
from scrutineer.assurance.models import (
    Audit,
    AuditFinding,
    Budget,
    BudgetLine,
    LearningReview,
    Priority,
    ProgressStatement,
    Subgroup,
    TrainingCount,
    TrainingCourse,
)
from scrutineer.assurance.training import training_periods, training_totals
from scrutineer.governance.models import Body, Visibility
from scrutineer.synth import governance as synth
from scrutineer.tracker.models import TrackedItem

TODAY = dt.date(2026, 11, 22)
YEARS = [f"{y}/{(y + 1) % 100:02d}" for y in range(2017, 2027)]


def generate(scale=0.05, seed=0):
    return synth.generate(scale, seed=seed, today=TODAY)


def snapshot():
    return (
        list(
            LearningReview.objects.order_by("title").values_list(
                "title", "kind", "published_on", "visibility", "not_published_reason"
            )
        ),  # fmt: skip
        sorted(
            (r.title, sorted(r.recommendations.values_list("text", "number")))
            for r in LearningReview.objects.prefetch_related("recommendations")
        ),
        list(Audit.objects.order_by("title").values_list("title", "kind", "visibility")),
        list(
            TrainingCount.objects.order_by("body__name", "period", "level", "agency").values_list(
                "body__name", "period", "level", "agency", "count"
            )
        ),  # fmt: skip
        list(
            BudgetLine.objects.order_by("budget__year", "kind", "order", "pk").values_list(
                "budget__year", "label", "pence", "budget_pence"
            )
        ),  # fmt: skip
        list(Priority.objects.order_by("period", "number").values_list("period", "title")),
        ProgressStatement.objects.count(),
        list(Subgroup.objects.order_by("name").values_list("name", "chair")),
    )


@pytest.mark.django_db
def test_a_partnership_has_ten_years_of_assurance_records():
    counts = generate(0.05)
    partnership = Body.objects.get(kind=Body.Kind.SAFEGUARDING_PARTNERSHIP)

    assert training_periods(partnership) == YEARS
    assert sorted(Budget.objects.filter(body=partnership).values_list("year", flat=True)) == YEARS
    periods = set(Priority.objects.filter(body=partnership).values_list("period", flat=True))
    assert sorted(periods) == ["2017–2019", "2019–2021", "2021–2023", "2023–2025", "2025–2027"]
    per_period = Priority.objects.values("period").annotate(n=Count("pk"))
    assert all(3 <= row["n"] <= 5 for row in per_period)
    assert not Priority.objects.filter(progress__isnull=True).exists()
    # Training by level adds up, and grows over the ten years (about 3% a year).
    first, last = (training_totals(partnership, year) for year in (YEARS[0], YEARS[-1]))
    assert set(first.by_level) == {1, 2, 3} and last.total > first.total
    # Each budget has contributions and spending, and a position.
    for budget in Budget.objects.filter(body=partnership):
        position = budget_position(budget)
        assert position.income_pence > 0 and position.spent_pence > 0
        assert position.budgeted_pence is not None
        assert round(sum(position.shares.values())) == 100
    assert list(Subgroup.objects.filter(body=partnership).values_list("name", flat=True)) == [
        "Learning and Improvement Subgroup"
    ]

    # The returned counts are what was written.
    assert counts["learning reviews"] == LearningReview.objects.count() > 0
    assert counts["audits"] == Audit.objects.count() > 0
    assert counts["audit findings"] == AuditFinding.objects.count() == 3 * Audit.objects.count()
    assert counts["training counts"] == TrainingCount.objects.count()
    assert counts["training courses"] == TrainingCourse.objects.count()
    assert counts["budget lines"] == BudgetLine.objects.count() == 12 * Budget.objects.count()
    assert counts["progress statements"] == ProgressStatement.objects.count()
    assert counts["priorities"] == Priority.objects.count()


@pytest.mark.django_db
def test_reviews_and_audits_are_the_trackers_own_items():
    generate(0.05)
    reviewed = TrackedItem.objects.filter(learning_reviews__isnull=False)
    audited = TrackedItem.objects.filter(audits__isnull=False)
    # Every case-review item belongs to exactly one review, every audit item to one audit.
    assert reviewed.count() == TrackedItem.objects.filter(source_kind="case-review").count()
    assert set(reviewed.values_list("source_kind", flat=True)) == {"case-review"}
    assert audited.count() == TrackedItem.objects.filter(source_kind="audit").count()
    for review in LearningReview.objects.prefetch_related("recommendations"):
        items = list(review.recommendations.all())
        assert items and {item.body_id for item in items} == {review.body_id}
        assert {item.source_reference for item in items} == {review.title.rsplit(", ", 1)[0]}
    # Unpublished reviews are restricted, and so are their recommendations.
    unpublished = LearningReview.objects.filter(published_on__isnull=True)
    assert unpublished.exists() and LearningReview.objects.filter(published_on__isnull=False)
    assert set(unpublished.values_list("visibility", flat=True)) == {Visibility.RESTRICTED}
    assert not TrackedItem.objects.filter(
        learning_reviews__in=unpublished, visibility=Visibility.PUBLIC
    ).exists()
    assert not LearningReview.objects.filter(published_on__gt=TODAY).exists()
    assert not TrackedItem.objects.filter(
        audits__visibility=Visibility.RESTRICTED, visibility=Visibility.PUBLIC
    ).exists()


@pytest.mark.django_db(transaction=True)  # flushed part way, as test_synth.py does
def test_the_records_scale_with_the_synth_scale():
    generate(0.05)
    small = (LearningReview.objects.count(), Budget.objects.count(), Priority.objects.count())
    call_command("flush", interactive=False, verbosity=0)
    generate(0.6)  # six bodies: a children's partnership and an adults' board
    large = (LearningReview.objects.count(), Budget.objects.count(), Priority.objects.count())
    assert all(b > a for a, b in zip(small, large, strict=True)), (small, large)
    partnerships = Body.objects.filter(kind=Body.Kind.SAFEGUARDING_PARTNERSHIP).count()
    assert partnerships == 2 and Budget.objects.count() == 10 * partnerships


@pytest.mark.django_db(transaction=True)
def test_same_seed_same_records_other_seed_other_records():
    generate(0.05, seed=4)
    first = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    generate(0.05, seed=4)
    assert snapshot() == first
    call_command("flush", interactive=False, verbosity=0)
    generate(0.05, seed=5)
    assert snapshot() != first
