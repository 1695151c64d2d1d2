"""Issue 11 §2: files attached to agenda items are PDF, Word or Excel by their content, not
their name; over the size limit, encrypted, disguised or zip bombs they are refused with
nothing kept; they are downloaded only by those who may read them."""

import datetime as dt
import hashlib
import io
import zipfile

import docx
import lxml.html
import openpyxl
import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from reportlab.pdfgen import canvas

from scrutineer.governance import attachments
from scrutineer.governance.attachments import AttachmentError, check_attachment, size_label
from scrutineer.governance.edits import history_of
from scrutineer.governance.models import AgendaItem, Body, LinkedDocument, Meeting, Visibility
from tests.helpers import page, signed_in, texts, user_in

PARAGRAPH_3 = "Paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"


def pdf_bytes(pages=2) -> bytes:
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    for number in range(1, pages + 1):
        sheet.drawString(72, 720, f"Budget monitoring, page {number}")
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def encrypted_pdf_bytes() -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("board-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Fostering recruitment: the board is asked to note the report.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Quarter", "Placements"])
    book.active.append(["Q1", 41])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bomb_bytes() -> bytes:
    """A Word document's parts beside 250 MB of zeros, deflated to a few hundred KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as part:
            chunk = bytes(1024 * 1024)
            for _ in range(250):
                part.write(chunk)
    return buffer.getvalue()


@pytest.fixture
def board(db, settings, tmp_path, django_user_model):
    settings.MEDIA_ROOT = tmp_path / "media"
    body = Body.objects.create(name="Children's Services Scrutiny Board (4)")
    meeting = Meeting.objects.create(body=body, date=dt.date(2027, 3, 17))
    return {
        "media": tmp_path / "media",
        "meeting": meeting,
        "item": AgendaItem.objects.create(meeting=meeting, number="5", title="Budget"),
        "private": AgendaItem.objects.create(
            meeting=meeting,
            number="6",
            order=1,
            title="Contract award",
            exempt_paragraph=PARAGRAPH_3,
        ),
        "officer": user_in(django_user_model, "olwen", "officer", bodies=[body]),
        "member": user_in(django_user_model, "mervyn", "member"),
    }


def add_url(board, item="item"):
    meeting = board["meeting"]
    return reverse(
        "attachment-add", args=[meeting.body.slug, meeting.date.isoformat(), board[item].pk]
    )


def upload(board, name, data, *, title="Appendix A", visibility="public", item="item"):
    officer = signed_in(board["officer"])
    sent = SimpleUploadedFile(name, data, content_type="application/pdf")
    return officer.post(
        add_url(board, item), {"title": title, "visibility": visibility, "file": sent}
    )


def stored_files(board) -> list:
    return [p for p in board["media"].rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("name", "make", "media_type", "label", "pages", "suffix"),
    [
        ("budget.pdf", pdf_bytes, attachments.PDF, "PDF", 2, ".pdf"),
        ("report.docx", docx_bytes, attachments.DOCX, "Word document", None, ".docx"),
        ("figures.xlsx", xlsx_bytes, attachments.XLSX, "Excel workbook", None, ".xlsx"),
    ],
)
def test_pdf_word_and_excel_files_are_attached_as_they_are(
    board, name, make, media_type, label, pages, suffix
):
    data = make()
    done = upload(board, name, data, title="Appendix A: budget monitoring")
    meeting = board["meeting"]
    assert done.status_code == 302 and done.url == reverse(
        "agenda-edit", args=[meeting.body.slug, "2027-03-17"]
    )
    paper = LinkedDocument.objects.get()
    assert (paper.agenda_item, paper.title, paper.url) == (
        board["item"],
        "Appendix A: budget monitoring",
        "",
    )
    assert (paper.media_type, paper.pages, paper.size) == (media_type, pages, len(data))
    assert paper.sha256 == hashlib.sha256(data).hexdigest()
    assert paper.visibility == Visibility.PUBLIC
    assert paper.file.name.endswith(suffix) and paper.file.name.startswith("attachments/2")
    assert [p.read_bytes() for p in stored_files(board)] == [data]

    facts = f"{label}, {pages} pages, {size_label(len(data))}" if pages else None
    facts = facts or f"{label}, {size_label(len(data))}"
    shown = page(Client().get(meeting.get_absolute_url()))
    download = reverse("attachment", args=[paper.pk])
    assert texts(shown, f"//a[@href='{download}']/..") == [
        f"Appendix A: budget monitoring ({facts})"
    ]
    got = Client().get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == data
    assert got["Content-Type"] == media_type
    assert got["Content-Disposition"] == (
        f'attachment; filename="Appendix A: budget monitoring{suffix}"'
    )
    assert got["X-Content-Type-Options"] == "nosniff"
    [edit] = history_of(meeting)
    assert (edit.user, edit.change_message) == (
        board["officer"],
        f"Attached Appendix A: budget monitoring ({name}) to item 5. Budget",
    )


def test_a_pdf_size_is_said_as_people_read_it():
    assert [size_label(n) for n in (900, 1024, 41 * 1024 + 300, 2_621_440, 20 * 1024**2)] == [
        "900 bytes",
        "1 KB",
        "41 KB",
        "2.5 MB",
        "20 MB",
    ]


REFUSALS = [
    ("x.pdf", lambda: b"Minutes of the last meeting\n" * 20, attachments.WRONG_TYPE),
    ("locked.pdf", encrypted_pdf_bytes, attachments.PASSWORD),
    ("cut.pdf", lambda: pdf_bytes()[:600], attachments.DAMAGED),
    ("bomb.docx", zip_bomb_bytes, attachments.UNPACKS_TOO_LARGE),
    ("book.docx", lambda: _zip({"[Content_Types].xml": "<Types/>"}), attachments.WRONG_TYPE),
]


def _zip(parts: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "make", "message"), REFUSALS)
def test_files_that_are_not_what_they_say_are_refused_with_nothing_kept(board, name, make, message):
    refused = upload(board, name, make())
    assert refused.status_code == 200
    shown = page(refused)
    assert texts(shown, "//ul[contains(@class, 'govuk-error-summary__list')]/li") == [message]
    assert texts(shown, "//p[@id='id_file-error']") == [f"Error: {message}"]
    assert not LinkedDocument.objects.exists() and stored_files(board) == []
    assert not history_of(board["meeting"]).exists()


def test_the_rule_names_the_file_it_refuses():
    with pytest.raises(AttachmentError) as refused:
        check_attachment("x.pdf", io.BytesIO(b"plain text"))
    assert str(refused.value) == f"x.pdf: {attachments.WRONG_TYPE}"


def test_a_file_over_the_limit_is_refused_before_it_is_read(board, settings, monkeypatch):
    settings.SCRUTINEER_ATTACHMENT_LIMIT = 1024

    def never(name, file):
        raise AssertionError("the content was read")

    monkeypatch.setattr("scrutineer.web.meeting_forms.check_attachment", never)
    refused = upload(board, "budget.pdf", pdf_bytes())
    errors = texts(page(refused), "//ul[contains(@class, 'govuk-error-summary__list')]/li")
    assert errors == ["The selected file must be smaller than 1 KB"]
    assert page(refused).xpath("//input[@name='title']/@value") == ["Appendix A"]
    assert not LinkedDocument.objects.exists() and stored_files(board) == []


def test_a_request_that_says_it_is_too_large_is_refused_unread(board, settings):
    settings.SCRUTINEER_ATTACHMENT_LIMIT = 1024
    refused = upload(board, "big.pdf", b"%PDF-1.4\n" + bytes(100 * 1024))
    assert refused.status_code == 413
    errors = texts(page_of(refused), "//ul[contains(@class, 'govuk-error-summary__list')]/li")
    assert errors == ["The selected file must be smaller than 1 KB"]
    assert not LinkedDocument.objects.exists() and stored_files(board) == []


def page_of(response):
    """A refused page's parsed HTML, whatever its status."""
    return lxml.html.fromstring(response.content)


def test_a_private_items_attachment_is_restricted_and_downloaded_by_members(board):
    officer = signed_in(board["officer"])
    form = page(officer.get(add_url(board, "private")))
    assert form.xpath("//input[@name='visibility'][@checked]/@value") == ["restricted"]
    public_form = page(officer.get(add_url(board)))
    assert public_form.xpath("//input[@name='visibility'][@checked]/@value") == ["public"]

    data = pdf_bytes(pages=3)
    upload(board, "bids.pdf", data, title="Tender scores", visibility="restricted", item="private")
    paper = LinkedDocument.objects.get()
    assert (paper.visibility, paper.pages) == (Visibility.RESTRICTED, 3)
    download = reverse("attachment", args=[paper.pk])
    assert Client().get(download).status_code == 404
    assert "Tender scores" not in Client().get(board["meeting"].get_absolute_url()).content.decode()
    got = signed_in(board["member"]).get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == data

    # A public file of a restricted item, or of a restricted meeting, is as hidden as they are.
    paper.visibility = Visibility.PUBLIC
    paper.save()
    board["private"].visibility = Visibility.RESTRICTED
    board["private"].save()
    assert Client().get(download).status_code == 404
    board["private"].visibility = Visibility.PUBLIC
    board["private"].save()
    assert Client().get(download).status_code == 200
    Meeting.objects.update(visibility=Visibility.RESTRICTED)
    assert Client().get(download).status_code == 404


def test_an_officer_removes_an_attachment_and_its_file(board, django_capture_on_commit_callbacks):
    upload(board, "budget.pdf", pdf_bytes(), title="Appendix A")
    paper = LinkedDocument.objects.get()
    officer = signed_in(board["officer"])
    url = reverse("attachment-delete", args=[paper.pk])
    confirm = officer.get(url).content.decode()
    assert "Are you sure you want to remove Appendix A?" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        done = officer.post(url)
    assert done.status_code == 302
    assert not LinkedDocument.objects.exists() and stored_files(board) == []
    assert [e.change_message for e in history_of(board["meeting"])] == [
        "Removed Appendix A from item 5. Budget",
        "Attached Appendix A (budget.pdf) to item 5. Budget",
    ]
    assert Client().get(reverse("attachment", args=[paper.pk])).status_code == 404


def test_deleting_an_item_deletes_its_attachments_files(board, django_capture_on_commit_callbacks):
    upload(board, "budget.pdf", pdf_bytes(), title="Appendix A")
    meeting = board["meeting"]
    url = reverse("agenda-item-delete", args=[meeting.body.slug, "2027-03-17", board["item"].pk])
    officer = signed_in(board["officer"])
    assert "Its attachments are deleted with it: Appendix A." in officer.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(url)
    assert not LinkedDocument.objects.exists() and stored_files(board) == []
    assert list(AgendaItem.objects.values_list("number", "order")) == [("6", 0)]
