"""Writing one record by its natural key.

Ingestion runs in one transaction with one writer, so a plain look-up followed by an
insert or an update is enough: no savepoint per row as ``get_or_create`` would use, and
no second write to fill in fields after creating. Most rows in a new paper are new, so
this halves the queries of a typical ingest.
"""

from __future__ import annotations


def upsert(model, lookup: dict, **values):
    """The row matching ``lookup`` updated with ``values``, or a new one: (row, created)."""
    record = model.objects.filter(**lookup).first()
    if record is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, values[name])
    if changed:
        record.save(update_fields=changed)
    return record, False


def fetch_or_create(model, defaults: dict | None = None, **lookup):
    """``get_or_create`` without its savepoint: (row, created)."""
    record = model.objects.filter(**lookup).first()
    if record is not None:
        return record, False
    return model.objects.create(**lookup, **(defaults or {})), True
