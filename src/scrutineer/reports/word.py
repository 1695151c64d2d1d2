"""Small helpers for Word (DOCX) documents built with python-docx.

Every document prints on A4 with the council's margins; its tables fit the text width;
each page has a header naming the body and the report and a footer "Page N of M".
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

# A4, portrait (python-docx's own template is US Letter).
A4_WIDTH, A4_HEIGHT = Cm(21.0), Cm(29.7)
# The council's margins: 2 cm all round, the header and footer 1 cm from the edge.
MARGIN = Cm(2.0)
HEADER_FOOTER_DISTANCE = Cm(1.0)
# One twentieth of a point, Word's unit for table widths.
_EMU_PER_TWIP = 635


def new_document(title: str, *, landscape: bool = True, header: str = ""):
    """A document with its title as the first heading and in its properties, on A4, with
    ``header`` (the title when not given) at the top of every page and its page numbers
    at the foot."""
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = "Scrutineer"
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = A4_HEIGHT, A4_WIDTH
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    section.header_distance = section.footer_distance = HEADER_FOOTER_DISTANCE
    document.styles["Normal"].font.size = Pt(10)
    _lay_out_as_word_2013(document)
    _write_header(section, header or title)
    _write_page_numbers(section)
    document.add_heading(title, level=1)
    return document


def text_width(document) -> Emu:
    """The width between the margins of the document's last section."""
    section = document.sections[-1]
    return Emu(section.page_width - section.left_margin - section.right_margin)


def fitted_widths(widths: Sequence[float], total: int) -> list[Emu]:
    """``widths`` (any unit: only their proportions count) scaled to sum to ``total`` EMU,
    in whole twips so that Word's grid adds up exactly."""
    twips = total // _EMU_PER_TWIP
    scaled = [int(twips * width / sum(widths)) for width in widths]
    scaled[-1] += twips - sum(scaled)  # rounding goes to the last column
    return [Emu(width * _EMU_PER_TWIP) for width in scaled]


def add_table(document, headers: Sequence[str], widths: Sequence[float]):
    """A bordered table across the text width, its columns sharing it as ``widths`` do,
    whose first row holds ``headers`` in bold and repeats on every page.

    Word lays a table out by its own width, its fixed layout and each cell's width (it
    ignores the column widths alone), so all three are set."""
    fitted = fitted_widths(widths, text_width(document))
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False  # fixed layout
    _set_table_width(table, sum(fitted))
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for column, width in zip(table.columns, fitted, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table


def add_row(table, texts: Sequence[str]):
    """A row of ``texts``, each cell as wide as its column."""
    row = table.add_row()
    for cell, text, column in zip(row.cells, texts, table.columns, strict=True):
        cell.text = text  # python-docx writes "\n" as a line break
        cell.width = column.width
    return row


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_table_width(table, width: int) -> None:
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblW")):
        properties.remove(old)
    element = OxmlElement("w:tblW")
    element.set(qn("w:w"), str(width // _EMU_PER_TWIP))
    element.set(qn("w:type"), "dxa")
    properties.append(element)


def _lay_out_as_word_2013(document) -> None:
    """python-docx's template is in Word 2010's mode, which sets a table's borders outside
    the margin by the cells' padding; Word 2013's mode (15) puts them on the margin."""
    for setting in document.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _write_header(section, text: str) -> None:
    paragraph = section.header.paragraphs[0]
    paragraph.text = text
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _write_page_numbers(section) -> None:
    """ "Page N of M", from Word's PAGE and NUMPAGES fields."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    _add_field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _add_field(paragraph, "NUMPAGES")


def _add_field(paragraph, instruction: str) -> None:
    """A field Word and LibreOffice work out when the page is laid out ("1" until then)."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _repeat_as_header(row) -> None:
    """Mark the row as the table's header: Word repeats it and screen readers announce it."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)
