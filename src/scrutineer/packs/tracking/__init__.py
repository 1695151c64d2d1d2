"""Tracked items: the recommendations, actions and information requests a pack records.

The tracker is the spine of the system, and packs print its entries in three families:

- the scrutiny board's **Outstanding Issues** table, one row per recommendation (R), action
  (A) or information request (I), recognised by its column names ("Meeting Date",
  "Rec', Action or Information", "Response/ Status" ...);
- **case-review recommendations**: a review's numbered list under a heading such as
  "7. RECOMMENDATIONS FOR THE BOARD", "Recommendation N" headings with the agency on its own
  line, a table with an owner column, or a table of numbered recommendations with lettered
  parts and a progress column, introduced by a paragraph naming the review;
- **action plans**: tables with "Lead" and "Timescale" columns whose cells hold parallel
  lists, one entry per next step, written as HTML-like fragments (``<p>``, ``<ul>``).

Cells are kept as printed. Where a cell cannot be read with confidence (lists that do not
pair, a missing action number, a link label left in the text) a warning says so and the
text is kept whole: flag, don't fix. Every scan walks the lines once, text is gathered in
parts and joined once, and the patterns are linear, so hostile input cannot make the work
explode.
"""

from __future__ import annotations

from ..model import Component, PackWarning, ParsedTrackedItem
from .outstanding import outstanding_issues
from .plans import action_plans
from .reviews import case_reviews


def extract_tracked_items(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedTrackedItem], list[PackWarning]]:
    """Every tracked item in a document, in line order, with the warnings raised reading them.

    ``lines`` are the document's lines (index 0 is line 1); ``components`` come from
    ``segment`` and bound the regions in which a review's title is looked for.
    """
    items: list[ParsedTrackedItem] = []
    warnings: list[PackWarning] = []
    for found, raised in (
        outstanding_issues(lines),
        case_reviews(lines, components),
        action_plans(lines),
    ):
        items.extend(found)
        warnings.extend(raised)
    items.sort(key=lambda item: item.lines)
    warnings.sort(key=lambda warning: warning.lines)
    return items, warnings


__all__ = ["extract_tracked_items"]
