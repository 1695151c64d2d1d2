"""Reading action plans' headers and summary tables of progress levels.

The actions themselves are tracked items (``packs/tracking/plans.py``): each keeps its
theme ("Matrix area") as ``topic`` and its printed progress level (1–4). Here a plan gets
its title, period, what it belongs to, and the summary table printed under it:

    Progress            1   2   3   4
    Service delivery        2
    Quality Assurance       2

A summary either **marks** each area's level (every cell repeats its column's level, one
per row, as above) or **counts** the area's actions at each level. Either way it is checked
against the actions' own levels, and a disagreement is flagged with both spans, never
corrected: a marked level that none of the area's actions has, or a count that is not the
number of the area's actions at that level.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Component, PackWarning, ParsedTrackedItem
from ..titles import significant_words
from ..tracking.cells import squash
from ..tracking.plans import action_plans
from .model import ParsedActionPlan, ParsedLevelCount, Span, where

_PERIOD = re.compile(r"\b((?:19|20)\d\d)(\s{0,3}[–/-]\s{0,3})((?:19|20)?\d\d)\b")
_LEVEL_CELL = re.compile(r"(?:level\s{0,3})?([1-9])", re.IGNORECASE)
SUMMARY_LOOKAHEAD = 60  # lines after a plan's table searched for its summary
_BELONGS = (
    ("review", ("serious case review", "practice review", "learning review", "scr ")),
    ("audit", ("audit",)),
    ("priority", ("priority",)),
)


def plan_headers(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedActionPlan], list[PackWarning]]:
    """Each action plan's header and summary, and the warnings checking the summary
    against the actions' levels."""
    items, _ = action_plans(lines)
    plans: dict[str, tuple[Span, list[ParsedTrackedItem]]] = {}
    for item in items:
        if item.plan and item.plan_lines:
            plans.setdefault(item.plan, (item.plan_lines, []))[1].append(item)
    found, warnings = [], []
    for title, (span, actions) in plans.items():
        plan = ParsedActionPlan(title=title, lines=span, belongs_to=_belongs_to(title))
        period = _PERIOD.search(title)
        if period:
            plan.period = squash(period.group(0))
            plan.facts["period"] = (span[0], span[0])
        plan.levels = _summary(lines, span[1])
        if plan.levels:
            rows = [c.lines[0] for c in plan.levels]
            plan.facts["levels"] = (min(rows), max(rows))
            warnings.extend(check_summary(plan.levels, actions))
        found.append(plan)
    return found, warnings


def _belongs_to(title: str) -> str:
    lowered = f"{title.lower()} "
    return next((kind for kind, words in _BELONGS if any(w in lowered for w in words)), "service")


def _level_of(cell: str) -> int | None:
    match = _LEVEL_CELL.fullmatch(cell.strip())
    return int(match.group(1)) if match else None


def _summary(lines: list[str], end: int) -> list[ParsedLevelCount]:
    """The summary table within SUMMARY_LOOKAHEAD lines after the plan's table (``end`` is
    the index after it): a header whose cells after the first are all levels, then one row
    per area."""
    for index in range(end, min(end + SUMMARY_LOOKAHEAD, len(lines))):
        cells = lines[index].split("\t")
        levels = [_level_of(c) for c in cells[1:]]
        if len(cells) >= 3 and cells[0].strip() and all(levels):
            return _summary_rows(lines, index, levels)
    return []


def _summary_rows(
    lines: list[str], header: int, levels: list[int | None]
) -> list[ParsedLevelCount]:
    rows: list[tuple[str, int, list[tuple[int, str]]]] = []
    for index in range(header + 1, len(lines)):
        cells = lines[index].split("\t")
        if len(cells) < 2 or not cells[0].strip():
            break
        filled = [(lvl, c.strip()) for lvl, c in zip(levels, cells[1:], strict=False) if c.strip()]
        rows.append((squash(cells[0]), index + 1, filled))
    marks = bool(rows) and all(
        len(filled) == 1 and filled[0][1] == str(filled[0][0]) for _, _, filled in rows
    )
    counts = []
    for area, number, filled in rows:
        for level, text in filled:
            if text.isdigit() and len(text) <= 4:
                counts.append(ParsedLevelCount(area, level, int(text), (number, number), marks))
    return counts


def area_actions(area: str, actions: list[ParsedTrackedItem]) -> list[ParsedTrackedItem]:
    """The actions of a summary's area: those whose theme is the area (case aside), else
    those of the one theme sharing most words with it (two at least, and no tie)."""
    same = [a for a in actions if a.topic and a.topic.casefold() == area.casefold()]
    if same:
        return same
    words = significant_words(area)
    shared = Counter()
    for topic in {a.topic for a in actions if a.topic}:
        shared[topic] = len(words & significant_words(topic))
    ranked = shared.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return []
    return [a for a in actions if a.topic == ranked[0][0]]


def derived_levels(areas, actions) -> dict[str, Counter]:
    """For each summary area, how many of its actions print each level: what the page shows
    beside the printed summary. ``actions`` are anything with ``topic`` and
    ``progress_level`` (parsed items or tracked items)."""
    return {
        area: Counter(a.progress_level for a in area_actions(area, actions) if a.progress_level)
        for area in areas
    }


def _actions_span(actions: list[ParsedTrackedItem]) -> Span:
    return min(a.lines[0] for a in actions), max(a.lines[1] for a in actions)


def check_summary(
    levels: list[ParsedLevelCount], actions: list[ParsedTrackedItem]
) -> list[PackWarning]:
    """Warnings where the summary disagrees with the actions' printed levels."""
    warnings = []
    by_area: dict[str, list[ParsedLevelCount]] = {}
    for cell in levels:
        by_area.setdefault(cell.area, []).append(cell)
    for area, cells in by_area.items():
        mine = area_actions(area, actions)
        row = (min(c.lines[0] for c in cells), max(c.lines[1] for c in cells))
        if not mine:
            warnings.append(
                PackWarning(
                    "action-plan-summary-area",
                    f'The summary row "{area}" ({where(row)}) names no matrix area of '
                    "the plan's actions",
                    row,
                )
            )
            continue
        graded = Counter(a.progress_level for a in mine if a.progress_level)
        if not graded:
            continue
        check = _marked if cells[0].marks else _counted
        if warning := check(area, cells, graded, row, mine):
            warnings.append(warning)
    return warnings


def _levels_text(graded: Counter) -> str:
    return ", ".join(f"{n} at level {lvl}" for lvl, n in sorted(graded.items()))


def _marked(area, cells, graded, row, mine) -> PackWarning | None:
    marked = cells[0].level
    if marked in graded:
        return None
    return PackWarning(
        "action-plan-summary-level",
        f"The summary marks {area} at level {marked} ({where(row)}), but its actions "
        f"({where(_actions_span(mine))}) are {_levels_text(graded)}",
        row,
    )


def _counted(area, cells, graded, row, mine) -> PackWarning | None:
    printed = Counter({c.level: c.count for c in cells if c.count})
    if printed == graded:
        return None
    shown = ", ".join(f"{n} at level {lvl}" for lvl, n in sorted(printed.items())) or "none"
    return PackWarning(
        "action-plan-summary-level",
        f"The summary counts {area} as {shown} ({where(row)}), but its actions "
        f"({where(_actions_span(mine))}) are {_levels_text(graded)}",
        row,
    )
