"""The assurance phase of a synthetic run (a mixin of ``governance.Synthesiser``): what the
partnerships learn and check, over the same ten years as their meetings.

- learning reviews made of the case-review recommendations the tracker phase wrote (one
  review per reference and meeting, its items its recommendations); about a third of those
  from the last two years, and a few older ones, are not published yet, so they and their
  recommendations are restricted;
- audits made the same way of the audit findings and recommendations, with findings under
  the Signs of Safety headings; a few are restricted, and so are their recommendations;
- for each safeguarding partnership and financial year: training (people trained by level
  and by agency, and courses with their attendance), a budget (contributions by agency and
  expenditure lines with what was budgeted and spent), and every two years priorities with
  their why, metrics, outcomes and progress statements; and its subgroups with their chairs.

It draws from its own ``random.Random`` (seeded from the run's seed), so the phases before it
make the same data with or without it; like the rest of synth it writes through
``scrutineer.bulk`` and leaves every record without a source document.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from scrutineer import bulk
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
from scrutineer.governance.models import Body, Visibility
from scrutineer.periods import FinancialYear, add_months
from scrutineer.tracker.models import TrackedItem

from .plan import YEARS
from .records import BodyInfo
from .vocabulary import ACTIONS, TOPICS, lower

# Of reviews: not published yet, so restricted with their recommendations; of those from the
# last two years, and of older ones.
UNPUBLISHED_SHARE = 0.3
LONG_UNPUBLISHED_SHARE = 0.02
RECENT_DAYS = 730
# Reviews are held back only while their recommendations stay within this share of all the
# tracked items; and audits restricted only while theirs stay within the second.
UNPUBLISHED_ITEMS_SHARE = 0.04
RESTRICTED_AUDIT_ITEMS_SHARE = 0.01
RESTRICTED_AUDIT_SHARE = 0.1
RESTRICTED_SHARE = 0.03  # of training rows, budgets, priorities and subgroups
PRIORITY_YEARS = 2  # a plan's span
PUBLIC, RESTRICTED = Visibility.PUBLIC, Visibility.RESTRICTED

REVIEW_KINDS = {
    "Serious Case Review": LearningReview.Kind.SCR,
    "Child Safeguarding Practice Review": LearningReview.Kind.CSPR,
    "Safeguarding Adults Review": LearningReview.Kind.LEARNING,
    "Rapid Review": LearningReview.Kind.RAPID,
}
NOT_PUBLISHED = [
    "A criminal investigation remains current.",
    "Publication awaits the outcome of a trial.",
    "The family has asked that publication be delayed.",
]
AUDIT_KINDS = [
    (Audit.Kind.MULTI_AGENCY, 6),
    (Audit.Kind.SINGLE_AGENCY, 2),
    (Audit.Kind.SECTION_11, 1),
    (Audit.Kind.SECTION_175, 1),
]
FINDINGS = {
    "working-well": "Practitioners knew the families well and recorded {topic} consistently.",
    "worried": "Case records did not always show the voice of the child in {topic}.",
    "needs-to-happen": "Agencies should {action} {topic} and report back within six months.",
}
AGENCIES = [
    ("{place} City Council", 58),
    ("{place} Police", 15),
    ("{place} Integrated Care Board", 20),
    ("Schools Forum", 4),
    ("Probation Service", 2),
    ("Fire and Rescue Service", 1),
]
SPENDING = [
    ("Business unit staffing", 62),
    ("Independent chair", 8),
    ("Training programme", 12),
    ("Learning reviews", 10),
    ("Annual conference", 3),
    ("Website and communications", 5),
]
TRAINING_AGENCIES = [
    "Children's Social Care", "Health", "Education", "Police", "Voluntary sector",
    "Early Years", "Housing",
]  # fmt: skip
COURSES = [
    "Neglect awareness", "Child sexual exploitation", "Safeguarding basics",
    "Domestic abuse and children", "Working Together", "Graded Care Profile",
    "Signs of Safety practice", "Online safety", "Contextual safeguarding",
    "Professional curiosity", "Escalation and resolution", "Female genital mutilation",
    "Managing allegations (LADO)", "Parental mental health", "Harmful sexual behaviour",
    "Neglect conference", "Child criminal exploitation", "Safer sleeping",
    "Trauma-informed practice", "Voice of the child",
]  # fmt: skip
HEADINGS = ["working-well", "worried", "needs-to-happen"]
PROGRESS = {
    "working-well": "Partners report that {topic} is better understood across agencies.",
    "worried": "Referrals for {topic} remain uneven across the city.",
    "needs-to-happen": "The subgroup will {action} {topic} before the next report.",
}


class Assurance:
    """The assurance phase: run after the tracker, whose case-review and audit items it
    gathers into reviews and audits."""

    def assurance(self) -> None:
        self.arng = random.Random(f"assurance-{self.seed}")
        groups = self._review_and_audit_groups()
        self._reviews(groups["case-review"])
        self._audits(groups["audit"])
        partnerships = [
            info for info in self.bodies if info.body.kind == Body.Kind.SAFEGUARDING_PARTNERSHIP
        ]
        years = self._years()
        for done, info in enumerate(partnerships, start=1):
            self._training(info, years)
            self._budgets(info, years)
            self._priorities(info, years)
            self.progress("Assurance records", done, len(partnerships))
        self._subgroups(partnerships)

    def _years(self) -> list[FinancialYear]:
        """The ten financial years up to this one."""
        last = FinancialYear.of(self.today)
        return [FinancialYear(last.first - n) for n in range(YEARS - 1, -1, -1)]

    def _visibility(self, share: float = RESTRICTED_SHARE) -> str:
        return RESTRICTED if self.arng.random() < share else PUBLIC

    # -- reviews and audits, from the tracker's items ---------------------------------------

    def _review_and_audit_groups(self) -> dict[str, dict]:
        """The case-review and audit items, by kind, then (body, reference, meeting)."""
        groups: dict[str, dict] = {"case-review": defaultdict(list), "audit": defaultdict(list)}
        rows = (
            TrackedItem.objects.filter(source_kind__in=list(groups))
            .order_by("pk")
            .values_list(
                "pk", "source_kind", "body_id", "source_reference", "meeting__date", "topic"
            )  # fmt: skip
        )
        for pk, kind, body_id, reference, day, topic in rows.iterator():
            groups[kind][(body_id, reference, day)].append((pk, topic))
        return groups

    def _unique(self, taken: set, body_id: int, title: str) -> str:
        candidate, n = title, 1
        while (body_id, candidate) in taken:
            n += 1
            candidate = f"{title} ({n})"
        taken.add((body_id, candidate))
        return candidate

    def _reviews(self, groups: dict) -> None:
        rng, taken = self.arng, set()
        reviews, members, hidden = [], [], []
        room = round(UNPUBLISHED_ITEMS_SHARE * self.plan.tracked_items)
        for (body_id, reference, day), items in groups.items():
            label, _, subject = reference.partition(" – ")
            # Recent reviews wait for trials and investigations more often than old ones;
            # the restricted recommendations stay a small share of the tracker's items.
            recent = (self.today - day).days < RECENT_DAYS
            share = UNPUBLISHED_SHARE if recent else LONG_UNPUBLISHED_SHARE
            publish_day = min(add_months(day, rng.randint(1, 6)), self.today)
            published = rng.random() >= share or len(hidden) + len(items) > room
            if not published:
                hidden.extend((pk, RESTRICTED) for pk, _ in items)
            decided = day - dt.timedelta(days=rng.randint(60, 400))
            reviews.append(
                LearningReview(
                    body_id=body_id,
                    kind=REVIEW_KINDS.get(label, LearningReview.Kind.LEARNING),
                    title=self._unique(taken, body_id, f"{reference}, {day:%B %Y}"),
                    subject=subject or reference,
                    trigger=f"Concerns about {lower(items[0][1])} in the agencies' work.",
                    decided_on=decided,
                    appointed=f"{add_months(decided, 2):%B %Y}",
                    timeline_from=f"{add_months(decided, -30):%B %Y}",
                    timeline_to=f"{add_months(decided, -3):%B %Y}",
                    panel=["Children's Social Care", "Police", "Health", "Education"],
                    published_on=publish_day if published else None,
                    not_published_reason="" if published else rng.choice(NOT_PUBLISHED),
                    status="Published" if published else "Not published",
                    visibility=PUBLIC if published else RESTRICTED,
                )
            )
            members.append(items)
        self.insert(LearningReview, reviews)
        through = LearningReview.recommendations.through
        rows = [(review.pk, pk) for review, items in zip(reviews, members, strict=True)
                for pk, _ in items]  # fmt: skip
        bulk.write_rows(through, ("learningreview_id", "trackeditem_id"), rows)
        # An unpublished review's recommendations are as restricted as it is.
        bulk.set_column(TrackedItem, "visibility", hidden)
        self.count("review recommendations", len(rows))

    def _audits(self, groups: dict) -> None:
        rng, taken = self.arng, set()
        kinds, weights = zip(*AUDIT_KINDS, strict=True)
        audits, members, hidden = [], [], []
        room = round(RESTRICTED_AUDIT_ITEMS_SHARE * self.plan.tracked_items)
        for (body_id, _reference, day), items in groups.items():
            kind = rng.choices(kinds, weights)[0]
            visibility = self._visibility(RESTRICTED_AUDIT_SHARE)
            if visibility == RESTRICTED and len(hidden) + len(items) > room:
                visibility = PUBLIC
            if visibility == RESTRICTED:
                hidden.extend((pk, RESTRICTED) for pk, _ in items)
            topic = items[0][1] or rng.choice(TOPICS)
            title = f"{Audit.Kind(kind).label}: {lower(topic)}, {day:%B %Y}"
            audits.append(
                Audit(
                    body_id=body_id,
                    kind=kind,
                    title=self._unique(taken, body_id, title),
                    period=f"{add_months(day, -6):%B %Y} to {add_months(day, -1):%B %Y}",
                    scope=f"Multi-agency practice in {lower(topic)}.",
                    returned=["Children's Social Care", "Police", "Health"],
                    not_returned=["Education"] if rng.random() < 0.3 else [],
                    visibility=visibility,
                )
            )
            members.append((items, topic))
        self.insert(Audit, audits)
        findings, rows = [], []
        for audit, (items, topic) in zip(audits, members, strict=True):
            rows.extend((audit.pk, pk) for pk, _ in items)
            for order, heading in enumerate(HEADINGS):
                text = FINDINGS[heading].format(topic=lower(topic), action=rng.choice(ACTIONS))
                findings.append((audit.pk, heading, text, order))
        bulk.write_rows(Audit.recommendations.through, ("audit_id", "trackeditem_id"), rows)
        bulk.set_column(TrackedItem, "visibility", hidden)
        self.count("audit recommendations", len(rows))
        written = bulk.write_rows(AuditFinding, ("audit_id", "heading", "text", "order"), findings)
        self.count("audit findings", written)

    # -- each partnership's years -----------------------------------------------------------

    def _training(self, info: BodyInfo, years: list[FinancialYear]) -> None:
        rng, body_id = self.arng, info.body.pk
        counts, courses = [], []
        base = rng.randint(600, 1400)
        for n, year in enumerate(years):
            grown = base * (1 + 0.03 * n)
            for level, share in ((1, 0.5), (2, 0.2), (3, 0.3)):
                count = round(grown * share * rng.uniform(0.85, 1.15))
                counts.append((body_id, year.label, level, "", count, self._visibility()))
            for agency in rng.sample(TRAINING_AGENCIES, 5):
                count = round(grown * rng.uniform(0.05, 0.3))
                counts.append((body_id, year.label, None, agency, count, self._visibility()))
            for name in sorted(rng.sample(COURSES, rng.randint(8, 16))):
                sessions = rng.randint(1, 12)
                courses.append(
                    (body_id, year.label, name, rng.randint(1, 3), sessions,
                     sessions * rng.randint(8, 25), self._visibility())
                )  # fmt: skip
        names = ("body_id", "period", "level", "agency", "count", "visibility")
        self.count("training counts", bulk.write_rows(TrainingCount, names, counts))
        names = ("body_id", "period", "name", "level", "sessions", "attendees", "visibility")
        self.count("training courses", bulk.write_rows(TrainingCourse, names, courses))

    def _budgets(self, info: BodyInfo, years: list[FinancialYear]) -> None:
        rng, place = self.arng, info.authority.place
        budgets = [
            Budget(body_id=info.body.pk, year=year.label, visibility=self._visibility())
            for year in years
        ]
        self.insert(Budget, budgets)
        total = rng.randint(250, 600) * 1000  # pounds
        lines = []
        for budget in budgets:
            total = round(total * rng.uniform(0.98, 1.06))
            for order, (agency, share) in enumerate(AGENCIES):
                pence = round(total * share / 100) * 100
                lines.append((budget.pk, "contribution", agency.format(place=place), pence,
                              None, f"{share}%", order))  # fmt: skip
            for order, (label, share) in enumerate(SPENDING):
                planned = round(total * share / 100) * 100
                spent = round(planned * rng.uniform(0.85, 1.12) / 100) * 100
                lines.append((budget.pk, "expenditure", label, spent, planned, "", order))
        names = ("budget_id", "kind", "label", "pence", "budget_pence", "share", "order")
        self.count("budget lines", bulk.write_rows(BudgetLine, names, lines))

    def _priorities(self, info: BodyInfo, years: list[FinancialYear]) -> None:
        rng = self.arng
        priorities, topics = [], []
        for start in years[::PRIORITY_YEARS]:
            period = f"{start.first}–{start.first + PRIORITY_YEARS}"
            for number, topic in enumerate(rng.sample(TOPICS, rng.randint(3, 5)), start=1):
                phrase = lower(topic)
                priorities.append(
                    Priority(
                        body_id=info.body.pk,
                        period=period,
                        number=number,
                        title=topic,
                        why=[f"Too many children are affected by {phrase}."],
                        metrics=[f"Number of referrals for {phrase}", "Repeat referrals"],
                        outcomes=[f"Children affected by {phrase} are identified earlier."],
                        on_plan_on_a_page=True,
                        visibility=self._visibility(),
                    )
                )
                topics.append(phrase)
        self.insert(Priority, priorities)
        statements = []
        for priority, phrase in zip(priorities, topics, strict=True):
            for order in range(rng.randint(2, 6)):
                heading = HEADINGS[order % len(HEADINGS)]
                text = PROGRESS[heading].format(topic=phrase, action=rng.choice(ACTIONS))
                statements.append((priority.pk, heading, text, order))
        names = ("priority_id", "heading", "text", "order")
        self.count("progress statements", bulk.write_rows(ProgressStatement, names, statements))

    def _subgroups(self, partnerships: list[BodyInfo]) -> None:
        """Each partnership's subgroups, named as the partnership calls them, with a chair
        from its authority's officers."""
        rng = self.arng
        children = defaultdict(list)
        for info in self.bodies:
            if info.body.parent_id is not None:
                children[info.body.parent_id].append(info.body)
        rows = []
        for info in partnerships:
            for child in children[info.body.pk]:
                name = child.name.removeprefix(info.body.name).strip() or child.name
                person, title, _ = rng.choice(info.authority.officers)
                rows.append(
                    Subgroup(
                        body_id=info.body.pk,
                        name=name,
                        chair=f"{person.name}, {title}",
                        workplan=[f"Review {lower(rng.choice(TOPICS))}"],
                        visibility=self._visibility(),
                    )
                )
        self.insert(Subgroup, rows)
