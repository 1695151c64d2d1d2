"""An agenda's order, kept by its numbers: 1, 2, 2a, 10, as people read them.

Ingest stores ``AgendaItem.order`` as the place an item is printed (main items from 0, the
sub-items of each from 0 under their item). An agenda typed on Scrutineer's pages has no
printing to follow, so its order is its numbers' natural order, written in the same shape.
"""

from __future__ import annotations

import re

from .changes import touch
from .models import AgendaItem, Meeting

_CHUNKS = re.compile(r"(\d+)")


def number_key(number: str) -> tuple:
    """Sorts "2" before "2a" before "10": digits as numbers, the rest as lower-case text."""
    return tuple(
        (0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk.strip(" .").lower())
        for chunk in _CHUNKS.split(number.strip())
        if chunk
    )


def next_number(meeting: Meeting) -> str:
    """The number to suggest for a new main item: one after the highest whole number."""
    numbers = meeting.agenda_items.filter(parent=None).values_list("number", flat=True)
    whole = [int(match.group()) for n in numbers if (match := re.match(r"\d+", n))]
    return str(max(whole, default=0) + 1)


def renumber(meeting: Meeting) -> None:
    """Write every item's ``order`` from its number: main items from 0, and the sub-items of
    each item from 0, as ingest orders a printed agenda."""
    items = list(meeting.agenda_items.only("pk", "number", "order", "parent_id"))
    groups: dict[int | None, list[AgendaItem]] = {}
    for item in items:
        groups.setdefault(item.parent_id, []).append(item)
    changed = []
    for group in groups.values():
        for order, item in enumerate(sorted(group, key=lambda i: (number_key(i.number), i.pk))):
            if item.order != order:
                item.order = order
                changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["order"])
    touch(AgendaItem, [item.pk for item in changed])  # bulk_update sets no updated_at
