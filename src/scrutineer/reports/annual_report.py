"""The statutory annual report of a safeguarding partnership, as one document model, laid
out as Word (DOCX, A4 portrait) and PDF (A4 portrait); the accessible HTML is the same
model through a template (``assurance/annual_report_document.html``).

The model is plain text and numbers already worded: the report's sections in the order
partnerships publish them (introduction, local context, arrangements and membership,
progress against priorities, learning from reviews, quality assurance and audits,
training, the scorecard, budget, priorities for next year, appendices), each with the
officer's narrative, its records' paragraphs, lists and tables, and a source note for each
figure. Which records go in, and what they say, is decided where the records are read
(``assurance.annual_report``); this module only lays the words out, the same way in each
format, so a figure reads the same in all three.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from . import pdf, word

# (key, title): the sections an officer writes narrative for, in the report's order.
SECTIONS = (
    ("introduction", "Introduction"),
    ("context", "Local background and context"),
    ("arrangements", "The partnership's arrangements and membership"),
    ("progress", "Progress against priorities"),
    ("reviews", "Learning from reviews"),
    ("audits", "Quality assurance and audits"),
    ("training", "Safeguarding training"),
    ("scorecard", "The scorecard"),
    ("budget", "Budget"),
    ("next", "Priorities for next year"),
)
APPENDICES = (
    ("appendix-training", "Appendix 1: Multi-agency training by agency"),
    ("appendix-membership", "Appendix 2: Membership and attendance"),
    ("appendix-plan", "Appendix 3: Plan on a page"),
)
TITLES = dict(SECTIONS + APPENDICES)


@dataclass
class Text:
    """A paragraph; ``source`` says where its figures come from."""

    text: str
    source: str = ""


@dataclass
class Subheading:
    text: str


@dataclass
class Bullets:
    items: list[str]
    source: str = ""


@dataclass
class ReportTable:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    source: str = ""
    widths: list[float] = field(default_factory=list)  # proportions; equal when empty

    @property
    def column_widths(self) -> list[float]:
        return self.widths or [1.0] * len(self.headers)


Part = Text | Subheading | Bullets | ReportTable


@dataclass
class Section:
    key: str
    title: str
    parts: list[Part] = field(default_factory=list)
    narrative: str = ""
    empty: str = ""  # what the section says when there are no records for it

    @property
    def narrative_paragraphs(self) -> list[str]:
        return [para.strip() for para in self.narrative.split("\n\n") if para.strip()]

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"

    # For the template: each part's kind, so it need not test types.
    @property
    def blocks(self) -> list[tuple[str, Part]]:
        kinds = {Text: "text", Subheading: "subheading", Bullets: "bullets", ReportTable: "table"}
        return [(kinds[type(part)], part) for part in self.parts]


@dataclass
class AnnualReportDocument:
    title: str  # "Coventry LSCB annual report 2016/17"
    body: str
    council: str
    year: str  # "2016/17"
    covers: str  # "1 April 2016 to 31 March 2017"
    standing: str  # "Draft: not published" / "Published on 30 September 2017"
    sections: list[Section] = field(default_factory=list)
    appendices: list[Section] = field(default_factory=list)

    @property
    def header(self) -> str:
        return f"{self.body}: annual report {self.year}"

    @property
    def all_sections(self) -> list[Section]:
        return [*self.sections, *self.appendices]

    def section(self, key: str) -> Section:
        return next(section for section in self.all_sections if section.key == key)


# Word -----------------------------------------------------------------------------------


def to_docx(document: AnnualReportDocument) -> bytes:
    out = word.new_document(document.title, landscape=False, header=document.header)
    out.core_properties.subject = f"Annual report {document.year}"
    _docx_front(out, document)
    for section in document.all_sections:
        out.add_heading(section.title, level=2)
        for para in section.narrative_paragraphs:
            out.add_paragraph(para)
        if not section.parts:
            out.add_paragraph(section.empty)
        for part in section.parts:
            _docx_part(out, part)
    return word.to_bytes(out)


def _docx_front(out, document: AnnualReportDocument) -> None:
    if document.council:
        out.add_paragraph(document.council)
    out.add_paragraph().add_run(f"{document.body}: annual report {document.year}").bold = True
    out.add_paragraph(f"The period: {document.covers}")
    out.add_paragraph().add_run(document.standing).italic = True
    out.add_heading("Contents", level=2)
    for section in document.all_sections:
        out.add_paragraph(section.title, style="List Bullet")


def _docx_part(out, part: Part) -> None:
    if isinstance(part, Subheading):
        out.add_heading(part.text, level=3)
    elif isinstance(part, Text):
        out.add_paragraph(part.text)
        _docx_source(out, part.source)
    elif isinstance(part, Bullets):
        for item in part.items:
            out.add_paragraph(item, style="List Bullet")
        _docx_source(out, part.source)
    else:
        caption = out.add_paragraph(style="Caption")
        caption.add_run(part.caption)
        table = word.add_table(out, part.headers, part.column_widths)
        for row in part.rows:
            word.add_row(table, row)
        _docx_source(out, part.source)


def _docx_source(out, source: str) -> None:
    if source:
        run = out.add_paragraph().add_run(source)
        run.italic = True
        run.font.size = Pt(8)


# PDF ------------------------------------------------------------------------------------

_PORTRAIT_WIDTH = A4[0] - 2 * pdf.MARGIN


def to_pdf(document: AnnualReportDocument) -> bytes:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("report", parent=styles["BodyText"], fontSize=10, leading=13)
    note = ParagraphStyle("note", parent=body, fontSize=8, leading=10, textColor="#505a5f")
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=6 * mm, bulletIndent=2 * mm)
    caption = ParagraphStyle("caption", parent=body, fontName="Helvetica-Bold")
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
    story = [pdf.paragraph(document.title, styles["Heading1"])]
    if document.council:
        story.append(pdf.paragraph(document.council, body))
    story.append(pdf.paragraph(f"The period: {document.covers}", body))
    story.append(pdf.paragraph(document.standing, styles["Italic"]))
    story.append(pdf.paragraph("Contents", styles["Heading2"]))
    story += [Paragraph(pdf.markup(s.title), bullet, bulletText="•") for s in document.all_sections]

    def source(text: str) -> None:
        if text:
            story.append(pdf.paragraph(text, note))

    for section in document.all_sections:
        story.append(pdf.paragraph(section.title, styles["Heading2"]))
        story += [pdf.paragraph(para, body) for para in section.narrative_paragraphs]
        if not section.parts:
            story.append(pdf.paragraph(section.empty, body))
        for part in section.parts:
            if isinstance(part, Subheading):
                story.append(pdf.paragraph(part.text, styles["Heading3"]))
            elif isinstance(part, Text):
                story.append(pdf.paragraph(part.text, body))
                source(part.source)
            elif isinstance(part, Bullets):
                story += [Paragraph(pdf.markup(i), bullet, bulletText="•") for i in part.items]
                source(part.source)
            else:
                story += [Spacer(1, 2 * mm), pdf.paragraph(part.caption, caption)]
                story.append(_pdf_table(part, cell, head))
                source(part.source)
    buffer = io.BytesIO()
    out = pdf.a4_document(buffer, document.title, pagesize=A4)
    out.build(story, canvasmaker=pdf.numbered_canvas(document.header))
    return buffer.getvalue()


def _pdf_table(part: ReportTable, cell, head) -> Table:
    widths = part.column_widths
    data = [[pdf.paragraph(text, head) for text in part.headers]]
    data += [[pdf.paragraph(text, cell) for text in row] for row in part.rows]
    return pdf.ruled_table(data, [_PORTRAIT_WIDTH * w / sum(widths) for w in widths])
