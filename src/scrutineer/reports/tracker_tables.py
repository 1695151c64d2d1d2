"""The tracker's tables as open data: CSV (streamed) and XLSX (three sheets).

Every field of every tracked item the user may read, with the derived facts (overdue, RAG)
worked out on the day of the export, and the whole status history. Restricted items are left
out for anyone who cannot read restricted records, and so is the name of a restricted source
document.

The items are those the tracker list shows for the same filters (``tracker.filters``).
Items are read as plain values in chunks of ``CHUNK``, with each chunk's parties, status
changes and responses in one query per relation, so the number of queries grows with the
number of chunks, never with the number of rows.

Cell values are written as stored, except that text a spreadsheet program would run as a
formula is made inert (``reports.cells``), in the CSV and the XLSX alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from scrutineer.governance import access
from scrutineer.governance.models import Visibility
from scrutineer.governance.restriction import document_name
from scrutineer.rag import Rag
from scrutineer.tracker import rules
from scrutineer.tracker.filters import filter_items, filters_from_params
from scrutineer.tracker.models import Party, Response, StatusChange, TrackedItem

from .cells import csv_text, xlsx_value

CHUNK = 900
LIST_SEPARATOR = "; "
ENTRY_SEPARATOR = " | "
XLSX_MAX_CELL = 32_767
TRUTH = {True: "yes", False: "no"}


# Everything an export row needs, read as plain values: building model instances (and a
# related manager per instance) would cost more than the rest of the export put together.
ITEM_FIELDS = (
    "id",
    "item_type",
    "number",
    "text",
    "topic",
    "source_kind",
    "source_reference",
    "body_id",
    "body__name",
    "body__slug",
    "meeting__date",
    "meeting__visibility",
    "parent_id",
    "officer_contact_id",
    "officer_contact__name",
    "officer_contact__honorific",
    "officer_contact_text",
    "due_date",
    "due_basis",
    "status",
    "last_seen",
    "body__latest_paper",
    "visibility",
    "source__name",
    "source__visibility",
    "first_line",
    "last_line",
    "created_at",
    "updated_at",
    "version",
)


def export_queryset(user, params: Mapping[str, str], today: dt.date, council=None):
    """The items of ``council`` that ``user`` may read, filtered by the tracker list's
    filters (BadFilter for a value that matches nothing); restricted items are never in it
    for the public."""
    filters = filters_from_params(params, council)
    return filter_items(TrackedItem.objects.visible_to(user), filters, today)


def _grouped(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    groups: dict[int, list[tuple]] = {}
    for row in rows:
        groups.setdefault(row[0], []).append(row[1:])
    return groups


def iter_records(items) -> Iterator[dict]:
    """Each item as a dict of ITEM_FIELDS plus its "parties", "history" and "responses".

    Items are read CHUNK at a time in primary-key order (keyset pagination), and each chunk's
    related rows in one query per relation: four queries per chunk, none per row. CHUNK stays
    under SQLite's oldest limit of 999 parameters per statement.
    """
    base = items.order_by("pk").values(*ITEM_FIELDS)
    last = 0
    while True:
        size = CHUNK
        chunk = list(base.filter(pk__gt=last)[:size])
        if not chunk:
            return
        ids = [record["id"] for record in chunk]
        parties = _grouped(
            Party.objects.filter(tracked_item_id__in=ids)
            .order_by("tracked_item_id", "role", "pk")
            .values_list("tracked_item_id", "role", "label")
        )
        history = _grouped(
            StatusChange.objects.filter(tracked_item_id__in=ids)
            .order_by("tracked_item_id", "changed_at", "pk")
            .values_list(
                "tracked_item_id",
                "changed_at",
                "from_status",
                "to_status",
                "changed_by__username",
                "note",
            )
        )
        responses = _grouped(
            Response.objects.filter(tracked_item_id__in=ids)
            .order_by("tracked_item_id", F("date").asc(nulls_first=True), "pk")
            .values_list(
                "tracked_item_id",
                "date",
                "responder",
                "text",
                "links",
                "recorded_at",
                "recorded_by__username",
            )
        )
        for record in chunk:
            pk = record["id"]
            record["parties"] = parties.get(pk, [])
            record["history"] = [HistoryRow(*row) for row in history.get(pk, [])]
            record["responses"] = [ResponseRow(*row) for row in responses.get(pk, [])]
            yield record
        if len(chunk) < size:
            return
        last = ids[-1]


# -- one row per item ------------------------------------------------------------------------


def local(moment: dt.datetime | None, zone: dt.tzinfo | None = None) -> dt.datetime | None:
    """A stored (UTC) moment as local wall-clock time without a zone, as spreadsheets want."""
    if moment is None:
        return None
    zone = zone or timezone.get_current_timezone()
    return moment.astimezone(zone).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    changed_at: dt.datetime
    from_status: str
    to_status: str
    changed_by: str | None
    note: str

    def entry(self, zone: dt.tzinfo | None = None) -> str:
        """ "2025-10-01 open→sent by officer1: Sent to the Cabinet Member" """
        by = f" by {self.changed_by}" if self.changed_by else ""
        day = local(self.changed_at, zone).date().isoformat()
        return f"{day} {self.from_status or '—'}→{self.to_status}{by}: {self.note}"


@dataclass(frozen=True, slots=True)
class ResponseRow:
    date: dt.date | None
    responder: str
    text: str
    links: str
    recorded_at: dt.datetime | None
    recorded_by: str | None

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def entry(self) -> str:
        """ "2025-10-15 Cabinet Member: text [https://…]" """
        day = self.date.isoformat() if self.date else "undated"
        who = f" {self.responder}" if self.responder else ""
        links = f" [{', '.join(self.link_list)}]" if self.link_list else ""
        return f"{day}{who}: {self.text}{links}"


@dataclass(frozen=True)
class ExportContext:
    today: dt.date
    reads_everything: bool
    bodies: frozenset[int]  # whose restricted records the reader reads
    zone: dt.tzinfo  # the local time zone, looked up once rather than per value

    def show_restricted(self, record: dict) -> bool:
        """Whether the reader reads the restricted records of this row's body."""
        return self.reads_everything or record["body_id"] in self.bodies


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[dict, ExportContext], object]
    width: int = 14  # characters, for the XLSX sheet


def _labels(record: dict, role: str) -> str:
    return LIST_SEPARATOR.join(label for r, label in record["parties"] if r == role)


def _officer(record: dict, ctx: ExportContext) -> str:
    if record["officer_contact_id"] is None:
        return record["officer_contact_text"]
    name, honorific = record["officer_contact__name"], record["officer_contact__honorific"]
    return f"{honorific} {name}" if honorific else name  # as Person.display_name


def _history(record: dict) -> bool:
    return rules.is_history(record["status"], record["last_seen"], record["body__latest_paper"])


def _rag(record: dict, ctx: ExportContext) -> Rag | None:
    return rules.rag(record["due_date"], record["status"], ctx.today, _history(record))


def _overdue(record: dict, ctx: ExportContext) -> str:
    return TRUTH[
        rules.is_overdue(record["due_date"], record["status"], ctx.today, _history(record))
    ]


def _source_name(record: dict, ctx: ExportContext) -> str:
    return document_name(
        record["source__name"], record["source__visibility"], ctx.show_restricted(record)
    )


def _meeting_date(record: dict, ctx: ExportContext):
    """A meeting the reader may not see is not named, not even by its date."""
    if record["meeting__visibility"] != Visibility.PUBLIC and not ctx.show_restricted(record):
        return None
    return record["meeting__date"]


def _field(name: str) -> Callable[[dict, ExportContext], object]:
    return lambda record, ctx: record[name]


ITEM_COLUMNS: tuple[Column, ...] = (
    Column("id", _field("id"), 8),
    Column("type", _field("item_type"), 6),
    Column("number", _field("number"), 8),
    Column("text", _field("text"), 60),
    Column("topic", _field("topic"), 30),
    Column("source_kind", _field("source_kind"), 16),
    Column("source_reference", _field("source_reference"), 30),
    Column("body", _field("body__name"), 30),
    Column("body_slug", _field("body__slug"), 20),
    Column("meeting_date", _meeting_date, 12),
    Column("parent_id", _field("parent_id"), 10),
    Column("addressees", lambda r, c: _labels(r, Party.Role.ADDRESSEE), 30),
    Column("owners", lambda r, c: _labels(r, Party.Role.OWNER), 30),
    Column("officer_contact", _officer, 24),
    Column("due_date", _field("due_date"), 12),
    Column("due_basis", _field("due_basis"), 30),
    Column("status", _field("status"), 18),
    Column("last_seen", _field("last_seen"), 12),
    Column("history", lambda r, c: TRUTH[_history(r)], 9),
    Column("overdue", _overdue, 9),
    Column("rag", lambda r, c: rag.colour if (rag := _rag(r, c)) else "", 7),
    Column("rag_reason", lambda r, c: rag.reason if (rag := _rag(r, c)) else "", 30),
    Column("visibility", _field("visibility"), 11),
    Column("source_document", _source_name, 30),
    Column("source_first_line", _field("first_line"), 10),
    Column("source_last_line", _field("last_line"), 10),
    Column("created_at", lambda r, c: local(r["created_at"], c.zone), 18),
    Column("updated_at", lambda r, c: local(r["updated_at"], c.zone), 18),
    Column("version", _field("version"), 8),
)
CSV_ONLY_COLUMNS: tuple[Column, ...] = (
    Column(
        "status_history",
        lambda r, c: ENTRY_SEPARATOR.join(h.entry(c.zone) for h in r["history"]),
    ),
    Column("responses", lambda r, c: ENTRY_SEPARATOR.join(x.entry() for x in r["responses"])),
)
HISTORY_HEADERS = (
    "tracked_item_id",
    "changed_at",
    "from_status",
    "to_status",
    "changed_by",
    "note",
)
RESPONSE_HEADERS = (
    "tracked_item_id",
    "date",
    "responder",
    "text",
    "links",
    "recorded_at",
    "recorded_by",
)


def context_for(user, today: dt.date) -> ExportContext:
    return ExportContext(
        today=today,
        reads_everything=access.reads_everything(user),
        bodies=access.read_body_ids(user),
        zone=timezone.get_current_timezone(),
    )


# -- CSV -------------------------------------------------------------------------------------


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return csv_text(value)
    return str(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(records: Iterable[dict], ctx: ExportContext) -> Iterator[list[str]]:
    columns = ITEM_COLUMNS + CSV_ONLY_COLUMNS
    yield [column.header for column in columns]
    for record in records:
        yield [_csv_text(column.value(record, ctx)) for column in columns]


def csv_lines(records: Iterable[dict], ctx: ExportContext) -> Iterator[str]:
    """CSV text line by line, for streaming; a byte-order mark first so Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in csv_rows(records, ctx):
        yield writer.writerow(row)


# -- XLSX ------------------------------------------------------------------------------------


def _xlsx_value(sheet, value):
    """Text as inert text (``cells.xlsx_value``), over-long text cut with a note."""
    if isinstance(value, str) and len(value) > XLSX_MAX_CELL:
        note = " … [cut to fit a spreadsheet cell: the CSV export holds it all]"
        value = value[: XLSX_MAX_CELL - len(note)] + note
    return xlsx_value(sheet, value)


def _sheet(workbook, title: str, headers: Iterable[str], widths: Iterable[int]):
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    row = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        row.append(cell)
    sheet.append(row)
    return sheet


def build_xlsx(records: Iterable[dict], ctx: ExportContext) -> bytes:
    """Three sheets: the items, one row per status change, one row per response."""
    workbook = Workbook(write_only=True)
    main = _sheet(
        workbook,
        "Tracked items",
        [c.header for c in ITEM_COLUMNS],
        [c.width for c in ITEM_COLUMNS],
    )
    history = _sheet(workbook, "Status history", HISTORY_HEADERS, (14, 18, 18, 18, 16, 60))
    responses = _sheet(workbook, "Responses", RESPONSE_HEADERS, (14, 12, 24, 60, 30, 18, 16))
    for record in records:
        main.append([_xlsx_value(main, column.value(record, ctx)) for column in ITEM_COLUMNS])
        pk = record["id"]
        for change in record["history"]:
            history.append(
                [
                    _xlsx_value(history, value)
                    for value in (
                        pk,
                        local(change.changed_at, ctx.zone),
                        change.from_status,
                        change.to_status,
                        change.changed_by,
                        change.note,
                    )
                ]
            )
        for response in record["responses"]:
            responses.append(
                [
                    _xlsx_value(responses, value)
                    for value in (
                        pk,
                        response.date,
                        response.responder,
                        response.text,
                        "\n".join(response.link_list),
                        local(response.recorded_at, ctx.zone),
                        response.recorded_by,
                    )
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
