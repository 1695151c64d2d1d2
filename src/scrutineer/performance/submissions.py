"""Partner submissions for a body's quarterly data call.

A data call asks partner organisations for one quarter's figures. Each partner downloads a
template (XLSX or CSV) listing the figures it returns, fills it in and uploads it. The
upload is read and checked in memory first, every problem is reported by spreadsheet row
and column, and only a file with no problems at all is written, in one transaction: nothing
half-imports. Officers may also type a figure by hand, with a note. When a call closes,
every figure still missing is recorded as ``not-received``.

A figure that changes supersedes the current one for the same indicator, area, period and
breakdown (``old.superseded_by = new``); the earlier figure stays in the history. A figure
that is the same as the current one writes nothing, so uploading the same return twice
changes nothing.

Plain functions of (data, database): no request, no files on disk, so any worker can run
them.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from scrutineer.contention import Contended, run_atomic
from scrutineer.packs.figures import (
    PAIRS,
    UNIT_HINTS,
    Figure,
    FigureError,
    parse_figure,
    plain,
    squash,
)
from scrutineer.packs.spreadsheets import (  # noqa: F401 - the forms read the limits from here
    ABOUT_SHEET,
    CALL_KEY,
    FIGURES_SHEET,
    MAX_BYTES,
    MAX_BYTES_LABEL,
    MAX_CELL_CHARS,
    NOT_TEMPLATE,
    ORGANISATION_KEY,
    Problem,
    SubmissionRejected,
    Table,
    check_size,
    read_table,
    reject,
)
from scrutineer.reports.cells import csv_text, set_text

from .models import Area, Breakdown, DataCall, Indicator, Observation, Period, Submission

Unit = Indicator.Unit
Status = Observation.Status
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


def figure_text(observation) -> str:
    """A figure as it reads on a page: "36.5%", "1345 (88.2%)", "5/2" or "Not received"."""
    if observation is None:
        return ""
    if observation.status != Status.REPORTED:
        return Status(observation.status).label
    unit = observation.indicator.unit
    a, b = plain(observation.value), plain(observation.value2)
    if unit == Unit.PERCENT:
        return f"{a}%"
    if unit == Unit.CURRENCY:
        return f"£{a}"
    if unit in PAIRS and observation.value2 is not None:
        return PAIRS[unit].joined.format(a=a, b=f"{b}%" if unit == Unit.COUNT_PERCENT else b)
    return a or observation.raw


# What a call asks for ----------------------------------------------------------------------


def call_areas(call: DataCall) -> list[Area]:
    """The local authority areas a call's figures are for: those its indicators already
    have figures for, or every local authority area when they have none yet."""
    local = Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY)
    used = local.filter(
        Exists(
            Observation.objects.filter(
                area=OuterRef("pk"), indicator__in=call.indicators.values("pk")
            )
        )
    )
    return list(used) or list(local)


def call_indicators(call: DataCall) -> list[Indicator]:
    return list(call.indicators.select_related("responsible_organisation"))


def organisation_indicators(call: DataCall, organisation, indicators=None) -> list[Indicator]:
    """What ``organisation`` returns in the call: the indicators it is responsible for, and
    those nobody is responsible for (so with none assigned, every indicator)."""
    indicators = call_indicators(call) if indicators is None else indicators
    return [i for i in indicators if i.responsible_organisation_id in (None, organisation.pk)]


def call_organisations(call: DataCall, indicators=None):
    """The organisations responsible for indicators in the call, by name."""
    from scrutineer.governance.models import Organisation

    indicators = call_indicators(call) if indicators is None else indicators
    ids = {i.responsible_organisation_id for i in indicators} - {None}
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def breakdown_label(breakdown: Breakdown | None) -> str:
    return "" if breakdown is None else f"{breakdown.get_dimension_display()}: {breakdown.value}"


def indicator_breakdowns(indicators) -> dict[int, list[Breakdown]]:
    """The breakdowns each indicator has had figures for, in one query."""
    pairs = (
        Observation.objects.filter(
            indicator__in=[i.pk for i in indicators], breakdown__isnull=False
        )
        .values_list("indicator_id", "breakdown_id")
        .distinct()
    )
    wanted = defaultdict(set)
    for indicator_id, breakdown_id in pairs:
        wanted[indicator_id].add(breakdown_id)
    every = {b.pk: b for b in Breakdown.objects.filter(pk__in=set().union(*wanted.values()))}
    return {
        indicator_id: sorted((every[pk] for pk in ids), key=lambda b: (b.dimension, b.value))
        for indicator_id, ids in wanted.items()
    }


@dataclass(slots=True)
class Current:
    """What is needed of a current figure to tell whether a new one changes it."""

    pk: int
    status: str
    value: Decimal | None
    value2: Decimal | None
    note: str


def current_observations(call: DataCall, indicator_ids, area_ids, *, lock=False):
    """The current figures for the call's period, keyed by (indicator, area, breakdown), in
    one query (read as plain values: 10,000 model instances would cost half a second)."""
    found = Observation.objects.filter(
        indicator_id__in=list(indicator_ids),
        area_id__in=list(area_ids),
        period=call.period,
        superseded_by__isnull=True,
    )
    if lock:
        found = found.select_for_update()
    current = defaultdict(list)
    for pk, indicator, area, breakdown, status, value, value2, note in found.order_by(
        "pk"
    ).values_list(
        "pk", "indicator_id", "area_id", "breakdown_id", "status", "value", "value2", "note"
    ):
        current[(indicator, area, breakdown)].append(Current(pk, status, value, value2, note))
    return current


# Templates ---------------------------------------------------------------------------------


@dataclass
class TemplateRow:
    indicator: Indicator
    area: Area
    breakdown: Breakdown | None
    current: Current | None = None

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
    current = current_observations(call, [i.pk for i in indicators], [a.pk for a in areas])
    rows = []
    for indicator in indicators:
        for area in areas:
            for breakdown in [None, *breakdowns.get(indicator.pk, [])]:
                key = (indicator.pk, area.pk, breakdown.pk if breakdown else None)
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


# Checking and importing --------------------------------------------------------------------


@dataclass
class Row:
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

    def row(self, number: int, cells: dict, problems: list[Problem]) -> Row | None:
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
        return Row(number, indicator, area, breakdown, figure, texts["note"].strip())


def check_rows(table: Table, call: DataCall, organisation) -> list[Row]:
    """Every filled row checked; raises ``SubmissionRejected`` listing every problem."""
    checker = _Checker(call, organisation)
    positions = {name: i for i, name in enumerate(table.header) if name in COLUMNS}
    problems: list[Problem] = []
    rows: list[Row] = []
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


def _unchanged(current: Current, figure: Figure, note: str) -> bool:
    return (
        current.status == figure.status
        and current.value == figure.value
        and current.value2 == figure.value2
        and current.note == note
    )


@dataclass
class Outcome:
    created: int = 0
    superseded: int = 0
    unchanged: int = 0
    already_uploaded: bool = False


def _write_figures(call, entries, user, submission=None) -> Outcome:
    """Write (indicator, area, breakdown, figure, note) entries against the current figures:
    new ones are added, changed ones supersede the current figure, the same ones are left.
    One query reads the current figures; the writes are bulk."""
    outcome = Outcome()
    current = current_observations(
        call,
        {entry[0].pk for entry in entries},
        {entry[1].pk for entry in entries},
        lock=True,
    )
    new, replaced = [], {}
    for indicator, area, breakdown, figure, note in entries:
        key = (indicator.pk, area.pk, breakdown.pk if breakdown else None)
        existing = current.get(key, [])
        if len(existing) == 1 and _unchanged(existing[0], figure, note):
            outcome.unchanged += 1
            continue
        new.append((key, indicator.visibility, figure, note))
        replaced[key] = [old.pk for old in existing]
    created = _insert_figures(call, new, submission, user)
    pairs = [(created[key], old) for key, earlier in replaced.items() for old in earlier]
    _supersede(pairs)
    outcome.created = len(new)
    outcome.superseded = len(pairs)
    return outcome


# The columns the fast insert writes, and those it leaves empty. If the model gains a
# column, the insert goes back to the ORM's bulk_create rather than miss it.
_INSERT_PARAMS = (
    "indicator", "area", "breakdown", "raw", "value", "value2", "status", "note",
    "visibility", "period", "submission", "entered_by", "recorded_at",
)  # fmt: skip
_INSERT_EMPTY = {
    "footnote": "''",
    "caveat": "''",
    "superseded_by": "NULL",
    "source": "NULL",
    "first_line": "NULL",
    "last_line": "NULL",
}


def _fast_insert_possible() -> bool:
    names = {f.name for f in Observation._meta.concrete_fields if not f.primary_key}
    return (
        names == set(_INSERT_PARAMS) | set(_INSERT_EMPTY)
        and connection.features.can_return_rows_from_bulk_insert
    )


def _insert_figures(call, new, submission, user) -> dict[tuple, int]:
    """Insert the new figures; returns the new pk for each (indicator, area, breakdown).

    A multi-row INSERT … RETURNING with only the changing values as parameters: Django's
    bulk_create prepares every field of every row and, on SQLite, sends 52 rows at a time,
    which is most of the time a 10,000-row return takes."""
    if not new:
        return {}
    now = timezone.now()
    if not _fast_insert_possible():
        Observation.objects.bulk_create(
            Observation(
                indicator_id=key[0], area_id=key[1], breakdown_id=key[2], period=call.period,
                raw=figure.raw, value=figure.value, value2=figure.value2, status=figure.status,
                submission=submission, note=note, entered_by=user, visibility=visibility,
            )
            for key, visibility, figure, note in new
        )  # fmt: skip
        return {
            key: figures[-1].pk
            for key, figures in current_observations(
                call, {k[0] for k, *_ in new}, {k[1] for k, *_ in new}
            ).items()
        }
    ops = connection.ops
    meta = Observation._meta
    quote = ops.quote_name
    columns = [meta.get_field(name).column for name in _INSERT_PARAMS]
    columns += [meta.get_field(name).column for name in _INSERT_EMPTY]
    column_sql = ", ".join(quote(c) for c in columns)
    row_sql = "(" + ", ".join(["%s"] * len(_INSERT_PARAMS) + list(_INSERT_EMPTY.values())) + ")"
    returning = ", ".join(
        quote(meta.get_field(name).column) for name in ("id", "indicator", "area", "breakdown")
    )
    recorded_at = ops.adapt_datetimefield_value(now)
    submission_id = submission.pk if submission else None
    user_id = user.pk if user else None

    def decimal(number):
        return None if number is None else ops.adapt_decimalfield_value(number, 14, 4)

    params_per_row = len(_INSERT_PARAMS)
    batch = max(1, min(1000, _max_query_params() // params_per_row))
    created = {}
    with connection.cursor() as cursor:
        for start in range(0, len(new), batch):
            chunk = new[start : start + batch]
            params = []
            for key, visibility, figure, note in chunk:
                params += [
                    key[0], key[1], key[2], figure.raw, decimal(figure.value),
                    decimal(figure.value2), figure.status, note, visibility, call.period_id,
                    submission_id, user_id, recorded_at,
                ]  # fmt: skip
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({column_sql}) VALUES "
                f"{', '.join([row_sql] * len(chunk))} RETURNING {returning}",
                params,
            )
            for pk, indicator, area, breakdown in cursor.fetchall():
                created[(indicator, area, breakdown)] = pk
    return created


def _max_query_params() -> int:
    """How many parameters one statement may carry: SQLite's own limit (Django assumes the
    old default of 999), PostgreSQL's 65,535."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:  # Python before 3.11
            return connection.features.max_query_params
    return connection.features.max_query_params or 65_535


def _supersede(pairs: list[tuple[int, int]]) -> None:
    """Point each earlier figure at the one that replaces it: (new pk, old pk) pairs, one
    UPDATE per 500 pairs or so (the ORM's bulk_update builds an expression per row, which is many
    times slower for a 10,000-row return)."""
    quote = connection.ops.quote_name
    table = quote(Observation._meta.db_table)
    column = quote(Observation._meta.get_field("superseded_by").column)
    key = quote(Observation._meta.pk.column)
    batch = max(1, min(500, _max_query_params() // 3))
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), batch):
            chunk = pairs[start : start + batch]
            cases = " ".join(["WHEN %s THEN %s"] * len(chunk))
            params = [value for new, old in chunk for value in (old, new)]
            params += [old for _, old in chunk]
            cursor.execute(
                f"UPDATE {table} SET {column} = CASE {key} {cases} END "
                f"WHERE {key} IN ({', '.join(['%s'] * len(chunk))})",
                params,
            )


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def import_submission(
    call: DataCall, organisation, filename: str, data: bytes, user=None
) -> Submission:
    """Check an uploaded return whole, then write it in one transaction.

    Raises ``SubmissionRejected`` with every problem (by row and column) and writes nothing
    if anything is wrong. Uploading a file already uploaded for the same call and
    organisation returns the earlier submission and writes nothing. The returned
    submission's ``outcome`` says what was written.
    """
    check_size(data)
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = _already_uploaded(call, organisation, sha256)
    if earlier is not None:
        return earlier
    table = read_table(data)
    _check_identity(table, call, organisation)
    rows = check_rows(table, call, organisation)
    user = _user(user)

    def write() -> Submission:
        _hold_call(call)
        earlier = _already_uploaded(call, organisation, sha256)
        if earlier is not None:  # the same file, uploaded again while this one was read
            return earlier
        submission = Submission.objects.create(
            data_call=call,
            organisation=organisation,
            submitted_by=user,
            file_name=(filename or "")[:255],
            sha256=sha256,
            rows=len(rows),
        )
        entries = [(r.indicator, r.area, r.breakdown, r.figure, r.note) for r in rows]
        submission.outcome = _write_figures(call, entries, user, submission)
        return submission

    try:
        return run_atomic(write)
    except Contended as error:
        reject(f"The file could not be imported: {error}. Nothing was imported")


def _already_uploaded(call: DataCall, organisation, sha256: str) -> Submission | None:
    earlier = Submission.objects.filter(
        data_call=call, organisation=organisation, sha256=sha256
    ).first()
    if earlier is not None:
        earlier.outcome = Outcome(already_uploaded=True)
    return earlier


def _hold_call(call: DataCall) -> None:
    """Lock the call's row until the transaction ends, so that figures for one call are
    written one upload (or typed figure, or closing) at a time: two uploads at once would
    each supersede only the figures they saw and leave two current figures for one key.
    SQLite's IMMEDIATE transactions already serialise writers; this is for PostgreSQL."""
    DataCall.objects.select_for_update().only("pk").get(pk=call.pk)


def record_figure(
    call: DataCall, indicator: Indicator, area: Area, breakdown, figure: Figure, note: str, user
) -> Observation | None:
    """A figure an officer typed in, with the note saying why. It supersedes the current
    figure for the same indicator, area, period and breakdown. ``None`` if it is the same as
    the current figure."""
    with transaction.atomic():
        _hold_call(call)
        outcome = _write_figures(call, [(indicator, area, breakdown, figure, note)], _user(user))
    if not outcome.created:
        return None
    return (
        Observation.objects.filter(
            indicator=indicator,
            area=area,
            period=call.period,
            breakdown=breakdown,
            superseded_by__isnull=True,
        )
        .order_by("-pk")
        .first()
    )


# Status and closing ------------------------------------------------------------------------

SUBMITTED, MISSING, NOT_RECEIVED = "submitted", "missing", "not-received"
STATE_LABELS = {SUBMITTED: "Submitted", MISSING: "Missing", NOT_RECEIVED: "Not received"}


@dataclass
class StatusRow:
    indicator: Indicator
    area: Area
    state: str
    breakdown_count: int = 0  # current breakdown figures, besides the total
    latest: Observation | None = None  # the most recently recorded current figure

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def returned_by(self):
        """Who returned it: the latest submission's organisation, or the officer."""
        latest = self.latest
        if latest is None:
            return ""
        if latest.submission_id:
            return latest.submission.organisation.name
        if latest.entered_by_id:
            return f"Entered by {latest.entered_by.get_full_name() or latest.entered_by}"
        if latest.source_id:
            return "From a published paper"
        return ""


@dataclass
class OrganisationStatus:
    organisation: object  # None: indicators nobody is responsible for
    rows: list = field(default_factory=list)
    last_submission: Submission | None = None

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def submitted(self) -> int:
        return self.count(SUBMITTED)

    @property
    def missing(self) -> int:
        return self.count(MISSING)

    @property
    def not_received(self) -> int:
        return self.count(NOT_RECEIVED)

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation else "No responsible organisation"


def _state(statuses) -> str:
    if not statuses:
        return MISSING
    if all(status == Status.NOT_RECEIVED for status in statuses):
        return NOT_RECEIVED
    return SUBMITTED


@dataclass
class CallStatus:
    call: DataCall
    areas: list
    groups: list
    submissions: list

    @property
    def rows(self):
        return [row for group in self.groups for row in group.rows]

    def count(self, state: str) -> int:
        return sum(group.count(state) for group in self.groups)

    @property
    def submitted(self) -> int:
        return self.count(SUBMITTED)

    @property
    def missing(self) -> int:
        return self.count(MISSING)

    @property
    def not_received(self) -> int:
        return self.count(NOT_RECEIVED)


def call_status(call: DataCall) -> CallStatus:
    """For each responsible organisation, which of its indicators have a figure for the
    call's period in each local authority area. A fixed number of queries."""
    indicators = call_indicators(call)
    areas = call_areas(call)
    found = Observation.objects.filter(
        indicator__in=[i.pk for i in indicators],
        area__in=[a.pk for a in areas],
        period=call.period,
        superseded_by__isnull=True,
    ).values_list("pk", "indicator_id", "area_id", "breakdown_id", "status")
    # Every current figure as plain values, then the latest of each indicator and area in
    # full: a call of 10,000 figures reads 10,000 tuples, not 10,000 model instances.
    statuses, breakdowns, latest_pk = defaultdict(list), defaultdict(int), {}
    for pk, indicator_id, area_id, breakdown_id, status in found:
        key = (indicator_id, area_id)
        statuses[key].append(status)
        breakdowns[key] += breakdown_id is not None
        latest_pk[key] = max(pk, latest_pk.get(key, 0))
    latest = {
        (o.indicator_id, o.area_id): o
        for o in Observation.objects.filter(pk__in=latest_pk.values()).select_related(
            "submission__organisation", "entered_by"
        )
    }
    submissions = list(
        call.submissions.select_related("organisation", "submitted_by").order_by("-submitted_at")
    )
    groups: dict = {}
    for indicator in indicators:
        owner = indicator.responsible_organisation
        group = groups.setdefault(owner.pk if owner else None, OrganisationStatus(owner))
        for area in areas:
            key = (indicator.pk, area.pk)
            group.rows.append(
                StatusRow(indicator, area, _state(statuses[key]), breakdowns[key], latest.get(key))
            )
    for submission in submissions:
        group = groups.get(submission.organisation_id) or groups.get(None)
        if group is not None and group.last_submission is None:
            if group.organisation is None or group.organisation.pk == submission.organisation_id:
                group.last_submission = submission
    ordered = sorted(groups.values(), key=lambda g: (g.organisation is None, g.name.lower()))
    return CallStatus(call, areas, ordered, submissions)


def call_history(call: DataCall):
    """Figures for the call's period that were replaced, with what replaced them."""
    return (
        Observation.objects.filter(
            indicator__in=call.indicators.values("pk"),
            period=call.period,
            superseded_by__isnull=False,
        )
        .select_related(
            "indicator",
            "area",
            "breakdown",
            "submission__organisation",
            "entered_by",
            "superseded_by__submission__organisation",
            "superseded_by__entered_by",
            "superseded_by__indicator",
        )
        .order_by("indicator__name", "area__name", "breakdown_id", "pk")
    )


def close_data_call(call: DataCall, *, user=None, now=None) -> int:
    """Record every missing return of the call as ``not-received`` (for the total of each
    indicator and local authority area) and mark the call closed. Closing a closed call
    does nothing. Returns how many figures were recorded."""
    now = now or timezone.now()
    with transaction.atomic():
        call = DataCall.objects.select_for_update().select_related("period").get(pk=call.pk)
        if call.closed_at is not None:
            return 0
        status = call_status(call)
        note = (
            f"No return by the deadline of {call.deadline:%-d %B %Y}; recorded when the data "
            "call closed."
        )
        missing = [
            Observation(
                indicator=row.indicator,
                area=row.area,
                period=call.period,
                breakdown=None,
                raw="Not received",
                status=Status.NOT_RECEIVED,
                note=note,
                entered_by=_user(user),
                visibility=row.indicator.visibility,
            )
            for row in status.rows
            if row.state == MISSING
        ]
        Observation.objects.bulk_create(missing, batch_size=2000)
        call.closed_at = now
        call.save(update_fields=["closed_at"])
    return len(missing)


def calls_due_to_close(today: dt.date):
    return DataCall.objects.filter(closed_at__isnull=True, deadline__lt=today).order_by(
        "deadline", "pk"
    )


def close_due_calls(today: dt.date, *, now=None) -> list[tuple[DataCall, int]]:
    """Close every call whose deadline has passed (the deadline day itself is still open)."""
    return [(call, close_data_call(call, now=now)) for call in calls_due_to_close(today)]


# Making a call -----------------------------------------------------------------------------

QUARTER_LABEL = re.compile(r"(?P<year>\d{4})\s*[/-]\s*(?P<next>\d{2}|\d{4})\s*Q(?P<q>[1-4])", re.I)


def quarter_dates(label: str) -> tuple[str, dt.date, dt.date] | None:
    """ "2021/22 Q1" -> ("2021/22 Q1", 1 April 2021, 30 June 2021): a financial quarter."""
    match = QUARTER_LABEL.fullmatch(squash(label))
    if not match:
        return None
    first = int(match["year"])
    following = int(match["next"]) % 100
    if (first + 1) % 100 != following:
        return None
    quarter = int(match["q"])
    start_month = (4 + 3 * (quarter - 1) - 1) % 12 + 1
    start_year = first if quarter < 4 else first + 1
    start = dt.date(start_year, start_month, 1)
    end_month = start_month + 2
    end = (dt.date(start_year, end_month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
        days=1
    )
    return f"{first}/{following:02d} Q{quarter}", start, end


def quarter_period(label: str) -> Period | None:
    """The quarter period for a label, reusing one with the same dates if there is one."""
    dates = quarter_dates(label)
    if dates is None:
        return None
    label, start, end = dates
    existing = list(Period.objects.filter(kind=Period.Kind.QUARTER, start=start, end=end))
    if existing:
        return min(existing, key=lambda p: (p.label != label, p.pk))
    return Period.objects.create(kind=Period.Kind.QUARTER, label=label, start=start, end=end)


def next_quarter_label(today: dt.date) -> str:
    """The quarter that ended most recently before ``today``: what a call usually asks for."""
    month = today.month
    quarter_now = ((month - 4) % 12) // 3 + 1
    first_year = today.year if month >= 4 else today.year - 1
    quarter = quarter_now - 1
    if quarter == 0:
        quarter, first_year = 4, first_year - 1
    return f"{first_year}/{(first_year + 1) % 100:02d} Q{quarter}"


def latest_submission_dates(calls) -> dict[int, dt.datetime]:
    return dict(
        Submission.objects.filter(data_call__in=calls)
        .values_list("data_call_id")
        .annotate(latest=Max("submitted_at"))
    )
