"""The assurance part of the ParsedPack: what a partnership's papers print about its
learning reviews, audits, training, budget, priorities and subgroups.

Every record keeps the lines it was read from, and ``facts`` keeps the lines of each field
read from somewhere else in the paper ("decided 2 March 2015" three pages after the title),
so every figure and date can be shown with its source. Amounts are whole pence, so the JSON
of ``scrutineer parse`` stays exact. Recommendations and actions are not here: they are
``ParsedTrackedItem`` rows (``review``, ``audit`` or ``plan`` names what they belong to),
because the tracker is the one spine for everything chased until done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


def where(span: Span) -> str:
    """ "line 12" or "lines 12–14", for a warning's message."""
    first, last = span
    return f"line {first}" if first == last else f"lines {first}–{last}"


@dataclass
class ParsedStatement:
    """A paragraph under a heading: a finding under "What's working well", a progress
    statement under "What needs to happen", an evaluation quote."""

    heading: str  # as printed; ``signs_of_safety`` reads it as one of three
    text: str
    lines: Span


@dataclass
class ParsedLearningReview:
    kind: str  # "scr", "cspr", "rapid-review", "learning-review", "dhr", "audit-led"
    title: str  # the name its recommendations carry in ``ParsedTrackedItem.review``
    subject: str  # as published: "Child G, Child H, Child I, Child J and Child K", "Matt"
    lines: Span
    body: str | None = None  # who commissioned it, as printed
    trigger: str | None = None
    decided: str | None = None  # ISO date of the decision to hold it
    appointed: str | None = None  # when the chair and author were appointed, as printed
    chair: str | None = None
    author: str | None = None
    panel: list[str] = field(default_factory=list)  # agencies
    timeline_from: str | None = None  # as printed: "January 2010"
    timeline_to: str | None = None  # "end of September 2012"
    scope: list[str] = field(default_factory=list)
    findings: list[ParsedStatement] = field(default_factory=list)
    published: str | None = None  # ISO date
    not_published_reason: str | None = None
    status: str | None = None  # as printed
    facts: dict[str, Span] = field(default_factory=dict)  # field name -> its lines


@dataclass
class ParsedLevelCount:
    """One cell of an action plan's summary: how many actions of an area are at a level."""

    area: str
    level: int
    count: int
    lines: Span
    # True when the table marks each area's level (the cell repeats its column's level)
    # rather than counting its actions at each level
    marks: bool = False


@dataclass
class ParsedActionPlan:
    """A plan's header and summary; its actions are ``ParsedTrackedItem`` rows whose
    ``plan`` is this title."""

    title: str
    lines: Span
    body: str | None = None
    belongs_to: str = "service"  # "review", "audit", "priority" or "service"
    owner: str | None = None  # the review's, audit's or priority's title
    period: str | None = None  # as printed: "2015 – 2018"
    levels: list[ParsedLevelCount] = field(default_factory=list)
    facts: dict[str, Span] = field(default_factory=dict)


@dataclass
class ParsedAudit:
    kind: str  # "section-11", "section-175", "multi-agency", "single-agency"
    title: str  # the name its recommendations carry in ``ParsedTrackedItem.audit``
    lines: Span
    body: str | None = None
    period: str | None = None
    scope: str | None = None
    standards: list[ParsedStatement] = field(default_factory=list)
    standards_count: int | None = None  # "against eight standards", when they are not listed
    returned: list[str] = field(default_factory=list)
    not_returned: list[str] = field(default_factory=list)
    returned_count: int | None = None  # "38 of 41 agencies returned it"
    not_returned_count: int | None = None  # "except for three"
    findings: list[ParsedStatement] = field(default_factory=list)
    facts: dict[str, Span] = field(default_factory=dict)


@dataclass
class ParsedCourse:
    name: str
    period: str  # "2020/21"
    lines: Span
    level: int | None = None
    sessions: int | None = None
    attendees: int | None = None
    evaluation: list[ParsedStatement] = field(default_factory=list)


@dataclass
class ParsedTrainingCount:
    """People trained in a period, by level, by agency or both; a printed total is kept
    with ``printed_total`` so it can be checked against the sum, never used as one."""

    period: str  # "2015/16", "October 2016 – March 2017"
    count: int
    lines: Span
    level: int | None = None
    agency: str | None = None
    printed_total: bool = False


@dataclass
class ParsedTraining:
    body: str | None
    courses: list[ParsedCourse] = field(default_factory=list)
    counts: list[ParsedTrainingCount] = field(default_factory=list)


@dataclass
class ParsedBudgetLine:
    """A contribution (``agency`` set) or an expenditure line (``item`` set)."""

    lines: Span
    agency: str | None = None
    item: str | None = None
    pence: int | None = None  # the amount; for expenditure, the actual
    budget_pence: int | None = None  # expenditure lines that print a budget beside it
    share: str | None = None  # as printed: "59.9%", "78%"


@dataclass
class ParsedBudget:
    year: str  # "2016/17"
    lines: Span
    body: str | None = None
    contributions: list[ParsedBudgetLine] = field(default_factory=list)
    expenditure: list[ParsedBudgetLine] = field(default_factory=list)
    # printed totals, checked against the lines: "contributions", "budgeted", "actual",
    # "overspend", "underspend" -> (pence, lines)
    printed: dict[str, tuple[int, Span]] = field(default_factory=dict)


@dataclass
class ParsedPriority:
    period: str  # "2020–2022", "2017/18"
    title: str
    lines: Span
    body: str | None = None
    number: int | None = None
    why: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    progress: list[ParsedStatement] = field(default_factory=list)
    on_plan_on_a_page: bool = False
    facts: dict[str, Span] = field(default_factory=dict)  # "plan_on_a_page" -> its row
    indicators: list[str] = field(default_factory=list)  # names of the paper's indicators


@dataclass
class ParsedSubgroup:
    name: str
    lines: Span
    body: str | None = None
    chair: str | None = None
    workplan: list[str] = field(default_factory=list)
    facts: dict[str, Span] = field(default_factory=dict)  # "chair", "workplan" -> lines


@dataclass
class ParsedAssurance:
    reviews: list[ParsedLearningReview] = field(default_factory=list)
    action_plans: list[ParsedActionPlan] = field(default_factory=list)
    audits: list[ParsedAudit] = field(default_factory=list)
    training: list[ParsedTraining] = field(default_factory=list)
    budgets: list[ParsedBudget] = field(default_factory=list)
    priorities: list[ParsedPriority] = field(default_factory=list)
    subgroups: list[ParsedSubgroup] = field(default_factory=list)
