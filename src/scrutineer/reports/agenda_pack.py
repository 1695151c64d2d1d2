"""A meeting's agenda pack: the front sheet, then every public paper of the public business
in agenda order, as one PDF with its pages numbered, the way a council publishes it.

What may go in is decided here, once: a paper is joined only when it is a public PDF of a
public item that is not private business (an exempt paragraph), and its item's parent is
neither. Everything else is named in ``left_out`` with the reason, so the publish page says
what is missing; Word and Excel papers of public items are listed on the front sheet as
published separately. A restricted item is not on the front sheet at all: the pack is as
public as the meeting.

Each item's pages in the pack are printed on the front sheet, whose own length depends on
them ("Pages 98 - 102" may wrap), so it is laid out until its page count settles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    RectangleObject,
)
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth

from scrutineer.governance.agenda import number_key
from scrutineer.governance.attachments import KINDS, PDF
from scrutineer.governance.edits import CHANGED, record_edit
from scrutineer.governance.models import AgendaItem, LinkedDocument, Meeting, Visibility

from .front_sheet import FrontSheet, SheetItem, front_sheet_pdf, time_and_date
from .pdf import HEADER_FOOTER_DISTANCE, MARGIN

# A page within this many points of A4 is A4 (PDF writers round the size differently).
A4_TOLERANCE = 1.0
STAMP_FONT = ("Helvetica-Bold", 10)
STAMP_RESOURCE = "/ScrutineerPageNumber"  # a font name no paper is likely to use
# The front sheet's page count can only grow with the page numbers it prints, so it settles
# within a few layouts; more means something is wrong.
MAX_LAYOUTS = 6


@dataclass
class Paper:
    """A public PDF joined into the pack, already read."""

    item: AgendaItem
    attachment: LinkedDocument
    reader: PdfReader = field(repr=False)

    @property
    def pages(self) -> int:
        return len(self.reader.pages)


@dataclass(frozen=True)
class LeftOut:
    """An item or paper kept out of the pack, and why. ``paper`` is blank for an item
    left off the front sheet; ``separately`` when it is listed as published beside it."""

    item: AgendaItem
    paper: str
    reason: str
    separately: bool = False


@dataclass
class AgendaPlan:
    """What the pack of a meeting will hold, before it is put together."""

    meeting: Meeting
    sheet: FrontSheet
    papers: list[Paper]
    left_out: list[LeftOut]

    @property
    def paper_pages(self) -> int:
        return sum(paper.pages for paper in self.papers)

    @property
    def has_agenda(self) -> bool:
        return bool(self.sheet.public or self.sheet.private)


@dataclass(frozen=True)
class AgendaPack:
    pdf: bytes = field(repr=False)
    pages: int
    front_sheet_pages: int
    ranges: dict[int, tuple[int, int]]
    left_out: list[LeftOut]


def plan_agenda_pack(meeting: Meeting, published: dt.date | None = None) -> AgendaPlan:
    """Sort the meeting's items and papers into the front sheet, the pack and what is left
    out; every PDF to be joined is read now, so a broken one is named before publishing."""
    items = list(meeting.agenda_items.order_by("order", "pk").prefetch_related("linked_documents"))
    children: dict[int, list[AgendaItem]] = {}
    numbers = {item.pk: item.number for item in items}
    for item in items:
        # How the publish page names the item: "5" or "5(a)".
        item.label = item.number
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
            item.label = f"{numbers.get(item.parent_id, '')}({item.number})"
    public, private, papers, left_out = [], [], [], []
    for top in sorted((i for i in items if i.parent_id is None), key=_agenda_order):
        subs = sorted(children.get(top.pk, []), key=_agenda_order)
        if _restricted(top):
            left_out.append(LeftOut(top, "", "Restricted item: not on the front sheet"))
            for item in (top, *subs):
                left_out += _kept_back(item, "Its item is restricted")
            continue
        if top.exempt_paragraph:
            private.append(_sheet_item(top, (), subs=[s for s in subs if not _restricted(s)]))
            for sub in subs:
                if _restricted(sub):
                    left_out.append(LeftOut(sub, "", "Restricted item: not on the front sheet"))
            for item in (top, *subs):
                left_out += _kept_back(item, "Private business (exempt information)")
            continue
        separately = _sort_papers(top, papers, left_out)
        shown = []
        for sub in subs:
            if _restricted(sub):
                left_out.append(LeftOut(sub, "", "Restricted item: not on the front sheet"))
                left_out += _kept_back(sub, "Its item is restricted")
            elif sub.exempt_paragraph:
                private.append(_sheet_item(sub, (), number=sub.label))
                left_out += _kept_back(sub, "Private business (exempt information)")
            else:
                shown.append((sub, _sort_papers(sub, papers, left_out)))
        public.append(_sheet_item(top, separately, shown=shown))
    sheet = FrontSheet(
        council=meeting.body.council.name,
        body=meeting.body.name,
        when=time_and_date(
            timezone.localtime(meeting.start) if meeting.start else None, meeting.date
        ),
        place=meeting.venue,
        published=published or timezone.localdate(),
        issued_by=meeting.issued_by,
        contact_officer=meeting.contact_officer,
        public=tuple(public),
        private=tuple(private),
        membership=membership(meeting),
    )
    return AgendaPlan(meeting, sheet, papers, left_out)


def build_agenda_pack(meeting: Meeting, published: dt.date | None = None) -> AgendaPack:
    """The pack as PDF bytes, with each item's pages in it; nothing is stored."""
    return assemble(plan_agenda_pack(meeting, published))


def assemble(plan: AgendaPlan) -> AgendaPack:
    front_pages = 1
    for _ in range(MAX_LAYOUTS):
        ranges = page_ranges(plan.papers, front_pages)
        front = PdfReader(io.BytesIO(front_sheet_pdf(plan.sheet, ranges)))
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    else:
        raise RuntimeError("The front sheet's length did not settle")
    writer = PdfWriter()
    for page in front.pages:
        writer.add_page(page)
    for paper in plan.papers:
        for page in paper.reader.pages:
            _on_a4(writer, writer.add_page(page))
    _stamp_page_numbers(writer)
    writer.add_metadata({"/Title": f"{plan.sheet.body}: agenda pack", "/Author": "Scrutineer"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return AgendaPack(
        pdf=buffer.getvalue(),
        pages=len(writer.pages),
        front_sheet_pages=front_pages,
        ranges=ranges,
        left_out=plan.left_out,
    )


def page_ranges(papers: list[Paper], front_pages: int) -> dict[int, tuple[int, int]]:
    """Each item's first and last page in the pack, its papers following the front sheet in
    agenda order (an item's papers are consecutive)."""
    ranges: dict[int, tuple[int, int]] = {}
    page = front_pages + 1
    for paper in papers:
        first, last = page, page + paper.pages - 1
        known = ranges.get(paper.item.pk)
        ranges[paper.item.pk] = (known[0] if known else first, last)
        page = last + 1
    return ranges


def publish_agenda(meeting: Meeting, user, plan: AgendaPlan | None = None) -> AgendaPack:
    """Publish the pack: store it (replacing an earlier one), date the meeting's publication
    today, write every item's pages, and record who did it, all in one transaction. The
    earlier file goes once the new one is committed; a failed publish removes its own.
    ``plan``: the plan the publish page has just shown, so the papers are not read twice."""
    pack = assemble(plan) if plan is not None else build_agenda_pack(meeting)
    stored = None  # the new file's storage and name, once saved
    try:
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            earlier = locked.agenda_pack.name
            field_file = locked.agenda_pack
            field_file.save(pack_file_name(locked), ContentFile(pack.pdf), save=False)
            stored = (field_file.storage, field_file.name)
            locked.agenda_pack_pages = pack.pages
            locked.agenda_pack_basis = pack_basis(locked)
            locked.published = timezone.localdate()
            locked.save(
                update_fields=["agenda_pack", "agenda_pack_pages", "agenda_pack_basis", "published"]
            )
            _write_ranges(locked, pack.ranges)
            record_edit(user, locked, CHANGED, f"Published the agenda pack ({pack.pages} pages)")
            if earlier and earlier != field_file.name:
                storage = field_file.storage
                transaction.on_commit(lambda: storage.delete(earlier), robust=True)
    except BaseException:
        if stored is not None:
            stored[0].delete(stored[1])
        raise
    meeting.refresh_from_db()
    return pack


def pack_basis(meeting: Meeting) -> str:
    """A digest of everything that decides what the pack holds and shows: each item's
    number, title, place, visibility and exempt paragraph, and each paper's file, type and
    visibility (the meeting's own is checked when the pack is served). The pack is served
    only while it matches, so no change made anywhere (a page, the admin) can leave a paper
    now restricted in a pack the public still downloads."""
    items = meeting.agenda_items.order_by("pk").values_list(
        "pk", "parent_id", "number", "title", "visibility", "exempt_paragraph"
    )
    papers = (
        LinkedDocument.objects.filter(agenda_item__meeting=meeting)
        .order_by("pk")
        .values_list("pk", "agenda_item_id", "file", "media_type", "visibility")
    )
    basis = repr((list(items), list(papers)))
    return hashlib.sha256(basis.encode()).hexdigest()


def is_current(meeting: Meeting) -> bool:
    """The meeting has a published pack and its agenda has not changed since."""
    return bool(meeting.agenda_pack) and meeting.agenda_pack_basis == pack_basis(meeting)


def withdraw_agenda_pack(meeting: Meeting, user, why: str) -> None:
    """Take down a published pack whose agenda has changed: call inside the transaction of
    the change. The file goes once the change is committed; the officer publishes again."""
    if not meeting.agenda_pack:
        return
    stored = meeting.agenda_pack
    storage, name = stored.storage, stored.name
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda_pack="", agenda_pack_pages=None, agenda_pack_basis=""
    )
    meeting.agenda_pack, meeting.agenda_pack_pages, meeting.agenda_pack_basis = "", None, ""
    record_edit(user, meeting, CHANGED, f"Withdrew the agenda pack: {why}")
    transaction.on_commit(lambda: storage.delete(name), robust=True)


def pack_file_name(meeting: Meeting) -> str:
    """The name a pack is stored and downloaded under: "health-board-2026-03-17-agenda.pdf"."""
    return f"{meeting.body.slug}-{meeting.date.isoformat()}-agenda.pdf"


def membership(meeting: Meeting) -> tuple[str, ...]:
    """The body's current members as a front sheet lists them, the Chair first."""
    seats = meeting.body.memberships.current().select_related("person", "organisation")
    names = []
    for seat in seats:
        if seat.vacant or seat.role == seat.Role.OFFICER:
            continue
        who = seat.person.display_name if seat.person else ""
        who = who or (seat.organisation.name if seat.organisation else "") or seat.title
        if not who:
            continue
        if seat.role != seat.Role.MEMBER:
            who += f" ({seat.get_role_display()})"
        names.append(who)
    return tuple(names)


def media_type(attachment: LinkedDocument) -> str:
    """The attachment's type as checked on upload (``governance.attachments``); blank for a
    file that was never checked, which is therefore never joined."""
    return attachment.media_type


def _write_ranges(meeting: Meeting, ranges: dict[int, tuple[int, int]]) -> None:
    """Pages refer to the published pack: an item with no papers in it has none."""
    items = list(meeting.agenda_items.all())
    for item in items:
        item.first_page, item.last_page = ranges.get(item.pk, (None, None))
    AgendaItem.objects.bulk_update(items, ["first_page", "last_page"])


def _agenda_order(item: AgendaItem):
    """The agenda's order, then the number as people count it (9 before 10)."""
    return (item.order, number_key(item.number), item.pk)


def _restricted(item: AgendaItem) -> bool:
    return item.visibility != Visibility.PUBLIC


def _attachments(item: AgendaItem) -> list[LinkedDocument]:
    return sorted(item.linked_documents.all(), key=lambda paper: paper.pk)


def _kept_back(item: AgendaItem, reason: str) -> list[LeftOut]:
    return [LeftOut(item, paper.title, reason) for paper in _attachments(item)]


def _sort_papers(item: AgendaItem, papers: list[Paper], left_out: list[LeftOut]) -> list[str]:
    """Put a public item's papers into the pack or ``left_out``; return those published
    separately, as the front sheet names them."""
    separately = []
    for attachment in _attachments(item):
        if attachment.visibility != Visibility.PUBLIC:
            left_out.append(LeftOut(item, attachment.title, "Restricted paper"))
            continue
        if not attachment.file:
            reason = "A link to another site, not an uploaded file"
            left_out.append(LeftOut(item, attachment.title, reason))
            continue
        kind = media_type(attachment)
        if kind not in KINDS:
            reason = "Not checked as a PDF, Word or Excel file on upload"
            left_out.append(LeftOut(item, attachment.title, reason))
            continue
        if kind != PDF:
            label = KINDS[kind].label
            separately.append(f"{attachment.title} ({label})")
            reason = f"A {label} cannot be joined into the PDF: published separately"
            left_out.append(LeftOut(item, attachment.title, reason, separately=True))
            continue
        try:
            reader = _read_pdf(attachment)
        except (OSError, PdfReadError, ValueError) as error:
            left_out.append(LeftOut(item, attachment.title, f"Could not be read: {error}"))
            continue
        papers.append(Paper(item, attachment, reader))
    return separately


def _read_pdf(attachment: LinkedDocument) -> PdfReader:
    attachment.file.open("rb")
    try:
        data = attachment.file.read()
    finally:
        attachment.file.close()
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise PdfReadError("it is protected by a password")
    if not reader.pages:
        raise PdfReadError("it has no pages")
    return reader


def _sheet_item(item, separately, subs=(), shown=(), number=None) -> SheetItem:
    """``subs``: sub-items printed as they are (private business); ``shown``: public
    sub-items with their papers published separately."""
    subitems = [SheetItem(s.pk, s.number, s.title, s.presenter) for s in subs]
    subitems += [
        SheetItem(s.pk, s.number, s.title, s.presenter, separately=tuple(sep)) for s, sep in shown
    ]
    return SheetItem(
        key=item.pk,
        number=number or item.number,
        title=item.title,
        presenter=item.presenter,
        exempt_paragraph=item.exempt_paragraph,
        separately=tuple(separately),
        subitems=tuple(subitems),
    )


def _is_a4(width: float, height: float) -> bool:
    short, long = sorted((width, height))
    return abs(short - A4[0]) <= A4_TOLERANCE and abs(long - A4[1]) <= A4_TOLERANCE


def _on_a4(writer: PdfWriter, page) -> None:
    """A page of another size (US Letter, A3) is scaled onto A4 of its own orientation,
    centred, so the whole pack prints on one paper size; an A4 page is left as it is."""
    if page.rotation:
        page.transfer_rotation_to_content()  # rare, so pypdf's slower rewrite is fine
    box = page.cropbox
    left, bottom = float(box.left), float(box.bottom)
    width, height = float(box.width), float(box.height)
    if (left, bottom) == (0, 0) and _is_a4(width, height):
        return
    target = (A4[1], A4[0]) if width > height else A4
    scale = min(target[0] / width, target[1] / height)
    move_x = (target[0] - width * scale) / 2 - left * scale
    move_y = (target[1] - height * scale) / 2 - bottom * scale
    matrix = f"{scale:.6f} 0 0 {scale:.6f} {move_x:.4f} {move_y:.4f} cm"
    _wrap_contents(writer, page, f"q {matrix}\n".encode(), b"\nQ\n")
    page.mediabox = page.cropbox = RectangleObject([0, 0, *target])
    for name in ("/TrimBox", "/BleedBox", "/ArtBox"):
        page.pop(name, None)


def _stamp_page_numbers(writer: PdfWriter) -> None:
    """ "Page N" at the foot of every page, right-aligned on the margin: clear of the
    centred "Page N of M" of Scrutineer's own documents. Pages are A4 and at the origin
    by now."""
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject(f"/{STAMP_FONT[0]}"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    for number, page in enumerate(writer.pages, start=1):
        _font_resources(page)[NameObject(STAMP_RESOURCE)] = font
        text = f"Page {number}"
        x = float(page.mediabox.width) - MARGIN - stringWidth(text, *STAMP_FONT)
        stamp = (
            f"\nQ\nq BT {STAMP_RESOURCE} {STAMP_FONT[1]} Tf 0 g 1 0 0 1 {x:.2f} "
            f"{HEADER_FOOTER_DISTANCE:.2f} Tm ({text}) Tj ET Q\n"
        )
        _wrap_contents(writer, page, b"q\n", stamp.encode("ascii"))


def _font_resources(page) -> DictionaryObject:
    if "/Resources" not in page:
        page[NameObject("/Resources")] = DictionaryObject()
    resources = page["/Resources"]
    if "/Font" not in resources:
        resources[NameObject("/Font")] = DictionaryObject()
    return resources["/Font"]


def _wrap_contents(writer: PdfWriter, page, before: bytes, after: bytes) -> None:
    """Put ``before`` ahead of the page's own content and ``after`` behind it, leaving its
    content streams untouched: pypdf's own merge and transformation parse and rewrite every
    stream, ten times slower on a pack of reports."""
    parts = ArrayObject([_stream(writer, before)])
    contents = page.raw_get("/Contents") if "/Contents" in page else None
    if contents is not None:
        resolved = contents.get_object()
        if isinstance(resolved, ArrayObject):
            parts.extend(resolved)
        else:
            is_reference = isinstance(contents, IndirectObject)
            parts.append(contents if is_reference else writer._add_object(resolved))
    parts.append(_stream(writer, after))
    page[NameObject("/Contents")] = parts


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    # Content streams are indirect objects; pypdf adds them only through this method.
    return writer._add_object(stream)
