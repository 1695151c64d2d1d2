"""Work programmes: what a scrutiny board plans to consider, meeting by meeting.

A work programme in a pack has a heading ("Scrutiny Work Programme 2016/17", or
"Education and Children's Services Scrutiny Board (2) Work Programme 2021-22"), often a
one-page summary (a meeting date, then the titles run together on one line), then the
detailed table ``Date / Title / Detail / Cabinet Member/ Lead Officer``:

- the header row repeats after every page break, and a cell split by the break carries
  on in the first row after it ("Youth Offending Service –" / "progress report");
- a row with an empty Date belongs to the meeting or bucket above it;
- bucket labels ("Progress Reports", "Proposed Agenda Items", "Items for 2022-23") sit in
  the Date column where a meeting date would be.

The table is the record. The summary only cross-checks it: differences are flagged, never
merged. Dates are kept as printed and flagged when they run backwards or fall outside the
municipal year. Every loop passes over the lines once, so the work is linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from scrutineer.periods import YEAR_PAIR, MunicipalYear, year_pair_start

from .leads import split_leads
from .model import Component, PackWarning, Span
from .text import MONTHS, full_year

_HEADING = re.compile(r"\bwork programme\s{0,3}" + YEAR_PAIR + "$", re.I)
_MEETING_DATE = re.compile(
    r"(?:[a-z]{3,6}day,?\s{1,3})?(\d{1,2})(?:st|nd|rd|th)?\s{1,3}([a-z]{3,9}),?\s{0,3}"
    r"(\d{4}|\d{2})(?!\d)\s{0,3}(.*)",
    re.I,
)
_ITEMS_FOR = re.compile(r"items for\s{1,3}" + YEAR_PAIR, re.I)
_MAX_HEADING = 150
_PLACEHOLDERS = {"-", "–", "—"}
_DASHES = ("-", "–", "—")

_MEETING_STATUSES = {
    "postponed": "postponed",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "held": "held",
}
# A meeting's status passes to its items. A cancelled meeting's business is not taken on
# that date, which for an item is "postponed"; where it goes next the paper must say.
_ITEM_STATUS_FROM_MEETING = {"postponed": "postponed", "cancelled": "postponed", "held": "held"}
_ITEM_STATUS_WORDS = ("deferred", "postponed")
_STANDING_TITLES = ("outstanding issues", "work programme")
_UNDECIDED_LABELS = ("date to be", "date tbc", "date tbd", "to be decided", "to be confirmed")


@dataclass
class ParsedProgrammeMeeting:
    date: str | None  # ISO date of the meeting heading
    label: str  # the heading as printed, e.g. "27th January 2022 - postponed"
    status: str  # scheduled, postponed, cancelled, held (held only if the text says so)
    venue: str | None
    lines: Span


@dataclass
class ParsedProgrammeItem:
    title: str
    lines: Span
    meeting_date: str | None = None  # ISO, when scheduled to a meeting
    bucket: str | None = None  # date-to-be-decided, progress-reports, proposed-items,
    # performance-monitoring or next-year
    bucket_label: str | None = None  # as printed, e.g. "Items for 2022-23"
    detail: str | None = None
    lead_officers: list[str] = field(default_factory=list)
    cabinet_members: list[str] = field(default_factory=list)
    leads_as_written: str | None = None
    standing: bool = False
    status: str = "scheduled"  # scheduled, held, postponed, deferred


@dataclass
class ParsedWorkProgramme:
    body: str | None
    municipal_year: str | None  # "2016/17"
    title: str
    lines: Span
    meetings: list[ParsedProgrammeMeeting] = field(default_factory=list)
    items: list[ParsedProgrammeItem] = field(default_factory=list)


@dataclass
class _Columns:
    """Which cell holds what, read from the table's header row."""

    date: int
    title: int
    detail: int | None
    leads: int | None


@dataclass
class _Row:
    line: int  # 1-based
    date: str
    title: str
    detail: str
    leads: str


@dataclass
class _Place:
    """Where rows are being filed: a meeting or a bucket, whichever heads the rows above."""

    meeting: ParsedProgrammeMeeting | None = None
    bucket: str | None = None
    bucket_label: str | None = None
    latest: date | None = None  # the latest meeting date so far, to catch dates out of order
    previous: ParsedProgrammeItem | None = None  # the item a continuation row would extend
    after_break: bool = False  # the header row has just repeated: a page break


def extract_work_programmes(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedWorkProgramme], list[PackWarning]]:
    """Every work programme in a pack, one per work-programme component."""
    programmes: list[ParsedWorkProgramme] = []
    warnings: list[PackWarning] = []
    for component in components:
        if component.kind != "work-programme":
            continue
        start = max(component.lines[0] - 1, 0)
        stop = min(component.lines[1], len(lines))
        programme = _parse_programme(lines, start, stop, warnings)
        if programme is not None:
            programmes.append(programme)
    warnings.sort(key=lambda warning: warning.lines)
    return programmes, warnings


def _parse_programme(
    lines: list[str], start: int, stop: int, warnings: list[PackWarning]
) -> ParsedWorkProgramme | None:
    """One programme from lines[start:stop]: heading, then table, then the summary between
    them read last, because it is only checked against the table."""
    heading = next((i for i in range(start, stop) if _heading_match(lines[i])), None)
    if heading is None:
        return None
    title = _cell(lines[heading])
    match = _heading_match(lines[heading])
    first_year = year_pair_start(match.group(1), match.group(2))
    year = MunicipalYear(first_year).label if first_year is not None else None
    body, first = _body(lines, heading, start, title[: match.start()].strip())
    programme = ParsedWorkProgramme(
        body=body, municipal_year=year, title=title, lines=(first + 1, heading + 1)
    )
    if year is None:
        warnings.append(
            PackWarning(
                code="programme-year-unreadable",
                message=(
                    f"{title!r} names {match.group(1)} and {match.group(2)}, which are not one "
                    "municipal year; its dates are not checked against a year."
                ),
                lines=programme.lines,
            )
        )
    table = next((i for i in range(heading + 1, stop) if _columns(lines[i])), None)
    if table is None:
        warnings.append(
            PackWarning(
                code="programme-table-missing",
                message=f"{title!r} has no Date / Title table, so no items were read.",
                lines=programme.lines,
            )
        )
        return programme
    last = _read_table(lines, table, stop, programme, warnings)
    programme.lines = (first + 1, last + 1)
    for item in programme.items:
        _finish_item(item, warnings)
    summary = _summary(lines, heading + 1, table, year)
    if summary:
        warnings.extend(_cross_check(programme, summary))
    return programme


def _heading_match(line: str) -> re.Match | None:
    """A programme heading is a line of its own, not a table cell or a sentence."""
    if "\t" in line or len(line) > _MAX_HEADING:
        return None
    return _HEADING.search(_cell(line))


def _cell(text: str) -> str:
    return text.replace("**", "").strip()


def _body(lines: list[str], heading: int, start: int, prefix: str) -> tuple[str | None, int]:
    """The body named before "Work Programme" in the heading, or on the line above a
    heading that names none ("Education and Children's Services (2)" over "Scrutiny Work
    Programme 2016/17"). Kept as printed: aliases are resolved at ingest. Returns the body
    and the 0-based line where the programme starts."""
    if prefix and prefix.lower() not in {"scrutiny", "the"}:
        return prefix, heading
    for index in range(heading - 1, max(start, heading - 4) - 1, -1):
        text = _cell(lines[index])
        if text:
            if "\t" in lines[index] or len(text) > 80 or text[-1] in ".:;,":
                break
            if text.lower().startswith("agenda item"):
                break
            return text, index
    return None, heading


def _columns(line: str) -> _Columns | None:
    """The header row: "Date", "Title" and usually "Detail" and "Cabinet Member/ Lead
    Officer", in whatever order the table prints them."""
    if "\t" not in line:
        return None
    found: dict[str, int] = {}
    for index, cell in enumerate(_cell(c).lower() for c in line.split("\t")):
        if cell == "date":
            found.setdefault("date", index)
        elif cell in {"title", "item", "topic"}:
            found.setdefault("title", index)
        elif cell.startswith(("detail", "description", "purpose")):
            found.setdefault("detail", index)
        elif "lead" in cell or "officer" in cell or "cabinet member" in cell:
            found.setdefault("leads", index)
    if "date" not in found or "title" not in found:
        return None
    return _Columns(found["date"], found["title"], found.get("detail"), found.get("leads"))


def _row(line: str, index: int, columns: _Columns) -> _Row:
    cells = [_cell(c) for c in line.split("\t")]

    def at(position: int | None) -> str:
        return cells[position] if position is not None and position < len(cells) else ""

    return _Row(
        line=index + 1,
        date=at(columns.date),
        title=at(columns.title),
        detail=at(columns.detail),
        leads=at(columns.leads),
    )


def _read_table(
    lines: list[str],
    header: int,
    stop: int,
    programme: ParsedWorkProgramme,
    warnings: list[PackWarning],
) -> int:
    """File each row under its meeting or bucket; returns the 0-based last line read."""
    columns = _columns(lines[header])
    place = _Place()
    last = header
    for index in range(header + 1, stop):
        line = lines[index]
        if not line.strip():
            continue
        repeated = _columns(line)
        if repeated is not None:
            columns, place.after_break = repeated, True
            continue
        if "\t" not in line:
            if not _heading_match(line):
                warnings.append(_skipped(line, index))
            continue
        row = _row(line, index, columns)
        if _file_row(row, place, programme, warnings):
            last = index
        place.after_break = False
    return last


def _skipped(line: str, index: int) -> PackWarning:
    return PackWarning(
        code="programme-line-skipped",
        message=f"A line inside the work programme table is not a table row: {_cell(line)!r}.",
        lines=(index + 1, index + 1),
    )


def _file_row(
    row: _Row, place: _Place, programme: ParsedWorkProgramme, warnings: list[PackWarning]
) -> bool:
    """Act on one row; False when it held nothing at all."""
    if not (row.date or row.title or row.detail or row.leads):
        return False
    if _continues(row, place):
        _extend(place.previous, row)
        _reach(place, row.line)
        return True
    if row.date:
        _open_place(row, place, programme, warnings)
    if row.title and row.title not in _PLACEHOLDERS:
        item = _new_item(row, place, warnings)
        programme.items.append(item)
        place.previous = item
        _reach(place, row.line)
    elif not row.date and (row.detail or row.leads):
        warnings.append(_untitled(row))
    return True


def _reach(place: _Place, line: int) -> None:
    """A meeting's span runs from its heading row to the last row of its items."""
    if place.meeting is not None:
        place.meeting.lines = (place.meeting.lines[0], line)


def _continues(row: _Row, place: _Place) -> bool:
    """A row carries on the item above when it has no date and no title of its own, or,
    just after a page break, when its title is the tail of a split cell: it starts in lower
    case or the title above ends with a dash."""
    if row.date or place.previous is None:
        return False
    if not row.title:
        return True
    if not place.after_break:
        return False
    return row.title[:1].islower() or place.previous.title.endswith(_DASHES)


def _extend(item: ParsedProgrammeItem, row: _Row) -> None:
    """Join a split cell's parts with a space, as the text of one cell already is."""
    item.title = _join(item.title, row.title)
    item.detail = _join(item.detail, row.detail) or None
    item.leads_as_written = _join(item.leads_as_written, row.leads) or None
    item.lines = (item.lines[0], row.line)


def _join(head: str | None, tail: str) -> str:
    return f"{head} {tail}" if head and tail else head or tail


def _untitled(row: _Row) -> PackWarning:
    return PackWarning(
        code="programme-row-untitled",
        message="A work programme row has detail or leads but no title and no item above it.",
        lines=(row.line, row.line),
    )


def _open_place(
    row: _Row, place: _Place, programme: ParsedWorkProgramme, warnings: list[PackWarning]
) -> None:
    """A Date cell starts a meeting or a bucket. The same meeting printed again on the first
    row after a page break carries on; any other repeat is flagged."""
    meeting = _meeting(row)
    place.previous = None
    if meeting is None:
        place.meeting = None
        place.bucket_label = row.date
        place.bucket = _bucket(row.date, programme.municipal_year)
        if place.bucket is None:
            warnings.append(_unknown_bucket(row))
        return
    current = place.meeting
    if current is not None and (current.label, current.date) == (meeting.label, meeting.date):
        return
    place.bucket = place.bucket_label = None
    place.meeting = meeting
    programme.meetings.append(meeting)
    warnings.extend(_date_checks(meeting, place, programme))


def _meeting(row: _Row) -> ParsedProgrammeMeeting | None:
    """A meeting heading in the Date column: "16th June 16", "27th January 2022 - postponed".
    A two-digit year is in this century."""
    match = _MEETING_DATE.fullmatch(row.date)
    if not match or match.group(2).lower() not in MONTHS:
        return None
    try:
        day = date(
            full_year(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1))
        ).isoformat()
    except ValueError:
        day = None
    note = match.group(4).strip(" ()-–—,:").lower()
    status = _MEETING_STATUSES.get(note, "scheduled")
    return ParsedProgrammeMeeting(
        date=day, label=row.date, status=status, venue=None, lines=(row.line, row.line)
    )


def _bucket(label: str, year: str | None) -> str | None:
    """The kind of list a Date-column label heads, or None for a label not recognised.
    "Items for 2022-23" is next year's list only when 2022 follows the programme's year."""
    lowered = " ".join(label.lower().split())
    if lowered.startswith("progress report"):
        return "progress-reports"
    if lowered.startswith(("proposed agenda item", "proposed item")):
        return "proposed-items"
    if lowered.startswith("performance monitoring"):
        return "performance-monitoring"
    if lowered.startswith(_UNDECIDED_LABELS) or lowered in {"tbc", "tbd"}:
        return "date-to-be-decided"
    if lowered.startswith(("next municipal year", "next year")):
        return "next-year"
    items_for = _ITEMS_FOR.fullmatch(lowered)
    programme_year = MunicipalYear.parse(year) if year else None
    if items_for and (programme_year is None or int(items_for.group(1)) > programme_year.first):
        return "next-year"
    return None


def _unknown_bucket(row: _Row) -> PackWarning:
    return PackWarning(
        code="programme-bucket-unknown",
        message=(
            f"The Date column holds {row.date!r}, which is neither a meeting date nor a "
            "recognised list such as progress reports or items for next year."
        ),
        lines=(row.line, row.line),
    )


def _date_checks(
    meeting: ParsedProgrammeMeeting, place: _Place, programme: ParsedWorkProgramme
) -> list[PackWarning]:
    """Meetings run forwards through one municipal year (May to April). A date that runs
    backwards is flagged; so is one outside the year, unless already flagged."""
    if meeting.date is None:
        return [_warn(meeting, "programme-date-invalid", "is not a real date")]
    day = date.fromisoformat(meeting.date)
    if place.latest is not None and day < place.latest:
        return [
            _warn(
                meeting,
                "programme-date-out-of-order",
                f"falls before the meeting of {place.latest.isoformat()} listed above it",
            )
        ]
    place.latest = day
    year = MunicipalYear.parse(programme.municipal_year) if programme.municipal_year else None
    if year and day not in year:
        return [_warn(meeting, "programme-date-outside-year", f"is outside {year}")]
    return []


def _warn(meeting: ParsedProgrammeMeeting, code: str, problem: str) -> PackWarning:
    return PackWarning(
        code=code,
        message=f"The meeting date {meeting.label!r} {problem}; it is kept as printed.",
        lines=meeting.lines,
    )


def _new_item(row: _Row, place: _Place, warnings: list[PackWarning]) -> ParsedProgrammeItem:
    meeting = place.meeting
    item = ParsedProgrammeItem(
        title=row.title,
        lines=(row.line, row.line),
        meeting_date=meeting.date if meeting else None,
        bucket=place.bucket,
        bucket_label=place.bucket_label,
        detail=row.detail or None,
        leads_as_written=row.leads or None,
    )
    if meeting is not None:
        item.status = _ITEM_STATUS_FROM_MEETING.get(meeting.status, "scheduled")
    elif place.bucket_label is None:
        warnings.append(
            PackWarning(
                code="programme-item-unplaced",
                message=f"{row.title!r} has no meeting date or list above it.",
                lines=item.lines,
            )
        )
    return item


def _finish_item(item: ParsedProgrammeItem, warnings: list[PackWarning]) -> None:
    """Once continuation rows are joined: the leads, the standing flag and the item's own
    status."""
    item.standing = _is_standing(item)
    own = _own_status(item.title)
    if own:
        item.status = own
    if item.leads_as_written:
        _assign_leads(item, warnings)


def _is_standing(item: ParsedProgrammeItem) -> bool:
    """Standing when the detail says so ("A standing item as agreed by Council"), or when
    the title is business every scrutiny meeting takes: the Outstanding Issues report or
    the Work Programme itself. A title merely recurring is not enough."""
    if item.detail and "standing item" in item.detail.lower():
        return True
    return item.title.lower().startswith(_STANDING_TITLES)


def _own_status(title: str) -> str | None:
    """ "Short Breaks Review (deferred)": an item's own mark overrides its meeting's."""
    words = set(re.findall(r"[a-z]+", title.lower()))
    return next((status for status in _ITEM_STATUS_WORDS if status in words), None)


def _assign_leads(item: ParsedProgrammeItem, warnings: list[PackWarning]) -> None:
    split = split_leads(item.leads_as_written)
    if split is None:
        item.lead_officers = [item.leads_as_written]
        warnings.append(
            PackWarning(
                code="programme-leads-unsplit",
                message=(
                    f"The leads of {item.title!r} could not be split into people: "
                    f"{item.leads_as_written!r} is kept whole as one lead officer."
                ),
                lines=item.lines,
            )
        )
        return
    item.lead_officers, item.cabinet_members = split


def _summary(
    lines: list[str], start: int, stop: int, year: str | None
) -> dict[str, tuple[int, str]]:
    """The summary page above the table: {meeting date or bucket: (line, its titles as one
    normalised text padded with spaces)}. Lines before the first date or bucket ("Last
    updated ...") are not part of it."""
    blocks: dict[str, tuple[int, list[str]]] = {}
    key = None
    for index in range(start, stop):
        text = _cell(lines[index])
        if not text or "\t" in lines[index]:
            continue
        meeting = _meeting(_Row(index + 1, text, "", "", ""))
        heads = meeting.date if meeting else _bucket(text, year)
        if heads:
            key = heads
            blocks.setdefault(key, (index + 1, []))
        elif key is not None:
            blocks[key][1].append(_normal(text))
    return {key: (line, f" {' '.join(texts)} ") for key, (line, texts) in blocks.items()}


def _normal(text: str) -> str:
    """Lower case with one kind of quote, dash and space, for comparing titles."""
    text = text.lower().translate(str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"}))
    return " ".join(text.split())


def _cross_check(
    programme: ParsedWorkProgramme, summary: dict[str, tuple[int, str]]
) -> list[PackWarning]:
    """The summary and the table should list the same meetings and items. A summary
    abbreviates titles ("Child Exploitation and Children Missing"), so an item counts as
    listed when the first three words of its title appear in its meeting's or list's
    summary text."""
    warnings = []
    dates = {meeting.date for meeting in programme.meetings if meeting.date}
    for key, (line, _) in summary.items():
        if key[:1].isdigit() and key not in dates:
            warnings.append(
                _mismatch(f"The summary lists a meeting on {key} that the table does not.", line)
            )
    for meeting in programme.meetings:
        if meeting.date and meeting.date not in summary:
            warnings.append(
                _mismatch(
                    f"The table lists a meeting on {meeting.label!r} that the summary does not.",
                    meeting.lines[0],
                )
            )
    for item in programme.items:
        key = item.meeting_date or item.bucket
        listed = summary.get(key, (0, " "))[1]
        opening = " ".join(_normal(item.title).split()[:3])
        if key and f" {opening} " not in listed:
            where = item.bucket_label or item.meeting_date
            warnings.append(
                _mismatch(
                    f"{item.title!r} is in the table under {where} but not in the summary.",
                    item.lines[0],
                )
            )
    return warnings


def _mismatch(message: str, line: int) -> PackWarning:
    return PackWarning(code="programme-summary-mismatch", message=message, lines=(line, line))
