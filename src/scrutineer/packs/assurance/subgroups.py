"""Reading subgroups with their chairs and workplans.

A board's report describes its subgroups one heading at a time, each followed by a paragraph
that says what the group does ("Chaired by the Head of …, the subgroup …", "This group
reviews …"). A later section may name each group's chair ("Chair: Jane Doe, …" under the
group's heading, or "Serious Case Review Subgroup Independent Chair: …" on one line), and an
appendix may print each group's workplan ("Subgroup: Training" over an Objective / Outcome
table). A chair the board's membership list gives ("Chair of the Effectiveness and Quality
Subgroup") is not read again here: ``with_member_chairs`` takes it from the ParsedBody the
membership reader made."""

from __future__ import annotations

import re

from ..model import PackWarning, ParsedBody
from ..titles import most_alike
from .model import ParsedPriority, ParsedSubgroup, Span

HEADING_CHARS = 80
MAX_GROUPS = 20
MAX_WORKPLAN_ROWS = 40

_TRIGGER = re.compile(r"\bsub-?groups\b", re.I)
_DESCRIBES = re.compile(
    r"(?:co-?)?chaired\s{1,3}by\b"
    r"|(?:this|the)\s{1,3}(?:[\w&'’-]{1,30}\s{1,3}){0,5}?(?:sub-?group|group|panel)\b",
    re.I,
)
_CHAIRED_BY = re.compile(
    r"(?:co-?)?chaired\s{1,3}by\s{1,3}(.{3,240}?)"
    r"(?:,\s{1,3}(?:the|this|it|its|members)\b|;|\s{1,3}and\s{1,3}involving\b|\.(?:\s|$)|$)",
    re.I,
)
_CHAIR_LINE = re.compile(
    r"(?:(?:independent|interim)\s{1,3})?chair(?:person)?\s{0,3}(?::|-|–|\s)\s{0,3}(\S.{2,240})",
    re.I,
)
_INLINE_CHAIR = re.compile(
    r"(.{3,80}?\b(?:sub-?group|panel|committee))\s{1,3}"
    r"(?:(?:independent|interim)\s{1,3})?chair\s{0,3}:\s{0,3}(\S.{2,200})",
    re.I,
)
_WORKPLAN = re.compile(r"sub-?group\s{0,3}:\s{0,3}(\S.{2,100})", re.I)
_NUMBERED = re.compile(r"\d{1,2}[a-z]?[.)]\s")
_TAGS = re.compile(r"<[^<>]{0,200}>")
_BRACKETED = re.compile(r"\s\([A-Za-z]{2,12}\)")


def subgroups(lines: list[str], components) -> tuple[list[ParsedSubgroup], list[PackWarning]]:
    found: list[ParsedSubgroup] = []
    for index, line in enumerate(lines):
        if not found and _introduces(_clean(line)):
            found = _overview(lines, index + 1)
    _named_chairs(lines, found)
    _workplans(lines, found)
    return found, []


def _clean(text: str) -> str:
    return " ".join(_TAGS.sub(" ", text.replace("*", "")).split())


def _alike(text: str) -> str:
    """A group's name as compared: "(CDOP)" dropped, "Well-Being" as one word."""
    return _BRACKETED.sub(" ", text).replace("-", "")


def _match(name: str, found: list[ParsedSubgroup]) -> ParsedSubgroup | None:
    best, ties = most_alike(_alike(name), found, lambda group: _alike(group.name))
    return best if best is not None and not ties else None


def _is_heading(text: str) -> bool:
    return (
        0 < len(text) <= HEADING_CHARS
        and not text.endswith((".", ":", ";", ","))
        and len(text.split()) <= 10
    )


def _next_text(lines: list[str], index: int) -> tuple[int, str]:
    while index < len(lines):
        text = _clean(lines[index])
        if text:
            return index, text
        index += 1
    return index, ""


def _overview(lines: list[str], start: int) -> list[ParsedSubgroup]:
    """Heading and describing paragraph, pair after pair, after the line that introduces
    the subgroups (and a paragraph or two of introduction); the first heading not followed
    by such a paragraph ends it. Fewer than two such pairs is no overview."""
    found: list[ParsedSubgroup] = []
    index, text = _next_text(lines, start)
    for _ in range(2):
        if _is_heading(text):
            break
        index, text = _next_text(lines, index + 1)
    while text and len(found) < MAX_GROUPS:
        if not _is_heading(text):
            if not found:
                break
            index, text = _next_text(lines, index + 1)  # more of the last description
            continue
        after, description = _next_text(lines, index + 1)
        if not _DESCRIBES.match(description):
            break
        group = ParsedSubgroup(name=text, lines=(index + 1, after + 1))
        chaired = _CHAIRED_BY.match(description)
        if chaired:
            group.chair = chaired[1].strip()
            group.facts["chair"] = (after + 1, after + 1)
        found.append(group)
        index, text = _next_text(lines, after + 1)
    return found if len(found) >= 2 else []


def _introduces(text: str) -> bool:
    match = _TRIGGER.search(text)
    return match is not None and (_is_heading(text) or match.start() <= 60)


def _named_chairs(lines: list[str], found: list[ParsedSubgroup]) -> None:
    """ "Chair: Jane Doe, …" on the line after a group's heading, or on the heading's line:
    the named chair replaces the role an overview gave ("the Head of …")."""
    for index, line in enumerate(lines):
        text = _clean(line)
        if "chair" not in text.lower():
            continue
        inline = _INLINE_CHAIR.fullmatch(text)
        if inline:
            name, chair, span = inline[1], inline[2], (index + 1, index + 1)
        else:
            match = _CHAIR_LINE.fullmatch(text)
            if match is None:
                continue
            above = index - 1
            while above >= 0 and not lines[above].strip():
                above -= 1
            name = _clean(lines[above]) if above >= 0 else ""
            if not _is_heading(name) or index - above > 3:
                continue
            chair, span = match[1], (index + 1, index + 1)
        group = _match(name, found)
        if group is not None:
            group.chair = chair.strip()
            group.facts["chair"] = span


def _workplans(lines: list[str], found: list[ParsedSubgroup]) -> None:
    """ "Subgroup: Training" over a table whose first column is the objective. A table runs
    on over page breaks; a row just after a break that starts in lower case, or carries no
    number where the rows are numbered, is the rest of the row before it."""
    for index, line in enumerate(lines):
        match = _WORKPLAN.fullmatch(_clean(line))
        group = _match(match[1], found) if match else None
        if group is None:
            continue
        items: list[str] = []
        last, after_break, numbers = index, False, False
        for row in range(index + 1, min(index + 1 + MAX_WORKPLAN_ROWS, len(lines))):
            text = lines[row]
            if not text.strip():
                after_break = True
                continue
            if _WORKPLAN.fullmatch(_clean(text)) or ("\t" not in text and items):
                break
            objective = _clean(text.split("\t", 1)[0])
            if not re.search(r"[A-Za-z]{3}", objective) or objective.lower() == "objective":
                continue
            numbered = bool(_NUMBERED.match(objective))
            if items and after_break and (objective[0].islower() or (numbers and not numbered)):
                items[-1] = f"{items[-1]} {objective}"
            else:
                items.append(objective)
                numbers = numbers or (numbered and len(items) == 1)
            last, after_break = row, False
        if items:
            group.workplan.extend(items)
            group.facts["workplan"] = (index + 1, last + 1)


# Members' chairs and the body a record belongs to ------------------------------------------


def _distance(span: Span, body: ParsedBody) -> int:
    first, last = body.lines
    if span[0] > last:
        return span[0] - last
    if span[1] < first:
        return first - span[1]
    return 0


def nearest_body(span: Span, bodies: list[ParsedBody]) -> ParsedBody | None:
    """The body whose membership is printed nearest the record: the board a report's
    subgroups and priorities belong to when the paper is another body's meeting pack."""
    return min(bodies, key=lambda body: _distance(span, body), default=None)


def with_member_chairs(
    found: list[ParsedSubgroup], priorities: list[ParsedPriority], bodies: list[ParsedBody]
) -> None:
    """A member whose title says they chair a subgroup chairs the subgroup of that name (a
    subgroup the paper describes nowhere else is read from the title alone); records that
    name no body belong to the body whose membership is printed nearest them."""
    for record in [*found, *priorities]:
        if record.body is None and bodies:
            record.body = nearest_body(record.lines, bodies).name
    for body in bodies:
        for member in body.members:
            if not member.chairs or member.vacant:
                continue
            group = _match(member.chairs, [g for g in found if g.body in (None, body.name)])
            if group is None:
                group = ParsedSubgroup(name=member.chairs, lines=member.lines, body=body.name)
                found.append(group)
            if group.chair is None or group.chair.lower().startswith(("the ", "a ", "an ")):
                group.chair = member.name
                group.facts["chair"] = member.lines
