"""What a synthetic run makes: the sizes for a scale, and the bookkeeping every phase shares
(the counts it reports and the bulk writes that keep them)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from scrutineer import bulk

from .vocabulary import BODY_TEMPLATES

# What scale 1 means.
BODIES_PER_SCALE = 10
MEETINGS_PER_SCALE = 500
ITEMS_PER_SCALE = 20_000
YEARS = 10
QUARTERS = 40  # ten years of financial quarters on the scorecards
DATA_CALL_QUARTERS = 8  # the most recent quarters were collected through data calls
DEADLINE_DAYS = 42  # a data call's deadline, after the quarter's end

# How counts are named in the summary, where Django's plural would read oddly.
COUNT_LABELS = {
    "Party": "parties",
    "Attendance": "attendance records",
    "OrganisationAlias": "organisation aliases",
    "PersonAlias": "person aliases",
    "BodyAlias": "body aliases",
    "Priority": "priorities",
}


def count_label(model) -> str:
    return COUNT_LABELS.get(model.__name__, str(model._meta.verbose_name_plural))


Progress = Callable[[str, int, int], None]


class SynthRefused(Exception):
    """The database holds data that synthetic rows must not be mixed into."""


@dataclass(frozen=True)
class Plan:
    """The target sizes for a scale."""

    scale: float
    bodies: int
    meetings: int
    tracked_items: int

    @classmethod
    def for_scale(cls, scale: float) -> Plan:
        if not (scale > 0 and math.isfinite(scale)):
            raise ValueError(f"The scale must be a positive number, not {scale!r}.")
        bodies = max(3, round(BODIES_PER_SCALE * scale))
        meetings = max(bodies, round(MEETINGS_PER_SCALE * scale))
        items = max(10, round(ITEMS_PER_SCALE * scale))
        return cls(scale, bodies, meetings, items)

    @property
    def authorities(self) -> int:
        return math.ceil(self.bodies / len(BODY_TEMPLATES))


class Generator:
    """Counts what a run writes, by record type, as it writes it through ``scrutineer.bulk``."""

    counts: dict[str, int]

    def count(self, label: str, n: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + n

    def insert(self, model, objs: list) -> None:
        """Model instances, which get their pks (rows written next may point to them)."""
        bulk.create(model, objs)
        self.count(
            COUNT_LABELS.get(model.__name__, str(model._meta.verbose_name_plural)), len(objs)
        )

    def insert_rows(self, model, rows: list[dict]) -> None:
        """Rows no other row points to, as dicts, without making model instances."""
        written = bulk.write_dicts(model, rows)
        self.count(count_label(model), written)
