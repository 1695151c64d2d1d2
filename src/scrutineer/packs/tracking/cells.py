"""Reading the cells of converted tables: header names, cells run on over several lines,
"complete" in a status cell, dates, and the HTML-like fragments some cells hold.

Every pattern here is linear and every scan walks a cell once, so hostile input cannot make
the work explode.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..text import find_date

_NOT_ALNUM = re.compile(r"[\W_]+")


def key(cell: str) -> str:
    """A header cell reduced to lower-case words: "Rec', Action or Information" ->
    "rec action or information", so spacing and punctuation never matter."""
    return " ".join(_NOT_ALNUM.sub(" ", cell.lower()).split())


def squash(text: str) -> str:
    return " ".join(text.split())


def run_on(parts: list[str]) -> str:
    """A cell printed over several lines, as one text; each piece is kept as printed."""
    return " ".join(part.strip() for part in parts if part.strip())


def completion_status(text: str) -> str | None:
    """ "complete" for "... COMPLETE", "Completed Feb 16" or "March 16 – completed": the
    word must open or close the cell, so "will be completed by May" says nothing."""
    words = [w.strip(".,;:!()*-–").lower() for w in text.split()]
    words = [w for w in words if w]
    if words and {words[0], words[-1]} & {"complete", "completed"}:
        return "complete"
    return None


def iso_date(text: str) -> str | None:
    day = find_date(text)
    return day.isoformat() if day else None


def first_upper(text: str) -> bool:
    return bool(text) and text[0].isupper()


def lowercase_start(text: str) -> bool:
    return bool(text) and text[0].islower()


def header_columns(
    line: str, role_of: Callable[[str], str | None], hints: tuple[tuple[str, ...], ...] = ()
) -> dict[str, int]:
    """Column index of each role a tab-separated header names (the first cell wins).

    ``hints`` are groups of lower-case words; a header has one word of every group, so a
    line without is skipped unread, which spares splitting every row of every table."""
    columns: dict[str, int] = {}
    lowered = line.lower()
    if "\t" in line and all(any(word in lowered for word in group) for group in hints):
        for index, cell in enumerate(line.split("\t")):
            role = role_of(key(cell))
            if role and role not in columns:
                columns[role] = index
    return columns


BLOCK_TAGS = {"p", "ul", "ol", "li", "div", "br"}
INLINE_TAGS = {"b", "strong", "em", "u", "span", "a", "i"}
_MAX_TAG = 200


def tokens(cell: str) -> Iterator[tuple[str, str]]:
    """("text", ...), ("open", tag) and ("close", tag) from a cell, by plain scanning.
    Only known tag names count as tags; any other "<" is text."""
    position = text_start = 0
    while (at := cell.find("<", position)) >= 0:
        end = cell.find(">", at, at + _MAX_TAG)
        inner = cell[at + 1 : end].strip() if end > at else ""
        name = inner.lstrip("/").split(" ")[0].rstrip("/").lower()
        if name in BLOCK_TAGS or name in INLINE_TAGS:
            if at > text_start:
                yield ("text", cell[text_start:at])
            yield ("close" if inner.startswith("/") else "open", name)
            position = text_start = end + 1
        else:
            position = at + 1
    if text_start < len(cell):
        yield ("text", cell[text_start:])


def without_tags(cell: str) -> str:
    return squash(" ".join(value for kind, value in tokens(cell) if kind == "text"))
