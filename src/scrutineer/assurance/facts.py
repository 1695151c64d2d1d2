"""Where each fact of an assurance record was read: the record's paper and the fact's own
lines (``BodyRecord.facts``), shown by ``source_link`` like any sourced record."""

from __future__ import annotations

from dataclasses import dataclass

from scrutineer.governance.models.sources import Sourced


@dataclass
class FactSource:
    source_id: int | None
    first_line: int | None
    last_line: int | None

    source_url = property(Sourced.source_url.fget)
    source_label = property(Sourced.source_label.fget)


def fact_sources(record) -> dict[str, FactSource]:
    """Each fact of a record (``facts``: field -> [first, last]) with its source."""
    return {
        name: FactSource(record.source_id, span[0], span[1])
        for name, span in (record.facts or {}).items()
        if span and record.source_id
    }
