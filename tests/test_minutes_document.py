"""Issue 11 §2: a meeting's minutes generated as DOCX and PDF in a council's layout, on A4
with page numbers, without the restricted minutes for a reader who may not read them."""

import datetime as dt
import io

import pdfplumber
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument
from docx.oxml.ns import qn

from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    Minute,
    Resolution,
    Visibility,
)
from scrutineer.reports.minutes_document import blocks_of
from tests.helpers import page, signed_in, texts, user_in
from tests.minutes_records import make_board

A4_POINTS = (595.28, 841.89)
PUBLIC_RESOLUTION = "that the Director reports back on route costs by March 2022."
PRIVATE_RESOLUTION = "that the placement contract be awarded to Northway Care."


@pytest.fixture
def minuted(db):
    """The January meeting with its attendance, a public and a restricted minute, and the
    November minutes it agrees."""
    board = make_board()
    meeting = board.january
    meeting.start = dt.datetime(2022, 1, 20, 10, 0, tzinfo=dt.UTC)
    meeting.closed_at = dt.time(11, 45)
    meeting.save()
    Attendance.objects.create(
        meeting=meeting,
        person=board.moore,
        name_as_written="Jane Moore",
        status="present",
        capacity="member",
        chair=True,
    )
    Attendance.objects.create(
        meeting=meeting,
        person=board.field,
        name_as_written="Rosa Field",
        status="present",
        capacity="member",
    )
    Attendance.objects.create(
        meeting=meeting,
        person=board.khan,
        name_as_written="Amir Khan",
        status="apology",
        capacity="member",
    )
    Attendance.objects.create(
        meeting=meeting,
        name_as_written="Sam Patel",
        status="substitute",
        capacity="member",
        substitute_for=board.khan,
    )
    Attendance.objects.create(
        meeting=meeting,
        name_as_written="Dana Whitlock",
        status="present",
        capacity="officer",
        role="Head of Education Services",
    )
    earlier = Minute.objects.create(
        meeting=board.november, number=22, municipal_year="2021/22", title="Work Programme"
    )
    agreeing = Minute.objects.create(
        meeting=meeting,
        number=23,
        municipal_year="2021/22",
        title="Minutes",
        agenda_item=board.items[1],
    )
    Resolution.objects.create(
        minute=agreeing, order=0, text="RESOLVED that the minutes be agreed as a correct record."
    )
    board.november.minutes_approved_by = agreeing
    board.november.save()
    transport = Minute.objects.create(
        meeting=meeting,
        number=24,
        municipal_year="2021/22",
        title="School Transport Review",
        agenda_item=board.items[2],
        html="<p>The Head of Service <strong>presented</strong> the review.</p>"
        "<ul><li>routes</li><li>costs</li></ul>",
    )
    Resolution.objects.create(minute=transport, order=0, part="1", text="that it be noted;")
    Resolution.objects.create(minute=transport, order=1, part="2", text=PUBLIC_RESOLUTION)
    Declaration.objects.create(
        meeting=meeting,
        minute=transport,
        order=0,
        person=board.field,
        text="A personal interest: her daughter uses school transport.",
    )
    private = Minute.objects.create(
        meeting=meeting,
        number=25,
        municipal_year="2021/22",
        title="Placement Contract Award",
        agenda_item=board.items[3],
        visibility=Visibility.RESTRICTED,
    )
    Resolution.objects.create(minute=private, order=0, text=PRIVATE_RESOLUTION)
    Declaration.objects.create(
        meeting=meeting,
        minute=private,
        order=1,
        person=board.moore,
        text="A trustee of Northway Care.",
    )
    board.earlier = earlier
    return board


def download(client, name, meeting):
    response = client.get(reverse(name, args=[meeting.body.slug, meeting.date.isoformat()]))
    assert response.status_code == 200, response.status_code
    return response


def docx_text(data: bytes) -> list[str]:
    return [p.text for p in WordDocument(io.BytesIO(data)).paragraphs]


def test_the_docx_is_a4_with_page_numbers_and_the_councils_layout(minuted):
    response = download(Client(), "minutes-docx", minuted.january)
    assert response["Content-Disposition"] == (
        'attachment; filename="childrens-scrutiny-board-minutes-2022-01-20.docx"'
    )
    document = WordDocument(io.BytesIO(response.content))
    [section] = document.sections
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]
    instructions = [e.text.strip() for e in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"] and footer.text.startswith("Page ")
    assert section.header.paragraphs[0].text == "Children's Scrutiny Board: minutes"
    council = minuted.body.council.name
    assert docx_text(response.content) == [
        "Children's Scrutiny Board",
        council,
        "Minutes of the meeting held on Thursday 20 January 2022 at 10.00 am",
        "Place: Room 2",
        "Present",
        "Councillor Jane Moore (Chair), Councillor Rosa Field",
        "Also in attendance",
        "Dana Whitlock (Head of Education Services)",
        "Apologies",
        "Councillor Amir Khan",
        "Substitutes",
        "Sam Patel substituting for Councillor Amir Khan",
        "23/21 Minutes",
        "RESOLVED that the minutes be agreed as a correct record.",
        "24/21 School Transport Review",
        "The Head of Service presented the review.",
        "routes",
        "costs",
        "Declaration of interest: Councillor Rosa Field: A personal interest: her daughter "
        "uses school transport.",
        "RESOLVED:",
        "(1) that it be noted;",
        f"(2) {PUBLIC_RESOLUTION}",
        "(Meeting closed at 11.45 am)",
        "Draft: not yet approved",
    ]


def test_the_pdf_is_a4_on_every_page_with_page_numbers(minuted):
    response = download(Client(), "minutes-pdf", minuted.january)
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        assert (
            all((round(p.width, 2), round(p.height, 2)) == A4_POINTS for p in pdf.pages)
            and pdf.pages
        )
        text = "\n".join(p.extract_text() for p in pdf.pages)
        first = pdf.pages[0].extract_text()
    assert f"Page 1 of {len(pdf.pages)}" in first
    assert "Minutes of the meeting held on Thursday 20 January 2022 at 10.00 am" in text
    assert "Councillor Jane Moore (Chair), Councillor Rosa Field" in text
    assert "Sam Patel substituting for Councillor Amir Khan" in text
    assert f"(2) {PUBLIC_RESOLUTION}" in text
    assert "(Meeting closed at 11.45 am)" in text
    assert PRIVATE_RESOLUTION not in text and "Northway" not in text


def test_a_restricted_minute_is_only_in_a_members_documents(minuted, django_user_model):
    anonymous = Client()
    public_docx = "\n".join(docx_text(download(anonymous, "minutes-docx", minuted.january).content))
    assert "25/21 Placement Contract Award" not in public_docx
    assert PRIVATE_RESOLUTION not in public_docx and "Northway" not in public_docx
    Group.objects.get_or_create(name="member")
    member = signed_in(user_in(django_user_model, "mia", "member"))
    members_docx = docx_text(download(member, "minutes-docx", minuted.january).content)
    assert members_docx[-5:] == [
        "25/21 Placement Contract Award",
        "Declaration of interest: Councillor Jane Moore: A trustee of Northway Care.",
        PRIVATE_RESOLUTION,
        "(Meeting closed at 11.45 am)",
        "Draft: not yet approved",
    ]
    with pdfplumber.open(io.BytesIO(download(member, "minutes-pdf", minuted.january).content)) as f:
        assert PRIVATE_RESOLUTION in "\n".join(p.extract_text() for p in f.pages)


def test_approved_minutes_say_where_they_were_approved(minuted):
    text = docx_text(download(Client(), "minutes-docx", minuted.november).content)
    assert text[-1] == "Approved at the meeting on 20 January 2022 (minute 23/21)"


def test_the_meeting_page_offers_the_downloads_only_when_there_are_minutes(minuted):
    tree = page(Client().get(minuted.january.get_absolute_url()))
    assert texts(tree, "//a[@download]") == [
        "Download the minutes as a Word document (DOCX)",
        "Download the minutes as a PDF",
    ]
    minuted.items[0].meeting.minutes.all().delete()
    tree = page(Client().get(minuted.january.get_absolute_url()))
    assert texts(tree, "//a[@download]") == []
    address = reverse("minutes-pdf", args=[minuted.body.slug, "2022-01-20"])
    assert Client().get(address).status_code == 404


def test_minute_html_becomes_paragraphs_bullets_and_bold_runs():
    blocks = blocks_of("<p>The Board <strong>agreed</strong>.<br>Next line</p><ul><li>a</li></ul>")
    assert [(b.runs, b.bullet) for b in blocks] == [
        (
            [
                ("The Board ", False),
                ("agreed", True),
                (".", False),
                ("\n", False),
                ("Next line", False),
            ],
            False,
        ),
        ([("a", False)], True),
    ]


def test_a_minute_is_as_private_as_its_agenda_item(minuted):
    """An item made private after its minute was written takes the minute with it: off the
    public meeting page and out of the public documents alike."""
    address = minuted.january.get_absolute_url()
    assert PUBLIC_RESOLUTION in Client().get(address).content.decode()
    AgendaItem.objects.filter(pk=minuted.items[2].pk).update(visibility=Visibility.RESTRICTED)
    shown = Client().get(address).content.decode()
    assert PUBLIC_RESOLUTION not in shown and "School Transport Review" not in shown
    public_docx = "\n".join(docx_text(download(Client(), "minutes-docx", minuted.january).content))
    assert PUBLIC_RESOLUTION not in public_docx and "routes" not in public_docx


def test_an_approval_at_a_restricted_meeting_is_not_named_to_the_public(minuted):
    Meeting.objects.filter(pk=minuted.january.pk).update(visibility=Visibility.RESTRICTED)
    text = docx_text(download(Client(), "minutes-docx", minuted.november).content)
    assert text[-1] == "Approved at a later meeting"
    tree = page(Client().get(minuted.november.get_absolute_url()))
    assert texts(tree, "//p[contains(@class, 'app-minutes-standing')]") == [
        "Approved at a later meeting"
    ]
