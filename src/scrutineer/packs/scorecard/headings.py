"""Headings, captions and the components they sit in: what names a table and where a
scorecard section ends."""

from __future__ import annotations

import re
from bisect import bisect_right

from ..model import Component
from ..segment import BLANK_PAGE

MAX_HEADING_CHARS = 220
HEADING_REACH = 40  # lines looked back for a table's heading
COMPARATOR_HEADING_REACH = 30
SUB_HEADING_REACH = 15  # a lone sub-heading further up than this names nothing


PRIORITY = re.compile(r"priority\s{1,3}\d{1,2}\b", re.I)
SCORECARD_HEADING = re.compile(r"\bperformance\s{1,3}(?:score\s{0,2}card|dashboard)\b", re.I)
CAPTION = re.compile(
    r"(?:figure|fig\.|table)\s{1,3}(\d{1,3}[a-z]?)\s{0,3}[:.–—-]\s{0,3}(\S.*)", re.I
)
_ENUMERATED = re.compile(r"\(?(?:[a-z]|[ivx]{1,4})\)\s{1,3}")


def is_heading(text: str, max_words: int) -> bool:
    if not text or len(text) > MAX_HEADING_CHARS or text[-1] in ".,;!?" or text[0] in "*-•●■–":
        return False
    if text.lower() == BLANK_PAGE or not any(ch.isalpha() for ch in text):
        return False
    return len(text.split()) <= max_words


def clean_heading(text: str) -> str:
    return " ".join(text.replace("**", "").split()).rstrip(":").strip()


def component_at(components: list[Component], starts: list[int], index: int):
    """The component holding 0-based line ``index``; ``starts`` are their 0-based starts."""
    position = bisect_right(starts, index) - 1
    if position >= 0 and index < components[position].lines[1]:
        return components[position]
    return None


def component_end(components, starts, index: int, total: int) -> int:
    """0-based exclusive end of the component holding line ``index``."""
    component = component_at(components, starts, index)
    return component.lines[1] if component else total


def heading_above(lines, index, floor, max_words, reach=HEADING_REACH) -> str | None:
    for back in range(index - 1, max(floor, index - reach) - 1, -1):
        raw = lines[back]
        text = raw.strip()
        if not text or "\t" in raw:
            continue
        if PRIORITY.match(text):
            return None
        if is_heading(text, max_words):
            return clean_heading(text)
    return None


def comparator_heading(lines, index) -> str | None:
    """The heading over a stray comparator table; "Parent: Sub" for "b) Gender" sub-headings."""
    sub = None
    for back in range(index - 1, max(0, index - COMPARATOR_HEADING_REACH) - 1, -1):
        raw = lines[back]
        text = raw.strip()
        if not text or "\t" in raw or not is_heading(text, 8):
            continue
        if sub is None and index - back > SUB_HEADING_REACH:
            return None
        match = _ENUMERATED.match(text)
        if match:
            sub = sub or clean_heading(text[match.end() :])
            continue
        heading = clean_heading(text)
        return f"{heading}: {sub}" if sub else heading
    return sub
