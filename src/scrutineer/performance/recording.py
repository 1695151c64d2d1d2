"""Recording figures: the one rule for when a new figure supersedes the current one, used
for a paper's tables (ingest) and a partner's return or an officer's typed figure (data
calls) alike.

The rule
  A figure's key is its indicator, area, period and breakdown. A newer figure for a key
  supersedes every current figure for it (``old.superseded_by = new``), and the earlier
  ones stay as history, so each key is left with one current figure.

  A figure the same as the one current figure for its key writes nothing: recording the
  same paper or the same return twice changes nothing. Two figures are the same when they
  have the same status and numbers (to the four decimal places stored) and the same note.
  Where there is no number, the text as printed is compared instead ("see note" and "tbc"
  differ). A figure that carries no note (``note=None``, as from a paper, which has none)
  is not compared on its note: a paper reprinting a partner's figure does not replace it.

  Within one batch, a later figure for a key is newer than an earlier one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from scrutineer import bulk
from scrutineer.governance.changes import touch
from scrutineer.packs.figures import four_places

from .models import Indicator, Observation

REPORTED = Observation.Status.REPORTED

Key = tuple[int, int, int, int | None]  # indicator, area, period, breakdown (or None)


@dataclass(slots=True)
class NewFigure:
    """A figure to record, as plain values (a 10,000-row return makes 10,000 of these, so
    they are not model instances)."""

    indicator_id: int
    area_id: int
    period_id: int
    breakdown_id: int | None
    status: str
    value: Decimal | None
    value2: Decimal | None
    raw: str
    visibility: str = Observation._meta.get_field("visibility").default
    note: str | None = None  # None: this source has no note to compare
    footnote: str = ""
    caveat: str = ""
    source_id: int | None = None
    first_line: int | None = None
    last_line: int | None = None

    @property
    def key(self) -> Key:
        return (self.indicator_id, self.area_id, self.period_id, self.breakdown_id)


@dataclass(slots=True)
class Held:
    """What is needed of a current figure to tell whether a new one changes it."""

    pk: int
    status: str
    value: Decimal | None
    value2: Decimal | None
    raw: str
    note: str


@dataclass
class Recorded:
    created: list[int | None] = field(default_factory=list)  # per figure: new pk, or None
    superseded: list[tuple[int, int]] = field(default_factory=list)  # (earlier pk, new pk)
    unchanged: int = 0

    @property
    def written(self) -> int:
        return sum(pk is not None for pk in self.created)


def same_figure(held: Held, new: NewFigure) -> bool:
    """Whether ``new`` says what ``held`` says (the rule in the module docstring)."""
    if held.status != new.status or held.value != new.value or held.value2 != new.value2:
        return False
    if new.value is None and new.status == REPORTED and held.raw != new.raw:
        return False
    return new.note is None or held.note == new.note


def held_figures(
    indicator_ids: Iterable[int],
    area_ids: Iterable[int],
    period_ids: Iterable[int],
    *,
    lock: bool = False,
) -> dict[Key, list[Held]]:
    """The current figures of these indicators, areas and periods by key, oldest first, in
    one query (read as plain values: 10,000 model instances would cost half a second).
    ``lock`` holds them until the transaction ends."""
    found = Observation.objects.filter(
        indicator_id__in=list(indicator_ids),
        area_id__in=list(area_ids),
        period_id__in=list(period_ids),
        superseded_by__isnull=True,
    )
    if lock:
        found = found.select_for_update()
    held: dict[Key, list[Held]] = defaultdict(list)
    for pk, indicator, area, period, breakdown, status, value, value2, raw, note in found.order_by(
        "pk"
    ).values_list(
        "pk",
        "indicator_id",
        "area_id",
        "period_id",
        "breakdown_id",
        "status",
        "value",
        "value2",
        "raw",
        "note",
    ):
        held[(indicator, area, period, breakdown)].append(
            Held(pk, status, value, value2, raw, note)
        )
    return held


_COLUMNS = (
    "indicator_id", "area_id", "period_id", "breakdown_id", "status", "value", "value2", "raw",
    "visibility", "note",
)  # fmt: skip
# Written only when some figure has a source, footnote or caveat (a paper's figures);
# otherwise left to their defaults, which cost no parameter per row.
_PROVENANCE = ("footnote", "caveat", "source_id", "first_line", "last_line")


def _row(f: NewFigure) -> tuple:
    return (
        f.indicator_id, f.area_id, f.period_id, f.breakdown_id, f.status, f.value, f.value2,
        f.raw, f.visibility, f.note or "",
    )  # fmt: skip


def _held(figure: NewFigure) -> Held:
    return Held(0, figure.status, figure.value, figure.value2, figure.raw, figure.note or "")


def record_figures(figures: Sequence[NewFigure], *, lock: bool = False, **fixed) -> Recorded:
    """Record figures under the rule: one query reads the current figures of their keys,
    one multi-row INSERT per thousand figures writes the new ones, and one UPDATE per five
    hundred points the earlier ones at them. ``fixed`` sets a column for every new row
    (``submission_id``, ``entered_by_id``); the figures' numbers are rounded to the four
    places stored. Call inside a transaction; ``lock`` holds the current figures read
    (data calls also hold the call, so that two returns at once cannot each leave a
    current figure)."""
    recorded = Recorded()
    if not figures:
        return recorded
    for figure in figures:
        figure.value, figure.value2 = four_places(figure.value), four_places(figure.value2)
    held = held_figures(
        {f.indicator_id for f in figures},
        {f.area_id for f in figures},
        {f.period_id for f in figures},
        lock=lock,
    )
    latest: dict[Key, int] = {}  # the index of the newest figure written for a key
    written: list[int] = []
    for index, figure in enumerate(figures):
        key = figure.key
        earlier = held.get(key, [])
        if key in latest:  # written earlier in this batch, so that one is current
            earlier = [_held(figures[latest[key]])]
        if len(earlier) == 1 and same_figure(earlier[0], figure):
            recorded.unchanged += 1
            continue
        latest[key] = index
        written.append(index)
    chosen = [figures[index] for index in written]
    sourced = any(f.source_id is not None or f.footnote or f.caveat for f in chosen)
    given = _PROVENANCE if sourced else ()
    rows = [_row(f) + tuple(getattr(f, n) for n in given) for f in chosen]
    names = (*_COLUMNS, *given)
    pks = [pk for (pk,) in bulk.insert_returning(Observation, names, rows, ["id"], **fixed)]
    recorded.created = [None] * len(figures)
    newest: dict[Key, int] = {}
    for index, pk in zip(written, pks, strict=True):
        recorded.created[index] = pk
        key = figures[index].key
        if key in newest:
            recorded.superseded.append((newest[key], pk))
        else:
            recorded.superseded += [(old.pk, pk) for old in held.get(key, [])]
        newest[key] = pk
    bulk.set_column(Observation, "superseded_by", recorded.superseded)
    touch(Indicator, {f.indicator_id for f in chosen})  # shown with its figures
    touch(Observation, [old for old, _new in recorded.superseded])  # a sync meets the change
    return recorded
