"""The scrutiny board's Outstanding Issues table: one row per recommendation (R), action
(A) or information request (I), recognised by its column names ("Meeting Date", "Rec',
Action or Information", "Response/ Status" ...)."""

from __future__ import annotations

from ..model import PackWarning, ParsedResponse, ParsedTrackedItem
from .cells import completion_status, header_columns, iso_date, run_on

_TYPES = {"r": "R", "rec": "R", "recommendation": "R", "a": "A", "action": "A"}
_TYPES |= {"i": "I", "info": "I", "information": "I"}
_OI_NEEDED = {"meeting_date", "type", "text", "response"}
_OI_HINTS = (("meeting",), ("information",), ("response", "status"))


def _oi_role(key: str) -> str | None:
    """Which Outstanding Issues column a header cell names. The type column is checked
    before the recommendations column because both mention recommendations."""
    checks = (
        ("meeting_date", "meeting" in key and "date" in key),
        ("topic", key.startswith("agenda")),
        ("type", "information" in key),
        ("owner", "responsible" in key or "cabinet member" in key),
        ("text", "recommendation" in key or key in {"action", "actions"}),
        ("officer", "contact" in key),
        ("response", "response" in key or "status" in key),
    )
    return next((role for role, matched in checks if matched), None)


def outstanding_issues(lines: list[str]) -> tuple[list[ParsedTrackedItem], list[PackWarning]]:
    """Rows under an Outstanding Issues header, up to the first line without a tab. A row
    with no meeting date and no type is the row above run on over a page break."""
    items: list[ParsedTrackedItem] = []
    warnings: list[PackWarning] = []
    index = 0
    while index < len(lines):
        columns = header_columns(lines[index], _oi_role, _OI_HINTS)
        if not _OI_NEEDED <= columns.keys():
            index += 1
            continue
        width = len(lines[index].split("\t"))
        rows: list[tuple[int, list[list[str]]]] = []
        index += 1
        while index < len(lines) and "\t" in lines[index]:
            cells = _fit(lines[index].split("\t"), width)
            starts = any(cells[columns[role]].strip() for role in ("meeting_date", "type"))
            if starts or not rows:
                rows.append((index + 1, []))
            rows[-1][1].append(cells)
            index += 1
        items.extend(_oi_item(first, parts, columns, warnings) for first, parts in rows)
    return items, warnings


def _fit(cells: list[str], width: int) -> list[str]:
    """A row with exactly ``width`` cells: short rows are padded, and overflow is kept
    in the last cell rather than dropped."""
    if len(cells) > width:
        cells = cells[: width - 1] + ["\t".join(cells[width - 1 :])]
    return cells + [""] * (width - len(cells))


def _oi_item(
    first: int, rows: list[list[str]], columns: dict[str, int], warnings: list[PackWarning]
) -> ParsedTrackedItem:
    def cell(role: str) -> str:
        at = columns.get(role)
        return run_on([row[at] for row in rows]) if at is not None else ""

    last = first + len(rows) - 1
    raw_type = cell("type")
    item_type = _TYPES.get(raw_type.lower().strip(".'’"))
    if item_type is None:
        warnings.append(
            PackWarning(
                "tracker-type-unreadable",
                f'Outstanding Issues row at line {first}: type "{raw_type}" is not R, A or I',
                (first, last),
            )
        )
    item = ParsedTrackedItem(
        source_kind="outstanding-issues",
        item_type=item_type,
        number=None,
        text=cell("text"),
        lines=(first, last),
        owners=[part.strip() for part in cell("owner").split(";") if part.strip()],
        officer_contact=cell("officer") or None,
        meeting_date=iso_date(cell("meeting_date")),
        topic=cell("topic") or None,
    )
    response = cell("response")
    if response:
        item.status = completion_status(response)
        item.responses.append(
            ParsedResponse(response, (first, last), iso_date(response), item.status)
        )
    return item
