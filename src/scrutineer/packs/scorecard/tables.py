"""One tab-separated table read into drafts of indicators: its header's columns (area,
period, measure), then each row as an indicator, a group, a breakdown, an area or a total."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

from ..figures import read_cell
from ..model import PackWarning
from .areas import (
    FORCE_WIDE,
    LOCAL_AUTHORITY,
    PLAIN_STUBS,
    STUB_DIMENSIONS,
    TOTAL,
    classify_row,
    find_area,
)
from .indicators import Draft, ParsedObservation, own_unit
from .labels import name_key, read_label
from .periods import FINANCIAL_YEAR, QUARTER, PrintedPeriod, footnote_period, read_period
from .polarity import ParsedTarget, is_polarity_head, read_aims, target_period

FOOTNOTE_LINES = 8  # non-blank lines after a table searched for its footnotes
_CAVEAT_HEADS = {"caveat", "caveats", "note", "notes", "comment", "comments"}
_BY = re.compile(r"\bby\s{1,3}([a-z][a-z ]{1,30}?)\s{0,3}(?:[(:,]|$)", re.I)
_PER_LABEL = re.compile(r"per\s{1,3}[\d,]{2,9}\b", re.I)


@dataclass
class _Column:
    index: int
    text: str
    role: str  # value, caveat, breakdown, total, measure-label, target, polarity, ignore
    area: tuple[str, str] | None = None
    period: PrintedPeriod | None = None
    measure: str | None = None  # count, percent
    caveat: str | None = None
    aim_period: str | None = None  # of a target column: "2027" of "Target 2027"


@dataclass
class Context:
    kind: str  # scorecard, figure, comparator
    la: str
    region: int
    fy: int | None = None
    priority: str | None = None
    heading: str | None = None  # the group
    title: str | None = None  # the name of the table's own indicator
    several: bool = False  # one caption over several tables
    footnotes: dict[str, str] = field(default_factory=dict)


def table_runs(lines: list[str]) -> list[tuple[int, int]]:
    """0-based inclusive spans of consecutive tab-separated lines."""
    runs, start = [], None
    for index, line in enumerate(lines):
        if "\t" in line and line.strip():
            if start is None:
                start = index
        elif start is not None:
            runs.append((start, index - 1))
            start = None
    if start is not None:
        runs.append((start, len(lines) - 1))
    return runs


def _is_measure_text(text: str) -> bool:
    return name_key(text) in {"%", "no", "no.", "number", "n", "rate", "count", "percent"}


def _measure(text: str) -> str | None:
    lowered = name_key(text)
    if lowered == "%" or lowered.endswith(" %") or lowered.endswith("(%)"):
        return "percent"
    if lowered in {"no", "no.", "number", "n", "count"} or lowered.endswith((" no", " no.")):
        return "count"
    return None


def is_subheader(cells: list[str], first: int) -> bool:
    texts = [c for c in cells[first:] if c]
    if not texts or (first and cells[0] and not _is_measure_text(cells[0])):
        return False
    return all(
        _is_measure_text(t)
        or (read_period(t, None) is not None and not any(ch.isalpha() for ch in t))
        or FINANCIAL_YEAR.fullmatch(t)
        or QUARTER.fullmatch(t)
        for t in texts
    )


@dataclass
class _Family:
    """The drafts (one per measure, made lazily) of one row or group indicator."""

    base: str
    kind: str
    line: int
    qualifier: str | None
    caveats: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    hint: Draft | None = None
    polarity: str | None = None
    target: ParsedTarget | None = None
    drafts: dict[str | None, Draft] = field(default_factory=dict)


def _first_draft(family: _Family | None) -> Draft | None:
    return next(iter(family.drafts.values()), None) if family is not None else None


def _get(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


class TableReader:
    """Reads one tab-separated table into drafts of indicators."""

    def __init__(self, lines, start, end, ctx: Context, table_id: int, warnings):
        self.lines = lines
        self.start, self.end = start, end
        self.ctx = ctx
        self.table_id = table_id
        self.warnings = warnings
        self.rows = [(i, [c.strip() for c in lines[i].split("\t")]) for i in range(start, end + 1)]
        self.drafts: list[Draft] = []
        self.fy: int | None = None
        self.table_drafts: dict[str | None, Draft] = {}
        self.table_caveats: list[str] = []
        self.transposed = False

    # header ---------------------------------------------------------------------------------

    def read(self) -> list[Draft]:
        head = self.rows[0][1]
        self.has_stub = read_period(head[0], None) is None or bool(find_area(head[0], self.ctx.la))
        first = 1 if self.has_stub else 0
        self.stub = head[0] if self.has_stub else ""
        self.stub_dimension = STUB_DIMENSIONS.get(name_key(self.stub))
        self.stub_label = (
            self.stub
            if self.stub and not self.stub_dimension and name_key(self.stub) not in PLAIN_STUBS
            else None
        )
        height = 1
        if len(self.rows) > 1 and any(find_area(c, self.ctx.la) for c in head[first:] if c):
            if is_subheader(self.rows[1][1], first):
                height = 2
        self.width = max(len(head), len(self.rows[1][1]) if height == 2 else 0)
        texts, tops = [], []
        for j in range(first, self.width):
            top = head[j] if j < len(head) else ""
            sub = self.rows[1][1][j] if height == 2 and j < len(self.rows[1][1]) else ""
            if height == 2 and not top and sub and tops:
                top = tops[-1]
            tops.append(top)
            texts.append((j, f"{top} {sub}".strip()))
        fy = self.ctx.fy
        if fy is None:
            starts = [
                int(p.start[:4])
                for _, text in texts
                if (p := read_period(text, None)) and p.kind == "financial-year" and p.start
            ]
            fy = max(starts) + 1 if starts else None
        self.fy = fy
        self.columns = [self._column(j, text) for j, text in texts]
        previous = None
        for column in self.columns:
            if column.role != "value":
                continue
            if column.area is None and column.period is None and previous is not None:
                column.area, column.period = previous.area, previous.period
            previous = column
        self.value_columns = [c for c in self.columns if c.role == "value"]
        self.label_columns = [
            c for c in self.columns if c.role in {"breakdown", "total", "measure-label"}
        ]
        self.caveat_column = next((c for c in self.columns if c.role == "caveat"), None)
        self.aim_columns = [c for c in self.columns if c.role in {"target", "polarity"}]
        quiet = {"ignore", "caveat", "target", "polarity"}
        self.needed = 1 + max((c.index for c in self.columns if c.role not in quiet), default=0)
        measures = {c.measure for c in self.value_columns}
        self.split = "percent" in measures and len(measures) > 1
        if self.split:
            for column in self.value_columns:
                column.measure = column.measure or "count"
        else:
            for column in self.value_columns:
                column.measure = None
        data = [(i, cells) for i, cells in self.rows[height:] if any(cells)]
        if not self.value_columns:
            if self.label_columns and data and all(read_period(c[0], self.fy) for _, c in data):
                self.transposed = True
                self._transposed(data)
        else:
            self._rows(data)
        for draft in self.drafts:
            if draft.kind == "table":
                draft.caveats.extend(self.table_caveats)
        return self.drafts

    def _column(self, j: int, text: str) -> _Column:
        if not text:
            return _Column(j, text, "ignore")
        if name_key(text) in _CAVEAT_HEADS:
            return _Column(j, text, "caveat")
        if is_polarity_head(text):
            return _Column(j, text, "polarity")
        aim_period = target_period(text)
        if aim_period is not False:
            return _Column(j, text, "target", aim_period=aim_period)
        area = find_area(text, self.ctx.la)
        rest = area[2] if area else text
        period = read_period(rest, self.fy) if rest else None
        measure = _measure(text)
        caveat = None
        parenthesised = re.search(r"\(([^()]{1,80})\)", text)
        if parenthesised and period and "%" not in parenthesised.group(1):
            if not read_period(parenthesised.group(1), None):
                caveat = parenthesised.group(1).strip()
        if (area and area[0] is not None) or period:
            return _Column(
                j,
                text,
                "value",
                (area[0], area[1]) if area and area[0] else None,
                period,
                measure,
                caveat,
            )
        if measure and _is_measure_text(text):
            return _Column(j, text, "value", measure=measure)
        if TOTAL.fullmatch(text):
            return _Column(j, text, "total")
        if text.startswith("%"):
            return _Column(j, text, "measure-label", measure="percent")
        return _Column(j, text, "breakdown")

    # drafts ---------------------------------------------------------------------------------

    def _draft(self, base: str, kind: str, line: int, qualifier: str | None, measure=None):
        if measure == "percent" and self.split:
            base = f"{base} (%)"
        draft = Draft(
            base=base,
            qualifier=qualifier,
            kind=kind,
            first=line,
            last=line,
            region=self.ctx.region,
            table=self.table_id,
            priority=self.ctx.priority,
            group=self.ctx.heading,
            measure=measure,
        )
        if kind == "row":
            draft.stub_label = self.stub_label
        self.drafts.append(draft)
        return draft

    def _table_title(self) -> str:
        title = self.ctx.title or f"Table at line {self.start + 1}"
        if self.ctx.several and self.stub:
            subject = re.split(r"\s{1,3}by\s{1,3}", title, maxsplit=1)[0]
            return f"{subject} by {self.stub.lower()}"
        return title

    def _table_draft(self, measure: str | None, line: int) -> Draft:
        if measure not in self.table_drafts:
            draft = self._draft(
                self._table_title(), "table", self.start + 1, self.ctx.heading, measure
            )
            self.table_drafts[measure] = draft
            self._pair(self.table_drafts)
        draft = self.table_drafts[measure]
        draft.last = max(draft.last, line)
        return draft

    @staticmethod
    def _pair(drafts: dict[str | None, Draft]) -> None:
        if "percent" in drafts and "count" in drafts:
            drafts["percent"].counts = drafts["count"]

    def _family(self, base: str, kind: str, line: int, qualifier: str | None) -> _Family:
        return _Family(base, kind, line, qualifier)

    def _family_draft(self, family: _Family, measure: str | None, line: int) -> Draft:
        drafts = family.drafts
        if measure not in drafts:
            draft = self._draft(family.base, family.kind, family.line, family.qualifier, measure)
            draft.caveats.extend(family.caveats)
            draft.footnotes.extend(family.footnotes)
            draft.unit_hint = family.hint
            draft.polarity, draft.target = family.polarity, family.target
            drafts[measure] = draft
            self._pair(drafts)
        draft = drafts[measure]
        draft.last = max(draft.last, line)
        return draft

    # rows -----------------------------------------------------------------------------------

    def _row_kind(self, cells: list[str]) -> str:
        if not self.has_stub:
            return "table"
        label = read_label(cells[0])[0]
        if not label:
            return "table"
        return classify_row(label, self.stub_dimension, self.ctx.la)[0]

    def _rows(self, data: list[tuple[int, list[str]]]) -> None:
        group: _Family | None = None
        last_group_base = None
        previous: _Family | None = None
        for position, (i, cells) in enumerate(data):
            line = i + 1
            if self._ambiguous(i, cells, group, previous):
                continue
            if not self.has_stub:
                self._emit_row(self._table_draft, cells, line)
                continue
            label, label_caveat, marker = read_label(cells[0])
            if not label:
                self._emit_row(self._table_draft, cells, line)
                continue
            kind, detail = classify_row(label, self.stub_dimension, self.ctx.la)
            empty = all(not _get(cells, c.index) for c in self.value_columns)
            following = data[position + 1][1] if position + 1 < len(data) else None
            if (
                kind == "indicator"
                and empty
                and following is not None
                and self._row_kind(following) in {"breakdown", "area", "best", "total"}
            ):
                base = label
                if _PER_LABEL.match(label):
                    prefix = last_group_base or self.ctx.title or "Table"
                    base = f"{prefix} {label[0].lower()}{label[1:]}"
                last_group_base = base
                group = self._family(base, "group", line, self.ctx.heading)
                self._annotate(group, label_caveat, marker)
                continue
            if kind == "indicator":
                group = None
                family = self._family(label, "row", line, self.stub_label or self.ctx.heading)
                self._annotate(family, label_caveat, marker)
                self._aims(family, cells, line)
                family.hint = _first_draft(previous)
                area = ("Force-wide", "police-force-area") if FORCE_WIDE.search(label) else None
                self._emit_row(partial(self._family_draft, family), cells, line, area=area)
                if not family.drafts:
                    self._family_draft(family, None, line)
                if any(own_unit(d) for d in family.drafts.values()):
                    previous = family  # the last row whose figures show a unit
                continue
            if group is not None:
                target = partial(self._family_draft, group)
            else:
                target = self._table_draft
            if kind == "total":
                self._emit_row(target, cells, line, total=True)
            elif kind == "breakdown":
                self._emit_row(target, cells, line, breakdown=detail)
            elif kind == "area":
                self._emit_row(target, cells, line, area=detail)
            else:  # best statistical neighbour: the area's name fills the first value cell
                named = next(
                    (
                        c
                        for c in self.value_columns
                        if _get(cells, c.index) and read_cell(cells[c.index]).status is None
                    ),
                    None,
                )
                name = cells[named.index] if named else label
                self._emit_row(
                    target, cells, line, area=(name, "best-statistical-neighbour"), skip=named
                )

    def _aims(self, family: _Family, cells: list[str], line: int) -> None:
        columns = self.aim_columns
        polarity = [(c.text, _get(cells, c.index)) for c in columns if c.role == "polarity"]
        target = [
            (c.text, c.aim_period, _get(cells, c.index)) for c in columns if c.role == "target"
        ]
        family.polarity, family.target = read_aims(
            family.base, line, polarity, target, self.warnings
        )

    def _annotate(self, family: _Family, caveat: str | None, marker: str | None) -> None:
        family.caveats = [caveat] if caveat else []
        note = self.ctx.footnotes.get(marker) if marker else None
        family.footnotes = [note] if note else []

    def _ambiguous(self, i: int, cells: list[str], group, previous) -> bool:
        """Flag a row whose values cannot be placed in columns without guessing."""
        line = i + 1
        label_in_value_column = (
            self.has_stub
            and not cells[0]
            and len(cells) > 1
            and cells[1]
            and read_cell(cells[1]).status is None
        )
        extra = any(cells[self.width :])
        missing = len(cells) < self.needed
        if not (label_in_value_column or extra or missing):
            return False
        if label_in_value_column:
            label = read_label(cells[1])[0]
            values = [c for c in cells[2:] if c]
            reason = (
                f"row {label!r} begins with a tab, so its label sits in the first value column "
                f"and its {len(values)} value(s) ({', '.join(values)}) could belong to more than "
                "one set of columns"
            )
        else:
            label = read_label(cells[0])[0] if self.has_stub else ""
            values = [c for c in cells[1 if self.has_stub else 0 :] if c]
            reason = (
                f"row {label or cells[0]!r} has {len(cells)} cells but the header has "
                f"{self.width}, so which columns its values belong to is unclear"
            )
        self.warnings.append(
            PackWarning("ambiguous-row", f"{reason}; its values were not extracted", (line, line))
        )
        caveat = f"Values on line {line} were not extracted: their columns are ambiguous."
        kind = classify_row(label, self.stub_dimension, self.ctx.la)[0] if label else "table"
        if kind == "indicator" and not self.transposed:
            family = self._family(label, "row", line, self.stub_label or self.ctx.heading)
            family.caveats.append(caveat)
            family.hint = _first_draft(previous)
            draft = self._family_draft(family, None, line)
            draft.shapes.extend(read_cell(c).shape for c in values)
        elif group is not None:
            group.caveats.append(caveat)
            for draft in group.drafts.values():
                draft.caveats.append(caveat)
        else:
            self.table_caveats.append(caveat)
        return True

    def _emit_row(self, target, cells, line, area=None, breakdown=None, total=False, skip=None):
        caveat = _get(cells, self.caveat_column.index) if self.caveat_column else None
        for column in self.value_columns:
            if column is skip:
                continue
            draft = target(column.measure, line)
            if total:
                draft.total_source = True
            self._observe(
                draft,
                column,
                _get(cells, column.index),
                line,
                area=area or column.area,
                breakdown=breakdown,
                caveat=caveat,
            )

    def _transposed(self, data: list[tuple[int, list[str]]]) -> None:
        found = _BY.search(self.ctx.title or "")
        dimension = "category"
        if found:
            dimension = STUB_DIMENSIONS.get(name_key(found.group(1)), "category")
        families: dict[int, _Family] = {}
        for i, cells in data:
            line = i + 1
            if self._ambiguous(i, cells, None, None):
                continue
            period = read_period(cells[0], self.fy)
            for column in self.label_columns:
                if column.role == "measure-label":
                    if column.index not in families:
                        title = self.ctx.title or f"Table at line {self.start + 1}"
                        families[column.index] = self._family(
                            f"{title} ({column.text})", "table", self.start + 1, self.ctx.heading
                        )
                    draft = self._family_draft(families[column.index], None, line)
                    self._observe(draft, column, _get(cells, column.index), line, period=period)
                    continue
                draft = self._table_draft(None, line)
                breakdown = None
                if column.role == "breakdown":
                    breakdown = (dimension, column.text)
                else:
                    draft.total_source = True
                self._observe(
                    draft,
                    column,
                    _get(cells, column.index),
                    line,
                    breakdown=breakdown,
                    period=period,
                )

    def _observe(
        self, draft, column, text, line, area=None, breakdown=None, caveat=None, period=None
    ):
        cell = read_cell(text)
        if cell.status is None:
            self.warnings.append(
                PackWarning(
                    "unparsed-cell",
                    f"{draft.base}: cell {text!r} under {column.text!r} is not a figure",
                    (line, line),
                )
            )
            return
        draft.shapes.append(cell.shape)
        note = self.ctx.footnotes.get(cell.marker) if cell.marker else None
        period = period or column.period
        if period is None and note:
            period = footnote_period(note)
        if period is None:
            self.warnings.append(
                PackWarning(
                    "unspecified-period",
                    f"{draft.base}: {text!r} under {column.text!r} has no period",
                    (line, line),
                )
            )
            return
        if note and note not in draft.footnotes:
            draft.footnotes.append(note)
        area_name, area_kind = area or (self.ctx.la, LOCAL_AUTHORITY)
        caveats = [c for c in (column.caveat, caveat) if c]
        draft.observations.append(
            ParsedObservation(
                area=area_name,
                area_kind=area_kind,
                period=period.label,
                period_kind=period.kind,
                period_start=period.start,
                period_end=period.end,
                raw=text,
                status=cell.status,
                value=cell.value,
                value2=cell.value2,
                breakdown_dimension=breakdown[0] if breakdown else None,
                breakdown=breakdown[1] if breakdown else None,
                footnote=note,
                caveat="; ".join(caveats) or None,
                lines=(line, line),
            )
        )
        draft.cells.append(cell)


_FOOTNOTE = re.compile(r"([*†‡^#]{1,3})\s{0,3}(\S.{0,300})")


def footnotes_after(lines: list[str], end: int, stop: int) -> dict[str, str]:
    """Footnotes ("*2019/20 average") printed after a table, before the next one."""
    notes: dict[str, str] = {}
    seen = 0
    for index in range(end + 1, min(stop, len(lines))):
        raw = lines[index]
        text = raw.strip()
        if not text:
            continue
        if "\t" in raw:
            break
        seen += 1
        if seen > FOOTNOTE_LINES:
            break
        match = _FOOTNOTE.fullmatch(text)
        if match:
            notes.setdefault(match.group(1), text)
    return notes
