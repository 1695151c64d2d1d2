"""PDF tables with reportlab: landscape A4, wrapped cells, the header row on every page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

MARGIN = 12 * mm
PAGE = landscape(A4)
WIDTH = PAGE[0] - 2 * MARGIN


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """Paragraph reads a little markup language, so ingested text is escaped first."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def table_pdf(
    title: str,
    intro: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    fractions: Sequence[float],
    sections: Sequence[tuple[str, Sequence[Sequence[str]]]] = (),
) -> bytes:
    """One titled table, then each of ``sections`` (a heading and its rows) in the same
    columns; ``fractions`` share the page width between the columns."""
    styles = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=styles["BodyText"], fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")

    def table(rows):
        data = [[_paragraph(text, head) for text in headers]]
        data += [[_paragraph(text, cell) for text in row] for row in rows]
        made = Table(
            data, colWidths=[WIDTH * share / sum(fractions) for share in fractions], repeatRows=1
        )
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

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="Scrutineer",
        lang="en-GB",
    )
    story = [_paragraph(title, styles["Heading1"])]
    if intro:
        story += [_paragraph(intro, styles["BodyText"]), Spacer(1, 4 * mm)]
    story.append(table(rows))
    for heading, section_rows in sections:
        story += [Spacer(1, 4 * mm), _paragraph(heading, styles["Heading2"]), table(section_rows)]
    document.build(story)
    return buffer.getvalue()
