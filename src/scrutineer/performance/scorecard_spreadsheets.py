"""The scorecard as files: a formatted XLSX (one row per indicator, RAG as fill and as
words) and a CSV of every current figure behind it.

Both are built from what ``user`` may read: restricted indicators and figures are never
in them for anyone who cannot read restricted records, and neither is the name of a
restricted source document.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db.models import Case, IntegerField, Value, When
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from scrutineer.governance.access import can_read_restricted
from scrutineer.governance.models import line_span_label
from scrutineer.governance.restriction import RESTRICTED_DOCUMENT, document_name
from scrutineer.periods import FinancialYear
from scrutineer.rag import NO_RATING
from scrutineer.reports.cells import csv_text, xlsx_value

from .models import Observation
from .provenance import full_name, origin
from .series import COMPARATOR_ORDER
from .yearly_scorecard import IndicatorRow, Scorecard, ScorecardCell, window_periods

# The same pale fills as the tags on the page; the text in the cell says the rating.
RAG_FILLS = {"red": "F4CDC6", "amber": "FCD6C3", "green": "CCE2D8"}

# The indicator's own area first, then the comparators, as on the scorecard.
AREA_ORDER = Case(
    *(When(area__kind=kind, then=Value(rank)) for kind, rank in COMPARATOR_ORDER.items()),
    default=Value(9),  # as series.comparator_rank
    output_field=IntegerField(),
)

CSV_HEADERS = (
    "indicator",
    "priority",
    "area",
    "period",
    "period_start",
    "period_end",
    "breakdown",
    "raw",
    "value",
    "value2",
    "status",
    "footnote",
    "source",
)


def _text(figure: ScorecardCell | None) -> str:
    return figure.as_text if figure else ""


def _period(figure: ScorecardCell | None) -> str:
    return figure.period.label if figure else ""


XLSX_COLUMNS = (
    ("Priority", 24, lambda r: r.priority),
    ("Indicator", 50, lambda r: r.indicator.name),
    ("Area", 14, lambda r: r.area),
    ("Unit", 14, lambda r: r.indicator.get_unit_display()),
    ("Polarity", 16, lambda r: r.indicator.get_polarity_display()),
    ("Latest period", 14, lambda r: _period(r.latest)),
    ("Latest", 16, lambda r: r.breakdown.text if r.breakdown else _text(r.latest)),
    ("Previous period", 14, lambda r: _period(r.previous)),
    ("Previous", 16, lambda r: _text(r.previous)),
    ("Baseline period", 14, lambda r: _period(r.baseline)),
    ("Baseline", 16, lambda r: _text(r.baseline)),
    ("Trend", 14, lambda r: r.trend.words if r.trend else "no trend"),
    ("Trend detail", 30, lambda r: "" if r.trend else r.no_trend),
    ("RAG", 10, lambda r: r.rag.label if r.rag else NO_RATING),
    ("RAG reason", 50, lambda r: r.rag.reason if r.rag else r.no_rating),
    ("Missing data", 24, lambda r: r.missing),
)
RAG_COLUMN = 1 + [header for header, _, _ in XLSX_COLUMNS].index("RAG")


def scorecard_xlsx(body, scorecard: Scorecard) -> bytes:
    """One sheet, one row per indicator; a column per comparator area after the rest."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"Scorecard {scorecard.year.label}".replace("/", "-")
    areas = scorecard.comparator_areas
    headers = [h for h, _, _ in XLSX_COLUMNS] + areas
    sheet.append(headers)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for n, (_, width, _) in enumerate(XLSX_COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    for n in range(len(XLSX_COLUMNS) + 1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(n)].width = 18
    fills = {colour: PatternFill("solid", fgColor=rgb) for colour, rgb in RAG_FILLS.items()}
    for row in scorecard.rows:
        values = [value(row) for _, _, value in XLSX_COLUMNS] + _comparators(row, areas)
        sheet.append([xlsx_value(sheet, value) for value in values])
        if row.rag:
            sheet.cell(sheet.max_row, RAG_COLUMN).fill = fills[row.rag.colour]
    sheet.freeze_panes = "C2"  # the header row and the priority and indicator columns
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _comparators(row: IndicatorRow, areas: list[str]) -> list[str]:
    found = {c.area: c.figure for c in row.comparators}
    latest = row.latest.period.label if row.latest else ""
    cells = []
    for area in areas:
        figure = found.get(area)
        if figure is None:
            cells.append("")
            continue
        text = figure.as_text
        notes = [
            n
            for n in (figure.period.label if figure.period.label != latest else "", figure.footnote)
            if n
        ]
        cells.append(f"{text} ({'; '.join(notes)})" if notes else text)
    return cells


def figure_rows(user, year: FinancialYear, indicator_ids: list[int]) -> Iterator[list]:
    """Every current figure (all areas and breakdowns) of these indicators in the year's
    window, in scorecard order, as CSV rows after CSV_HEADERS."""
    periods = window_periods(year)
    if not indicator_ids or not periods:
        return
    figures = (
        Observation.objects.visible_to(user)
        .current()
        .filter(indicator_id__in=indicator_ids, period_id__in=list(periods))
        .order_by(
            "indicator__priority",
            "indicator__group",
            "indicator__name",
            "indicator_id",
            "period__end",
            "period__start",
            AREA_ORDER,
            "area__name",
            "breakdown__dimension",
            "breakdown__value",
            "pk",
        )
        .values_list(
            "indicator__name",
            "indicator__priority",
            "area__name",
            "period__label",
            "period__start",
            "period__end",
            "breakdown__dimension",
            "breakdown__value",
            "raw",
            "value",
            "value2",
            "status",
            "footnote",
            "source__name",
            "source__visibility",
            "source__page_starts",
            "first_line",
            "last_line",
            "submission__organisation__name",
            "submission__data_call__title",
            "submission__submitted_at",
            "entered_by__first_name",
            "entered_by__last_name",
            "entered_by__username",
            "indicator__body_id",
        )
    )
    for (
        name,
        priority,
        area,
        period,
        start,
        end,
        dimension,
        breakdown,
        raw,
        value,
        value2,
        status,
        footnote,
        source,
        source_visibility,
        source_pages,
        first,
        last,
        partner,
        call,
        submitted,
        first_name,
        last_name,
        username,
        body_id,
    ) in figures.iterator(chunk_size=2000):
        # A restricted source's name is for the readers of the figure's body.
        show_restricted = can_read_restricted(user, body_id)
        yield [
            name,
            priority,
            area,
            period,
            start,
            end,
            f"{dimension}: {breakdown}" if breakdown is not None else "",
            raw,
            value,
            value2,
            status,
            footnote,
            origin(
                document=_document(
                    source, source_visibility, (first, last, source_pages), show_restricted
                ),
                partner=partner,
                call=call,
                day=submitted.date().isoformat() if submitted else None,
                entered_by=full_name(first_name, last_name, username) if username else None,
            ),
        ]


def _document(source, visibility, span, show_restricted) -> str:
    name = document_name(source, visibility, show_restricted)
    if not name or name == RESTRICTED_DOCUMENT:
        return name
    first, last, page_starts = span
    return f"{name} {line_span_label(first, last, page_starts or ())}".strip()


class _Echo:
    def write(self, value):
        return value


def _csv_value(value):
    if value is None:
        return ""
    return csv_text(value) if isinstance(value, str) else value


def csv_lines(rows: Iterator[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADERS)
    for row in rows:
        yield writer.writerow([_csv_value(v) for v in row])
