"""The red, amber and green rating that trackers and scorecards both give, with its reason.

The rules that rate differ (a due date against today, a figure against its target); what
they give is one value type, so pages, exports and reports show any rating the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

COLOURS = ("red", "amber", "green")
LABELS = {"red": "Red", "amber": "Amber", "green": "Green"}  # what a page or export says
NO_RATING = "No rating"


@dataclass(frozen=True)
class Rag:
    colour: str  # one of COLOURS
    reason: str  # in words, for the page and the export: "Overdue by 12 days"

    def __post_init__(self):
        if self.colour not in COLOURS:
            raise ValueError(f"a RAG rating is red, amber or green, not {self.colour!r}")

    @property
    def label(self) -> str:
        return LABELS[self.colour]
