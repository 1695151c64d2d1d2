"""Reading training: courses with level, sessions and attendance, evaluation statements, and
people trained per period by level, by agency or both.

Tables are recognised by their headers, never by a council's wording:
- a course table: "Course ... | Attendees ..." with rows "Self Harm Workshop | 72 (2 Sessions)";
- a level table: "| Level 1 | Level 2 | Level 3 | Total" with one row per period;
- an agency table: "Category | Total trained in 2016/17 Oct to March | %" (or "| Level 1 | %"),
  rows of agencies and a "Total" row; its level is in the header or the heading above it;
- an evaluation table: "Course | <course> | <course>" with rows of quotes under a heading.

Totals are derived from the rows; a printed total is kept (``printed_total``) and checked,
and so are figures the prose prints about the same period or course (``checks``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Component, PackWarning
from .model import ParsedCourse, ParsedStatement, ParsedTraining, ParsedTrainingCount
from .reporting import LINE_LIMIT, board_of, period_label, report_year
from .training_checks import check_training

_LEVEL = re.compile(r"^\s{0,3}level\s{0,2}([1-4])\b", re.IGNORECASE)
_COUNT = re.compile(
    r"\s{0,3}(\d{1,3}(?:,\d{3}){1,2}|\d{1,7})\s{0,3}[*†]{0,3}\s{0,3}(?:\(([^()]{0,40})\))?\s{0,3}"
)
_SESSIONS = re.compile(r"(\d{1,4})\s{0,2}sessions?\b", re.IGNORECASE)
_TOTAL = re.compile(r"^\s{0,3}(?:grand\s)?total\b", re.IGNORECASE)
_QUOTE = re.compile(r"<p>(.{0,4000}?)</p>")
_TAG = re.compile(r"<[^<>]{0,40}>")
_AGENCY_HEADS = ("category", "agency", "sector", "organisation", "organization", "partner")


@dataclass
class _Found:
    courses: list[ParsedCourse] = field(default_factory=list)
    counts: list[ParsedTrainingCount] = field(default_factory=list)
    evaluations: list[tuple[str, ParsedStatement]] = field(default_factory=list)


def training(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedTraining], list[PackWarning]]:
    by_board: dict[str | None, _Found] = defaultdict(_Found)
    index = 0
    while index < len(lines):
        cells = _cells(lines[index])
        reader = _table_reader(cells) if len(cells) > 1 else None
        if reader is None:
            index += 1
            continue
        found = by_board[board_of(lines, components, index + 1)]
        index = reader(lines, components, index, found)
    records, warnings = [], []
    for board, found in by_board.items():
        _attach_evaluations(found)
        if found.courses or found.counts:
            records.append(ParsedTraining(board, found.courses, found.counts))
            warnings += check_training(lines, found.courses, found.counts)
    return records, warnings


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line[:LINE_LIMIT].split("\t")]


def _words(cell: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", cell.lower()).split())


def _table_reader(cells: list[str]):
    head = _words(cells[0])
    rest = [_words(cell) for cell in cells[1:]]
    if head.startswith("course") and any("attend" in cell for cell in rest):
        return _course_table
    if head.startswith("course") and len([c for c in rest if c]) >= 1:
        return _evaluation_table
    levels = [cell for cell in cells[1:] if _LEVEL.match(cell)]
    if not head and len(levels) >= 2:
        return _level_table
    if head.split(" ")[0] in _AGENCY_HEADS and any(
        "trained" in cell or "level" in cell for cell in rest
    ):
        return _agency_table
    return None


def _rows(lines: list[str], start: int, width: int):
    """The rows under a header at ``start``: tabbed lines, across single blank lines; stops
    at prose, a heading or a second blank line."""
    index = start + 1
    while index < len(lines):
        text = lines[index][:LINE_LIMIT]
        if not text.strip():
            following = lines[index + 1][:LINE_LIMIT] if index + 1 < len(lines) else ""
            if "\t" not in following or _table_reader(_cells(following)) is not None:
                return
            index += 1
            continue
        if "\t" not in text:
            return
        cells = [cell.strip() for cell in text.split("\t")]
        yield index, cells + [""] * (width - len(cells))
        index += 1


def _count(cell: str) -> tuple[int, int | None] | None:
    """ "72 (2 Sessions)" -> (72, 2); "668**" -> (668, None); None for text."""
    match = _COUNT.fullmatch(cell[:80])
    if match is None:
        return None
    number = int(match[1].replace(",", ""))
    sessions = _SESSIONS.search(match[2] or "")
    return number, int(sessions[1]) if sessions else None


def _period(lines: list[str], components: list[Component], index: int, *texts: str) -> str | None:
    """The period a table's cells name, else the nearest heading above it that names one
    (within a few lines), else the year of the report it is in."""
    for text in texts:
        label = period_label(text)
        if label:
            return label
    for above in range(index - 1, max(index - 12, -1), -1):
        text = lines[above][:LINE_LIMIT]
        if "\t" in text:
            break
        label = period_label(text) if len(text) < 200 else None
        if label:
            return label
    return report_year(lines, components, index + 1)


def _course_table(lines, components, start, found: _Found) -> int:
    header = _cells(lines[start])
    period = _period(lines, components, start, *header) or "unknown"
    end = start
    for index, cells in _rows(lines, start, 2):
        end = index
        counted = _count(cells[1])
        name = cells[0]
        if not name or counted is None or _TOTAL.match(name):
            continue
        level = _LEVEL.match(name)
        found.courses.append(
            ParsedCourse(
                name=name,
                period=period,
                lines=(index + 1, index + 1),
                level=int(level[1]) if level else None,
                sessions=counted[1],
                attendees=counted[0],
            )
        )
    return end + 1


def _evaluation_table(lines, components, start, found: _Found) -> int:
    names = _cells(lines[start])[1:]
    end = start
    for index, cells in _rows(lines, start, len(names) + 1):
        end = index
        heading = _TAG.sub("", cells[0]).strip()
        for column, name in enumerate(names, start=1):
            cell = cells[column] if column < len(cells) else ""
            quotes = _QUOTE.findall(cell) or ([cell] if cell[:1] in "'‘“\"" and cell else [])
            for quote in quotes:
                text = " ".join(_TAG.sub(" ", quote).split()).strip()
                if text and name:
                    found.evaluations.append(
                        (name, ParsedStatement(heading, text, (index + 1, index + 1)))
                    )
    return end + 1


def _attach_evaluations(found: _Found) -> None:
    """An evaluated course is the course of the table its name opens ("Level 1" is "Level 1
    - Intro To SG Children" when only one course is at that level); else a course of its
    own, with no attendance."""
    for name, statement in found.evaluations:
        key = _words(name)
        matches = [c for c in found.courses if _words(c.name).startswith(key)]
        if len(matches) != 1:
            matches = [c for c in found.courses if _words(c.name) == key]
        if not matches:
            period = found.courses[0].period if found.courses else "unknown"
            level = _LEVEL.match(name)
            course = ParsedCourse(
                name, period, statement.lines, level=int(level[1]) if level else None
            )
            found.courses.append(course)
            matches = [course]
        matches[0].evaluation.append(statement)


def _level_table(lines, components, start, found: _Found) -> int:
    header = _cells(lines[start])
    columns: dict[int, int | None] = {}
    for column, cell in enumerate(header):
        level = _LEVEL.match(cell)
        if level:
            columns[column] = int(level[1])
        elif _TOTAL.match(cell):
            columns[column] = None
    end = start
    for index, cells in _rows(lines, start, len(header)):
        end = index
        period = period_label(cells[0])
        if not period:
            continue
        for column, level in columns.items():
            counted = _count(cells[column]) if column < len(cells) else None
            if counted is None:
                continue
            found.counts.append(
                ParsedTrainingCount(
                    period,
                    counted[0],
                    (index + 1, index + 1),
                    level=level,
                    printed_total=level is None,
                )
            )
    return end + 1


def _agency_table(lines, components, start, found: _Found) -> int:
    header = _cells(lines[start])
    column = next(
        (i for i, cell in enumerate(header[1:], start=1) if _count(cell) is None and cell), 1
    )
    level = _LEVEL.search(header[column])
    if level is None:
        level = _heading_level(lines, start)
    else:
        level = int(level[1])
    period = _period(lines, components, start, header[column])
    end = start
    if period is None:
        return start + 1
    for index, cells in _rows(lines, start, len(header)):
        end = index
        counted = _count(cells[column])
        if not cells[0] or counted is None:
            continue
        total = bool(_TOTAL.match(cells[0]))
        found.counts.append(
            ParsedTrainingCount(
                period,
                counted[0],
                (index + 1, index + 1),
                level=level,
                agency=None if total else cells[0],
                printed_total=total,
            )
        )
    return end + 1


def _heading_level(lines: list[str], start: int) -> int | None:
    """ "Level 1" or "LEVEL 2" alone on a line just above a table."""
    for above in range(start - 1, max(start - 6, -1), -1):
        text = lines[above][:LINE_LIMIT].strip()
        if "\t" in text:
            return None
        level = _LEVEL.match(text)
        if level and len(text) < 20:
            return int(level[1])
    return None
