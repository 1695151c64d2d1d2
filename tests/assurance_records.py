"""A partnership's assurance records with figures known in advance, public and restricted,
for the dashboard's tests (and its browser test). Names and numbers are invented.

As the public sees them: reviews 2 (1 with open recommendations, 1 with overdue ones),
review recommendations 2 open and 1 overdue; audit recommendations 2 outstanding in 1 of
1 audit (1 overdue); training 450 in 2022/23 against 470 in 2023/24; budget 2023/24 an
overspend of £3,000; priorities 2 for 2023–2025. A reader of the body also sees the
unpublished review, the restricted audit, 5 more trained in 2023/24, the 2024/25 budget and
a third priority.
"""

from __future__ import annotations

import datetime as dt

from scrutineer.assurance.models import (
    Audit,
    Budget,
    BudgetLine,
    LearningReview,
    Priority,
    ProgressStatement,
    Subgroup,
    TrainingCount,
    TrainingCourse,
)
from scrutineer.governance.models import Body, Visibility
from scrutineer.tracker.models import TrackedItem

RESTRICTED = Visibility.RESTRICTED


def recommendation(
    body, text, due, status="open", visibility=Visibility.PUBLIC, kind="case-review"
):
    return TrackedItem.objects.create(
        item_type=TrackedItem.Type.RECOMMENDATION,
        text=text,
        source_kind=kind,
        body=body,
        due_date=due,
        status=status,
        visibility=visibility,
    )


def partnership(today: dt.date) -> Body:
    body = Body.objects.create(
        name="Northbrook Safeguarding Children Partnership",
        kind=Body.Kind.SAFEGUARDING_PARTNERSHIP,
    )
    past, future = today - dt.timedelta(days=10), today + dt.timedelta(days=30)

    child_p = LearningReview.objects.create(
        body=body,
        kind=LearningReview.Kind.SCR,
        title="Serious Case Review – Child P",
        subject="Child P",
        published_on=dt.date(2024, 5, 1),
    )
    child_p.recommendations.add(
        recommendation(body, "Agencies should share chronologies", past),
        recommendation(body, "Health visitors should record fathers", future),
        recommendation(body, "The Board should audit neglect cases", past, status="complete"),
    )
    rowan = LearningReview.objects.create(  # unpublished, so restricted
        body=body,
        kind=LearningReview.Kind.CSPR,
        title="Child Safeguarding Practice Review – Rowan",
        subject="Rowan",
        not_published_reason="A criminal trial is pending",
    )
    rowan.recommendations.add(
        recommendation(body, "Schools should escalate absence", past, visibility=RESTRICTED),
        recommendation(
            body, "Police should attend strategy meetings", future, visibility=RESTRICTED
        ),  # fmt: skip
    )
    settled = LearningReview.objects.create(
        body=body,
        kind=LearningReview.Kind.RAPID,
        title="Rapid review – Family Q",
        subject="Family Q",
        published_on=dt.date(2023, 2, 1),
    )
    settled.recommendations.add(
        recommendation(body, "Share the learning briefing", past, status="complete")
    )

    section_11 = Audit.objects.create(
        body=body, kind=Audit.Kind.SECTION_11, title="Section 11 audit 2023", period="2023"
    )
    section_11.recommendations.add(
        recommendation(body, "Agencies to update safer recruitment", past, kind="audit"),
        recommendation(body, "Agencies to publish a whistleblowing policy", future, kind="audit"),
    )
    babies = Audit.objects.create(
        body=body,
        kind=Audit.Kind.MULTI_AGENCY,
        title="Multi-agency audit: bruising in non-mobile babies",
        visibility=RESTRICTED,
    )
    babies.recommendations.add(
        recommendation(
            body, "Midwives to use the protocol", future, visibility=RESTRICTED, kind="audit"
        )  # fmt: skip
    )

    for period, levels in (("2022/23", (300, 100, 50)), ("2023/24", (320, 90, 60))):
        for level, count in enumerate(levels, start=1):
            TrainingCount.objects.create(body=body, period=period, level=level, count=count)
    TrainingCount.objects.create(body=body, period="2023/24", count=999, printed_total=True)
    TrainingCount.objects.create(
        body=body, period="2023/24", level=1, count=5, visibility=RESTRICTED
    )
    TrainingCourse.objects.create(
        body=body, period="2023/24", name="Neglect conference", level=1, attendees=120
    )

    budget = Budget.objects.create(body=body, year="2023/24")
    for order, (label, pounds) in enumerate(
        [("Northbrook Council", 60_000), ("Northbrook Police", 30_000), ("Health", 10_000)]
    ):
        BudgetLine.objects.create(
            budget=budget, kind="contribution", label=label, pence=pounds * 100, order=order
        )
    for order, (label, planned, actual) in enumerate(
        [("Staffing", 80_000, 85_000), ("Training", 20_000, 18_000)]
    ):
        BudgetLine.objects.create(
            budget=budget,
            kind="expenditure",
            label=label,
            budget_pence=planned * 100,
            pence=actual * 100,
            order=order,
        )
    hidden = Budget.objects.create(body=body, year="2024/25", visibility=RESTRICTED)
    BudgetLine.objects.create(budget=hidden, kind="contribution", label="Council", pence=500_000)
    BudgetLine.objects.create(budget=hidden, kind="expenditure", label="Staffing", pence=400_000)

    Priority.objects.create(body=body, period="2020–2022", number=1, title="An older priority")
    first = Priority.objects.create(
        body=body, period="2023–2025", number=1, title="Neglect is recognised early"
    )
    second = Priority.objects.create(
        body=body, period="2023–2025", number=2, title="Children are safe online"
    )
    third = Priority.objects.create(
        body=body, period="2023–2025", number=3, title="Exploitation", visibility=RESTRICTED
    )
    for priority, headings in (
        (first, ["working-well", "working-well", "worried", "needs-to-happen"]),
        (second, ["needs-to-happen"]),
        (third, ["worried"]),
    ):
        for order, heading in enumerate(headings):
            ProgressStatement.objects.create(
                priority=priority, heading=heading, text=f"Statement {order}", order=order
            )
    Subgroup.objects.create(body=body, name="Learning and Improvement", chair="Dr Ada Quinn")
    Subgroup.objects.create(body=body, name="Exploitation task group", visibility=RESTRICTED)
    return body


def more_records(body, today: dt.date, n: int) -> None:
    """``n`` more of everything, to see that the dashboard's queries do not grow."""
    past = today - dt.timedelta(days=5)
    for i in range(n):
        review = LearningReview.objects.create(
            body=body, kind="learning-review", title=f"Extra review {i}", subject=f"Case {i}",
            published_on=dt.date(2022, 1, 1) if i % 2 else None,
        )  # fmt: skip
        review.recommendations.add(recommendation(body, f"Extra {i}", past))
        audit = Audit.objects.create(body=body, kind="single-agency", title=f"Extra audit {i}")
        audit.recommendations.add(recommendation(body, f"Extra audit rec {i}", past, kind="audit"))
        budget = Budget.objects.create(body=body, year=f"20{10 + i}/{11 + i}")
        BudgetLine.objects.create(budget=budget, kind="contribution", label="Council", pence=100)
        priority = Priority.objects.create(body=body, period="2023–2025", title=f"Extra {i}")
        ProgressStatement.objects.create(priority=priority, heading="worried", text="More")
        Subgroup.objects.create(body=body, name=f"Extra subgroup {i}")
        TrainingCount.objects.create(body=body, period="2023/24", agency=f"Agency {i}", count=1)
