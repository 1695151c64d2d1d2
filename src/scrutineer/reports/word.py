"""Small helpers for Word (DOCX) documents built with python-docx."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt


def new_document(title: str, *, landscape: bool = True):
    """A document with its title as the first heading and in its properties."""
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = "Scrutineer"
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(title, level=1)
    return document


def add_table(document, headers: Sequence[str], widths_cm: Sequence[float]):
    """A bordered table whose first row holds ``headers`` in bold and repeats on every page."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def add_row(table, texts: Sequence[str], widths_cm: Sequence[float]):
    row = table.add_row()
    for cell, text, width in zip(row.cells, texts, widths_cm, strict=True):
        cell.text = text  # python-docx writes "\n" as a line break
        cell.width = Cm(width)
    return row


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _repeat_as_header(row) -> None:
    """Mark the row as the table's header: Word repeats it and screen readers announce it."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)
