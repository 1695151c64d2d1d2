"""Reading a data-call return: the cells of an uploaded XLSX or CSV file, whichever it is.

Pure Python (no Django), beside the parser, so the size limits and the zip checks are
decided in one place. Every refusal is a ``SubmissionRejected`` whose message names the
problem and what to do about it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .figures import plain, squash

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

# How a file says it is Scrutineer's template: the sheets of a workbook, and the call and
# organisation it was made for (on the About sheet, or in a CSV's first row).
ABOUT_SHEET = "About"
FIGURES_SHEET = "Figures"
CALL_KEY, ORGANISATION_KEY = "data_call_id", "organisation_id"
NOT_TEMPLATE = (
    "The selected file is not a data return template from Scrutineer: download the template "
    "for this data call, copy your figures into it and upload that file"
)


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


@dataclass
class Table:
    meta: dict
    header_row: int
    header: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number, cells)


def reject(message: str, row: int | None = None, column: str | None = None):
    """Refuse the whole upload for one problem."""
    raise SubmissionRejected([Problem(message, row, column)])


def check_size(data: bytes) -> None:
    if not data:
        reject("The selected file is empty")
    if len(data) > MAX_BYTES:
        reject(
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
        reject(
            "The selected file is an old-style Excel workbook (.xls): save it as an Excel "
            "Workbook (.xlsx) or CSV and upload that"
        )
    if data.startswith(b"%PDF"):
        reject("The selected file is a PDF: upload the template as XLSX or CSV")
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
    reject(
        f"The selected workbook is too big to read: {what} {unzips} more than the "
        f"{limit_label} limit. Copy your figures into a fresh template and upload that"
    )


def _check_unzipped_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from its central directory, before anything is decompressed."""
    for info in infos:
        if info.compress_type not in _COMPRESSIONS:
            reject(DAMAGED)
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
        reject(DAMAGED)
    with archive:
        if "xl/workbook.xml" not in {info.filename for info in infos}:
            reject(
                "The selected file is not an Excel workbook (.xlsx): save the template as .xlsx "
                "or CSV and upload that"
            )
        _check_unzipped_sizes(infos)
        try:
            workbook = _Xlsx(archive)
            if ABOUT_SHEET not in workbook.sheets or FIGURES_SHEET not in workbook.sheets:
                reject(
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
                    reject(f"The file has more than {MAX_ROWS:,} rows: split it into smaller files")
                if any(c != "" for c in cells):
                    table.rows.append((number, cells))
        except SubmissionRejected:
            raise
        except Exception:  # a damaged or hand-made file can fail in many ways
            reject(DAMAGED)
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
    reject(
        "The selected file is not a spreadsheet: upload the template as an Excel workbook "
        "(.xlsx) or a CSV file"
    )


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    if ILLEGAL_CHARACTERS_RE.search(text[:8192].replace("\t", "").replace("\r", "")):
        reject(
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
                reject(f"The file has more than {MAX_ROWS:,} rows: split it into smaller files")
            if any(c.strip() for c in cells):
                table.rows.append((number, cells[:MAX_COLUMNS]))
    except csv.Error as error:
        reject(f"The selected file could not be read as CSV ({error}): save it again as CSV")
    if not table.meta:
        reject(f"{NOT_TEMPLATE} (its first row must name the data call and the organisation)")
    return table
