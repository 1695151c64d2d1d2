"""Boards' membership and attendance records inside annual reports and agenda packs.

Safeguarding boards publish who holds each seat and how many meetings each member
organisation attended. Two layouts occur in the Coventry documents:

- tab-separated tables under a heading such as "Appendix 2: Coventry LSCB board membership
  and attendance": "Board Member / Title/Organisation" seat tables and "Organisation /
  12/10/16 / ... / Meetings attended / Meetings expected at / %" attendance tables, each
  possibly repeated after a page break;
- a heading such as "3. Membership of Coventry Safeguarding Children Board (at March 2013)"
  followed by alternating paragraphs: a member's name, then the seat's title.

Tables and lists that follow one heading, with only short runs of prose between them,
belong to one body. Figures are kept as printed; disagreements are flagged as warnings,
never corrected. Every loop advances through the lines once, so the work is linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .bodynames import printed_aliases
from .model import PackWarning, ParsedAttendanceRow, ParsedBody, ParsedBodyMember, Span
from .text import MONTHS, find_date, is_date_line, looks_like_full_name

_MAX_GAP = 25  # lines of prose allowed between a heading and its table, or two tables
_MAX_HEADING = 150
_NUMBERING = re.compile(
    r"^(?:appendix\s{1,3}[0-9a-z]{1,3}\s{0,3}[:.\-–]\s{0,3}|\d{1,2}(?:\.\d{1,2})?\.?\s{1,3})",
    re.I,
)
_NUMERIC_DATE_CELL = re.compile(r"\d{1,2}/\d{1,2}/(?:\d{2}|\d{4})")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\s{1,3}(\d{4})\b")
_COUNT = re.compile(r"\d{1,4}", re.ASCII)
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d{1,3})?)\s?%?", re.ASCII)
_UNNAMED_HEADINGS = {
    "membership",
    "membership and attendance",
    "board membership",
    "board membership and attendance",
}
_NAME_SUFFIXES = (" membership and attendance", " membership")
_DANGLING_WORDS = {"and", "of", "the", "&", "for", "to", "in", "on", "with"}
_MEMBER_HEADS = {"name", "names", "member", "members", "board member", "board members"}
_SEAT_HEADS = ("title", "organisation", "role", "position", "agency")
_RANKS = {"cs", "supt", "dci", "di", "ds", "dc", "dcs", "acc", "pc", "insp", "ci", "sgt"}


@dataclass
class _Heading:
    """A line announcing a body's membership, with the body's name and date if printed."""

    index: int  # 0-based
    name: str | None
    as_at: str | None


@dataclass
class _Table:
    """A run of tab-separated lines starting with a recognised header row."""

    kind: str  # "members" or "attendance"
    start: int  # 0-based index of the header row
    end: int  # 0-based index of the last row


@dataclass
class _Columns:
    """Where the meeting dates and the attended/expected/% figures sit in an attendance row."""

    dates: list[tuple[int, str]]  # (cell index, ISO meeting date)
    attended: int
    expected: int | None
    percent: int | None


@dataclass
class _Draft:
    """A body being assembled from the tables and lists that follow one heading."""

    first: int  # 0-based
    last: int  # 0-based
    heading: _Heading | None
    as_at: str | None = None
    meeting_dates: list[str] = field(default_factory=list)
    members: list[ParsedBodyMember] = field(default_factory=list)
    attendance: list[ParsedAttendanceRow] = field(default_factory=list)
    member_group: str | None = None
    attendance_group: str | None = None


def extract_bodies(
    lines: list[str], title_hint: str | None = None
) -> tuple[list[ParsedBody], list[PackWarning]]:
    """Find boards' membership and attendance records in a whole document.

    ``title_hint`` is the document's title; "X Interim Annual Report" names body X when the
    membership heading only abbreviates it ("Coventry LSCB") or names nothing.
    """
    warnings: list[PackWarning] = []
    drafts: list[_Draft] = []
    current: _Draft | None = None
    pending: _Heading | None = None
    for event in _events(lines):
        if current is not None and _first_line(event) <= current.last:
            continue
        if isinstance(event, _Heading):
            pending = event
            listed = _paragraph_members(lines, event, warnings)
            if listed is not None:
                current, pending = listed, None
                drafts.append(current)
            continue
        if pending is not None and event.start - pending.index <= _MAX_GAP:
            current = _Draft(first=pending.index, last=pending.index, heading=pending)
            current.as_at = pending.as_at or _stated_as_at(lines, pending.index, event.start)
            drafts.append(current)
            pending = None
        elif current is None or event.start - current.last > _MAX_GAP:
            current = _Draft(first=event.start, last=event.start, heading=None)
            drafts.append(current)
        _add_table(lines, event, current, warnings)
    bodies = [body for draft in drafts if (body := _finish(draft, title_hint, warnings))]
    named = printed_aliases(lines, [body.name for body in bodies])
    for body in bodies:
        body.aliases += [a for a in named[body.name] if a not in body.aliases]
    warnings.sort(key=lambda warning: warning.lines)
    return bodies, warnings


def _first_line(event: _Heading | _Table) -> int:
    return event.index if isinstance(event, _Heading) else event.start


def _events(lines: list[str]) -> list[_Heading | _Table]:
    """Headings and tables in line order; each line is looked at once."""
    events: list[_Heading | _Table] = []
    index = 0
    while index < len(lines):
        table = _table_at(lines, index)
        if table is not None:
            events.append(table)
            index = table.end + 1
            continue
        heading = _parse_heading(lines[index], index)
        if heading is not None:
            events.append(heading)
        index += 1
    return events


def _parse_heading(line: str, index: int) -> _Heading | None:
    """A membership heading: "3. Membership of X (at March 2013)" or "Appendix 2: X board
    membership and attendance". Contents-page entries carry a tab and page number, so a
    line with a tab is never a heading; nor is a sentence or a list item."""
    text = line.replace("**", "").strip()
    if not text or "\t" in text or len(text) > _MAX_HEADING or text.endswith("."):
        return None
    if text.startswith(("-", "•")):
        return None
    text = _NUMBERING.sub("", text, count=1)
    as_at = None
    if text.endswith(")") and "(" in text:
        opening = text.rfind("(")
        as_at = _as_at_from(text[opening + 1 : -1])
        text = text[:opening].strip()
    lowered = text.lower()
    if lowered in _UNNAMED_HEADINGS:
        return _Heading(index=index, name=None, as_at=as_at)
    if lowered.startswith("membership of "):
        name = _clean_body_name(text[len("membership of ") :])
    else:
        suffix = next((s for s in _NAME_SUFFIXES if lowered.endswith(s)), None)
        name = _clean_body_name(text[: -len(suffix)]) if suffix else None
    return _Heading(index=index, name=name, as_at=as_at) if name else None


def _clean_body_name(text: str) -> str | None:
    """Drop a trailing common-noun "board" ("Coventry LSCB board" is the LSCB) and refuse
    fragments of sentences such as "Board structure and"."""
    words = text.split()
    if words and words[-1] == "board":
        words.pop()
    if not words or len(words) > 10 or not words[0][:1].isupper():
        return None
    if words[-1].lower() in _DANGLING_WORDS:
        return None
    return " ".join(words)


def _as_at_from(text: str) -> str | None:
    """ "at March 2013" -> "2013-03"; a full date gives the day. Month precision is kept
    rather than inventing a day the document never printed."""
    day = find_date(text)
    if day:
        return day.isoformat()
    match = _MONTH_YEAR.search(text)
    if match and match.group(1).lower() in MONTHS:
        return f"{match.group(2)}-{MONTHS[match.group(1).lower()]:02d}"
    return None


def _stated_as_at(lines: list[str], heading: int, stop: int) -> str | None:
    """The date in a sentence such as "Correct as of 26 April 2017" under the heading."""
    for index in range(heading + 1, stop):
        lowered = lines[index].lower()
        for phrase in ("as of ", "as at ", "correct at "):
            position = lowered.find(phrase)
            if position >= 0:
                found = _as_at_from(lines[index][position + len(phrase) :])
                if found:
                    return found
    return None


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def _table_at(lines: list[str], index: int) -> _Table | None:
    """A seat or attendance table whose header row is lines[index]; its rows run while
    lines keep their tabs and stop before the next header (a repeat after a page break
    is a table of its own)."""
    if "\t" not in lines[index]:
        return None
    kind = _header_kind(_cells(lines[index]))
    if kind is None:
        return None
    end = index
    while end + 1 < len(lines) and "\t" in lines[end + 1]:
        if _header_kind(_cells(lines[end + 1])) is not None:
            break
        end += 1
    return _Table(kind=kind, start=index, end=end)


def _header_kind(cells: list[str]) -> str | None:
    if len(cells) < 2:
        return None
    if cells[0].lower() in _MEMBER_HEADS and any(w in cells[1].lower() for w in _SEAT_HEADS):
        return "members"
    if _attendance_columns(cells) is not None:
        return "attendance"
    return None


def _attendance_columns(cells: list[str]) -> _Columns | None:
    """Read an attendance header: meeting-date cells plus a "Meetings attended" cell.
    Training tables ("2018/19 total attendance") have neither, so they are left alone."""
    if not cells[0] or _cell_date(cells[0]):
        return None
    dates = [(i, day) for i, cell in enumerate(cells) if i and (day := _cell_date(cell))]
    attended = _column(cells, lambda cell: "attended" in cell)
    if not dates or attended is None:
        return None
    return _Columns(
        dates=dates,
        attended=attended,
        expected=_column(cells, lambda cell: "expected" in cell),
        percent=_column(cells, lambda cell: cell == "%" or "percent" in cell),
    )


def _column(cells: list[str], wanted) -> int | None:
    return next((i for i, cell in enumerate(cells) if i and wanted(cell.lower())), None)


def _cell_date(cell: str) -> str | None:
    """A header cell that is only a date, "12/10/16" (UK day first) or "12 October 2016"."""
    if len(cell) > 30 or not (_NUMERIC_DATE_CELL.fullmatch(cell) or is_date_line(cell)):
        return None
    day = find_date(cell)
    return day.isoformat() if day else None


def _add_table(lines: list[str], table: _Table, draft: _Draft, warnings: list[PackWarning]) -> None:
    """Add a table's seats or attendance rows to the body; a group label ("Officers to
    the Board") carries on into a continuation table after a page break."""
    if table.kind == "members":
        draft.member_group = _add_members(lines, table, draft, draft.member_group)
    else:
        columns = _attendance_columns(_cells(lines[table.start]))
        for _, day in columns.dates:
            if day not in draft.meeting_dates:
                draft.meeting_dates.append(day)
        draft.attendance_group = _add_attendance(
            lines, table, columns, draft, warnings, draft.attendance_group
        )
    draft.last = table.end


def _add_members(lines: list[str], table: _Table, draft: _Draft, group: str | None) -> str | None:
    """Seat rows: "Name<TAB>Title". A row repeating its label in both cells, or a label
    with no title that is not a person's name, heads a group of seats. A row with no name
    continues the previous seat's title, wrapped by the page."""
    for index in range(table.start + 1, table.end + 1):
        cells = _cells(lines[index]) + [""]
        name, title = cells[0], cells[1]
        if not name and not title:
            continue
        if not name:
            if draft.members:
                previous = draft.members[-1]
                previous.title = f"{previous.title or ''} {title}".strip()
                previous.lines = (previous.lines[0], index + 1)
            continue
        if _is_group_label(name, title):
            group = name
            continue
        draft.members.append(_member(name, title, (index + 1, index + 1), group))
    return group


def _is_group_label(name: str, title: str) -> bool:
    if name.lower() == title.lower():
        return True
    return not title and name.lower() != "vacant" and not looks_like_full_name(name)


def _member(name: str, title: str | None, lines: Span, group: str | None) -> ParsedBodyMember:
    """A seat; "Vacant" in the name column is an empty seat whose title still says what
    the seat is for."""
    vacant = name.lower() == "vacant"
    return ParsedBodyMember(
        name="Vacant" if vacant else name,
        title=title or None,
        vacant=vacant,
        lines=lines,
        group=group,
    )


def _add_attendance(
    lines: list[str],
    table: _Table,
    columns: _Columns,
    draft: _Draft,
    warnings: list[PackWarning],
    group: str | None,
) -> str | None:
    """Attendance rows: one per organisation or post. A row with a label and no figures
    heads a group ("Officers to the board") and is not itself a row."""
    width = max(index for index, _ in columns.dates)
    width = max(width, columns.attended, columns.expected or 0, columns.percent or 0) + 1
    for index in range(table.start + 1, table.end + 1):
        cells = _cells(lines[index])
        cells += [""] * (width - len(cells))
        span = (index + 1, index + 1)
        if not any(cells[1:]):
            group = cells[0] or group
            continue
        if not cells[0]:
            warnings.append(_warning("body-row-unreadable", "attendance row has no name", span))
            continue
        row = ParsedAttendanceRow(
            name=cells[0],
            attended=_count(cells[columns.attended], span, warnings),
            expected=_count(_cell(cells, columns.expected), span, warnings),
            percent=_cell(cells, columns.percent) or None,
            lines=span,
            group=group,
            marks={day: cells[i] for i, day in columns.dates},
        )
        warnings.extend(_check_row(row))
        draft.attendance.append(row)
    return group


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None else ""


def _count(cell: str, span: Span, warnings: list[PackWarning]) -> int | None:
    """A meeting count; blank is unknown, and anything else unreadable is flagged."""
    if not cell:
        return None
    if _COUNT.fullmatch(cell):
        return int(cell)
    warnings.append(
        _warning("body-row-unreadable", f"meeting count {cell!r} is not a number", span)
    )
    return None


def _check_row(row: ParsedAttendanceRow) -> list[PackWarning]:
    """Flag figures that disagree with each other; the printed values are kept."""
    if row.attended is None or row.expected is None:
        return []
    found = []
    if row.attended > row.expected:
        found.append(
            _warning(
                "attendance-exceeds-expected",
                f"{row.name}: attended {row.attended} of {row.expected} expected meetings",
                row.lines,
            )
        )
    printed = _PERCENT.fullmatch(row.percent or "")
    if printed and row.expected > 0:
        computed = round(100 * row.attended / row.expected)
        if abs(float(printed.group(1)) - computed) > 1:
            found.append(
                _warning(
                    "attendance-percent-mismatch",
                    f"{row.name}: printed {row.percent}% but {row.attended}/{row.expected}"
                    f" is {computed}%",
                    row.lines,
                )
            )
    return found


def _paragraph_members(
    lines: list[str], heading: _Heading, warnings: list[PackWarning]
) -> _Draft | None:
    """Seats printed as alternating paragraphs under a named heading: a name, then the
    seat's title. The list ends at the first paragraph in the name position that is not
    a name; a "* ..." footnote there explains asterisks after names, which are stripped
    and reported as "member-footnote" warnings because a seat has no field for them."""
    if heading.name is None:
        return None
    draft = _Draft(first=heading.index, last=heading.index, heading=heading, as_at=heading.as_at)
    marked: list[tuple[str, Span]] = []
    name_at: int | None = None
    footnote: tuple[int, str] | None = None
    for index in range(heading.index + 1, len(lines)):
        text = lines[index].strip()
        if not text:
            continue
        if "\t" in lines[index] or (name_at is None and not _is_member_name(text)):
            footnote = (index, text) if name_at is None and text.startswith("*") else None
            break
        if name_at is None:
            name_at = index
            continue
        printed = lines[name_at].strip()
        draft.members.append(
            _member(printed.rstrip("*").strip(), text, (name_at + 1, index + 1), None)
        )
        if printed.endswith("*"):
            marked.append((printed, (name_at + 1, index + 1)))
        draft.last, name_at = index, None
    if len(draft.members) < 2:
        return None
    if footnote is not None:
        draft.last = footnote[0]
        warnings.extend(
            _warning("member-footnote", f"{printed}: {footnote[1]} (line {footnote[0] + 1})", span)
            for printed, span in marked
        )
    return draft


def _is_member_name(text: str) -> bool:
    """A person's name as printed in a seat list, allowing a police rank ("DCI Susan
    Holder"), an honorific ("Cllr. David Kershaw"), a footnote asterisk, or "Vacant"."""
    text = text.rstrip("*").strip()
    if text.lower() == "vacant":
        return True
    words = text.split()
    while len(words) > 2 and words[0].lower().rstrip(".") in _RANKS:
        words.pop(0)
    return looks_like_full_name(" ".join(words))


def _finish(
    draft: _Draft, title_hint: str | None, warnings: list[PackWarning]
) -> ParsedBody | None:
    """Name the body and turn the draft into a record; a body with no name is reported
    rather than guessed."""
    if not draft.members and not draft.attendance:
        return None
    heading_name = draft.heading.name if draft.heading else None
    name, aliases = _resolve_name(heading_name, _hint_name(title_hint))
    span = (draft.first + 1, draft.last + 1)
    for member in draft.members:
        member.chairs = chaired_group(member.title)
        member.role = "officer" if member.group else _role_from_title(member.title)
    if name is None:
        warnings.append(
            _warning("body-unnamed", "membership or attendance of an unnamed body", span)
        )
        return None
    return ParsedBody(
        name=name,
        lines=span,
        aliases=aliases,
        as_at=draft.as_at,
        meeting_dates=draft.meeting_dates,
        members=draft.members,
        attendance=draft.attendance,
    )


# "Chair of Effectiveness and Quality Subgroup, Director of …": the subgroup's chair, a
# member of the board. Bounded and lazy on one line, so it cannot backtrack badly.
_CHAIRED_GROUP = re.compile(
    r"\bchair of (?:the )?([a-z][\w&,'’ -]{2,80}?"
    r"(?:sub-?group|sub-?committee|steering group|working group|panel))\b",
    re.IGNORECASE,
)


def chaired_group(title: str | None) -> str | None:
    """The subgroup a board member's title says they chair, as printed."""
    match = _CHAIRED_GROUP.search(title or "")
    return match.group(1).strip() if match else None


def _role_from_title(title: str | None) -> str:
    if chaired_group(title):
        return "member"
    lowered = (title or "").lower()
    if lowered.startswith(("independent chair", "chair,", "chair ")) or lowered == "chair":
        return "chair"
    if lowered.startswith("vice chair"):
        return "vice-chair"
    return "member"


def _hint_name(title_hint: str | None) -> str | None:
    """ "Coventry Local Safeguarding Children Board Interim Annual Report" -> the board."""
    words = (title_hint or "").split()
    lowered = [word.lower() for word in words]
    for position in range(len(words) - 1):
        if lowered[position] == "annual" and lowered[position + 1] == "report":
            words = words[:position]
            break
    if words and words[-1].lower() == "interim":
        words.pop()
    return " ".join(words).rstrip(" :-–") or None


def _resolve_name(heading_name: str | None, hint_name: str | None) -> tuple[str | None, list[str]]:
    """The heading names the body unless it only abbreviates the document's own body
    ("Coventry LSCB" for "Coventry Local Safeguarding Children Board"), in which case the
    full name wins and the abbreviation becomes an alias."""
    if heading_name and hint_name and hint_name.lower().endswith(" " + heading_name.lower()):
        return hint_name, []  # "the Partnership" in a heading means the document's own
    if heading_name and hint_name and heading_name.lower() != hint_name.lower():
        abbreviated = any(len(word) > 1 and word.isupper() for word in heading_name.split())
        if abbreviated and _acronym(heading_name) == _acronym(hint_name):
            return hint_name, [heading_name]
    if heading_name:
        return heading_name, []
    return hint_name, []


def _acronym(name: str) -> str:
    """ "Coventry LSCB" and "Coventry Local Safeguarding Children Board" both give CLSCB."""
    letters = []
    for word in name.split():
        if len(word) > 1 and word.isupper():
            letters.append(word)
        elif word[:1].isupper():
            letters.append(word[0])
    return "".join(letters)


def _warning(code: str, message: str, span: Span) -> PackWarning:
    return PackWarning(code=code, message=message, lines=span)


# What kind of body a name says it is, first match wins; the values are Body.Kind's.
_KIND_WORDS = (
    (("scrutiny",), "scrutiny-board"),
    (("safeguarding",), "safeguarding-partnership"),
    (("health and well",), "health-wellbeing-board"),
    (("task and finish",), "task-and-finish"),
    (("subgroup", "sub-group"), "subgroup"),
)


def kind_of_body(name: str) -> str:
    """ "Education and Children's Services Scrutiny Board (2)" -> "scrutiny-board"."""
    lowered = name.lower()
    for words, kind in _KIND_WORDS:
        if any(word in lowered for word in words):
            return kind
    return "other"
