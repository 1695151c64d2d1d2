"""Exports are safe to open in a spreadsheet: no text from a paper, an officer or a partner
becomes a formula (OWASP's CSV injection), and figures stay numbers."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from scrutineer.governance.models import Body
from scrutineer.performance.models import Area, Indicator, Observation, Period
from scrutineer.tracker.models import Party, Response, TrackedItem

HYPERLINK = '=HYPERLINK("http://x", "y")'
# Each way a spreadsheet can be made to start a formula.
TRIGGERS = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def body(db):
    return Body.objects.create(name="Safeguarding Children Partnership")


@pytest.fixture
def scorecard(body):
    area = Area.objects.create(name="Exampleshire", kind=Area.Kind.LOCAL_AUTHORITY)
    quarter = Period.objects.create(
        label="Q2", kind=Period.Kind.QUARTER, start=dt.date(2020, 7, 1), end=dt.date(2020, 9, 30)
    )
    indicator = Indicator.objects.create(name=HYPERLINK, body=body, priority="@Priority 1")
    Observation.objects.create(
        indicator=indicator,
        area=area,
        period=quarter,
        raw="-4.5",
        value=Decimal("-4.5"),
        footnote="=1+1",
    )
    return indicator


def test_scorecard_xlsx_writes_a_formula_name_as_a_string(client, body, scorecard):
    response = client.get(f"/scorecard/{body.slug}/2020-21/scorecard.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    name = sheet.cell(2, headers.index("Indicator") + 1)
    assert name.value == HYPERLINK
    assert name.data_type == "s"
    priority = sheet.cell(2, headers.index("Priority") + 1)
    assert (priority.value, priority.data_type) == ("@Priority 1", "s")
    for row in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row)


def test_scorecard_csv_neutralises_text_and_keeps_figures(client, body, scorecard):
    response = client.get(f"/scorecard/{body.slug}/2020-21/scorecard.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    assert rows[0]["indicator"] == "'" + HYPERLINK
    assert rows[0]["priority"] == "'@Priority 1"
    assert rows[0]["footnote"] == "'=1+1"
    assert rows[0]["raw"] == "'-4.5"  # as printed, text
    assert rows[0]["value"] == "-4.5000"  # the figure, a number


@pytest.fixture
def items(body):
    made = []
    for n, text in enumerate(TRIGGERS):
        item = TrackedItem.objects.create(
            item_type=TrackedItem.Type.ACTION,
            text=text,
            source_kind=TrackedItem.SourceKind.MANUAL,
            body=body,
            due_date=dt.date(2030, 1, 1) + dt.timedelta(days=n),
        )
        Party.objects.create(tracked_item=item, role=Party.Role.OWNER, label=text)
        Response.objects.create(tracked_item=item, text=text, responder="=cmd")
        made.append(item)
    return made


def test_tracker_csv_neutralises_every_formula_trigger(client, items):
    text = b"".join(client.get("/reports/tracker.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["text"] for row in rows] == ["'" + t for t in TRIGGERS]
    assert [row["owners"] for row in rows] == ["'" + t for t in TRIGGERS]
    assert [row["id"] for row in rows] == [str(item.pk) for item in items]


def test_tracker_xlsx_writes_every_text_as_a_string(client, items):
    book = load_workbook(io.BytesIO(client.get("/reports/tracker.xlsx").content))
    sheet = book["Tracked items"]
    headers = [cell.value for cell in sheet[1]]
    texts = [row[headers.index("text")] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in texts] == TRIGGERS
    assert {cell.data_type for cell in texts} == {"s"}
    ids = [row[headers.index("id")] for row in sheet.iter_rows(min_row=2)]
    assert {cell.data_type for cell in ids} == {"n"}  # figures stay numbers
    for name in book.sheetnames:
        for row in book[name].iter_rows():
            assert all(cell.data_type != "f" for cell in row), name
