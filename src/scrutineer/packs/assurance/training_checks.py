"""Checks on what a paper prints about training: a table's printed total against its rows,
a level against the same level broken down by agency, the levels against the agencies, and
the figures the prose prints about a period or a course against the tables. Each difference
is a warning naming both values and both line spans; nothing is corrected.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ...periods import YEAR_PAIR, pair_label, year_pair_start
from ..model import PackWarning, Span
from .model import ParsedCourse, ParsedTrainingCount, where
from .reporting import LINE_LIMIT

# "In 2015/16 1,170 professionals attended", "in 2012-13, **984** professionals attended"
_PROSE_PERIOD = re.compile(
    rf"{YEAR_PAIR},?\s{{1,3}}\*{{0,2}}(\d{{1,3}}(?:,\d{{3}})+|\d{{1,6}})\*{{0,2}}\s"
    r"(?:[a-z-]{1,20}\s){0,2}(?:attended|were trained|trained|received)\b",
)
# "a total 188 attendees", "with 62 delegates"; "over 300 participants" is no count
_ATTENDEES = re.compile(
    r"(\b[a-z]{1,12}\s)?(\d{1,3}(?:,\d{3})+|\d{1,6})\s(?:attendees|delegates|participants)\b"
    r"(\sper\b)?",
    re.IGNORECASE,
)
_APPROXIMATE = {"over", "approximately", "around", "about", "nearly", "almost", "at", "some"}


def check_training(
    lines: list[str], courses: list[ParsedCourse], counts: list[ParsedTrainingCount]
) -> list[PackWarning]:
    warnings = (
        _printed_totals(counts) + _levels_by_agency(counts) + _levels_against_agencies(counts)
    )
    return warnings + _prose_periods(lines, counts) + _prose_courses(lines, courses)


def number(value: int) -> str:
    return f"{value:,}"


def _span(rows: list[ParsedTrainingCount]) -> Span:
    return (min(r.lines[0] for r in rows), max(r.lines[1] for r in rows))


def _warning(code: str, message: str, record: Span, other: Span) -> PackWarning:
    """A warning on the record's own lines (so it is found with the record, and not
    withheld for a restricted passage that happens to lie between the two); the message
    names both places."""
    return PackWarning(code, message, record)


def _printed_totals(counts: list[ParsedTrainingCount]) -> list[PackWarning]:
    warnings = []
    for total in (c for c in counts if c.printed_total):
        # a level table's "Total" column sits on the line of its levels; an agency table's
        # "Total" row under its agencies
        rows = [
            c
            for c in counts
            if c.lines == total.lines and c.level is not None and not c.printed_total
        ]
        if not rows:
            rows = [
                c
                for c in counts
                if c.period == total.period
                and c.level == total.level
                and c.agency
                and not c.printed_total
                and c.lines[0] < total.lines[0]
            ]
        if rows and sum(r.count for r in rows) != total.count:
            warnings.append(
                _warning(
                    "training-total-differs",
                    f"Training {total.period}: the rows ({where(_span(rows))}) sum to "
                    f"{number(sum(r.count for r in rows))} but the printed total is "
                    f"{number(total.count)} ({where(total.lines)}).",
                    _span(rows),
                    total.lines,
                )
            )
    return warnings


def _by_period(counts: list[ParsedTrainingCount]) -> dict[str, list[ParsedTrainingCount]]:
    periods: dict[str, list[ParsedTrainingCount]] = defaultdict(list)
    for count in counts:
        periods[count.period].append(count)
    return periods


def _levels_by_agency(counts: list[ParsedTrainingCount]) -> list[PackWarning]:
    """A level's count in a level table against the same level broken down by agency."""
    warnings = []
    for period, rows in _by_period(counts).items():
        for level_row in (
            r for r in rows if r.level is not None and not r.agency and not r.printed_total
        ):
            breakdown = [r for r in rows if r.level == level_row.level and r.agency]
            if not breakdown:
                continue
            total = sum(r.count for r in breakdown)
            if total != level_row.count:
                warnings.append(
                    _warning(
                        "training-level-differs",
                        f"Training {period}, Level {level_row.level}: {number(level_row.count)} "
                        f"in the table by level ({where(level_row.lines)}) against "
                        f"{number(total)} in the breakdown by agency ({where(_span(breakdown))}).",
                        level_row.lines,
                        _span(breakdown),
                    )
                )
    return warnings


def level_rows(rows: list[ParsedTrainingCount]) -> list[ParsedTrainingCount]:
    """The rows a period's people trained by level come from: a table by level where there
    is one, else the tables by agency at each level."""
    plain = [r for r in rows if r.level is not None and not r.agency and not r.printed_total]
    return plain or [r for r in rows if r.level is not None and r.agency and not r.printed_total]


def _levels_against_agencies(counts: list[ParsedTrainingCount]) -> list[PackWarning]:
    warnings = []
    for period, rows in _by_period(counts).items():
        levels = level_rows(rows)
        agencies = [r for r in rows if r.level is None and r.agency and not r.printed_total]
        if not levels or not agencies:
            continue
        printed = [r for r in rows if r.level is None and not r.agency and r.printed_total]
        by_level = sum(r.count for r in levels)
        last = _span(agencies)[1]
        total_rows = [r for r in printed if 0 < r.lines[0] - last <= 3]
        total = total_rows[0].count if total_rows else sum(r.count for r in agencies)
        total_span = _span(agencies + total_rows)
        if by_level != total:
            warnings.append(
                _warning(
                    "training-levels-differ",
                    f"Training {period}: the levels come to {number(by_level)} "
                    f"({where(_span(levels))}) against a total of {number(total)} by agency "
                    f"({where(total_span)}).",
                    _span(levels),
                    total_span,
                )
            )
    return warnings


def _derived(rows: list[ParsedTrainingCount]) -> set[int]:
    """Every total the tables give a period: by level, by agency, or printed."""
    found = {r.count for r in rows if r.printed_total and r.level is None and not r.agency}
    levels = level_rows(rows)
    if levels:
        found.add(sum(r.count for r in levels))
    agencies = [r for r in rows if r.level is None and r.agency and not r.printed_total]
    if agencies:
        found.add(sum(r.count for r in agencies))
    return found


def _prose_periods(lines: list[str], counts: list[ParsedTrainingCount]) -> list[PackWarning]:
    periods = _by_period(counts)
    warnings = []
    for index, line in enumerate(lines):
        text = line[:LINE_LIMIT]
        if "\t" in text or not any(word in text for word in ("attended", "trained", "received")):
            continue
        for match in _PROSE_PERIOD.finditer(text):
            start = year_pair_start(match[1], match[2])
            rows = periods.get(pair_label(start)) if start is not None else None
            printed = int(match[3].replace(",", ""))
            if not rows or printed in _derived(rows):
                continue
            levels = level_rows(rows)
            shown = levels or rows
            value = sum(r.count for r in levels) if levels else min(_derived(rows))
            warnings.append(
                _warning(
                    "training-text-differs",
                    f"Training {pair_label(start)}: the table gives {number(value)} "
                    f"({where(_span(shown))}) but the text says {number(printed)} "
                    f"(line {index + 1}).",
                    _span(shown),
                    (index + 1, index + 1),
                )
            )
    return warnings


def _prose_courses(lines: list[str], courses: list[ParsedCourse]) -> list[PackWarning]:
    """A course's attendance as the prose tells it, in the paragraph that names the course
    or under a heading that does, when the paragraph gives one count of attendees."""
    named = [c for c in courses if c.attendees is not None and len(c.name.split()) >= 2]
    warnings = []
    heading = ""
    for index, line in enumerate(lines):
        text = line[:LINE_LIMIT]
        if "\t" in text or not text.strip():
            continue
        if len(text) < 90 and not text.rstrip().endswith("."):
            heading = text.lower()
            continue
        counts = [
            m
            for m in _ATTENDEES.finditer(text)
            if not m[3] and (m[1] or "").strip().lower() not in _APPROXIMATE
        ]
        if len(counts) != 1:
            continue
        printed = int(counts[0][2].replace(",", ""))
        lowered = text.lower()
        for course in named:
            name = course.name.lower()
            if (name in lowered or name in heading) and printed != course.attendees:
                warnings.append(
                    _warning(
                        "training-attendance-differs",
                        f"{course.name} ({course.period}): {number(course.attendees)} attendees "
                        f"in the training table ({where(course.lines)}) against "
                        f"{number(printed)} in the text (line {index + 1}).",
                        course.lines,
                        (index + 1, index + 1),
                    )
                )
    return warnings
