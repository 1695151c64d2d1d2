"""`scrutineer bench --pdf`: our PDF reader beside poppler's `pdftotext -layout`, in pages
per second, on the same PDFs: pack text written as Word documents (python-docx) and saved
as PDF by LibreOffice, as councils make their papers. The writer is shared with the tests.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

INDENT = Pt(18)  # the reader's INDENT_STEP: one leading space of pack text
_BOLD = re.compile(r"(\*\*.*?\*\*)")
RUNS = 3  # timings are the median of this many runs
SMALL_PAGES = 17
LARGE_PAGES = 150
TARGET_RATIO = 3.0
TABLE_FONT = 6.5  # points
CELL_PADDING = 12.0  # points: a cell's left and right margins, with a little to spare
TEXT_WIDTH = Cm(17).pt  # between the margins of new_document's A4 page


def _runs(paragraph, text: str) -> None:
    for piece in _BOLD.split(text):
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            paragraph.add_run(piece[2:-2]).bold = True
        elif piece:
            paragraph.add_run(piece)


def new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    return document


def _table(document, rows: list[list[str]]) -> None:
    columns = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths = _column_widths(rows, columns)
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(round(width * 20)))  # twentieths of a point
    for row, cells in zip(table.rows, rows, strict=True):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # rows kept whole, as most papers do
        for cell, text in zip(row.cells, cells + [""] * (columns - len(cells)), strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            for run_text in [text]:
                _runs(paragraph, run_text)
            for run in paragraph.runs:
                run.font.size = Pt(TABLE_FONT)
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Pt(width)


def _width(word: str) -> float:
    """About how wide ``word`` is at TABLE_FONT in Arial, in points (capitals are wider)."""
    return sum(0.75 if c.isupper() or c in "mw" else 0.56 for c in word) * TABLE_FONT


def _column_widths(rows: list[list[str]], columns: int) -> list[float]:
    """Widths in points as a writer sizes columns: each wide enough for its longest word
    where the page allows, the rest shared by how much each column says."""
    longest, amount = [0] * columns, [0] * columns
    for row in rows:
        for index, text in enumerate(row):
            words = text.replace("*", "").split() or [""]
            longest[index] = max(longest[index], max(map(_width, words)))
            amount[index] += len(text)
    needed = [n + CELL_PADDING for n in longest]
    if sum(needed) >= TEXT_WIDTH:
        return [TEXT_WIDTH * n / sum(needed) for n in needed]
    spare, said = TEXT_WIDTH - sum(needed), sum(amount) or 1
    return [n + spare * a / said for n, a in zip(needed, amount, strict=True)]


def text_to_docx(text: str, path: Path) -> None:
    """Write a pack's text as a Word document, one paragraph per line."""
    document = new_document()
    lines = text.split("\n")
    index = 0
    last = None
    while index < len(lines):
        line = lines[index]
        if "\t" in line:
            rows = []
            while index < len(lines) and "\t" in lines[index]:
                rows.append(lines[index].split("\t"))
                index += 1
            _table(document, rows)
            last = None
            continue
        if not line.strip():
            blanks = 0
            while index < len(lines) and not lines[index].strip():
                blanks += 1
                index += 1
            if blanks >= 2 and last is not None and index < len(lines):
                last.add_run().add_break(WD_BREAK.PAGE)
            else:
                document.add_paragraph()
            last = None
            continue
        stripped = line.lstrip(" ")
        depth = len(line) - len(stripped)
        if stripped.startswith("- "):
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.paragraph_format.left_indent = INDENT * (depth + 1)
            paragraph.paragraph_format.first_line_indent = -INDENT
            stripped = stripped[2:]
        else:
            paragraph = document.add_paragraph()
            if depth:
                paragraph.paragraph_format.left_indent = INDENT * depth
        paragraph.paragraph_format.space_after = Pt(0)
        _runs(paragraph, stripped)
        last = paragraph
        index += 1
    document.save(path)


def convert(docx_files: list[Path], out_dir: Path, soffice: str | None = None) -> None:
    """Every DOCX to PDF in one LibreOffice call (each start costs seconds)."""
    soffice = soffice or shutil.which("soffice")
    if not soffice:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, docx_files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    for docx in docx_files:
        if not (out_dir / f"{docx.stem}.pdf").is_file():
            raise RuntimeError(f"LibreOffice did not convert {docx.name}")


# The benchmark ---------------------------------------------------------------------------


def _pack_texts(seeds: list[Path], samples: list[Path]) -> dict[str, str]:
    """A pack of about SMALL_PAGES pages (one sample and most of the other) and one of
    about LARGE_PAGES (the health and wellbeing seed, the longest, with both samples), as
    pack text; LibreOffice decides the real page counts, which are reported."""
    first, second = (path.read_text(encoding="utf-8") for path in samples[:2])
    short = "\n\n\n".join([first, "\n".join(second.split("\n")[:250])])
    longest = max(seeds, key=lambda path: path.stat().st_size).read_text(encoding="utf-8")
    return {"pack-short": short, "pack-long": "\n\n\n".join([longest, first, second])}


def _pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def _median_seconds(action) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def pdf_speed(seeds: list[Path], samples: list[Path]) -> list[dict]:
    """Pages per second for our reader (in one process, and as configured: a pool of
    POOL_WORKERS for long files) and for `pdftotext -layout`, on the same PDFs."""
    from scrutineer.packs import pdf as reader

    pdftotext = shutil.which("pdftotext")
    rows = []
    with tempfile.TemporaryDirectory(prefix="scrutineer-bench-pdf-") as folder:
        folder = Path(folder)
        docx_files = []
        for stem, text in _pack_texts(seeds, samples).items():
            docx = folder / f"{stem}.docx"
            text_to_docx(text, docx)
            docx_files.append(docx)
        convert(docx_files, folder)
        for path in (folder / "pack-short.pdf", folder / "pack-long.pdf"):
            data, pages = path.read_bytes(), _pages(path)
            pool_from = reader.POOL_PAGES
            reader.POOL_PAGES = 10**9
            try:
                alone = _median_seconds(
                    lambda data=data, name=path.name: reader.pdf_lines(data, name)
                )
            finally:
                reader.POOL_PAGES = pool_from
            ours = _median_seconds(lambda data=data, name=path.name: reader.pdf_lines(data, name))
            theirs = None
            if pdftotext:
                command = [pdftotext, "-layout", str(path), "-"]
                theirs = _median_seconds(
                    lambda command=command: subprocess.run(command, check=True, capture_output=True)
                )
            rows.append({"pages": pages, "alone": alone, "ours": ours, "pdftotext": theirs})
    return rows


def report_pdf(rows: list[dict]) -> None:
    from scrutineer.packs.pdf import POOL_PAGES, POOL_WORKERS

    print(
        f"PDF reading, pages per second (median of {RUNS} runs; a pool of {POOL_WORKERS} "
        f"processes from {POOL_PAGES} pages):"
    )
    for row in rows:
        pages = row["pages"]
        line = (
            f"  {pages} pages: ours {pages / row['ours']:.0f} pages/s ({row['ours']:.2f} s; "
            f"one process {pages / row['alone']:.0f} pages/s)"
        )
        if row["pdftotext"]:
            ratio = row["ours"] / row["pdftotext"]
            line += (
                f", pdftotext -layout {pages / row['pdftotext']:.0f} pages/s "
                f"({row['pdftotext']:.2f} s): ours takes {ratio:.1f}x its time "
                f"(target <= {TARGET_RATIO:g}x)"
            )
        else:
            line += ", pdftotext not installed (Debian: poppler-utils)"
        print(line)
