"""Reading priorities, the plan on a page and progress under the Signs of Safety headings.

A paper introduces its priorities with a line that ends in a colon ("For 2020-2022 the
priorities for the Partnership are:", "Our priorities for 2017/18 will be to ensure that:")
and lists them, numbered or one to a paragraph. Progress is written under a heading that
names the priority ("Progress against priorities: Neglect") or that repeats its words, in
paragraphs under "What's working well?", "What are we worried about?" and "What needs to
happen?". The plan on a page is a table whose header reads Priority / Why / Metrics /
Outcomes; each row is matched to a listed priority by its words, and a plan that does not
have a row for each listed priority, or numbers fewer rows than there are priorities, is
flagged with both spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...periods import pair_label, year_pair_start
from ..model import Component, PackWarning
from ..titles import most_alike, overlap, significant_words
from .model import ParsedPriority, ParsedStatement, Span, where
from .signs import NEEDS_TO_HAPPEN, signs_of_safety

MAX_ITEMS = 15  # a list of priorities is short; anything longer is not one
MAX_ITEM_CHARS = 300
MAX_SECTION_LINES = 250
SECTION_GAP = 3  # this many blank lines end a list or a progress section
HEADING_CHARS = 80

_RANGE = re.compile(r"\b((?:19|20)\d{2})\s{0,2}(?:[-–/]|to)\s{0,2}((?:19|20)?\d{2})\b")
_SINCE = re.compile(r"\bsince\s{1,3}((?:[A-Z][a-z]{2,8}\s{1,3})?(?:19|20)\d{2})\b")
_NUMBERED = re.compile(r"(\d{1,2})(?:[.)]\s{0,3}|\t|\s{1,3})(\S.{2,})")
_PROGRESS = re.compile(
    r"progress\s{1,3}(?:against|on|towards|made\s{1,3}against)\s{1,3}(?:our\s{1,3}|the\s{1,3})?"
    r"priorit(?:y|ies)\s{0,2}[:–-]\s{0,2}(\S.{2,200})",
    re.I,
)
_BODY = re.compile(
    r"\bpriorities\s{1,3}(?:for|of)\s{1,3}(?:the\s{1,3})?"
    r"([A-Z][\w'’&-]{1,30}(?:\s{1,3}[A-Z][\w'’&-]{1,30}){1,8})\s{1,3}(?:are|will|is)\b"
)
_BRACKETED = re.compile(r"\s\([A-Za-z]{2,12}\)")
_BULLET_ITEM = re.compile(r"[-•·▪*]\s{1,3}(\S.{2,})")
_OWNER = re.compile(
    r"\b(?:our|board(?:'s)?|partnership(?:'s)?|committee(?:'s)?|LSCB|LSCP|CSCP|SCP)\b", re.I
)
_BULLETS = re.compile(r"\s{0,3}[•·▪]\s{0,3}")
_SECTION_WORDS = {"conclusion", "conclusions", "summary", "impact", "progress"}
_WORDS = {
    1: "one", 2: "two", 3: "three", 4: "four", 5: "five",
    6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten",
}  # fmt: skip


@dataclass
class _List:
    period: str
    lines: Span
    numbered: bool
    style: str = ""
    priorities: list[ParsedPriority] = field(default_factory=list)


@dataclass
class _Row:
    number: int | None
    title: str
    lines: Span
    cells: dict[str, list[str]]


def priorities(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedPriority], list[PackWarning]]:
    lists = _lists(lines)
    warnings: list[PackWarning] = []
    listed_lines = {p.lines[0] for found in lists for p in found.priorities}
    _read_progress(lines, lists, listed_lines)
    found = [p for each in lists for p in each.priorities]
    for header in _plan_headers(lines):
        found.extend(_read_plan(lines, header, lists, warnings))
    return found, warnings


# The lists ---------------------------------------------------------------------------------


def key(text: str) -> str:
    """A title as compared: bold marks, an acronym in brackets ("(SCRs)"), case, spacing and
    the closing stop dropped."""
    text = _BRACKETED.sub(" ", text.replace("*", ""))
    text = " ".join(text.lower().split()).rstrip(".:; ")
    return text[3:] if text.startswith("to ") else text


def clean(text: str) -> str:
    return " ".join(text.replace("*", "").split())


def period_in(text: str) -> str | None:
    """ "2017/18" from "2017/18" or "2017 / 2018"; "2020–2022" from "2020-2022"; "since
    April 2015"; None when the text names no period."""
    match = _RANGE.search(text)
    if match:
        first, second = match[1], match[2]
        start = year_pair_start(first, second)
        if start is not None:
            return pair_label(start)
        end = second if len(second) == 4 else first[:2] + second
        return f"{first}–{end}" if int(end) > int(first) else None
    match = _SINCE.search(text)
    return f"since {' '.join(match[1].split())}" if match else None


def _is_intro(text: str) -> bool:
    last = text.rsplit(". ", 1)[-1].lower()
    return text.endswith(":") and "priorit" in last and len(text) <= 600


def _lists(lines: list[str]) -> list[_List]:
    found: list[_List] = []
    index = 0
    while index < len(lines):
        text = clean(lines[index])
        if _is_intro(text):
            period = period_in(text) or _period_above(lines, index)
            if period and _owned(text, lines, index):
                body = _BODY.search(text)
                listed, index = _items(lines, index + 1, period, body[1] if body else None)
                if listed.priorities:
                    found.append(listed)
                continue
        index += 1
    return found


def _owned(text: str, lines: list[str], index: int) -> bool:
    """Whose priorities: the introduction, or the heading just above it, says they are the
    board's, the partnership's or "our" ones, or names a body. "The report highlights the
    following priorities" (a service's report to the board) and "Priorities for 2013/14 have
    been identified as" under a subgroup's heading are not the body's priorities."""
    if _BODY.search(text) or _OWNER.search(text.rsplit(". ", 1)[-1]):
        return True
    seen = 0
    for above in range(index - 1, max(index - 40, -1), -1):
        heading = clean(lines[above])
        if not heading:
            continue
        seen += 1
        if seen > 3 or len(heading) > HEADING_CHARS:
            return False
        if _OWNER.search(heading):
            return True
    return False


def _period_above(lines: list[str], index: int) -> str | None:
    """The period of a heading just above an introduction that names none."""
    seen = 0
    for above in range(index - 1, max(index - 40, -1), -1):
        text = clean(lines[above])
        if not text:
            continue
        seen += 1
        if seen > 6 or len(text) > HEADING_CHARS:
            return None
        period = period_in(text)
        if period:
            return period
    return None


def _items(lines: list[str], start: int, period: str, body: str | None) -> tuple[_List, int]:
    found = _List(period, (start + 1, start + 1), numbered=False)
    blanks = 0
    index = start
    while index < len(lines) and len(found.priorities) < MAX_ITEMS:
        text = clean(lines[index])
        if not text:
            blanks += 1
            if blanks >= SECTION_GAP and found.priorities:
                break
            index += 1
            continue
        blanks = 0
        if _PROGRESS.fullmatch(text) or text.isupper() or len(text) > MAX_ITEM_CHARS:
            break
        if _is_intro(text) and not found.priorities:  # "Current priorities:"
            index += 1
            continue
        bullet = _BULLET_ITEM.fullmatch(text)
        numbered = _NUMBERED.fullmatch(text)
        style = "number" if numbered else "bullet" if bullet else "paragraph"
        if found.priorities and style != found.style:
            break
        found.style = style
        found.numbered = bool(numbered)
        title = numbered[2].strip() if numbered else bullet[1] if bullet else text
        found.priorities.append(
            ParsedPriority(
                period=period,
                title=title,
                lines=(index + 1, index + 1),
                body=body,
                number=int(numbered[1]) if numbered else None,
                facts={"title": (index + 1, index + 1)},
            )
        )
        index += 1
    if found.priorities:
        found.lines = (found.priorities[0].lines[0], found.priorities[-1].lines[1])
    return found, index


# Progress under the Signs of Safety headings ------------------------------------------------


def _read_progress(lines: list[str], lists: list[_List], listed_lines: set[int]) -> None:
    by_key = {key(p.title): p for each in lists for p in each.priorities}
    index = 0
    while index < len(lines):
        priority = _progress_heading(lines, index, lists, by_key, listed_lines)
        if priority is None:
            index += 1
            continue
        index = _section(lines, index + 1, priority, lists, by_key, listed_lines)


def _progress_heading(lines, index, lists, by_key, listed_lines) -> ParsedPriority | None:
    if index + 1 in listed_lines:
        return None
    text = clean(lines[index])
    if not text or len(text) > MAX_ITEM_CHARS:
        return None
    if key(text) in by_key:
        return by_key[key(text)]
    match = _PROGRESS.fullmatch(text)
    if match is None:
        return _shortened(text, index, by_key)
    title = key(match[1])
    if title in by_key:
        return by_key[title]
    before = [each for each in lists if each.lines[0] <= index + 1]
    candidates = [p for each in before[-1:] for p in each.priorities]
    best, ties = most_alike(match[1], candidates, lambda p: p.title)
    return best if best is not None and not ties else None


def _shortened(text: str, index: int, by_key: dict[str, ParsedPriority]) -> ParsedPriority | None:
    """A heading after the list that gives a priority in fewer words ("Monitor the
    development of Early Help Services" over the progress of "Monitor the development of
    Early Help Services for children, young people and their families"): a line with no
    closing stop whose significant words are all in exactly one listed priority, and at
    least half of that priority's."""
    words = significant_words(text)
    if text.endswith((".", ":", ";", ",")) or len(words) < 3:
        return None
    found = [
        p
        for p in by_key.values()
        if p.lines[0] <= index
        and words <= (title := significant_words(p.title))
        and len(words) * 2 >= len(title)
    ]
    return found[0] if len(found) == 1 else None


def _section(lines, start, priority, lists, by_key, listed_lines) -> int:
    heading = ""
    blanks = 0
    index = start
    while index < len(lines) and index < start + MAX_SECTION_LINES:
        text = clean(lines[index])
        if not text:
            blanks += 1
            if blanks >= SECTION_GAP and index > start + SECTION_GAP:
                break
            index += 1
            continue
        blanks = 0
        if _progress_heading(lines, index, lists, by_key, listed_lines) is not None:
            break
        if _is_heading(text) and signs_of_safety(text) is None:
            # a caption under the first headings is part of the section; after the last of
            # the three, or where there are none, another heading starts something else
            if key(text).rstrip("?") in _SECTION_WORDS:
                heading = text
            elif signs_of_safety(heading) in (None, NEEDS_TO_HAPPEN):
                break
            else:
                priority.progress.append(ParsedStatement(heading, text, (index + 1, index + 1)))
        elif _is_heading(text):
            heading = text
        else:
            priority.progress.append(ParsedStatement(heading, text, (index + 1, index + 1)))
        index += 1
    return index


def _is_heading(text: str) -> bool:
    """A short line with no closing stop that is not an item of a bulleted list."""
    return (
        len(text) <= HEADING_CHARS
        and not text.endswith((".", ":", ";", ","))
        and len(text.split()) <= 10
        and not _BULLET_ITEM.fullmatch(text)
    )


# The plan on a page -----------------------------------------------------------------------


def _columns(text: str) -> dict[str, int] | None:
    cells = [cell.strip().lower() for cell in text.split("\t")]
    if len(cells) < 3 or not cells[0].startswith("priorit"):
        return None
    columns = {"priority": 0}
    for position, cell in enumerate(cells[1:], start=1):
        for name, starts in _PLAN_COLUMNS:
            if cell.startswith(starts):
                columns[name] = position
    return columns if len(columns) >= 3 else None


_PLAN_COLUMNS = (("why", ("why",)), ("metrics", ("metric", "measure")), ("outcomes", ("outcome",)))


def _plan_headers(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if "\t" in line and _columns(line)]


def _rows(lines: list[str], header: int) -> list[_Row]:
    columns = _columns(lines[header]) or {}
    width = lines[header].count("\t")
    rows: list[_Row] = []
    for index in range(header + 1, min(header + 1 + MAX_ITEMS * 3, len(lines))):
        line = lines[index]
        if not line.strip():
            if rows:
                break
            continue
        if line.count("\t") != width:
            break
        cells = line.split("\t")
        first = clean(cells[0])
        numbered = re.match(r"(\d{1,2})[.)]?\s{1,3}(\S.*)", first)
        items = {
            name: _cell_items(cells[position])
            for name, position in columns.items()
            if name != "priority"
        }
        rows.append(
            _Row(
                number=int(numbered[1]) if numbered else None,
                title=numbered[2] if numbered else first,
                lines=(index + 1, index + 1),
                cells=items,
            )
        )
    return rows


def _cell_items(cell: str) -> list[str]:
    return [clean(part) for part in _BULLETS.split(cell) if clean(part)]


def _read_plan(lines, header: int, lists: list[_List], warnings) -> list[ParsedPriority]:
    """Fills the listed priorities from the plan's rows; a row no listed priority matches is
    a priority of its own, in the plan's period."""
    rows = _rows(lines, header)
    if not rows:
        return []
    plan_span = (header + 1, rows[-1].lines[1])
    before = [each for each in lists if each.priorities] or []
    chosen = _plan_list(rows, before)
    new: list[ParsedPriority] = []
    matched: dict[int, _Row] = {}
    for row in rows:
        candidates = chosen.priorities if chosen else []
        best, ties = most_alike(row.title, candidates, lambda p: p.title)
        if best is None or ties or id(best) in matched:
            if chosen is None:
                continue
            best = ParsedPriority(chosen.period, row.title, row.lines, number=row.number)
            new.append(best)
        matched[id(best)] = row
        best.why = row.cells.get("why", [])
        best.metrics = row.cells.get("metrics", [])
        best.outcomes = row.cells.get("outcomes", [])
        best.on_plan_on_a_page = True
        best.facts["plan_on_a_page"] = row.lines
        if best.number is not None and row.number is not None and best.number != row.number:
            warnings.append(
                PackWarning(
                    "plan-on-a-page-number-differs",
                    f"Priority {best.number} of {best.period} ({where(best.lines)}) is row "
                    f"{row.number} of the plan on a page ({where(row.lines)})",
                    row.lines,
                )
            )
    if chosen is not None:
        _check_rows(chosen, rows, plan_span, warnings)
    return new


def _plan_list(rows: list[_Row], lists: list[_List]) -> _List | None:
    """The list most of the plan's rows match."""
    votes: dict[int, int] = {}
    for row in rows:
        candidates = [(p, n) for n, each in enumerate(lists) for p in each.priorities]
        best, ties = most_alike(row.title, candidates, lambda pair: pair[0].title)
        if best is not None and not ties:
            votes[best[1]] = votes.get(best[1], 0) + 1
    if not votes:
        return None
    top = max(votes.values())
    return lists[max(n for n, count in votes.items() if count == top)]


def _count(number: int) -> str:
    return _WORDS.get(number, str(number))


def _check_rows(listed: _List, rows: list[_Row], plan_span: Span, warnings) -> None:
    priorities = len(listed.priorities)
    if len(rows) != priorities:
        warnings.append(
            PackWarning(
                "plan-on-a-page-rows",
                f"{_count(priorities).capitalize()} {listed.period} priorities "
                f"({where(listed.lines)}) against {_count(len(rows))} rows in the plan on a "
                f"page ({where(plan_span)})",
                plan_span,
            )
        )
        return
    numbered = [row for row in rows if row.number is not None]
    if listed.numbered and len(numbered) != len(rows):
        unnumbered = ", ".join(str(row.lines[0]) for row in rows if row.number is None)
        shown = ", ".join(str(row.number) for row in numbered)
        warnings.append(
            PackWarning(
                "plan-on-a-page-rows",
                f"{_count(priorities).capitalize()} {listed.period} priorities "
                f"({where(listed.lines)}) against {_count(len(numbered))} numbered rows in "
                f"the plan on a page ({where(plan_span)}: rows {shown}); the row at line "
                f"{unnumbered} prints no number and is matched to its priority by its words",
                plan_span,
            )
        )


# Indicators ---------------------------------------------------------------------------------

SURE = 0.75  # the share of words a metric and an indicator's name must have in common
_PRIORITY_LABEL = re.compile(r"priority\s{1,3}(\d{1,2})\s{0,3}[:.–-]?\s{0,3}(.{0,200})", re.I)


def link_indicators(found: list[ParsedPriority], indicators) -> None:
    """The paper's indicators a priority is measured by: those its scorecard files under it
    ("Priority 1: Neglect", matched by its words; or "Priority 2 – Contextual", by its
    place in the list the other labels matched, when it shares a word with it), and those a
    metric names in nearly the same words. Ties link nothing."""
    groups: dict[str, list[ParsedPriority]] = {}
    for priority in found:
        groups.setdefault(priority.period, []).append(priority)
    labelled = [
        (indicator, label)
        for indicator in indicators
        if (label := _PRIORITY_LABEL.fullmatch((indicator.priority or "").strip()))
    ]
    votes = {
        period: sum(1 for _, label in labelled if _by_words(label, group))
        for period, group in groups.items()
    }
    scorecard = max(votes, key=lambda period: votes[period], default=None)
    for indicator, label in labelled:
        if scorecard is None or not votes[scorecard]:
            break
        group = groups[scorecard]
        priority = _by_words(label, group) or _by_place(label, group)
        if priority is not None:
            _link(priority, indicator.name)
    for indicator in indicators:
        for priority in found:
            if any(_sure(metric, indicator.name) for metric in priority.metrics):
                _link(priority, indicator.name)


def _link(priority: ParsedPriority, name: str) -> None:
    if name not in priority.indicators:
        priority.indicators.append(name)


def _by_words(label: re.Match, group: list[ParsedPriority]) -> ParsedPriority | None:
    best, ties = most_alike(label[2], group, lambda p: p.title)
    return best if best is not None and not ties else None


def _by_place(label: re.Match, group: list[ParsedPriority]) -> ParsedPriority | None:
    number = int(label[1])
    placed = [p for n, p in enumerate(group, start=1) if (p.number or n) == number]
    if len(placed) == 1 and significant_words(label[2]) & significant_words(placed[0].title):
        return placed[0]
    return None


def _sure(metric: str, name: str) -> bool:
    return overlap(significant_words(metric), significant_words(name)) >= SURE
