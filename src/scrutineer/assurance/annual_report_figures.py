"""The annual report's figures: training by level and agency, the scorecard with its
comparators, and the budget, from the public records of a body's year (``annual_report``
says which records belong to it and words the figures; the sums have their one home in
``training`` and ``budgets``)."""

from __future__ import annotations

from collections import defaultdict

from scrutineer.performance.models import Area, Indicator, Observation
from scrutineer.periods import FinancialYear
from scrutineer.reports.annual_report import ReportTable, Section, Subheading

from .annual_report import PUBLIC, money, number, overlaps, period_span, source_note, spans_of
from .budgets import budget_position
from .models import Budget, BudgetLine, TrainingCount, TrainingCourse
from .training import training_periods, training_totals

LEVELS = (1, 2, 3)

# Training -------------------------------------------------------------------------------------


def _training_periods(body, year) -> list[str]:
    """This year's and last year's, oldest first."""
    last = FinancialYear(year.first - 1)
    spans = {p: period_span(p) for p in training_periods(body, PUBLIC)}
    chosen = [p for p, span in spans.items() if overlaps(span, last.start, year.end)]
    return sorted(chosen, key=lambda p: (spans[p][0], spans[p][1], p))


def training(body, year) -> tuple[Section, Section]:
    section = Section("training", "", empty=f"No training is recorded for {year.label}.")
    appendix = Section("appendix-training", "", empty="No training by agency is recorded.")
    if not TrainingCount.objects.visible_to(PUBLIC).filter(body=body).exists():
        return _courses(body, year, section), appendix
    periods = _training_periods(body, year)
    rows, spans, printed_rows, printed_spans = [], [], [], []
    public = TrainingCount.objects.visible_to(PUBLIC).filter(body=body).select_related("source")
    for period in periods:
        counts = [c for c in public if c.period == period]
        totals = training_totals(body, period, PUBLIC)
        if totals.by_level:
            rows.append(
                [period]
                + [number(totals.by_level.get(level)) for level in LEVELS]
                + [number(totals.total)]
            )
            spans += spans_of([c for c in counts if c.level and not c.agency])
        printed = [c for c in counts if c.printed_total]
        printed_rows += [
            [period, f"Level {c.level}" if c.level else "All levels", number(c.count)]
            for c in printed
        ]
        printed_spans += spans_of(printed)
        _by_agency(appendix, period, counts)
    if rows:
        section.parts.append(
            ReportTable(
                "People trained by level",
                ["Period", "Level 1", "Level 2", "Level 3", "Total"],
                rows,
                source_note(*spans),
                [3, 1, 1, 1, 1],
            )
        )
    if printed_rows:
        section.parts.append(
            ReportTable(
                "Totals as the papers print them",
                ["Period", "Of", "Printed total"],
                printed_rows,
                source_note(*printed_spans),
                [3, 2, 1],
            )
        )
    _courses(body, year, section)
    return section, appendix


def _by_agency(appendix, period, counts) -> None:
    by_level = defaultdict(list)
    for count in sorted(counts, key=lambda c: (c.first_line or 0, c.pk)):  # as printed
        if count.agency and not count.printed_total:
            by_level[count.level].append(count)
    for level in sorted(by_level, key=lambda lv: (lv is not None, lv or 0)):
        rows = by_level[level]
        of = f"Level {level}" if level else "All levels"
        section_rows = [[c.agency, number(c.count)] for c in rows]
        section_rows.append(["Total", number(sum(c.count for c in rows))])
        appendix.parts.append(
            ReportTable(
                f"Trained by agency, {period}: {of}",
                ["Agency", "People trained"],
                section_rows,
                source_note(*spans_of(rows)),
                [4, 1],
            )
        )


def _courses(body, year, section) -> Section:
    courses = [
        c
        for c in TrainingCourse.objects.visible_to(PUBLIC)
        .filter(body=body)
        .select_related("source")
        if overlaps(period_span(c.period), year.start, year.end)
    ]
    if courses:
        rows = [
            [c.name, str(c.level or ""), number(c.sessions), number(c.attendees)] for c in courses
        ]
        total = sum(c.attendees or 0 for c in courses)
        rows.append(["Total", "", "", number(total)])
        section.parts.append(
            ReportTable(
                f"Courses in {year.label}",
                ["Course", "Level", "Sessions", "Attended"],
                rows,
                source_note(*spans_of(courses)),
                [5, 1, 1, 1],
            )
        )
    return section


# The scorecard ------------------------------------------------------------------------------

COMPARATORS = (
    Area.Kind.STATISTICAL_NEIGHBOURS,
    Area.Kind.REGION,
    Area.Kind.ENGLAND,
)


def scorecard(body, year) -> Section:
    section = Section("scorecard", "", empty=f"No scorecard figures are recorded for {year.label}.")
    indicators = Indicator.objects.visible_to(PUBLIC).filter(body=body)
    observations = (
        Observation.objects.visible_to(PUBLIC)
        .current()
        .filter(
            indicator__in=indicators,
            breakdown=None,
            period__end__gte=year.start,
            period__end__lte=year.end,
            status=Observation.Status.REPORTED,
        )
        .select_related("indicator", "area", "period", "source")
    )
    cells: dict = defaultdict(dict)
    names: dict = {}
    kept = []
    for observation in observations:
        key = (observation.indicator.name, observation.period.end, observation.period.label)
        names[key] = observation.indicator.name
        kind = observation.area.kind
        if kind in COMPARATORS or kind == Area.Kind.LOCAL_AUTHORITY:
            cells[key].setdefault(kind, observation.raw or str(observation.value))
            kept.append(observation)
    rows = [
        [key[0], key[2], cells[key].get(Area.Kind.LOCAL_AUTHORITY, "")]
        + [cells[key].get(kind, "") for kind in COMPARATORS]
        for key in sorted(cells, key=lambda k: (k[0], k[1]))
        if Area.Kind.LOCAL_AUTHORITY in cells[key]
    ]
    if rows:
        section.parts.append(
            ReportTable(
                f"Scorecard {year.label} with comparators",
                ["Indicator", "Period", "Local", "Statistical neighbours", "Region", "England"],
                rows,
                source_note(*spans_of(kept)),
                [4, 2, 1, 1.5, 1, 1],
            )
        )
    return section


# Budget ---------------------------------------------------------------------------------------

_PRINTED = (
    ("contributions", "Contributions"),
    ("budgeted", "Budgeted expenditure"),
    ("actual", "Actual expenditure"),
    ("overspend", "Overspend"),
    ("underspend", "Underspend"),
)


def budget(body, year) -> Section:
    section = Section("budget", "", empty=f"No budget is recorded for {year.label}.")
    budgets = [
        b
        for b in Budget.objects.visible_to(PUBLIC).filter(body=body).select_related("source")
        if overlaps(period_span(b.year), year.start, year.end)
    ]
    for budget in budgets:
        lines = list(budget.lines.select_related("source"))
        position = budget_position(budget)
        if len(budgets) > 1:
            section.parts.append(Subheading(f"Budget {budget.year}"))
        _position(section, budget, lines, position)
        contributions = [x for x in lines if x.kind == BudgetLine.Kind.CONTRIBUTION]
        if contributions:
            worked_out = bool(position.income_pence)  # a share of amounts, when printed
            section.parts.append(
                ReportTable(
                    f"Contributions {budget.year}",
                    ["Agency", "Amount", "Share as printed"]
                    + (["Share of the amounts"] if worked_out else []),
                    [
                        [line.label, money(line.pence), line.share or "not printed"]
                        + ([f"{position.shares[line.label]}%"] if worked_out else [])
                        for line in contributions
                    ],
                    source_note(*spans_of(contributions)),
                    [4, 2, 1.5, 1.5][: 4 if worked_out else 3],
                )
            )
        spend = [x for x in lines if x.kind == BudgetLine.Kind.EXPENDITURE]
        if spend:
            section.parts.append(
                ReportTable(
                    f"Expenditure {budget.year}",
                    ["Item", "Budget", "Actual"],
                    [[x.label, money(x.budget_pence), money(x.pence)] for x in spend],
                    source_note(*spans_of(spend)),
                    [4, 2, 2],
                )
            )
    return section


def _position(section, budget, lines, position) -> None:
    """The year's figures from the lines (``budget_position``) beside the totals printed."""
    has_spend = any(x.kind == BudgetLine.Kind.EXPENDITURE for x in lines)
    has_income = any(x.kind == BudgetLine.Kind.CONTRIBUTION and x.pence for x in lines)
    balance = position.balance_pence if has_spend else None
    derived = {
        "contributions": position.income_pence if has_income else None,
        "budgeted": position.budgeted_pence if has_spend else None,
        "actual": position.spent_pence if has_spend else None,
        "overspend": -balance if balance is not None and balance < 0 else None,
        "underspend": balance if balance is not None and balance > 0 else None,
    }
    printed = budget.printed or {}
    rows, spans = [], []
    for key, label in _PRINTED:
        value = printed.get(key)
        if derived[key] is None and value is None:
            continue
        rows.append(
            [
                label,
                money(derived[key]) if derived[key] is not None else "no lines",
                money(value[0]) if value else "not printed",
            ]
        )
        if value and value[1]:
            spans.append((budget.source, value[1][0], value[1][-1]))
    if rows:
        spans += spans_of([x for x in lines if x.kind == BudgetLine.Kind.EXPENDITURE])
        section.parts.append(
            ReportTable(
                f"The budget {budget.year}",
                ["Figure", "From the lines", "As printed"],
                rows,
                source_note(*spans) or source_note(*spans_of([budget])),
                [3, 2, 2],
            )
        )
