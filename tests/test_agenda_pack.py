"""Publishing the agenda: the front sheet, the pack of public papers with its pages stamped
and each item's pages filled in, what is never in it, and who may publish and download it."""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject
from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfgen.canvas import Canvas

from scrutineer.governance.attachments import DOCX, PDF
from scrutineer.governance.edits import history_of
from scrutineer.governance.models import (
    AgendaItem,
    Body,
    Council,
    LinkedDocument,
    Meeting,
    Membership,
    Person,
    Visibility,
)
from scrutineer.reports.agenda_pack import build_agenda_pack, publish_agenda
from tests.helpers import signed_in, user_in

pytestmark = pytest.mark.django_db

RESTRICTED = Visibility.RESTRICTED
EXEMPT = "Paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
MM = 72 / 25.4


def pdf_paper(code: str, pages: int, size=A4) -> bytes:
    """A PDF whose every page says which paper and page it is: "Paper MIN page 2"."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    for page in range(1, pages + 1):
        canvas.setFont("Helvetica", 14)
        canvas.drawString(72, size[1] / 2, f"Paper {code} page {page}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def word_paper(text: str) -> bytes:
    document = WordDocument()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def item(meeting, number, title, order, parent=None, **fields):
    return AgendaItem.objects.create(
        meeting=meeting, number=number, title=title, order=order, parent=parent, **fields
    )


def attach(item, title, data, media_type=PDF, visibility=Visibility.PUBLIC, name="paper.pdf"):
    paper = LinkedDocument(
        agenda_item=item, title=title, media_type=media_type, visibility=visibility
    )
    paper.file.save(name, ContentFile(data), save=False)
    paper.save()
    return paper


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def board(media):
    council = Council.objects.create(name="Eastmoor City Council", slug="eastmoor")
    body = Body.objects.create(council=council, name="Children and Families Scrutiny Board")
    for name, surname, role in (
        ("Bea Okafor", "okafor", Membership.Role.MEMBER),
        ("Avery Lund", "lund", Membership.Role.CHAIR),
        ("Chris Dunmore", "dunmore", Membership.Role.VICE_CHAIR),
    ):
        person = Person.objects.create(name=name, surname_key=surname, honorific="Councillor")
        Membership.objects.create(body=body, person=person, role=role)
    Membership.objects.create(body=body, role=Membership.Role.MEMBER, vacant=True)
    gone = Person.objects.create(name="Dana Wilde", surname_key="wilde")
    Membership.objects.create(body=body, person=gone, end_date=dt.date(2025, 5, 1))
    return body


@pytest.fixture
def meeting(board):
    """Two public items with papers (one with a restricted paper and a Word paper beside its
    PDF), one with two sub-items each with a paper, a private item and a restricted one."""
    meeting = Meeting.objects.create(
        body=board,
        date=dt.date(2026, 3, 17),
        start=dt.datetime(2026, 3, 17, 10, 30, tzinfo=ZoneInfo("Europe/London")),
        venue="Committee Room 3, Eastmoor Civic Centre",
        contact_officer="Priya Natt, Governance Officer, priya.natt@eastmoor.example",
        issued_by="Sam Reeve, Head of Democratic Services",
    )
    item(meeting, "1", "Apologies and substitutions", 1)
    minutes = item(meeting, "2", "Minutes", 2)
    attach(minutes, "Minutes of 20 January", pdf_paper("MIN", 2))
    youth = item(meeting, "3", "Youth Justice Plan", 3, presenter="Report of the Head of Youth")
    attach(youth, "Youth Justice Plan 2026", pdf_paper("YJP", 5))
    attach(youth, "Case notes", pdf_paper("SECRET", 2), visibility=RESTRICTED)
    attach(youth, "Youth justice data", word_paper("Word text"), DOCX, name="data.docx")
    budget = item(meeting, "4", "Budget monitoring", 4)
    forecast = item(meeting, "a", "Quarter 3 forecast", 1, parent=budget)
    attach(forecast, "Forecast", pdf_paper("FORECAST", 3))
    capital = item(meeting, "b", "Capital programme", 2, parent=budget)
    attach(capital, "Capital schemes", pdf_paper("CAPITAL", 1))
    contract = item(meeting, "5", "Care placements contract", 5, exempt_paragraph=EXEMPT)
    attach(contract, "Tender evaluation", pdf_paper("PRIVATE", 2))
    staffing = item(meeting, "6", "Staffing matter", 6, visibility=RESTRICTED)
    attach(staffing, "Staffing report", pdf_paper("STAFF", 1))
    return meeting


PAPER_PAGES = 2 + 5 + 3 + 1  # the public PDFs of the public business


def page_texts(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def pages_saying(texts: list[str], code: str) -> list[int]:
    return [n for n, text in enumerate(texts, start=1) if f"Paper {code} page" in text]


def printed_range(front: str, title: str) -> tuple[int, int] | None:
    """The page range printed on the front sheet after an item's title."""
    match = re.search(re.escape(title) + r" \(Pages? (\d+)(?: - (\d+))?\)", front)
    if not match:
        return None
    return int(match[1]), int(match[2] or match[1])


def test_the_pack_opens_with_the_front_sheet_in_the_council_layout(meeting):
    pack = build_agenda_pack(meeting, published=dt.date(2026, 3, 9))
    texts = page_texts(pack.pdf)
    front = "\n".join(texts[: pack.front_sheet_pages])
    assert texts[0].startswith("Eastmoor City Council\nChildren and Families Scrutiny Board")
    for expected in (
        "Time and date\n10.30 am on Tuesday, 17 March 2026",
        "Place\nCommittee Room 3, Eastmoor Civic Centre",
        "Public business\n1. Apologies and substitutions\n2. Minutes (Page",
        "3. Youth Justice Plan (Pages",
        "Report of the Head of Youth",
        "Published separately, not in this pack: Youth justice data (Word document)",
        "4. Budget monitoring\n(a) Quarter 3 forecast (Pages",
        "Private business\n5. Care placements contract\nNot for publication: it contains exempt "
        "information under Paragraph 3 of Part 1 of Schedule",
        "Sam Reeve, Head of Democratic Services\nMonday, 9 March 2026",
        "Contact officer\nPriya Natt, Governance Officer, priya.natt@eastmoor.example",
        "Membership:\nCouncillor Avery Lund (Chair), Councillor Chris Dunmore (Vice Chair), "
        "Councillor Bea Okafor",
    ):
        assert expected in front
    # Restricted items and past members are not on the public front sheet.
    assert "Staffing matter" not in front and "Dana Wilde" not in front
    assert "Case notes" not in front


def test_the_pack_is_the_front_sheet_and_every_public_page_with_ranges_where_they_are(meeting):
    pack = build_agenda_pack(meeting)
    texts = page_texts(pack.pdf)
    assert pack.pages == len(texts) == pack.front_sheet_pages + PAPER_PAGES
    front = "\n".join(texts[: pack.front_sheet_pages])
    first = pack.front_sheet_pages + 1
    expected = {
        "Minutes": ("MIN", (first, first + 1)),
        "Youth Justice Plan": ("YJP", (first + 2, first + 6)),
        "Quarter 3 forecast": ("FORECAST", (first + 7, first + 9)),
        "Capital programme": ("CAPITAL", (first + 10, first + 10)),
    }
    for title, (code, pages) in expected.items():
        found = pages_saying(texts, code)
        assert (found[0], found[-1]) == pages == printed_range(front, title), title
        assert found == list(range(pages[0], pages[1] + 1))
        assert [texts[n - 1].count(f"Paper {code} page") for n in found] == [1] * len(found)
    # Each paper's pages keep their order.
    plan_pages = range(first + 2, first + 7)
    assert [re.search(r"YJP page (\d)", texts[n - 1])[1] for n in plan_pages] == list("12345")
    items = {i.title: i for i in AgendaItem.objects.filter(meeting=meeting)}
    assert pack.ranges == {items[t].pk: p for t, (_, p) in expected.items()}
    assert printed_range(front, "Budget monitoring") is None  # its sub-items carry the pages


def test_restricted_and_private_papers_are_never_in_the_pack(meeting):
    pack = build_agenda_pack(meeting)
    text = "\n".join(page_texts(pack.pdf))
    for code in ("MIN", "YJP", "FORECAST", "CAPITAL"):
        assert f"Paper {code} page 1" in text
    for code in ("SECRET", "PRIVATE", "STAFF"):
        assert f"Paper {code}" not in text
    assert "Word text" not in text
    assert {(left.item.title, left.paper, left.reason) for left in pack.left_out} == {
        ("Youth Justice Plan", "Case notes", "Restricted paper"),
        (
            "Youth Justice Plan",
            "Youth justice data",
            "A Word document cannot be joined into the PDF: published separately",
        ),
        ("Care placements contract", "Tender evaluation", "Private business (exempt information)"),
        ("Staffing matter", "", "Restricted item: not on the front sheet"),
        ("Staffing matter", "Staffing report", "Its item is restricted"),
    }


def test_every_page_is_a4_and_stamped_with_its_number(meeting):
    pack = build_agenda_pack(meeting)
    with pdfplumber.open(io.BytesIO(pack.pdf)) as pdf:
        assert len(pdf.pages) == pack.pages
        for number, page in enumerate(pdf.pages, start=1):
            assert abs(page.width - 595.28) <= 1 and abs(page.height - 841.89) <= 1
            foot = page.crop((0, page.height - 15 * MM, page.width, page.height))
            words = foot.extract_words()
            assert [w["text"] for w in words] == ["Page", str(number)], number
            # Right-aligned on the 20 mm margin, 10 mm above the foot of the page.
            assert abs(words[-1]["x1"] - (page.width - 20 * MM)) < 1
            assert abs(words[-1]["bottom"] - (page.height - 10 * MM)) < 3


def test_a_letter_page_is_fitted_onto_a4(meeting):
    minutes = AgendaItem.objects.get(meeting=meeting, title="Minutes")
    attach(minutes, "American appendix", pdf_paper("LETTER", 1, size=letter))
    pack = build_agenda_pack(meeting)
    texts = page_texts(pack.pdf)
    (page,) = pages_saying(texts, "LETTER")
    with pdfplumber.open(io.BytesIO(pack.pdf)) as pdf:
        fitted = pdf.pages[page - 1]
        assert (round(fitted.width, 2), round(fitted.height, 2)) == (595.28, 841.89)
        assert f"Page {page}" in fitted.extract_text()
    front = "\n".join(texts[: pack.front_sheet_pages])
    assert printed_range(front, "Minutes") == (page - 2, page)


def test_turned_and_shifted_pages_come_out_a4_and_stamped(meeting):
    """A landscape page turned to portrait (/Rotate 90) and a page whose box does not start
    at the origin are numbered where every other page is."""
    turned = PdfWriter()
    turned.append(PdfReader(io.BytesIO(pdf_paper("TURNED", 1, size=(A4[1], A4[0])))))
    turned.pages[0].rotate(90)
    shifted = PdfWriter()
    shifted.append(PdfReader(io.BytesIO(pdf_paper("SHIFTED", 1))))
    shifted.pages[0].mediabox = RectangleObject([-30, -40, 565.28, 801.89])
    minutes = AgendaItem.objects.get(meeting=meeting, title="Minutes")
    for code, writer in (("TURNED", turned), ("SHIFTED", shifted)):
        buffer = io.BytesIO()
        writer.write(buffer)
        attach(minutes, code, buffer.getvalue())
    pack = build_agenda_pack(meeting)
    # The turned page's text runs up the page: read without the spaces between letters.
    texts = ["".join(text.split()) for text in page_texts(pack.pdf)]
    with pdfplumber.open(io.BytesIO(pack.pdf)) as pdf:
        for code in ("TURNED", "SHIFTED"):
            (number,) = [n for n, text in enumerate(texts, 1) if f"Paper{code}page1" in text]
            page = pdf.pages[number - 1]
            short, long = sorted((page.width, page.height))
            assert abs(short - 595.28) <= 1 and abs(long - 841.89) <= 1
            foot = page.crop((0, page.height - 15 * MM, page.width, page.height))
            assert foot.extract_text() == f"Page {number}", code


def test_a_broken_pdf_is_named_not_dropped(meeting):
    minutes = AgendaItem.objects.get(meeting=meeting, title="Minutes")
    attach(minutes, "Damaged appendix", b"%PDF-1.7\nthis is not really a PDF")
    pack = build_agenda_pack(meeting)
    (broken,) = [left for left in pack.left_out if left.paper == "Damaged appendix"]
    assert broken.item == minutes and broken.reason.startswith("Could not be read")
    assert pack.pages == pack.front_sheet_pages + PAPER_PAGES


def test_a_long_agenda_lays_out_its_front_sheet_until_the_pages_settle(board):
    meeting = Meeting.objects.create(body=board, date=dt.date(2026, 6, 2), venue="Room 1")
    for n in range(1, 41):
        paper = item(meeting, str(n), f"Report number {n} on the quality of local services", n)
        attach(paper, f"Report {n}", pdf_paper(f"R{n}X", 3))
    pack = build_agenda_pack(meeting)
    texts = page_texts(pack.pdf)
    assert pack.front_sheet_pages >= 2
    assert pack.pages == len(texts) == pack.front_sheet_pages + 120
    front = "\n".join(texts[: pack.front_sheet_pages])
    for n in (1, 17, 40):
        found = pages_saying(texts, f"R{n}X")
        title = f"Report number {n} on the quality of local services"
        assert (
            printed_range(front, title)
            == (found[0], found[-1])
            == (
                pack.front_sheet_pages + 3 * n - 2,
                pack.front_sheet_pages + 3 * n,
            )
        )


def test_publishing_stores_the_pack_dates_it_writes_the_pages_and_names_who(
    meeting, media, django_user_model, django_capture_on_commit_callbacks
):
    officer = user_in(django_user_model, "olu", "officer", bodies=[meeting.body])
    with django_capture_on_commit_callbacks(execute=True):
        pack = publish_agenda(meeting, officer)
    meeting.refresh_from_db()
    assert meeting.published == dt.date.today()
    assert meeting.agenda_pack_pages == pack.pages
    with meeting.agenda_pack.open("rb") as stored:
        assert stored.read() == pack.pdf
    items = AgendaItem.objects.filter(meeting=meeting)
    pages = {i.title: (i.first_page, i.last_page) for i in items}
    first = pack.front_sheet_pages + 1
    assert pages == {
        "Apologies and substitutions": (None, None),
        "Minutes": (first, first + 1),
        "Youth Justice Plan": (first + 2, first + 6),
        "Budget monitoring": (None, None),
        "Quarter 3 forecast": (first + 7, first + 9),
        "Capital programme": (first + 10, first + 10),
        "Care placements contract": (None, None),
        "Staffing matter": (None, None),
    }
    (edit,) = history_of(meeting)
    assert edit.user == officer
    assert edit.change_message == f"Published the agenda pack ({pack.pages} pages)"

    # Publishing again, after a paper is added, replaces the stored pack.
    earlier = meeting.agenda_pack.name
    attach(AgendaItem.objects.get(title="Minutes"), "Addendum", pdf_paper("ADD", 1))
    with django_capture_on_commit_callbacks(execute=True):
        again = publish_agenda(meeting, officer)
    meeting.refresh_from_db()
    assert again.pages == pack.pages + 1 == meeting.agenda_pack_pages
    assert meeting.agenda_pack.name != earlier
    assert [p.name for p in (media / "agenda-packs").rglob("*.pdf")] == [
        meeting.agenda_pack.name.rsplit("/", 1)[-1]
    ]
    assert [e.change_message for e in history_of(meeting)] == [
        f"Published the agenda pack ({again.pages} pages)",
        f"Published the agenda pack ({pack.pages} pages)",
    ]


def test_a_failed_publish_keeps_the_earlier_pack(meeting, media, django_user_model, monkeypatch):
    officer = user_in(django_user_model, "olu", "officer", bodies=[meeting.body])
    publish_agenda(meeting, officer)
    meeting.refresh_from_db()
    earlier, stored = meeting.agenda_pack.name, meeting.agenda_pack_pages

    def broken(*args, **kwargs):
        raise RuntimeError("the log is full")

    monkeypatch.setattr("scrutineer.reports.agenda_pack.record_edit", broken)
    with pytest.raises(RuntimeError):
        publish_agenda(meeting, officer)
    meeting.refresh_from_db()
    assert (meeting.agenda_pack.name, meeting.agenda_pack_pages) == (earlier, stored)
    assert [p.name for p in (media / "agenda-packs").rglob("*.pdf")] == [earlier.rsplit("/", 1)[-1]]


def publish_url(meeting):
    return reverse("agenda-publish", args=[meeting.body.slug, meeting.date.isoformat()])


def pack_url(meeting):
    return reverse("agenda-pack", args=[meeting.body.slug, meeting.date.isoformat()])


def test_an_officer_checks_the_pack_publishes_it_and_anyone_downloads_it(
    meeting, django_user_model
):
    officer = signed_in(user_in(django_user_model, "olu", "officer", bodies=[meeting.body]))
    assert Client().get(pack_url(meeting)).status_code == 404  # nothing published yet
    check = officer.get(publish_url(meeting)).content.decode()
    for expected in (
        "Check the agenda pack before publishing it",
        "4 papers, 11 pages, after the front sheet",
        '<td class="govuk-table__cell">4(a)</td>\n      <td class="govuk-table__cell">Quarter 3',
        "Youth justice data",
        "A Word document cannot be joined into the PDF: published separately",
        "Case notes",
        "Restricted paper",
        "Private business (exempt information)",
        "Restricted item: not on the front sheet",
        "Priya Natt, Governance Officer",
        "Councillor Avery Lund (Chair)",
    ):
        assert expected in check, expected
    done = officer.post(publish_url(meeting), follow=True)
    meeting.refresh_from_db()
    pages = meeting.agenda_pack_pages
    assert done.redirect_chain == [(meeting.get_absolute_url(), 302)]
    page = done.content.decode()
    assert f"Published the agenda pack ({pages} pages)" in page
    link = f'<a class="govuk-link" href="{pack_url(meeting)}">Agenda pack (PDF, {pages} pages)</a>'
    assert link in page
    assert "Publish the agenda</a>" in page

    download = Client().get(pack_url(meeting))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        'inline; filename="children-and-families-scrutiny-board-2026-03-17-agenda.pdf"'
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    data = b"".join(download.streaming_content)
    assert data.startswith(b"%PDF") and len(page_texts(data)) == pages
    public_page = Client().get(meeting.get_absolute_url()).content.decode()
    assert f"Agenda pack (PDF, {pages} pages)" in public_page
    assert "Officer tasks" not in public_page


def test_an_agenda_with_no_items_is_not_published(board, django_user_model):
    meeting = Meeting.objects.create(body=board, date=dt.date(2026, 7, 1))
    officer = signed_in(user_in(django_user_model, "olu", "officer", bodies=[board]))
    refused = officer.post(publish_url(meeting))
    assert refused.status_code == 400
    assert "Add the agenda items before publishing the agenda" in refused.content.decode()
    meeting.refresh_from_db()
    assert not meeting.agenda_pack and meeting.published is None


def test_an_officer_of_another_body_may_not_publish(meeting, django_user_model):
    other = Body.objects.create(council=meeting.body.council, name="Adult Social Care Board")
    elsewhere = signed_in(user_in(django_user_model, "eli", "officer", bodies=[other]))
    assert elsewhere.get(publish_url(meeting)).status_code == 403
    assert elsewhere.post(publish_url(meeting)).status_code == 403
    member = signed_in(user_in(django_user_model, "mo", "member"))
    assert member.post(publish_url(meeting)).status_code == 403
    anonymous = Client().post(publish_url(meeting))  # sent to sign in
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/sign-in/")
    meeting.refresh_from_db()
    assert not meeting.agenda_pack and meeting.published is None
    assert not history_of(meeting).exists()


def test_the_pack_of_a_restricted_meeting_is_not_found_by_the_public(meeting, django_user_model):
    officer = user_in(django_user_model, "olu", "officer", bodies=[meeting.body])
    publish_agenda(meeting, officer)
    Meeting.objects.filter(pk=meeting.pk).update(visibility=RESTRICTED)
    assert Client().get(pack_url(meeting)).status_code == 404
    member = signed_in(user_in(django_user_model, "mo", "member"))
    response = member.get(pack_url(meeting))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_pack_is_withdrawn_when_its_agenda_changes(
    meeting, media, django_user_model, django_capture_on_commit_callbacks
):
    """A paper made private after publishing must not stay downloadable in the pack: an
    officer's change withdraws it (and says so in the history), and a change made anywhere
    else (the admin, a script) leaves a pack that is no longer served."""
    officer = user_in(django_user_model, "olu", "officer", bodies=[meeting.body])
    publish_agenda(meeting, officer)
    assert Client().get(pack_url(meeting)).status_code == 200
    youth = AgendaItem.objects.get(meeting=meeting, number="3")
    edit = reverse("agenda-item-edit", args=[meeting.body.slug, meeting.date.isoformat(), youth.pk])
    fields = {"number": "3", "title": youth.title, "presenter": youth.presenter}
    fields |= {"description": "", "parent": "", "business": "public", "exempt_paragraph": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(officer).post(edit, {**fields, "visibility": "restricted"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert not meeting.agenda_pack and meeting.agenda_pack_pages is None
    assert Client().get(pack_url(meeting)).status_code == 404
    assert history_of(meeting)[1].change_message == (
        "Withdrew the agenda pack: the agenda changed; publish it again"
    )
    assert list((media / "agenda-packs").rglob("*.pdf")) == []  # the withdrawn file is gone

    publish_agenda(meeting, officer)
    assert b"YJP" not in b"".join(Client().get(pack_url(meeting)).streaming_content)
    LinkedDocument.objects.filter(title="Minutes of 20 January").update(visibility=RESTRICTED)
    assert Client().get(pack_url(meeting)).status_code == 404  # changed outside the pages
