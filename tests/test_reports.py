"""Generated outputs: the Outstanding Issues report (HTML, DOCX, PDF), the Work Programme
document (HTML, DOCX) and the tracker export (CSV, XLSX), against rows made in the database."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import docx
import pypdf
import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone
from openpyxl import load_workbook

from scrutineer.governance.models import (
    AgendaItem,
    Body,
    Document,
    Meeting,
    Minute,
    Person,
    Resolution,
    Visibility,
)
from scrutineer.reports.outstanding import HEADERS
from scrutineer.tracker.models import (
    Party,
    Response,
    StatusChange,
    TrackedItem,
    WorkProgrammeItem,
)

# The reports app is mounted at /reports/ here, whatever the project's URLconf does with it.
urlpatterns = [
    path("reports/", include("scrutineer.reports.urls")),
    path("", include("scrutineer.urls")),
]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

SEVEN_HEADERS = [
    "Meeting Date",
    "Agenda Item",
    "Cabinet Member/ Responsible Officer",
    "Rec', Action or Information",
    "Recommendations/ Actions",
    "Officer contact",
    "Response/ Status",
]
NEXT_MEETING = date(2099, 1, 15)
TITLE = "Education Scrutiny Board: Outstanding Issues for the meeting on 15 January 2099"
OPEN_R_TEXT = "Write to the Cabinet Member (Education and Skills) about school places."
OPEN_I_TEXT = "Circulate the attendance figures to members."
COMPLETE_TEXT = "Arrange a visit to the MASH."
RESTRICTED_TEXT = "Review the exempt placement contract."
LATEST_RESPONSE = "Places review under way & due <soon>."


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def data():
    board = Body.objects.create(name="Education Scrutiny Board", slug="sb2")
    other = Body.objects.create(name="Health and Well-being Board", slug="hwb")
    september = Meeting.objects.create(
        body=board, date=date(2025, 9, 18), status=Meeting.Status.HELD
    )
    november = Meeting.objects.create(
        body=board, date=date(2025, 11, 20), status=Meeting.Status.HELD
    )
    january = Meeting.objects.create(
        body=board, date=date(2026, 1, 22), status=Meeting.Status.POSTPONED
    )
    # The next meeting: a postponed one a week earlier must not count.
    Meeting.objects.create(body=board, date=date(2099, 1, 8), status=Meeting.Status.POSTPONED)
    Meeting.objects.create(body=board, date=NEXT_MEETING)
    pack = Document.objects.create(
        name="sb2-pack-2025-09-18.txt",
        title="Agenda pack",
        kind=Document.Kind.AGENDA_PACK,
        sha256="a" * 64,
        text="x\n" * 200,
        size_bytes=400,
        line_count=200,
    )
    minute = Minute.objects.create(
        meeting=november,
        number=31,
        municipal_year="2025/26",
        title="Attendance of Children at School",
    )
    resolution = Resolution.objects.create(minute=minute, order=1, text=OPEN_I_TEXT)
    contact = Person.objects.create(name="Jane Smith", surname_key="smith")
    officer = User.objects.create_user("officer1")

    open_r = TrackedItem.objects.create(
        item_type="R",
        number="1",
        text=OPEN_R_TEXT,
        topic="School places",
        source_kind=TrackedItem.SourceKind.RESOLUTION,
        source_reference="Minute 24/25",
        body=board,
        meeting=september,
        officer_contact=contact,
        due_date=date(2025, 10, 31),
        due_basis="Stated in the resolution",
        status="sent",
        source=pack,
        first_line=120,
        last_line=124,
    )
    Party.objects.create(tracked_item=open_r, role="owner", label="Director of Education")
    Party.objects.create(
        tracked_item=open_r, role="addressee", label="Cabinet Member (Education and Skills)"
    )
    StatusChange.objects.create(
        tracked_item=open_r,
        from_status="open",
        to_status="sent",
        changed_at=utc(2025, 9, 20, 11, 0),
        changed_by=officer,
        note="Letter sent",
    )
    StatusChange.objects.create(
        tracked_item=open_r,
        from_status="",
        to_status="open",
        changed_at=utc(2025, 9, 18, 12, 0),
        note="Resolved at the meeting",
    )
    Response.objects.create(
        tracked_item=open_r,
        date=date(2025, 10, 15),
        responder="Cabinet Member",
        text=LATEST_RESPONSE,
        links="https://example.org/letter",
        recorded_by=officer,
    )
    Response.objects.create(
        tracked_item=open_r,
        date=date(2025, 10, 1),
        responder="Cabinet Member",
        text="We will reply by October.",
    )
    # Recorded last but undated: it does not count as the latest response.
    Response.objects.create(tracked_item=open_r, text="Acknowledged.")

    open_i = TrackedItem.objects.create(
        item_type="I",
        text=OPEN_I_TEXT,
        source_kind=TrackedItem.SourceKind.RESOLUTION,
        body=board,
        meeting=november,
        resolution=resolution,
        officer_contact_text="Scrutiny Co-ordinator",
        due_date=date(2099, 6, 30),
    )
    complete = TrackedItem.objects.create(
        item_type="A",
        text=COMPLETE_TEXT,
        source_kind=TrackedItem.SourceKind.MANUAL,
        body=board,
        meeting=september,
        status="complete",
    )
    restricted = TrackedItem.objects.create(
        item_type="R",
        text=RESTRICTED_TEXT,
        source_kind=TrackedItem.SourceKind.RESOLUTION,
        body=board,
        meeting=november,
        visibility=Visibility.RESTRICTED,
    )
    elsewhere = TrackedItem.objects.create(
        item_type="A",
        text="=1+1 is how the paper starts this line",
        source_kind=TrackedItem.SourceKind.ACTION_PLAN,
        body=other,
    )

    def programme(title, **fields):
        fields.setdefault("municipal_year", "2025/26")
        return WorkProgrammeItem.objects.create(body=board, title=title, **fields)

    # Made out of order, so the document's order comes from the grouping rules.
    programme(
        "Connecting Communities",
        bucket=WorkProgrammeItem.Bucket.NEXT_YEAR,
        bucket_label="Items for 2026-27",
        order=2,
    )
    programme(
        "Library Service",
        bucket=WorkProgrammeItem.Bucket.NEXT_YEAR,
        bucket_label="Items for 2026-27",
        order=1,
        detail="Proposed changes to the service",
    )
    programme(
        "Youth Offending Service – progress report",
        bucket=WorkProgrammeItem.Bucket.PROGRESS_REPORTS,
        leads_as_written="Director of Children's Services",
    )
    programme("Youth Justice Plan", meeting=january)
    programme("SEND update", meeting=september, order=2, status=WorkProgrammeItem.Status.POSTPONED)
    programme(
        "Attendance",
        meeting=september,
        order=1,
        detail="Persistent absence since the pandemic",
        lead_officers=["John Gregg", "Fran Doyle"],
        cabinet_members=["Cllr Ruane"],
    )
    programme("Exempt contract", meeting=september, order=3, visibility=Visibility.RESTRICTED)
    programme("Last year's item", municipal_year="2024/25", meeting=september)

    return {
        "board": board,
        "officer": officer,
        "open_r": open_r,
        "open_i": open_i,
        "complete": complete,
        "restricted": restricted,
        "elsewhere": elsewhere,
    }


@pytest.fixture
def member_client(data):
    """A second client, signed in as a member of every body of the data: the ``client``
    fixture stays anonymous."""
    user = User.objects.create_user("member1")
    user.groups.add(Group.objects.get_or_create(name="member")[0])
    for body in Body.objects.all():
        body.readers.add(user)
    member = Client()
    member.force_login(user)
    return member


# -- the Outstanding Issues report --------------------------------------------------------


OPEN_R_ROW = [
    "18 September 2025",
    "School places",
    "Cabinet Member (Education and Skills)\nDirector of Education",
    "R",
    OPEN_R_TEXT,
    "Jane Smith",
    LATEST_RESPONSE,
]
OPEN_I_ROW = [
    "20 November 2025",
    "Attendance of Children at School",
    "",
    "I",
    OPEN_I_TEXT,
    "Scrutiny Co-ordinator",
    "Open",
]
RESTRICTED_ROW = ["20 November 2025", "", "", "R", RESTRICTED_TEXT, "", "Open"]


def docx_rows(content: bytes) -> tuple[docx.document.Document, list[list[str]]]:
    document = docx.Document(io.BytesIO(content))
    assert len(document.tables) == 1
    return document, [[cell.text for cell in row.cells] for row in document.tables[0].rows]


def test_headers_are_the_councils_columns():
    assert list(HEADERS) == SEVEN_HEADERS


def test_outstanding_issues_docx_has_one_row_per_open_item(client, data):
    response = client.get(reverse("outstanding-issues-docx", args=["sb2"]))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="sb2-outstanding-issues-2099-01-15.docx"'
    )
    document, rows = docx_rows(response.content)
    assert document.paragraphs[0].text == TITLE
    assert document.paragraphs[0].style.name == "Heading 1"
    assert rows == [SEVEN_HEADERS, OPEN_R_ROW, OPEN_I_ROW]
    all_text = "\n".join(cell for row in rows for cell in row)
    assert COMPLETE_TEXT not in all_text
    assert RESTRICTED_TEXT not in all_text


def test_complete_item_drops_off_the_report_but_stays_in_the_tracker(client, data):
    data["open_i"].status = "complete"
    data["open_i"].save()

    _, rows = docx_rows(client.get(reverse("outstanding-issues-docx", args=["sb2"])).content)

    assert rows == [SEVEN_HEADERS, OPEN_R_ROW]
    assert TrackedItem.objects.filter(pk=data["open_i"].pk, status="complete").exists()


def test_outstanding_issues_docx_for_a_member_includes_restricted_items(member_client, data):
    response = member_client.get(reverse("outstanding-issues-docx", args=["sb2"]))

    _, rows = docx_rows(response.content)
    assert rows == [SEVEN_HEADERS, OPEN_R_ROW, OPEN_I_ROW, RESTRICTED_ROW]


def test_a_restricted_minute_title_is_not_shown_to_the_public(client, member_client, data):
    Minute.objects.update(visibility=Visibility.RESTRICTED)
    url = reverse("outstanding-issues-docx", args=["sb2"])

    _, public_rows = docx_rows(client.get(url).content)
    _, member_rows = docx_rows(member_client.get(url).content)

    assert public_rows[2][1] == ""
    assert member_rows[2][1] == "Attendance of Children at School"


def test_outstanding_issues_without_a_next_meeting_says_next_meeting(client, data):
    Meeting.objects.filter(date=NEXT_MEETING).delete()

    document, _ = docx_rows(client.get(reverse("outstanding-issues-docx", args=["sb2"])).content)

    assert document.paragraphs[0].text == (
        "Education Scrutiny Board: Outstanding Issues for the next meeting"
    )


def test_outstanding_issues_pdf_is_a_landscape_table_of_the_open_items(client, data):
    response = client.get(reverse("outstanding-issues-pdf", args=["sb2"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == TITLE
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (842, 595)
    text = " ".join(page.extract_text().split())
    assert text.startswith(TITLE)
    for needle in [
        "Meeting Date",
        "Response/ Status",
        "18 September 2025",
        OPEN_R_TEXT,
        LATEST_RESPONSE,  # escaped for reportlab's markup, so it comes out as written
        OPEN_I_TEXT,
        "Scrutiny Co-ordinator",
    ]:
        assert needle in text
    assert text.index(OPEN_R_TEXT) < text.index(OPEN_I_TEXT)
    assert COMPLETE_TEXT not in text
    assert RESTRICTED_TEXT not in text


class TableReader(HTMLParser):
    """Collects a page's table captions, column headers and row-group headers."""

    def __init__(self):
        super().__init__()
        self.captions, self.col_headers, self.rowgroups, self.cells = [], [], [], []
        self._into = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "caption":
            self._into = self.captions
        elif tag == "th" and attrs.get("scope") == "col":
            self._into = self.col_headers
        elif tag == "th" and attrs.get("scope") == "rowgroup":
            self._into = self.rowgroups
        elif tag == "td":
            self._into = self.cells
        else:
            return
        self._into.append("")

    def handle_endtag(self, tag):
        if tag in ("caption", "th", "td"):
            self._into = None

    def handle_data(self, data):
        if self._into is not None:
            self._into[-1] += data


def read_tables(html: str) -> TableReader:
    reader = TableReader()
    reader.feed(html)
    reader.captions = [" ".join(c.split()) for c in reader.captions]
    reader.cells = [" ".join(c.split()) for c in reader.cells]
    return reader


def test_outstanding_issues_page_has_a_captioned_table_with_column_headers(client, data):
    response = client.get("/reports/bodies/sb2/outstanding-issues/")

    assert response.status_code == 200
    html = response.content.decode()
    tables = read_tables(html)
    assert tables.captions == ["Outstanding issues for Education Scrutiny Board: 2 open items"]
    assert tables.col_headers == SEVEN_HEADERS
    assert tables.cells[:7] == [
        "18 September 2025",
        "School places",
        "Cabinet Member (Education and Skills)Director of Education",
        "R",
        OPEN_R_TEXT,
        "Jane Smith",
        LATEST_RESPONSE,
    ]
    assert len(tables.cells) == 14
    # Ingested text is escaped, never trusted as markup.
    assert "Places review under way &amp; due &lt;soon&gt;." in html
    assert "<title>" + TITLE.replace("'", "&#x27;") + " – Scrutineer</title>" in html
    assert 'href="/reports/bodies/sb2/outstanding-issues.docx"' in html
    assert 'href="/reports/bodies/sb2/outstanding-issues.pdf"' in html
    assert COMPLETE_TEXT not in html
    assert RESTRICTED_TEXT not in html


def test_outstanding_issues_for_an_unknown_body_is_not_found(client, data):
    assert client.get("/reports/bodies/nobody/outstanding-issues/").status_code == 404
    assert client.get("/reports/bodies/nobody/outstanding-issues.pdf").status_code == 404


def test_report_urls():
    assert reverse("outstanding-issues", args=["sb2"]) == "/reports/bodies/sb2/outstanding-issues/"
    assert reverse("programme-document", args=["sb2", "2016-17"]) == (
        "/reports/bodies/sb2/work-programme/2016-17/"
    )
    assert reverse("programme-docx", args=["sb2", "2016-17"]) == (
        "/reports/bodies/sb2/work-programme/2016-17.docx"
    )
    assert reverse("tracker-csv") == "/reports/tracker.csv"
    assert reverse("tracker-xlsx") == "/reports/tracker.xlsx"


# -- the Work Programme document ------------------------------------------------------------

PROGRAMME_ROWS = [
    ["Date", "Title", "Detail", "Cabinet Member/ Lead Officer"],
    [
        "18 September 2025",
        "Attendance",
        "Persistent absence since the pandemic",
        "John Gregg, Fran Doyle, Cllr Ruane",
    ],
    ["18 September 2025", "SEND update (postponed)", "", ""],
    ["22 January 2026 (postponed)", "Youth Justice Plan", "", ""],
    [
        "Progress reports (by exception)",
        "Youth Offending Service – progress report",
        "",
        "Director of Children's Services",
    ],
    ["Items for 2026-27", "Library Service", "Proposed changes to the service", ""],
    ["Items for 2026-27", "Connecting Communities", "", ""],
]


def test_programme_docx_groups_by_meeting_then_bucket(client, data):
    response = client.get(reverse("programme-docx", args=["sb2", "2025-26"]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="sb2-work-programme-2025-26.docx"'
    )
    document, rows = docx_rows(response.content)
    assert document.paragraphs[0].text == "Education Scrutiny Board: Work Programme 2025/26"
    assert rows == PROGRAMME_ROWS
    # The meeting's Date cell is one cell merged down its rows, as the papers print it.
    table = document.tables[0]
    assert table.cell(1, 0)._tc is table.cell(2, 0)._tc
    assert table.cell(5, 0)._tc is table.cell(6, 0)._tc
    assert table.cell(3, 0)._tc is not table.cell(4, 0)._tc


def test_programme_docx_for_a_member_includes_restricted_items(member_client, data):
    response = member_client.get(reverse("programme-docx", args=["sb2", "2025-26"]))

    _, rows = docx_rows(response.content)
    assert rows[3] == ["18 September 2025", "Exempt contract", "", ""]
    assert len(rows) == len(PROGRAMME_ROWS) + 1


def test_programme_page_is_one_table_with_row_groups(client, data):
    response = client.get("/reports/bodies/sb2/work-programme/2025-26/")

    assert response.status_code == 200
    html = response.content.decode()
    tables = read_tables(html)
    assert tables.captions == [
        "Work programme of Education Scrutiny Board for 2025/26, by meeting and then by heading"
    ]
    assert tables.col_headers == PROGRAMME_ROWS[0]
    assert tables.rowgroups == [
        "18 September 2025",
        "22 January 2026 (postponed)",
        "Progress reports (by exception)",
        "Items for 2026-27",
    ]
    assert 'rowspan="2"' in html
    assert "Exempt contract" not in html
    assert "Last year&#x27;s item" not in html
    assert 'href="/reports/bodies/sb2/work-programme/2024-25/"' in html
    assert 'href="/reports/bodies/sb2/work-programme/2025-26.docx"' in html


def test_programme_for_a_year_that_is_not_one_is_not_found(client, data):
    assert client.get("/reports/bodies/sb2/work-programme/2025-27/").status_code == 404
    assert client.get("/reports/bodies/sb2/work-programme/2025-27.docx").status_code == 404


# -- the tracker export ---------------------------------------------------------------------


def local_text(moment: datetime) -> str:
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0).isoformat(sep=" ")


def csv_export(client, query: str = "") -> list[dict[str, str]]:
    response = client.get("/reports/tracker.csv" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_export_holds_every_field_and_the_history(client, data):
    today = timezone.localdate()
    item = TrackedItem.objects.get(pk=data["open_r"].pk)
    overdue_days = (today - date(2025, 10, 31)).days

    rows = csv_export(client)

    assert [row["id"] for row in rows] == [
        str(data[key].pk) for key in ("open_r", "open_i", "complete", "elsewhere")
    ]
    assert rows[0] == {
        "id": str(item.pk),
        "type": "R",
        "number": "1",
        "text": OPEN_R_TEXT,
        "topic": "School places",
        "source_kind": "resolution",
        "source_reference": "Minute 24/25",
        "body": "Education Scrutiny Board",
        "body_slug": "sb2",
        "meeting_date": "2025-09-18",
        "parent_id": "",
        "addressees": "Cabinet Member (Education and Skills)",
        "owners": "Director of Education",
        "officer_contact": "Jane Smith",
        "due_date": "2025-10-31",
        "due_basis": "Stated in the resolution",
        "status": "sent",
        "last_seen": "",
        "history": "no",
        "overdue": "yes",
        "rag": "red",
        "rag_reason": f"Overdue by {overdue_days} days",
        "visibility": "public",
        "source_document": "sb2-pack-2025-09-18.txt",
        "source_first_line": "120",
        "source_last_line": "124",
        "created_at": local_text(item.created_at),
        "updated_at": local_text(item.updated_at),
        "version": "1",
        "status_history": (
            "2025-09-18 —→open: Resolved at the meeting"
            " | 2025-09-20 open→sent by officer1: Letter sent"
        ),
        "responses": (
            "undated: Acknowledged."
            " | 2025-10-01 Cabinet Member: We will reply by October."
            f" | 2025-10-15 Cabinet Member: {LATEST_RESPONSE} [https://example.org/letter]"
        ),
    }
    assert rows[1]["officer_contact"] == "Scrutiny Co-ordinator"
    assert (rows[1]["overdue"], rows[1]["rag"], rows[1]["rag_reason"]) == (
        "no",
        "green",
        "Not due until 30 June 2099",
    )
    assert (rows[2]["status"], rows[2]["overdue"], rows[2]["rag_reason"]) == (
        "complete",
        "no",
        "Closed (complete)",
    )
    # Neutralised for spreadsheets (reports.cells): the leading apostrophe is not shown.
    assert rows[3]["text"] == "'=1+1 is how the paper starts this line"


def test_csv_export_leaves_out_restricted_items_for_the_public(client, member_client, data):
    restricted_id = str(data["restricted"].pk)

    assert restricted_id not in [row["id"] for row in csv_export(client)]
    member_rows = {row["id"]: row for row in csv_export(member_client)}
    assert member_rows[restricted_id]["text"] == RESTRICTED_TEXT
    assert member_rows[restricted_id]["visibility"] == "restricted"


def test_csv_export_hides_the_name_of_a_restricted_source_document(client, member_client, data):
    Document.objects.update(visibility=Visibility.RESTRICTED)

    assert csv_export(client)[0]["source_document"] == "(restricted document)"
    assert csv_export(member_client)[0]["source_document"] == "sb2-pack-2025-09-18.txt"


def test_csv_export_takes_the_tracker_lists_filters(client, data):
    def ids(query):
        return [int(row["id"]) for row in csv_export(client, query)]

    open_r, open_i = data["open_r"].pk, data["open_i"].pk
    assert ids("?body=sb2&type=R&overdue=1") == [open_r]
    assert ids("?body=sb2&item_type=R&overdue=yes") == [open_r]
    assert ids("?status=complete") == [data["complete"].pk]
    assert ids("?body=sb2&status=outstanding") == [open_r, open_i]
    assert ids("?body=hwb") == [data["elsewhere"].pk]
    assert ids("?source=resolution&overdue=0") == [open_r, open_i]
    assert ids("?source_kind=action-plan") == [data["elsewhere"].pk]
    assert ids("?owner=director of educ") == [open_r]
    assert ids("?due_by=2099-06-30") == [open_r, open_i]
    assert ids("?due_within=3650") == []
    # A body's "owned" items include those other bodies raised that name it.
    Party.objects.create(
        tracked_item=data["elsewhere"], role="owner", label="SB2", body=data["board"]
    )
    assert ids("?body=sb2&owned=yes&type=A") == [data["complete"].pk, data["elsewhere"].pk]


@pytest.mark.parametrize(
    "query, message",
    [
        ("?type=X", "type='X' is not allowed. Use one of: R, A, I."),
        ("?item_type=X", "item_type='X' is not allowed. Use one of: R, A, I."),
        ("?body=nobody", "There is no body with the address 'nobody'."),
        ("?overdue=maybe", "overdue='maybe' is not allowed. Use overdue=yes or leave it out."),
        ("?due_by=27/3/2026", "due_by='27/3/2026' is not a date. Write it as 2026-03-27."),
        ("?due_within=-1", "due_within='-1' is not allowed. Use a number of days, 0 to 3650."),
        (
            "?status=done",
            "status='done' is not allowed. Use one of: outstanding, open, sent, "
            "response-received, accepted, partially-accepted, rejected, in-progress, "
            "complete, impact-reviewed.",
        ),
    ],
)
def test_export_filter_errors_say_what_to_use(client, data, query, message):
    for url in ("/reports/tracker.csv", "/reports/tracker.xlsx"):
        response = client.get(url + query)
        assert response.status_code == 400
        assert response.content.decode() == message


def sheet_rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def xlsx_export(client, query: str = ""):
    response = client.get("/reports/tracker.xlsx" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="tracker-{today}.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def test_xlsx_export_holds_every_field_history_and_responses(client, data):
    item = TrackedItem.objects.get(pk=data["open_r"].pk)
    overdue_days = (timezone.localdate() - date(2025, 10, 31)).days

    workbook = xlsx_export(client)

    assert workbook.sheetnames == ["Tracked items", "Status history", "Responses"]
    items = workbook["Tracked items"]
    assert items.freeze_panes == "A2"
    assert all(cell.font.b for cell in items[1])
    assert items.column_dimensions["D"].width == 60
    rows = sheet_rows(items)
    assert [row[0] for row in rows[1:]] == [
        data[key].pk for key in ("open_r", "open_i", "complete", "elsewhere")
    ]
    assert dict(zip(rows[0], rows[1], strict=True)) == {
        "id": item.pk,
        "type": "R",
        "number": "1",
        "text": OPEN_R_TEXT,
        "topic": "School places",
        "source_kind": "resolution",
        "source_reference": "Minute 24/25",
        "body": "Education Scrutiny Board",
        "body_slug": "sb2",
        "meeting_date": datetime(2025, 9, 18),
        "parent_id": None,
        "addressees": "Cabinet Member (Education and Skills)",
        "owners": "Director of Education",
        "officer_contact": "Jane Smith",
        "due_date": datetime(2025, 10, 31),
        "due_basis": "Stated in the resolution",
        "status": "sent",
        "last_seen": None,
        "history": "no",
        "overdue": "yes",
        "rag": "red",
        "rag_reason": f"Overdue by {overdue_days} days",
        "visibility": "public",
        "source_document": "sb2-pack-2025-09-18.txt",
        "source_first_line": 120,
        "source_last_line": 124,
        "created_at": timezone.localtime(item.created_at).replace(tzinfo=None, microsecond=0),
        "updated_at": timezone.localtime(item.updated_at).replace(tzinfo=None, microsecond=0),
        "version": 1,
    }
    assert items.cell(row=2, column=10).number_format == "yyyy-mm-dd"
    # Text that looks like a formula stays text.
    formula_like = items.cell(row=5, column=4)
    assert (formula_like.value, formula_like.data_type) == (
        "=1+1 is how the paper starts this line",
        "s",
    )

    history = workbook["Status history"]
    assert history.freeze_panes == "A2"
    assert sheet_rows(history) == [
        ["tracked_item_id", "changed_at", "from_status", "to_status", "changed_by", "note"],
        [item.pk, datetime(2025, 9, 18, 13, 0), None, "open", None, "Resolved at the meeting"],
        [item.pk, datetime(2025, 9, 20, 12, 0), "open", "sent", "officer1", "Letter sent"],
    ]
    responses = sheet_rows(workbook["Responses"])
    assert responses[0] == [
        "tracked_item_id",
        "date",
        "responder",
        "text",
        "links",
        "recorded_at",
        "recorded_by",
    ]
    assert [row[:5] + row[6:] for row in responses[1:]] == [
        [item.pk, None, None, "Acknowledged.", None, None],
        [item.pk, datetime(2025, 10, 1), "Cabinet Member", "We will reply by October.", None, None],
        [
            item.pk,
            datetime(2025, 10, 15),
            "Cabinet Member",
            LATEST_RESPONSE,
            "https://example.org/letter",
            "officer1",
        ],
    ]
    assert all(isinstance(row[5], datetime) for row in responses[1:])


def test_xlsx_export_leaves_out_restricted_items_for_the_public(client, member_client, data):
    restricted_id = data["restricted"].pk

    public_ids = [row[0] for row in sheet_rows(xlsx_export(client)["Tracked items"])[1:]]
    member_ids = [row[0] for row in sheet_rows(xlsx_export(member_client)["Tracked items"])[1:]]

    assert restricted_id not in public_ids
    assert restricted_id in member_ids
    assert len(member_ids) == len(public_ids) + 1


def test_xlsx_export_writes_control_characters_as_spaces(client, data):
    TrackedItem.objects.filter(pk=data["open_i"].pk).update(text="Page one\x0cpage two")

    rows = sheet_rows(xlsx_export(client, "?type=I")["Tracked items"])

    assert rows[1][3] == "Page one page two"


# -- bounded queries ------------------------------------------------------------------------


def add_items(body, meeting, officer, count):
    """Items from resolutions of minutes of agenda items: a resolution's readability follows
    its minute, its agenda item and its meeting, all of which a report must read at once."""
    for n in range(count):
        agenda_item = AgendaItem.objects.create(meeting=meeting, number=f"E{n}", title=f"Extra {n}")
        minute = Minute.objects.create(
            meeting=meeting,
            number=900 + n,
            municipal_year="2025/26",
            title=f"Extra {n}",
            agenda_item=agenda_item,
        )
        resolution = Resolution.objects.create(minute=minute, order=0, text=f"Extra action {n}")
        item = TrackedItem.objects.create(
            item_type="A",
            text=f"Extra action {n}",
            source_kind=TrackedItem.SourceKind.MANUAL,
            body=body,
            meeting=meeting,
            resolution=resolution,
            officer_contact=Person.objects.create(name=f"Officer {n}", surname_key=f"o{n}"),
        )
        Party.objects.create(tracked_item=item, role="owner", label=f"Owner {n}")
        Party.objects.create(tracked_item=item, role="addressee", label=f"Addressee {n}")
        StatusChange.objects.create(
            tracked_item=item,
            from_status="",
            to_status="open",
            changed_at=utc(2025, 9, 18, 12, 0),
            changed_by=officer,
            note="Made",
        )
        Response.objects.create(tracked_item=item, text=f"Reply {n}", recorded_by=officer)


def count_queries(fetch) -> int:
    with CaptureQueriesContext(connection) as queries:
        fetch()
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/reports/tracker.csv",
        "/reports/tracker.xlsx",
        "/reports/tracker.csv?body=sb2&overdue=0",
        "/reports/bodies/sb2/outstanding-issues/",
        "/reports/bodies/sb2/outstanding-issues.docx",
        "/reports/bodies/sb2/outstanding-issues.pdf",
        "/reports/bodies/sb2/work-programme/2025-26/",
        "/reports/bodies/sb2/work-programme/2025-26.docx",
    ],
)
@pytest.mark.parametrize("who", ["member", "anonymous"])
def test_queries_do_not_grow_with_the_number_of_rows(
    member_client, client, data, django_assert_max_num_queries, url, who
):
    reader = member_client if who == "member" else client

    def fetch():
        response = reader.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    before = count_queries(fetch)
    meeting = Meeting.objects.get(date=date(2025, 9, 18))
    add_items(data["board"], meeting, data["officer"], 30)
    for n in range(30):
        WorkProgrammeItem.objects.create(
            body=data["board"], municipal_year="2025/26", meeting=meeting, title=f"Extra {n}"
        )

    with django_assert_max_num_queries(before):
        fetch()
    assert before <= 10  # one of them: the bodies the member reads


def test_export_of_many_items_reads_them_in_chunks(client, data, monkeypatch):
    """Chunks change the number of queries per chunk, never per row."""
    from scrutineer.reports import tracker_tables as export

    monkeypatch.setattr(export, "CHUNK", 2)
    meeting = Meeting.objects.get(date=date(2025, 9, 18))
    add_items(data["board"], meeting, data["officer"], 5)

    rows = csv_export(client, "?source=manual")

    assert [row["text"] for row in rows] == [COMPLETE_TEXT] + [
        f"Extra action {n}" for n in range(5)
    ]
    assert rows[3]["owners"] == "Owner 2"
    assert rows[3]["status_history"] == "2025-09-18 —→open by officer1: Made"
    assert rows[3]["responses"] == "undated: Reply 2"
