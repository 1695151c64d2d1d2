"""The Signs of Safety headings partnerships write findings and progress under: "What's
working well?", "What are we worried about?", "What needs to happen?". One home for reading
a printed heading as one of them."""

from __future__ import annotations

_HEADINGS = (
    ("working-well", ("working well", "going well", "strengths")),
    ("worried", ("worried", "worry", "concerns")),
    ("needs-to-happen", ("needs to happen", "next steps", "need to happen")),
)
_MAX_WORDS = 8


def signs_of_safety(heading: str) -> str | None:
    """The heading's key ("working-well", "worried", "needs-to-happen"), or None when a short
    line is not one of the three."""
    text = heading.strip().lower().replace("’", "'")
    if not text or len(text.split()) > _MAX_WORDS:
        return None
    return next((key for key, words in _HEADINGS if any(w in text for w in words)), None)
