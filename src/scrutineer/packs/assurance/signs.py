"""The Signs of Safety headings partnerships write findings and progress under: "What's
working well?", "What are we worried about?", "What needs to happen?". One home for reading
a printed heading as one of them; the values are those of
``assurance.models.common.SignsOfSafety``."""

from __future__ import annotations

import re

WORKING_WELL, WORRIED, NEEDS_TO_HAPPEN, OTHER = (
    "working-well",
    "worried",
    "needs-to-happen",
    "other",
)
_SIGNS = (
    (re.compile(r"\b(?:working\s{1,3}well|going\s{1,3}well|strengths)\b", re.I), WORKING_WELL),
    (re.compile(r"\b(?:worr(?:ied|ies|y)|concerns)\b", re.I), WORRIED),
    (
        re.compile(r"\b(?:needs?\s{1,3}to\s{1,3}happen|next\s{1,3}steps)\b", re.I),
        NEEDS_TO_HAPPEN,
    ),
)
_MAX_CHARS = 80  # a heading, not a sentence that mentions a worry


def signs_of_safety(heading: str | None) -> str | None:
    """ "What's working well?", "What are we worried about?", "What needs to happen?
    (Recommendations)" read as one of the three headings; None for any other line."""
    text = (heading or "").strip()
    if not text or len(text) > _MAX_CHARS:
        return None
    return next((value for pattern, value in _SIGNS if pattern.search(text)), None)
