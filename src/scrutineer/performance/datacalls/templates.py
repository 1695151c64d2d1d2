"""The templates a partner fills in: XLSX (an About sheet, and a Figures sheet where only
the figures can be changed) or CSV, each naming the call and the organisation it is for,
with the current figures filled in so that a corrected file can be sent back whole."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from scrutineer.packs.figures import PAIRS, UNIT_HINTS, plain
from scrutineer.packs.spreadsheets import ABOUT_SHEET, CALL_KEY, FIGURES_SHEET, ORGANISATION_KEY
from scrutineer.reports.cells import csv_text, set_text

from ..models import Area, Breakdown, DataCall, Indicator, Observation
from ..recording import Held, held_figures
from .scope import (
    breakdown_label,
    call_areas,
    indicator_breakdowns,
    organisation_indicators,
)

Unit = Indicator.Unit
Status = Observation.Status

# The columns of a return, in the template's order; a return must keep the required ones.
COLUMNS = (
    "indicator_id",
    "indicator",
    "area",
    "period",
    "breakdown",
    "value",
    "value2",
    "status",
    "note",
)
REQUIRED_COLUMNS = ("indicator_id", "area", "period", "breakdown", "value", "status")


@dataclass
class TemplateRow:
    indicator: Indicator
    area: Area
    breakdown: Breakdown | None
    current: Held | None = None

    def cells(self, period_label: str) -> dict:
        cells = {
            "indicator_id": self.indicator.pk,
            "indicator": self.indicator.name,
            "area": self.area.name,
            "period": period_label,
            "breakdown": breakdown_label(self.breakdown),
            "value": "",
            "value2": "",
            "status": "",
            "note": "",
        }
        current = self.current
        # A figure returned is filled in, so a corrected file can be sent back whole. A
        # "not received" is left empty: it is what the partner has yet to send.
        if current is not None and current.status == Status.REPORTED:
            cells["value"] = current.value
            cells["value2"] = current.value2 if current.value2 is not None else ""
            cells["note"] = current.note
        elif current is not None and current.status == Status.NOT_APPLICABLE:
            cells["status"] = current.status
            cells["note"] = current.note
        return cells


class TemplateUnavailable(Exception):
    """A template cannot be made: the message says why and what to do."""


def template_rows(call: DataCall, organisation) -> list[TemplateRow]:
    """One row per indicator the organisation returns, local authority area and breakdown
    (the total, and each breakdown the indicator has had figures for), with the current
    figure for the call's period filled in when there is one."""
    indicators = organisation_indicators(call, organisation)
    if not indicators:
        raise TemplateUnavailable(
            f"{organisation.name} returns no indicators in this data call: choose one of the "
            "organisations listed"
        )
    areas = call_areas(call)
    if not areas:
        raise TemplateUnavailable(
            "There is no local authority area to return figures for yet: ingest a scorecard "
            "first, or ask an administrator to add the area"
        )
    breakdowns = indicator_breakdowns(indicators)
    current = held_figures([i.pk for i in indicators], [a.pk for a in areas], [call.period_id])
    rows = []
    for indicator in indicators:
        for area in areas:
            for breakdown in [None, *breakdowns.get(indicator.pk, [])]:
                key = (indicator.pk, area.pk, call.period_id, breakdown.pk if breakdown else None)
                figures = current.get(key, [])
                latest = figures[-1] if figures else None
                rows.append(TemplateRow(indicator, area, breakdown, latest))
    return rows


def _columns(rows: list[TemplateRow]) -> list[str]:
    paired = any(row.indicator.unit in PAIRS for row in rows)
    return [c for c in COLUMNS if c != "value2" or paired]


def _about_lines(call: DataCall, organisation) -> list[tuple[str, object]]:
    return [
        (CALL_KEY, call.pk),
        (ORGANISATION_KEY, organisation.pk),
        ("data_call", call.title),
        ("organisation", organisation.name),
        ("body", call.body.name),
        ("period", call.period.label),
        ("deadline", f"{call.deadline:%-d %B %Y}"),
    ]


INSTRUCTIONS = [
    "Fill in the Figures sheet: one row for each figure. Do not change the first five columns "
    "or the column names.",
    "value: the figure, as described for each indicator below. value2: the second figure for "
    "indicators that have two.",
    "status: leave it blank for a figure; enter not-applicable or not-received when there is "
    "no figure. Leave value blank then.",
    "note: anything the board should know about the figure (optional).",
    "Leave a row empty if you are not returning that figure. Upload the file on the data call "
    "page; if anything is wrong, nothing is imported and each problem is listed by row and "
    "column.",
]


def template_xlsx(call: DataCall, organisation) -> bytes:
    """An "About" sheet with the call and organisation (read-only) and the guidance, and a
    "Figures" sheet where only value, value2, status and note can be changed."""
    rows = template_rows(call, organisation)
    columns = _columns(rows)
    workbook = Workbook()
    about = workbook.active
    about.title = ABOUT_SHEET
    bold = Font(bold=True)
    about.append(["Scrutineer data return"])
    about["A1"].font = Font(bold=True, size=14)
    for key, value in _about_lines(call, organisation):
        about.append([key, None])
        set_text(about.cell(about.max_row, 2), value)
    about.append([])
    for line in INSTRUCTIONS:
        about.append([None])
        set_text(about.cell(about.max_row, 1), line)
    about.append([])
    about.append(["indicator_id", "indicator", "unit", "how to enter it"])
    for cell in about[about.max_row]:
        cell.font = bold
    for indicator in {row.indicator.pk: row.indicator for row in rows}.values():
        about.append([indicator.pk, None, indicator.get_unit_display(), UNIT_HINTS[indicator.unit]])
        set_text(about.cell(about.max_row, 2), indicator.name)
    for letter, width in zip("ABCD", (18, 60, 26, 70), strict=True):
        about.column_dimensions[letter].width = width
    about.protection.sheet = True

    sheet = workbook.create_sheet(FIGURES_SHEET)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = bold
    editable = Protection(locked=False)
    fill = PatternFill("solid", fgColor="FFF7BF")
    widths = {
        "indicator_id": 13,
        "indicator": 60,
        "area": 16,
        "period": 14,
        "breakdown": 28,
        "value": 14,
        "value2": 14,
        "status": 16,
        "note": 50,
    }
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths[name]
    for number, row in enumerate(rows, start=2):
        cells = row.cells(call.period.label)
        for index, name in enumerate(columns, start=1):
            value = cells[name]
            if isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            cell = set_text(sheet.cell(number, index), value)
            if name in {"value", "value2", "status", "note"}:
                cell.protection = editable
                cell.fill = fill
                if name in {"value", "value2"} and row.indicator.unit == Unit.RATIO:
                    cell.number_format = "@"  # so "5/2" is not turned into a date
    last = len(rows) + 1
    status_column = get_column_letter(columns.index("status") + 1)
    choices = DataValidation(
        type="list",
        formula1='"not-applicable,not-received"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Leave the status blank for a figure, or choose not-applicable or not-received.",
    )
    choices.add(f"{status_column}2:{status_column}{last}")
    sheet.add_data_validation(choices)
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.sort = False
    sheet.protection.formatColumns = False
    workbook.active = workbook.index(sheet)
    about.sheet_view.tabSelected = False
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    # The apostrophe csv_text may add is ignored again when the file comes back.
    return csv_text(str(value))


def template_csv(call: DataCall, organisation) -> bytes:
    """Row 1 names the call and the organisation, row 2 the columns, then one row per
    figure. UTF-8 with a byte-order mark, so that Excel reads it correctly."""
    rows = template_rows(call, organisation)
    columns = _columns(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            CALL_KEY,
            call.pk,
            ORGANISATION_KEY,
            organisation.pk,
            _csv_cell(
                f"Scrutineer data return from {organisation.name} for {call.title}: do not "
                "change this row or the column names"
            ),
        ]
    )
    writer.writerow(columns)
    for row in rows:
        cells = row.cells(call.period.label)
        writer.writerow(_csv_cell(cells[name]) for name in columns)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_filename(call: DataCall, organisation, extension: str) -> str:
    from django.utils.text import slugify

    return f"data-return-{slugify(call.period.label)}-{organisation.slug}.{extension}"
