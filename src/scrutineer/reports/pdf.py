"""PDF documents with reportlab: A4 (tables landscape), wrapped cells, the header row on every page,
a header line naming the body and the report and "Page N of M" at the foot of each page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

# The council's margins, as the Word documents have them (reports.word.MARGIN).
MARGIN = 20 * mm
HEADER_FOOTER_DISTANCE = 10 * mm  # from the page's edge to the header's and footer's text
PAGE = landscape(A4)
WIDTH = PAGE[0] - 2 * MARGIN
FURNITURE_FONT = ("Helvetica", 9)


def numbered_canvas(header: str) -> type[Canvas]:
    """A canvas that holds each page until the last, then writes ``header`` at the top of
    every page and "Page N of M" at its foot: M is known only once all are laid out."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, len(self._pages))
                super().showPage()
            super().save()

        def _furniture(self, number: int, count: int) -> None:
            width, height = self._pagesize
            self.setFont(*FURNITURE_FONT)
            self.drawRightString(width - MARGIN, height - HEADER_FOOTER_DISTANCE, header)
            self.drawCentredString(width / 2, HEADER_FOOTER_DISTANCE, f"Page {number} of {count}")

    return NumberedCanvas


def markup(text: str) -> str:
    """Paragraph reads a little markup language, so ingested text is escaped first; its
    line breaks are kept."""
    return escape(text).replace("\n", "<br/>")


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def a4_document(buffer, title: str, *, pagesize=PAGE) -> SimpleDocTemplate:
    """A document on A4 (landscape unless ``pagesize`` says otherwise) with the council's
    margins; build it with ``canvasmaker=numbered_canvas(header)``."""
    return SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="Scrutineer",
        lang="en-GB",
    )


def table_pdf(
    title: str,
    intro: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    fractions: Sequence[float],
    sections: Sequence[tuple[str, Sequence[Sequence[str]]]] = (),
    header: str = "",
) -> bytes:
    """One titled table, then each of ``sections`` (a heading and its rows) in the same
    columns; ``fractions`` share the text width between the columns. ``header`` (the title
    when not given) heads every page."""
    styles = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=styles["BodyText"], fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")

    def table(rows):
        data = [[paragraph(text, head) for text in headers]]
        data += [[paragraph(text, cell) for text in row] for row in rows]
        return ruled_table(data, [WIDTH * share / sum(fractions) for share in fractions])

    buffer = io.BytesIO()
    document = a4_document(buffer, title)
    story = [paragraph(title, styles["Heading1"])]
    if intro:
        story += [paragraph(intro, styles["BodyText"]), Spacer(1, 4 * mm)]
    story.append(table(rows))
    for heading, section_rows in sections:
        story += [Spacer(1, 4 * mm), paragraph(heading, styles["Heading2"]), table(section_rows)]
    document.build(story, canvasmaker=numbered_canvas(header or title))
    return buffer.getvalue()


def ruled_table(data, widths) -> Table:
    """A table of paragraphs as every generated document rules it: a grey grid, a shaded
    header row repeated on each page, cells aligned to the top."""
    made = Table(data, colWidths=widths, repeatRows=1)
    made.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#505a5f")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return made
