"""Links from a record to others, each given only when the reader may read its target: a
public action of a private meeting names no meeting to a reader who may not see it."""

from __future__ import annotations

from collections.abc import Iterable

from scrutineer.governance.restriction import readable_rows


def readable_ids(model, ids: Iterable[int | None], user) -> set[int]:
    """Which of ``ids`` (rows of ``model``) ``user`` may read: one query for a page."""
    wanted = sorted({pk for pk in ids if pk is not None})
    if not wanted:
        return set()
    rows = readable_rows(model._default_manager.filter(pk__in=wanted), user)
    return set(rows.values_list("pk", flat=True))


def shown(pk: int | None, readable: set[int]) -> int | None:
    """``pk`` when it names a readable record, else None."""
    return pk if pk in readable else None
