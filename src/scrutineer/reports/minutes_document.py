"""A meeting's minutes as a council prints them, in Word (DOCX) and PDF.

The layout follows the minutes councils publish: the council and the body, "Minutes of the
meeting held on …" with the time and place; who was present (the Chair marked), who else
attended, apologies and substitutes; then each minute under its number ("23/21 Title") with
its text, declarations and "RESOLVED: (1) … (2) …"; "(Meeting closed at 11.45 am)"; and
whether the minutes are still draft or when they were approved.

``minutes_of`` gathers what the reader may see (restricted minutes are left out for those
who may not read them); ``minutes_docx`` and ``minutes_pdf`` lay it out on the house's A4
pages (``reports.word``, ``reports.pdf``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db.models import Q
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from scrutineer.governance.models import Attendance, Meeting, Minute
from scrutineer.governance.restriction import readable_by

from . import pdf, word
from .clock import clock

Status = Attendance.Status
Capacity = Attendance.Capacity

Run = tuple[str, bool]  # text, bold


@dataclass
class Block:
    """A paragraph or a bullet of a minute's text, as runs of plain and bold text."""

    runs: list[Run]
    bullet: bool = False

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


@dataclass
class MinuteEntry:
    reference: str  # "23/21"
    title: str
    blocks: list[Block]
    resolutions: list[tuple[str, str]]  # (part, text)
    declarations: list[str]


@dataclass
class MinutesContent:
    council: str
    body: str
    held: str  # "Minutes of the meeting held on Tuesday 18 January 2022 at 10.00 am"
    venue: str
    present: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    substitutes: list[str] = field(default_factory=list)
    declarations: list[str] = field(default_factory=list)  # for the meeting as a whole
    minutes: list[MinuteEntry] = field(default_factory=list)
    closed: str = ""  # "(Meeting closed at 11.45 am)"
    approval: str = "Draft: not yet approved"

    @property
    def header(self) -> str:
        return f"{self.body}: minutes"


def approval_of(meeting: Meeting, user) -> str:
    """ "Draft: not yet approved", or "Approved at the meeting on 20 January 2022 (minute
    34/21)": the one wording of a meeting's minutes' standing. An approving minute this
    reader may not see (by its own body's rule) is not named: "Approved at a later meeting"."""
    if meeting.minutes_approved_by_id is None:
        return "Draft: not yet approved"
    approving = meeting.minutes_approved_by
    if not readable_by(approving, user):
        return "Approved at a later meeting"
    return (
        f"Approved at the meeting on {approving.meeting.date:%-d %B %Y} "
        f"(minute {approving.reference})"
    )


def minutes_of(meeting: Meeting, user) -> MinutesContent:
    """What the minutes say, as far as ``user`` may read them."""
    held = f"Minutes of the meeting held on {meeting.date:%A %-d %B %Y}"
    if meeting.start:
        held += f" at {clock(timezone.localtime(meeting.start))}"
    content = MinutesContent(
        council=meeting.body.council.name if meeting.body.council_id else "",
        body=meeting.body.name,
        held=held,
        venue=meeting.venue,
        closed=f"(Meeting closed at {clock(meeting.closed_at)})" if meeting.closed_at else "",
        approval=approval_of(meeting, user),
    )
    _attendance(content, meeting.attendance.select_related("person", "substitute_for"))
    minutes = list(meeting.minutes.visible_to(user).prefetch_related("resolutions"))
    declarations = meeting.declarations.filter(
        Q(minute=None) | Q(minute__in=minutes)
    ).select_related("person")
    by_minute: dict[int | None, list[str]] = {}
    for declaration in declarations:
        by_minute.setdefault(declaration.minute_id, []).append(_declared(declaration))
    content.declarations = by_minute.get(None, [])
    content.minutes = [_entry(minute, by_minute.get(minute.pk, [])) for minute in minutes]
    return content


def _name(row: Attendance) -> str:
    return row.person.display_name if row.person else row.name_as_written


def _attendance(content: MinutesContent, rows) -> None:
    for row in rows:
        if row.status == Status.SUBSTITUTE:
            replaced = row.substitute_for.display_name if row.substitute_for else "a member"
            content.substitutes.append(f"{_name(row)} substituting for {replaced}")
        elif row.status == Status.APOLOGY:
            content.apologies.append(_name(row))
        elif row.status not in {Status.PRESENT, Status.IN_ATTENDANCE}:
            continue
        elif row.capacity in {Capacity.MEMBER, Capacity.CO_OPTED}:
            content.present.append(_name(row) + (" (Chair)" if row.chair else ""))
        else:
            described = ", ".join(
                part for part in (row.role, row.organisation and row.organisation.name) if part
            )
            content.also.append(_name(row) + (f" ({described})" if described else ""))


def _declared(declaration) -> str:
    if declaration.none_declared:
        return "No interests were declared."
    if declaration.person:
        return f"{declaration.person.display_name}: {declaration.text}"
    return declaration.text


def _entry(minute: Minute, declarations: list[str]) -> MinuteEntry:
    return MinuteEntry(
        reference=minute.reference,
        title=minute.title,
        blocks=blocks_of(minute.html),
        resolutions=[(r.part, r.text) for r in minute.resolutions.all()],
        declarations=declarations,
    )


class _Blocks(HTMLParser):
    """Stored minute HTML (already sanitised) as paragraphs and bullets of plain and bold
    runs: every other tag's text is kept, its markup dropped."""

    BREAKS = {"p", "div", "tr", "h2", "h3", "h4", "ul", "ol", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.bold = 0
        self.bullet = False

    def flush(self):
        text = "".join(t for t, _ in self.runs).strip()
        if text:
            self.blocks.append(Block(_trimmed(self.runs), self.bullet))
        self.runs = []

    def handle_starttag(self, tag, attrs):
        if tag in {"strong", "b"}:
            self.bold += 1
        elif tag == "li":
            self.flush()
            self.bullet = True
        elif tag == "br":
            self.runs.append(("\n", False))
        elif tag in self.BREAKS:
            self.flush()
            self.bullet = False

    def handle_endtag(self, tag):
        if tag in {"strong", "b"}:
            self.bold = max(0, self.bold - 1)
        elif tag == "li":
            self.flush()
            self.bullet = False
        elif tag in self.BREAKS:
            self.flush()
        elif tag in {"td", "th"}:
            self.runs.append(("\t", False))

    def handle_data(self, data):
        self.runs.append((re.sub(r"\s+", " ", data), bool(self.bold)))


def _trimmed(runs: list[Run]) -> list[Run]:
    runs = [(text, bold) for text, bold in runs if text]
    if runs:
        runs[0] = (runs[0][0].lstrip(), runs[0][1])
        runs[-1] = (runs[-1][0].rstrip(), runs[-1][1])
    return runs


def blocks_of(html: str) -> list[Block]:
    parser = _Blocks()
    parser.feed(html or "")
    parser.close()
    parser.flush()
    return parser.blocks


def resolution_lines(resolutions: list[tuple[str, str]]) -> list[str]:
    """ "RESOLVED: (1) …" then "(2) …"; an unnumbered resolution as written."""
    lines = []
    for part, text in resolutions:
        if part:
            lines.append(f"({part}) {text}")
        else:
            lines.append(text)
    if any(part for part, _ in resolutions):
        lines.insert(0, "RESOLVED:")
    return lines


def _people_sections(content: MinutesContent) -> list[tuple[str, list[str]]]:
    return [
        (heading, names)
        for heading, names in (
            ("Present", content.present),
            ("Also in attendance", content.also),
            ("Apologies", content.apologies),
            ("Substitutes", content.substitutes),
            ("Declarations of interest", content.declarations),
        )
        if names
    ]


# Word -----------------------------------------------------------------------------------


def minutes_docx(content: MinutesContent) -> bytes:
    document = word.new_document(content.body, landscape=False, header=content.header)
    if content.council:
        document.add_paragraph(content.council)
    document.add_paragraph().add_run(content.held).bold = True
    if content.venue:
        document.add_paragraph(f"Place: {content.venue}")
    for heading, names in _people_sections(content):
        document.add_heading(heading, level=2)
        separator = "\n" if heading == "Declarations of interest" else ", "
        document.add_paragraph(separator.join(names))
    for minute in content.minutes:
        document.add_heading(f"{minute.reference} {minute.title}", level=2)
        for block in minute.blocks:
            paragraph = document.add_paragraph(style="List Bullet" if block.bullet else None)
            for text, bold in block.runs:
                paragraph.add_run(text).bold = bold or None
        for declared in minute.declarations:
            document.add_paragraph(f"Declaration of interest: {declared}")
        for line in resolution_lines(minute.resolutions):
            document.add_paragraph().add_run(line).bold = line == "RESOLVED:" or None
    if not content.minutes:
        document.add_paragraph("No minutes are recorded.")
    if content.closed:
        document.add_paragraph(content.closed)
    document.add_paragraph().add_run(content.approval).italic = True
    return word.to_bytes(document)


# PDF ------------------------------------------------------------------------------------


def minutes_pdf(content: MinutesContent) -> bytes:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("minute", parent=styles["BodyText"], fontSize=10, leading=13)
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=6 * mm, bulletIndent=2 * mm)
    strong = ParagraphStyle("strong", parent=body, fontName="Helvetica-Bold")
    story = [pdf.paragraph(content.body, styles["Heading1"])]
    if content.council:
        story.append(pdf.paragraph(content.council, body))
    story.append(pdf.paragraph(content.held, strong))
    if content.venue:
        story.append(pdf.paragraph(f"Place: {content.venue}", body))
    for heading, names in _people_sections(content):
        story.append(pdf.paragraph(heading, styles["Heading2"]))
        separator = "\n" if heading == "Declarations of interest" else ", "
        story.append(pdf.paragraph(separator.join(names), body))
    for minute in content.minutes:
        story.append(pdf.paragraph(f"{minute.reference} {minute.title}", styles["Heading2"]))
        for block in minute.blocks:
            markup = "".join(_pdf_run(text, bold) for text, bold in block.runs)
            if block.bullet:
                story.append(Paragraph(markup, bullet, bulletText="•"))
            else:
                story.append(Paragraph(markup, body))
        for declared in minute.declarations:
            story.append(pdf.paragraph(f"Declaration of interest: {declared}", body))
        for line in resolution_lines(minute.resolutions):
            story.append(pdf.paragraph(line, strong if line == "RESOLVED:" else body))
    if not content.minutes:
        story.append(pdf.paragraph("No minutes are recorded.", body))
    story.append(Spacer(1, 4 * mm))
    if content.closed:
        story.append(pdf.paragraph(content.closed, body))
    story.append(pdf.paragraph(content.approval, styles["Italic"]))
    buffer = io.BytesIO()
    document = pdf.a4_document(buffer, f"{content.body}: {content.held}", pagesize=A4)
    document.build(story, canvasmaker=pdf.numbered_canvas(content.header))
    return buffer.getvalue()


def _pdf_run(text: str, bold: bool) -> str:
    return f"<b>{pdf.markup(text)}</b>" if bold else pdf.markup(text)
