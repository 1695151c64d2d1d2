"""Checking a table read from an upload against the call, whole: which call and
organisation it is for, its columns, and every row's indicator, area, period, breakdown
and figure. Every problem is reported; the rows come back only when there are none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from scrutineer.packs.figures import Figure, FigureError, parse_figure, squash
from scrutineer.packs.spreadsheets import (
    CALL_KEY,
    MAX_CELL_CHARS,
    NOT_TEMPLATE,
    ORGANISATION_KEY,
    Problem,
    SubmissionRejected,
    Table,
    reject,
)

from ..models import Area, Breakdown, DataCall, Indicator
from .scope import breakdown_label, call_areas, call_indicators
from .templates import COLUMNS, REQUIRED_COLUMNS

Unit = Indicator.Unit


@dataclass
class ReturnRow:
    number: int
    indicator: Indicator
    area: Area
    breakdown: Breakdown | None
    figure: Figure
    note: str

    @property
    def key(self) -> tuple:
        return (self.indicator.pk, self.area.pk, self.breakdown.pk if self.breakdown else None)


def _whole_number(value) -> int | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if number != number.to_integral_value():
        return None
    return int(number)


def _check_identity(table: Table, call: DataCall, organisation) -> None:
    call_id = _whole_number(table.meta.get(CALL_KEY, ""))
    organisation_id = _whole_number(table.meta.get(ORGANISATION_KEY, ""))
    if call_id is None or organisation_id is None:
        reject(f"{NOT_TEMPLATE} (it does not say which data call and organisation it is for)")
    if call_id != call.pk:
        other = DataCall.objects.filter(pk=call_id).first()
        named = f" ({other.title})" if other else ""
        reject(
            f"The selected file is the template for another data call{named}, not for "
            f"{call.title}: download the template for this data call, copy your figures into "
            "it and upload that"
        )
    if organisation_id != organisation.pk:
        from scrutineer.governance.models import Organisation

        other = Organisation.objects.filter(pk=organisation_id).first()
        named = other.name if other else "another organisation"
        reject(
            f"The selected file is the template for {named}, not for {organisation.name}: "
            f"choose {named} as the organisation, or download the template for "
            f"{organisation.name}"
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in table.header]
    if missing:
        names = ", ".join(missing)
        reject(
            f"Row {table.header_row} must hold the template's column names: {names} "
            f"{'is' if len(missing) == 1 else 'are'} missing. Download the template again and "
            "copy your figures into it",
        )
    repeated = sorted({c for c in table.header if c and table.header.count(c) > 1})
    if repeated:
        reject(
            f"Row {table.header_row} has the column {repeated[0]} more than once: keep one",
        )


class _Checker:
    """Everything needed to check rows, loaded once: the call's indicators, areas, period
    and the breakdowns, so that checking 10,000 rows runs no queries."""

    def __init__(self, call: DataCall, organisation):
        self.call = call
        self.organisation = organisation
        self.indicators = {i.pk: i for i in call_indicators(call)}
        self.areas = {squash(a.name).lower(): a for a in call_areas(call)}
        self.area_names = " or ".join(sorted(a.name for a in self.areas.values())) or "none"
        self.period_label = squash(call.period.label).lower()
        self.breakdowns = {squash(breakdown_label(b)).lower(): b for b in Breakdown.objects.all()}

    def row(self, number: int, cells: dict, problems: list[Problem]) -> ReturnRow | None:
        before = len(problems)

        def problem(column, message):
            problems.append(Problem(message, number, column))

        for column in ("value", "value2", "status", "note"):
            if isinstance(cells.get(column), (dt.date, dt.time)):
                shown = cells[column]
                problem(
                    column,
                    f"the spreadsheet holds a date ({shown:%-d %B %Y}), not a figure: for a "
                    "pair such as 5/2 enter 5 in value and 2 in value2, or format the cell as "
                    "text and type it again"
                    if isinstance(shown, dt.date)
                    else "the spreadsheet holds a time, not a figure: format the cell as text "
                    "and type the figure again",
                )
                cells[column] = ""
        if len(problems) > before:
            return None
        texts = {name: str(cells.get(name, "")) for name in COLUMNS}
        if not any(squash(texts[c]) for c in ("value", "value2", "status", "note")):
            return None  # a row left empty: that figure is not being returned
        for column in ("value", "value2", "status", "note"):
            if len(texts[column]) > MAX_CELL_CHARS:
                problem(column, f"is too long: use {MAX_CELL_CHARS:,} characters or fewer")
        if len(problems) > before:
            return None

        indicator = None
        indicator_text = squash(texts["indicator_id"]).lstrip("'")
        indicator_id = _whole_number(indicator_text) if indicator_text else None
        if not indicator_text:
            problem("indicator_id", "enter the indicator id from the template")
        elif indicator_id is None or indicator_id not in self.indicators:
            problem("indicator_id", f"'{indicator_text}' is not an indicator in this data call")
        else:
            indicator = self.indicators[indicator_id]
            owner = indicator.responsible_organisation
            if owner is not None and owner.pk != self.organisation.pk:
                problem(
                    "indicator_id",
                    f"{indicator_id} ({indicator.name}) is returned by {owner.name}, not by "
                    f"{self.organisation.name}",
                )
                indicator = None

        area_text = squash(texts["area"]).lstrip("'")
        area = self.areas.get(area_text.lower())
        if area is None:
            problem(
                "area",
                f"'{area_text}' is not an area in this data call: enter {self.area_names}"
                if area_text
                else f"enter the area: {self.area_names}",
            )

        period_text = squash(texts["period"]).lstrip("'")
        if period_text.lower() != self.period_label:
            problem(
                "period",
                f"'{period_text}' is not the period of this data call: enter "
                f"{self.call.period.label}"
                if period_text
                else f"enter the period: {self.call.period.label}",
            )

        breakdown_text = squash(texts["breakdown"]).lstrip("'")
        breakdown = None
        if breakdown_text:
            breakdown = self.breakdowns.get(breakdown_text.lower())
            if breakdown is None:
                problem(
                    "breakdown",
                    f"'{breakdown_text}' is not a breakdown Scrutineer knows: use one from the "
                    "template, or leave it blank for the total",
                )

        figure = None
        unit = indicator.unit if indicator is not None else Unit.COUNT
        try:
            figure = parse_figure(unit, texts["value"], texts["value2"], texts["status"])
        except FigureError as error:
            if indicator is not None or error.column == "status":
                problem(error.column, error.message)
        if figure is None and len(problems) == before:
            problem("value", "enter the figure or a status, or clear the note")
        if len(problems) > before:
            return None
        return ReturnRow(number, indicator, area, breakdown, figure, texts["note"].strip())


def check_rows(table: Table, call: DataCall, organisation) -> list[ReturnRow]:
    """Every filled row checked; raises ``SubmissionRejected`` listing every problem."""
    checker = _Checker(call, organisation)
    positions = {name: i for i, name in enumerate(table.header) if name in COLUMNS}
    problems: list[Problem] = []
    rows: list[ReturnRow] = []
    seen: dict[tuple, int] = {}
    for number, cells in table.rows:
        named = {name: (cells[i] if i < len(cells) else "") for name, i in positions.items()}
        row = checker.row(number, named, problems)
        if row is None:
            continue
        if row.key in seen:
            problems.append(
                Problem(
                    f"the same indicator, area, period and breakdown as row {seen[row.key]}: "
                    "keep one of the two rows",
                    number,
                    "indicator_id",
                )
            )
            continue
        seen[row.key] = number
        rows.append(row)
    if problems:
        raise SubmissionRejected(problems)
    if not rows:
        reject(
            "The selected file has no figures in it: fill in the value or the status of at "
            "least one row"
        )
    return rows
