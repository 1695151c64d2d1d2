"""Case-review recommendations in a table with an owner column, as text extraction and PDF
reading print tables: one tab-separated row per recommendation, under a header such as

    No<TAB>Recommendation<TAB>Lead agency<TAB>Target date<TAB>Progress

A row with an empty number cell (or, without a number column, a text cell that starts in
lower case) carries the row above on; "1a", "1.b", "a)" or "(a)" rows are parts of the
recommendation above and share its owners unless they name their own. Owner cells naming
several agencies ("Children's Services / Police") give one owner each, as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import ParsedResponse, ParsedTrackedItem
from .cells import completion_status, header_columns, iso_date, key, run_on, without_tags
from .plans import is_plan_header
from .review_checks import owner_line

_HINTS = (
    ("recommendation",),
    ("lead", "agency", "agencies", "owner", "responsible", "accountable", "organisation", "whom"),
)
_OWNER_KEYS = (
    "lead", "agency", "agencies", "owner", "responsible", "accountable", "organisation",
    "single agency", "by whom", "to whom", "addressed to", "who",
)  # fmt: skip
_NUMBER_KEYS = {
    "no", "number", "ref", "reference", "rec", "rec no", "recommendation no",
    "recommendation number", "recommendation ref", "recommendation reference",
}  # fmt: skip
_LABEL = re.compile(
    r"^(?:recommendation|rec|r)?\s{0,2}(\d{1,2})(?:\.?([a-z]))?[.):]?(?:\s{1,4}|$)", re.I
)
_NO_OWNER = {"", "n a", "na", "tbc", "tba", "none", "not applicable"}  # an owner not yet named
_PART = re.compile(r"^\(?([a-z])\)\s{0,4}|^([a-z])\.\s{1,4}")


def _role(key: str) -> str | None:
    if key in _NUMBER_KEYS:
        return "number"
    if key.startswith(("recommendation", "learning")):
        return "text"
    if key.startswith(_OWNER_KEYS) or key in {"for", "to"}:
        return "owner"
    if key.startswith(("target", "timescale", "deadline", "by when", "due")):
        return "due"
    if key.startswith(("progress", "update", "status", "outcome", "evidence", "rag")):
        return "progress"
    return None


@dataclass
class _Row:
    number: str | None
    part: str | None
    cells: dict[str, list[str]]
    first: int  # 1-based
    last: int
    parts: list[_Row] = field(default_factory=list)

    def cell(self, role: str) -> str:
        return run_on(self.cells.get(role, []))


def owner_table_header(line: str) -> dict[str, int] | None:
    """Columns of a recommendations table header with an owner column, else None. The
    Outstanding Issues report (it has a "Meeting Date") and action plans (next steps, lead
    and timescale) are read elsewhere."""
    columns = header_columns(line, _role, _HINTS)
    if not {"text", "owner"} <= columns.keys() or "meeting date" in line.lower():
        return None
    if is_plan_header(line):
        return None
    return columns


def owner_table(
    lines: list[str], header: int, columns: dict[str, int], review: str
) -> tuple[list[ParsedTrackedItem], int]:
    """The recommendations of the table whose header is at ``header`` and the index after it."""
    rows: list[_Row] = []
    index = header + 1
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        if "\t" not in line:
            break
        cells = {role: _cell(line.split("\t"), at) for role, at in columns.items()}
        _add_row(rows, cells, index + 1, "number" in columns)
        index += 1
    return [_item(row, review, None) for row in rows], index


def _cell(cells: list[str], at: int) -> str:
    return without_tags(cells[at]) if at < len(cells) else ""


def _add_row(rows: list[_Row], cells: dict[str, str], line: int, numbered: bool) -> None:
    label = cells.get("number", "") if numbered else cells.get("text", "")
    found = _LABEL.match(label.strip())
    part = _PART.match(label.strip()) if found is None else None
    if found and not numbered:
        cells["text"] = label.strip()[found.end() :].strip()
    elif part and not numbered:
        cells["text"] = label.strip()[part.end() :].strip()
    starts = bool(found or part or (numbered and label.strip()))
    starts = starts or (not numbered and bool(cells.get("text")) and cells["text"][0].isupper())
    if not starts and rows:
        target = rows[-1].parts[-1] if rows[-1].parts else rows[-1]
        for role, value in cells.items():
            if value.strip():
                target.cells.setdefault(role, []).append(value)
        target.last = rows[-1].last = line
        return
    number = found.group(1) if found else None
    letter = (found.group(2) if found else None) or (
        (part.group(1) or part.group(2)) if part else None
    )
    row = _Row(number, letter, {r: [v] for r, v in cells.items() if v.strip()}, line, line)
    parent = rows[-1] if rows else None
    if letter and parent and (number in (None, parent.number)):
        row.number = parent.number
        parent.parts.append(row)
        parent.last = line
    else:
        rows.append(row)


def _item(row: _Row, review: str, parent: ParsedTrackedItem | None) -> ParsedTrackedItem:
    cell = row.cell("owner")
    named = cell and key(cell) not in _NO_OWNER
    owners = owner_line(f"Owner: {cell}") if named else None
    number = row.number
    if parent is not None:
        number = f"{parent.number or ''}{row.part}"
    elif row.part and number:
        number = f"{number}{row.part}"
    item = ParsedTrackedItem(
        source_kind="case-review",
        item_type="R",
        number=number,
        text=row.cell("text"),
        lines=(row.first, row.last),
        owners=owners or (list(parent.owners) if parent else []),
        review=review,
    )
    if due := row.cell("due"):
        item.due, item.due_date = due, iso_date(due)
    if progress := row.cell("progress"):
        item.responses.append(ParsedResponse(progress, (row.first, row.last), iso_date(progress)))
        item.status = completion_status(progress)
    item.subitems = [_item(part, review, item) for part in row.parts]
    return item
