"""Reading a partner's return: the figure grammar and the cells of an uploaded table.

A figure is read from the value, value2 and status columns by the indicator's unit
("1345 (88.2%)", "5/2", "not-received"); the table is read from an XLSX or CSV upload,
judged by its content, within limits on size that are checked before anything is
decompressed. Every problem is a ``Problem`` naming the spreadsheet's row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..models import Indicator, Observation

Unit = Indicator.Unit
Status = Observation.Status

# Limits on what an upload may be. A 10,000-row return is about 0.5 MB as XLSX, 1 MB as CSV;
# a 100,000-row one's Figures sheet unzips to about 40 MB. The unzipped sizes are checked
# from the zip's headers before anything is decompressed, and enforced while reading.
MAX_BYTES = 10 * 1024 * 1024
MAX_BYTES_LABEL = "10 MB"
MAX_PART_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES_LABEL = "50 MB"
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_UNZIPPED_BYTES_LABEL = "100 MB"
MAX_ROWS = 100_000
# The template has at most nine columns; cells further right are ignored, as every column
# the template does not name is, so a stray cell in column XFD costs nothing.
MAX_COLUMNS = 26
MAX_CELL_CHARS = 2_000

ABOUT_SHEET = "About"
FIGURES_SHEET = "Figures"
CALL_KEY, ORGANISATION_KEY = "data_call_id", "organisation_id"
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
PAIR_UNITS = {Unit.COUNT_PERCENT, Unit.COUNT_COUNT, Unit.RATIO}
WHOLE_UNITS = {Unit.COUNT}
SIGNED_UNITS = {Unit.CURRENCY}
STATUS_CHOICES_TEXT = "leave it blank for a figure, or enter not-applicable or not-received"
TOO_LARGE = Decimal(10) ** 10  # Observation.value holds 14 digits, 4 of them decimals.
FOUR_PLACES = Decimal("0.0001")

NOT_TEMPLATE = (
    "The selected file is not a data return template from Scrutineer: download the template "
    "for this data call, copy your figures into it and upload that file"
)


# Problems ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload; ``row`` is the spreadsheet's own row number."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return f"Row {self.row}, column {self.column}: {self.message}"
        if self.row is not None:
            return f"Row {self.row}: {self.message}"
        return self.message


class SubmissionRejected(Exception):
    """The upload was refused whole; ``problems`` says everything that was wrong."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


class FigureError(ValueError):
    """A figure that cannot be read, and which column it was in."""

    def __init__(self, column: str, message: str):
        self.column = column
        self.message = message
        super().__init__(message)


# Reading one figure -----------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    status: str
    value: Decimal | None = None
    value2: Decimal | None = None
    raw: str = ""


@dataclass(frozen=True)
class PairSpec:
    pattern: re.Pattern
    first: str
    second: str
    second_is_percent: bool
    example: str
    joined: str  # how the two are printed together


_BRACKETED = re.compile(r"(?P<a>[^()]+?)\s*\(\s*(?P<b>[^()]*?)\s*\)")
PAIRS = {
    Unit.COUNT_PERCENT: PairSpec(
        _BRACKETED, "count", "percentage", True, "1345 in value and 88.2 in value2", "{a} ({b})"
    ),
    Unit.COUNT_COUNT: PairSpec(
        _BRACKETED,
        "first count",
        "second count",
        False,
        "353 in value and 134 in value2",
        "{a} ({b})",
    ),
    Unit.RATIO: PairSpec(
        re.compile(r"(?P<a>[^/:]+?)\s*[/:]\s*(?P<b>[^/:]+)"),
        "first number",
        "second number",
        False,
        "5 in value and 2 in value2, or 5/2 in value",
        "{a}/{b}",
    ),
}
UNIT_HINTS = {
    Unit.COUNT: "a whole number, for example 168",
    Unit.PERCENT: "a percentage, for example 36.5 or 36.5%",
    Unit.RATE_1000: "a rate per 1,000, for example 12.4",
    Unit.RATE_10000: "a rate per 10,000, for example 83.1",
    Unit.RATE_100000: "a rate per 100,000, for example 310.2",
    Unit.CURRENCY: "an amount in pounds, for example 1250 or £1,250.50",
    Unit.DAYS: "a number of days, for example 12",
    Unit.COUNT_PERCENT: "the count in value and the percentage in value2, for example 1345 "
    "and 88.2 (or 1345 (88.2%) in value)",
    Unit.COUNT_COUNT: "the first count in value and the second in value2, for example 353 "
    "and 134 (or 353 (134) in value)",
    Unit.RATIO: "the first number in value and the second in value2, for example 5 and 2 "
    "(or 5/2 in value)",
}

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_STATUS_WORDS = {
    "": Status.REPORTED,
    "reported": Status.REPORTED,
    "not-applicable": Status.NOT_APPLICABLE,
    "n/a": Status.NOT_APPLICABLE,
    "na": Status.NOT_APPLICABLE,
    "not-received": Status.NOT_RECEIVED,
}
# What people type in a value cell when they mean a status.
_STATUS_IN_VALUE = {
    "-": Status.NOT_APPLICABLE,
    "n/a": Status.NOT_APPLICABLE,
    "na": Status.NOT_APPLICABLE,
    "not applicable": Status.NOT_APPLICABLE,
    "not received": Status.NOT_RECEIVED,
    "not-received": Status.NOT_RECEIVED,
    "not-applicable": Status.NOT_APPLICABLE,
}


def squash(text: str) -> str:
    return " ".join(str(text).replace("\u00a0", " ").split())


def plain(number: Decimal | None) -> str:
    """36.5000 -> "36.5", 100 -> "100": a number as people write it."""
    if number is None:
        return ""
    return format(number.normalize(), "f")


def parse_status(text: str) -> str:
    key = re.sub(r"[\s_]+", "-", squash(text).lower())
    try:
        return _STATUS_WORDS[key]
    except KeyError:
        raise FigureError("status", f"'{text}' is not a status: {STATUS_CHOICES_TEXT}") from None


def _number(text: str, column: str, unit: str, *, percent_ok: bool, whole: bool) -> Decimal:
    shown = text
    text = squash(text)
    status = _STATUS_IN_VALUE.get(text.lower())
    if status:
        raise FigureError(
            column,
            f"'{shown}' is not a number: leave {column} blank and enter {status} in the "
            "status column",
        )
    body, percent, pounds = text, False, False
    if body.endswith("%"):
        body, percent = body[:-1].rstrip(), True
    if body.startswith("£"):
        body, pounds = body[1:].lstrip(), True
    if not _NUMBER.fullmatch(body):
        raise FigureError(column, f"'{shown}' is not a number")
    if percent and not percent_ok:
        raise FigureError(
            column,
            f"'{shown}' has a % sign, but this figure is not a percentage: enter the number alone",
        )
    if pounds and unit != Unit.CURRENCY:
        raise FigureError(
            column, f"'{shown}' has a £ sign, but this figure is not money: enter the number alone"
        )
    try:
        number = Decimal(body.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise FigureError(column, f"'{shown}' is not a number") from None
    if number < 0 and unit not in SIGNED_UNITS:
        raise FigureError(column, f"'{shown}' is below zero: enter 0 or more")
    if whole and number != number.to_integral_value():
        raise FigureError(column, f"'{shown}' is not a whole number: enter a count, such as 12")
    if abs(number) >= TOO_LARGE:
        raise FigureError(column, f"'{shown}' is too large: enter a number below 10,000,000,000")
    return number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def parse_figure(
    unit: str, value_text: str, value2_text: str = "", status_text: str = ""
) -> Figure | None:
    """A figure as typed into the value, value2 and status columns, read by the indicator's
    unit. ``None`` when nothing was entered. Raises ``FigureError`` naming the column."""
    value_text, value2_text = squash(value_text), squash(value2_text)
    status = parse_status(status_text)
    if status != Status.REPORTED:
        if value_text:
            raise FigureError(
                "value", f"leave the value blank when the status is {status}, or clear the status"
            )
        if value2_text:
            raise FigureError(
                "value2", f"leave value2 blank when the status is {status}, or clear the status"
            )
        return Figure(status, raw=squash(status_text))
    pair = PAIRS.get(unit)
    if pair is None:
        if value2_text:
            raise FigureError(
                "value2",
                f"leave value2 blank: this indicator has one figure ({Unit(unit).label.lower()})",
            )
        if not value_text:
            if squash(status_text):
                raise FigureError("value", "enter the figure, or change the status")
            return None
        number = _number(
            value_text, "value", unit, percent_ok=unit == Unit.PERCENT, whole=unit in WHOLE_UNITS
        )
        return Figure(status, number, None, value_text)
    if not value_text:
        if value2_text or squash(status_text):
            raise FigureError("value", f"enter the {pair.first} in value as well")
        return None
    first_text, second_text = value_text, value2_text
    if not value2_text:
        joined = pair.pattern.fullmatch(value_text)
        if joined is None:
            raise FigureError(
                "value2",
                f"enter the {pair.second} as well as the {pair.first} "
                f"(this indicator is a {Unit(unit).label.lower()}: for example {pair.example})",
            )
        first_text, second_text = joined["a"], joined["b"]
        column2 = "value"
        raw = value_text
    else:
        column2 = "value2"
        raw = pair.joined.format(a=value_text, b=value2_text)
    first = _number(first_text, "value", unit, percent_ok=False, whole=True)
    second = _number(
        second_text,
        column2,
        unit,
        percent_ok=pair.second_is_percent,
        whole=not pair.second_is_percent,
    )
    return Figure(status, first, second, raw)


# Reading an upload -------------------------------------------------------------------------


@dataclass
class Table:
    meta: dict
    header_row: int
    header: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number, cells)


def _reject(message: str, row: int | None = None, column: str | None = None):
    raise SubmissionRejected([Problem(message, row, column)])


def check_size(data: bytes) -> None:
    if not data:
        _reject("The selected file is empty")
    if len(data) > MAX_BYTES:
        _reject(
            f"The selected file must be smaller than {MAX_BYTES_LABEL}: this one is "
            f"{len(data) / (1024 * 1024):.1f} MB"
        )


def read_table(data: bytes) -> Table:
    """The cells of an upload, whichever of XLSX or CSV it is (judged by its content, not
    its name). Refuses files that are neither, or too big to read safely."""
    check_size(data)
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        _reject(
            "The selected file is an old-style Excel workbook (.xls): save it as an Excel "
            "Workbook (.xlsx) or CSV and upload that"
        )
    if data.startswith(b"%PDF"):
        _reject("The selected file is a PDF: upload the template as XLSX or CSV")
    return _read_csv(data)


DAMAGED = (
    "The selected file could not be opened as an Excel workbook: it may be damaged. Save it "
    "again as .xlsx, or as CSV, and upload that"
)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _CELL, _VALUE, _TEXT, _PHONETIC = (f"{_MAIN}{t}" for t in ("row", "c", "v", "t", "rPh"))
# Built-in number formats that show a date or time, and those that show a percentage.
_DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)}
_PERCENT_FORMAT_IDS = {9, 10}
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_COLUMN = re.compile(r"[A-Z]+")
# Excel stores only deflated (or stored) parts; other methods can inflate a whole part in
# one step, before any limit is looked at.
_COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


def _too_big(what: str, size: int | None, limit_label: str) -> None:
    """``size`` as the headers give it, or None when reading found more than they said."""
    unzips = f"would unzip to {size / (1024 * 1024):.1f} MB," if size else "unzips to"
    _reject(
        f"The selected workbook is too big to read: {what} {unzips} more than the "
        f"{limit_label} limit. Copy your figures into a fresh template and upload that"
    )


def _check_unzipped_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from its central directory, before anything is decompressed."""
    for info in infos:
        if info.compress_type not in _COMPRESSIONS:
            _reject(DAMAGED)
        if info.file_size > MAX_PART_BYTES:
            _too_big(f"its part {info.filename}", info.file_size, MAX_PART_BYTES_LABEL)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        _too_big("it", total, MAX_UNZIPPED_BYTES_LABEL)


class _Capped:
    """A part of the archive that gives no more than MAX_PART_BYTES, whatever its header
    says. (zipfile itself stops at the declared size and then fails the CRC check; this
    bound does not depend on that.)"""

    def __init__(self, stream, name: str):
        self.stream, self.name, self.left = stream, name, MAX_PART_BYTES

    def read(self, size: int = -1) -> bytes:
        wanted = self.left + 1 if size is None or size < 0 else min(size, self.left + 1)
        data = self.stream.read(wanted)
        self.left -= len(data)
        if self.left < 0:
            _too_big(f"its part {self.name}", None, MAX_PART_BYTES_LABEL)
        return data


class _Xlsx:
    """Just enough of the XLSX format to read cell values fast: the sheets by name, the
    shared strings, and which number formats show a date or a percentage. About ten times
    quicker than openpyxl's read-only mode for a 10,000-row return.

    Every part is streamed and each element emptied once read (``_elements``), so memory
    holds the values kept, never a part's whole tree, however big or odd the part is."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        targets = {
            element.get("Id"): element.get("Target", "")
            for element in self._ended("xl/_rels/workbook.xml.rels", f"{_PACKAGE_REL}Relationship")
        }
        self.sheets = {}
        date1904 = False
        for element in self._ended("xl/workbook.xml", f"{_MAIN}sheet", f"{_MAIN}workbookPr"):
            if element.tag == f"{_MAIN}workbookPr":
                date1904 = element.get("date1904") in ("1", "true")
                continue
            target = targets.get(element.get(f"{_REL}id"), "")
            self.sheets[element.get("name")] = (
                target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            )
        self.epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
        self.strings = self._strings()
        self.dates, self.percents = self._styles()

    def _elements(self, name: str):
        """(event, element) for every start and end in a part. An element is emptied after
        its end has been seen, and its earlier siblings removed."""
        from lxml import etree

        with self.archive.open(name) as stream:
            events = etree.iterparse(
                _Capped(stream, name),
                events=("start", "end"),
                resolve_entities=False,
                no_network=True,
                huge_tree=False,
            )
            for event, element in events:
                yield event, element
                if event == "end":
                    element.clear(keep_tail=True)
                    parent = element.getparent()
                    while parent is not None and element.getprevious() is not None:
                        del parent[0]

    def _ended(self, name: str, *tags: str):
        """The elements with one of ``tags`` in a part, each with its attributes."""
        for event, element in self._elements(name):
            if event == "end" and element.tag in tags:
                yield element

    def _strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.archive.namelist():
            return []
        strings, parts, phonetic = [], [], 0
        for event, element in self._elements("xl/sharedStrings.xml"):
            tag = element.tag
            if tag == _PHONETIC:  # a reading guide for East Asian text, not the text itself
                phonetic += 1 if event == "start" else -1
            elif event == "start":
                continue
            elif tag == _TEXT and not phonetic:
                parts.append(element.text or "")
            elif tag == f"{_MAIN}si":
                strings.append("".join(parts))
                parts = []
        return strings

    def _styles(self) -> tuple[set[int], set[int]]:
        if "xl/styles.xml" not in self.archive.namelist():
            return set(), set()
        custom: dict[int, str] = {}
        dates, percents = set(), set()
        index, inside = 0, None
        for event, element in self._elements("xl/styles.xml"):
            tag = element.tag
            if tag in (f"{_MAIN}numFmts", f"{_MAIN}cellXfs"):
                inside = tag if event == "start" else None
            elif event == "start":
                continue
            elif tag == f"{_MAIN}numFmt" and inside == f"{_MAIN}numFmts":
                custom[int(element.get("numFmtId"))] = element.get("formatCode", "")
            elif tag == f"{_MAIN}xf" and inside == f"{_MAIN}cellXfs":
                format_id = int(element.get("numFmtId", "0"))
                code = _QUOTED.sub("", custom.get(format_id, "")).lower()
                if format_id in _DATE_FORMAT_IDS or (code and re.search(r"[dmyhs]", code)):
                    dates.add(index)
                elif format_id in _PERCENT_FORMAT_IDS or "%" in code:
                    percents.add(index)
                index += 1
        return dates, percents

    def rows(self, name: str, limit: int | None = None):
        """(row number, [cell values as text, or a date]) for each row, the cells of the
        first MAX_COLUMNS columns only."""
        counted, cells, phonetic = 0, [], 0
        column, kind, style, value, inline = 0, "n", 0, None, []
        for event, element in self._elements(self.sheets[name]):
            tag = element.tag
            if tag == _PHONETIC:
                phonetic += 1 if event == "start" else -1
            elif event == "start":
                if tag == _CELL:
                    column = _column(element.get("r"), len(cells))
                    kind, style = element.get("t", "n"), int(element.get("s") or 0)
                    value, inline = None, []
            elif tag == _VALUE:
                value = element.text or ""
            elif tag == _TEXT and not phonetic:
                inline.append(element.text or "")
            elif tag == _CELL and column < MAX_COLUMNS:
                cells.extend([""] * (column - len(cells)))
                cells.append(self._value(kind, style, value, inline))
            elif tag == _ROW:
                counted = int(element.get("r") or counted + 1)
                if limit is not None and counted > limit:
                    return
                yield counted, cells
                cells = []

    def _value(self, kind: str, style: int, text: str | None, inline: list[str]):
        if kind == "inlineStr":
            return "".join(inline)
        if text is None:
            return ""
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return "TRUE" if text == "1" else "FALSE"
        if kind == "d":
            return dt.datetime.fromisoformat(text.replace("Z", ""))
        if kind != "n":  # "str" (a formula's text), "e" (an error such as #N/A)
            return text
        number = Decimal(text)
        if style in self.dates:
            return self.epoch + dt.timedelta(days=float(number))
        if style in self.percents:
            return f"{plain(number * 100)}%"
        return plain(number)


def _column(reference: str | None, following: int) -> int:
    """A cell's column from its reference ("C7" is 2); the next one when it has none."""
    letters = _COLUMN.match(reference or "")
    if letters is None:
        return following
    if len(letters.group()) > 3:  # past Excel's last column, XFD
        return MAX_COLUMNS
    column = 0
    for letter in letters.group():
        column = column * 26 + ord(letter) - 64
    return column - 1


def _read_xlsx(data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile:
        _reject(DAMAGED)
    with archive:
        if "xl/workbook.xml" not in {info.filename for info in infos}:
            _reject(
                "The selected file is not an Excel workbook (.xlsx): save the template as .xlsx "
                "or CSV and upload that"
            )
        _check_unzipped_sizes(infos)
        try:
            workbook = _Xlsx(archive)
            if ABOUT_SHEET not in workbook.sheets or FIGURES_SHEET not in workbook.sheets:
                _reject(
                    f"{NOT_TEMPLATE} (it needs the sheets “{ABOUT_SHEET}” and “{FIGURES_SHEET}”)"
                )
            meta = {}
            for _, cells in workbook.rows(ABOUT_SHEET, limit=40):
                key = squash(cells[0]) if cells and isinstance(cells[0], str) else ""
                if key in (CALL_KEY, ORGANISATION_KEY) and len(cells) > 1:
                    meta[key] = cells[1]
            table = Table(meta, 1, [])
            for number, cells in workbook.rows(FIGURES_SHEET):
                if number == 1:
                    table.header = [squash(c).lower() if isinstance(c, str) else "" for c in cells]
                    continue
                if number > MAX_ROWS + 1 or len(table.rows) >= MAX_ROWS:
                    _reject(
                        f"The file has more than {MAX_ROWS:,} rows: split it into smaller files"
                    )
                if any(c != "" for c in cells):
                    table.rows.append((number, cells))
        except SubmissionRejected:
            raise
        except Exception:  # a damaged or hand-made file can fail in many ways
            _reject(DAMAGED)
    return table


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data[:8192]:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            if text.count("\ufffd") < 5:  # Excel's "CSV (Comma delimited)" on Windows
                return text
    _reject(
        "The selected file is not a spreadsheet: upload the template as an Excel workbook "
        "(.xlsx) or a CSV file"
    )


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    if ILLEGAL_CHARACTERS_RE.search(text[:8192].replace("\t", "").replace("\r", "")):
        _reject(
            "The selected file is not a spreadsheet: upload the template as an Excel workbook "
            "(.xlsx) or a CSV file"
        )
    first_lines = text[:4096].splitlines()[:2]
    delimiter = ","
    if first_lines and all(line.count(";") > line.count(",") for line in first_lines):
        delimiter = ";"  # spreadsheets set to a decimal comma save CSV with semicolons
    elif first_lines and all(line.count("\t") > line.count(",") for line in first_lines):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = Table({}, 2, [])
    try:
        for number, cells in enumerate(reader, start=1):
            if number == 1:
                pairs = [squash(c) for c in cells]
                for key in (CALL_KEY, ORGANISATION_KEY):
                    if key in pairs and pairs.index(key) + 1 < len(pairs):
                        table.meta[key] = pairs[pairs.index(key) + 1]
                continue
            if number == 2:
                table.header = [squash(c).lower() for c in cells]
                continue
            if number > MAX_ROWS + 2:
                _reject(f"The file has more than {MAX_ROWS:,} rows: split it into smaller files")
            if any(c.strip() for c in cells):
                table.rows.append((number, cells[:MAX_COLUMNS]))
    except csv.Error as error:
        _reject(f"The selected file could not be read as CSV ({error}): save it again as CSV")
    if not table.meta:
        _reject(f"{NOT_TEMPLATE} (its first row must name the data call and the organisation)")
    return table
