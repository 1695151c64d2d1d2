"""An agenda's front sheet, laid out as a council's agenda pack opens: the council and the
body, the time and date, the place, the public business with each item's pages in the pack,
the private business with the reason each item is exempt, who issued it and when, the
contact officer and the membership.

Pure layout: it is given the words and the page ranges, so the pack can lay it out again
until its own length settles (``reports.agenda_pack``). The labels and the page ranges
("(Pages 5 - 24)") read as a ModernGov pack's do.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from .clock import clock
from .pdf import a4_document, markup, paragraph

INDENT = 10 * mm  # the item numbers hang in this much space


@dataclass(frozen=True)
class SheetItem:
    """One agenda item as the front sheet prints it. ``key`` (the item's id) finds its
    page range; ``separately`` names its papers that are published beside the pack."""

    key: int
    number: str
    title: str
    presenter: str = ""
    exempt_paragraph: str = ""
    separately: tuple[str, ...] = ()
    subitems: tuple[SheetItem, ...] = ()


@dataclass(frozen=True)
class FrontSheet:
    council: str
    body: str
    when: str
    place: str
    published: dt.date
    issued_by: str = ""
    contact_officer: str = ""
    public: tuple[SheetItem, ...] = ()
    private: tuple[SheetItem, ...] = ()
    membership: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        return f"{self.body}: agenda, {self.when}"


def time_and_date(start: dt.datetime | None, day: dt.date) -> str:
    """ "10.30 am on Thursday, 17 March 2026", as a front sheet prints it; the day alone when
    no time is recorded."""
    day_text = f"{day:%A}, {day.day} {day:%B %Y}"
    if start is None:
        return day_text
    return f"{clock(start)} on {day_text}"


def page_range(pages: tuple[int, int] | None) -> str:
    """ "(Pages 5 - 24)", or "(Page 5)" for one page; nothing when the item has no pages."""
    if pages is None:
        return ""
    first, last = pages
    return f"(Page {first})" if first == last else f"(Pages {first} - {last})"


def front_sheet_pdf(sheet: FrontSheet, ranges: Mapping[int, tuple[int, int]]) -> bytes:
    """The front sheet on A4 portrait with the council's margins; ``ranges`` gives each item's
    first and last page in the pack. Page numbers are stamped with the rest of the pack."""
    styles = _styles()
    story = [
        paragraph(sheet.council, styles["council"]),
        paragraph(sheet.body, styles["body"]),
        paragraph("Agenda", styles["label"]),
        Spacer(1, 2 * mm),
        paragraph("Time and date", styles["label"]),
        paragraph(sheet.when, styles["text"]),
        paragraph("Place", styles["label"]),
        paragraph(sheet.place or "To be confirmed", styles["text"]),
        paragraph("Public business", styles["section"]),
    ]
    story += _items(sheet.public, ranges, styles) or [paragraph("Nil", styles["text"])]
    story.append(paragraph("Private business", styles["section"]))
    story += _items(sheet.private, ranges, styles) or [paragraph("Nil", styles["text"])]
    story.append(Spacer(1, 6 * mm))
    if sheet.issued_by:
        story.append(paragraph(sheet.issued_by, styles["text"]))
    published = sheet.published
    story.append(paragraph(f"{published:%A}, {published.day} {published:%B %Y}", styles["text"]))
    if sheet.contact_officer:
        story += [
            paragraph("Contact officer", styles["label"]),
            paragraph(sheet.contact_officer, styles["text"]),
        ]
    if sheet.membership:
        story += [
            paragraph("Membership:", styles["label"]),
            paragraph(", ".join(sheet.membership), styles["text"]),
        ]
    buffer = io.BytesIO()
    a4_document(buffer, sheet.title, pagesize=A4).build(story)
    return buffer.getvalue()


def _items(items, ranges, styles) -> list:
    flowables = []
    for item in items:
        block = [_item_line(item, ranges, styles["item"])]
        block += _notes(item, styles, INDENT)
        for sub in item.subitems:
            block.append(_item_line(sub, ranges, styles["subitem"], sub=True))
            block += _notes(sub, styles, 2 * INDENT)
        # An item's lines stay with its number when they fit on one page.
        flowables.append(KeepTogether(block))
    return flowables


def _item_line(item: SheetItem, ranges, style, sub: bool = False) -> Paragraph:
    pages = page_range(ranges.get(item.key))
    text = f"<b>{markup(item.title)}</b>" + (f" {pages}" if pages else "")
    number = f"({item.number})" if sub and item.number.isalpha() else item.number
    if not sub and number[-1:].isdigit():
        number += "."
    return Paragraph(text, style, bulletText=number)


def _notes(item: SheetItem, styles, indent) -> list[Paragraph]:
    """The presenter, why a private item is exempt, and papers published beside the pack."""
    style = ParagraphStyle(f"note-{indent}", parent=styles["text"], leftIndent=indent)
    notes = []
    if item.presenter:
        notes.append(paragraph(item.presenter, style))
    if item.exempt_paragraph:
        notes.append(
            paragraph(
                "Not for publication: it contains exempt information under "
                f"{item.exempt_paragraph}.",
                style,
            )
        )
    for paper in item.separately:
        notes.append(paragraph(f"Published separately, not in this pack: {paper}", style))
    return notes


def _styles() -> dict[str, ParagraphStyle]:
    sample = getSampleStyleSheet()
    text = ParagraphStyle("text", parent=sample["BodyText"], fontSize=11, leading=14)
    return {
        "council": ParagraphStyle(
            "council", parent=text, fontName="Helvetica-Bold", fontSize=14, leading=18
        ),
        "body": ParagraphStyle("body", parent=sample["Heading1"], fontSize=20, leading=24),
        "label": ParagraphStyle(
            "label", parent=text, fontName="Helvetica-Bold", spaceBefore=6, spaceAfter=0
        ),
        "section": ParagraphStyle("section", parent=sample["Heading2"], spaceBefore=12),
        "text": text,
        "item": ParagraphStyle(
            "item", parent=text, leftIndent=INDENT, bulletIndent=0, spaceBefore=6
        ),
        "subitem": ParagraphStyle(
            "subitem", parent=text, leftIndent=2 * INDENT, bulletIndent=INDENT, spaceBefore=3
        ),
    }
