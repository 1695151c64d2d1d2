"""PDFs made the way councils make them: a Word document saved as PDF.

A pack's text (the bundled samples' layout: ``**bold**``, ``- `` bullets, leading spaces for
indentation, tab-separated table rows, two or more blank lines for a new page) is written
as a DOCX with python-docx, and LibreOffice converts every file to PDF in one call.
Conversion is slow, so the PDFs are kept in a cache directory keyed by the texts' hash.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

INDENT = Pt(18)  # the reader's INDENT_STEP
SAMPLES = Path(__file__).resolve().parents[1] / "src" / "scrutineer" / "sample"
_BOLD = re.compile(r"(\*\*.*?\*\*)")


def need_soffice() -> str:
    """LibreOffice's command, or a skip (a failure under CI) when it is not installed."""
    found = shutil.which("soffice")
    if found:
        return found
    message = "LibreOffice (soffice) is not installed: the PDF tests make their papers with it"
    if os.environ.get("SCRUTINEER_REQUIRE_SEEDS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _runs(paragraph, text: str) -> None:
    for piece in _BOLD.split(text):
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            paragraph.add_run(piece[2:-2]).bold = True
        elif piece:
            paragraph.add_run(piece)


def _new_document() -> Document:
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
    for row, cells in zip(table.rows, rows, strict=True):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # rows kept whole, as most papers do
        for cell, text in zip(row.cells, cells + [""] * (columns - len(cells)), strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            for run_text in [text]:
                _runs(paragraph, run_text)
            for run in paragraph.runs:
                run.font.size = Pt(6.5)


def text_to_docx(text: str, path: Path) -> None:
    """Write a pack's text as a Word document, one paragraph per line."""
    document = _new_document()
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


def convert(docx_files: list[Path], out_dir: Path) -> None:
    """Every DOCX to PDF in one LibreOffice call (each start costs seconds)."""
    soffice = need_soffice()
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


def build_pdfs(papers: dict[str, str | Callable[[Path], None]], cache: Path) -> dict[str, Path]:
    """PDFs of ``papers`` (stem -> a pack's text, or a function writing a DOCX), made once
    and kept under ``cache``, in a folder named by what they are made from."""
    made_from = hashlib.sha256()
    for stem, paper in sorted(papers.items()):
        made_from.update(stem.encode() + (paper.encode() if isinstance(paper, str) else b""))
    for module in Path(__file__).parent.glob("pdf_*.py"):
        made_from.update(module.read_bytes())
    key = made_from.hexdigest()[:16]
    folder = cache / key
    paths = {stem: folder / f"{stem}.pdf" for stem in papers}
    if all(path.is_file() for path in paths.values()):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    docx_files = []
    for stem, paper in papers.items():
        docx = folder / f"{stem}.docx"
        if isinstance(paper, str):
            text_to_docx(paper, docx)
        else:
            paper(docx)
        docx_files.append(docx)
    convert(docx_files, folder)
    return paths


def sample_texts() -> dict[str, str]:
    """The bundled sample packs' texts, by file stem."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))}


CACHE = Path(os.environ.get("SCRUTINEER_PDF_CACHE", "/tmp/scrutineer-pdf-fixtures"))
SEPTEMBER = "exampleshire-children-scrutiny-2025-09-18"
NOVEMBER = "exampleshire-children-scrutiny-2025-11-20"
MINUTES = "exampleshire-adult-care-minutes-2025-10-08"


@pytest.fixture(scope="session")
def pdf_papers() -> dict[str, Path]:
    """Every PDF the tests read, by stem: the bundled samples and the Exampleshire papers."""
    from .pdf_council_papers import COUNCIL_PAPERS

    return build_pdfs({**sample_texts(), **COUNCIL_PAPERS}, CACHE)
