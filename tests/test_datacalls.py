"""Partner submissions for a data call: templates, uploads (XLSX and CSV), figures typed by
hand, the submission status page and closing a call. Through the real views where a person
would use them, against the real database."""

import csv
import datetime as dt
import hashlib
import html
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from scrutineer.governance.models import Body, Organisation
from scrutineer.packs import spreadsheets
from scrutineer.packs.figures import FigureError, parse_figure
from scrutineer.packs.spreadsheets import SubmissionRejected
from scrutineer.performance.datacalls import lifecycle, returns, templates
from scrutineer.performance.models import (
    Area,
    Breakdown,
    DataCall,
    Indicator,
    Observation,
    Period,
    Submission,
)
from scrutineer.periods import Quarter
from tests.helpers import signed_in, user_in

Unit = Indicator.Unit
Status = Observation.Status
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def data(db, django_user_model):
    body = Body.objects.create(
        name="Safeguarding Partnership", kind=Body.Kind.SAFEGUARDING_PARTNERSHIP
    )
    council = Organisation.objects.create(name="Coventry City Council")
    police = Organisation.objects.create(name="West Midlands Police")
    coventry = Area.objects.create(name="Coventry", kind=Area.Kind.LOCAL_AUTHORITY)
    england = Area.objects.create(name="England", kind=Area.Kind.ENGLAND)
    last_q4 = Period.objects.create(
        label="2020/21 Q4",
        kind=Period.Kind.QUARTER,
        start=dt.date(2021, 1, 1),
        end=dt.date(2021, 3, 31),
    )
    period = Period.objects.create(
        label="2021/22 Q1",
        kind=Period.Kind.QUARTER,
        start=dt.date(2021, 4, 1),
        end=dt.date(2021, 6, 30),
    )

    def indicator(name, unit, owner, priority="Priority 1", frequency="quarterly"):
        return Indicator.objects.create(
            name=name,
            unit=unit,
            body=body,
            priority=priority,
            responsible_organisation=owner,
            frequency=frequency,
        )

    plans = indicator("Children on a child protection plan", Unit.COUNT, council)
    rereferrals = indicator("Re-referrals into MASH", Unit.PERCENT, council)
    cin = indicator("CIN (Abuse or Neglect)", Unit.COUNT_PERCENT, council)
    arrests = indicator("CSE arrests and convictions", Unit.RATIO, police, priority="Priority 2")
    missing = indicator("Missing episodes", Unit.COUNT, police, priority="Priority 2")
    annual = indicator("Annual audit score", Unit.PERCENT, council, frequency="annual")
    young = Breakdown.objects.create(dimension=Breakdown.Dimension.AGE_BAND, value="0-3")
    older = Breakdown.objects.create(dimension=Breakdown.Dimension.AGE_BAND, value="4-9")
    # Last quarter's figures: the plans indicator has age bands, England is a comparator.
    for breakdown, value in [(None, 160), (young, 50), (older, 61)]:
        Observation.objects.create(
            indicator=plans,
            area=coventry,
            period=last_q4,
            breakdown=breakdown,
            raw=str(value),
            value=value,
        )
    Observation.objects.create(
        indicator=plans, area=england, period=last_q4, raw="40.1", value=Decimal("40.1")
    )
    call = DataCall.objects.create(
        body=body, period=period, deadline=dt.date(2021, 7, 31), title="2021/22 Q1 data call"
    )
    call.indicators.set([plans, rereferrals, cin, arrests, missing])
    officer = user_in(django_user_model, "olivia", "officer", bodies=[body])
    return {
        "body": body,
        "council": council,
        "police": police,
        "coventry": coventry,
        "england": england,
        "period": period,
        "last_q4": last_q4,
        "plans": plans,
        "rereferrals": rereferrals,
        "cin": cin,
        "arrests": arrests,
        "missing": missing,
        "annual": annual,
        "young": young,
        "older": older,
        "call": call,
        "officer": officer,
    }


@pytest.fixture
def officer_client(data):
    return signed_in(data["officer"])


def download(client, call, organisation, kind="xlsx"):
    url = reverse(f"data-call-template-{kind}", args=[call.pk])
    response = client.get(url, {"organisation": organisation.pk})
    assert response.status_code == 200, response.content[:500]
    return response


def xlsx_rows(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Figures"]
    return workbook, [list(row) for row in sheet.iter_rows(values_only=True)]


def fill_xlsx(content: bytes, figures: dict) -> bytes:
    """``figures``: {(indicator_id, breakdown): {column: value}} written into the template."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Figures"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        key = (row[0].value, row[header.index("breakdown")].value or "")
        for column, value in figures.get(key, {}).items():
            row[header.index(column)].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, call, organisation, name, content):
    return client.post(
        reverse("data-call-upload", args=[call.pk]),
        {"organisation": organisation.pk, "file": SimpleUploadedFile(name, content)},
    )


def current(indicator, area, period, breakdown=None):
    return Observation.objects.get(
        indicator=indicator, area=area, period=period, breakdown=breakdown, superseded_by=None
    )


def text_of(response) -> str:
    return html.unescape(response.content.decode())


# Templates ---------------------------------------------------------------------------------


def test_xlsx_template_lists_the_organisations_figures(officer_client, data):
    response = download(officer_client, data["call"], data["council"])
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="data-return-202122-q1-coventry-city-council.xlsx"'
    )
    workbook, rows = xlsx_rows(response.content)
    assert workbook.sheetnames == ["About", "Figures"]
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True) if row[0]}
    assert about["data_call_id"] == data["call"].pk
    assert about["organisation_id"] == data["council"].pk
    assert workbook["About"].protection.sheet is True
    assert rows[0] == [
        "indicator_id",
        "indicator",
        "area",
        "period",
        "breakdown",
        "value",
        "value2",
        "status",
        "note",
    ]
    plans, cin, rereferrals = data["plans"].pk, data["cin"].pk, data["rereferrals"].pk
    # The council's three indicators (not the police's, not the annual one), for Coventry
    # only; the plans indicator also by the age bands it had figures for last quarter.
    assert [row[:5] for row in rows[1:]] == [
        [cin, "CIN (Abuse or Neglect)", "Coventry", "2021/22 Q1", None],
        [plans, "Children on a child protection plan", "Coventry", "2021/22 Q1", None],
        [plans, "Children on a child protection plan", "Coventry", "2021/22 Q1", "Age band: 0-3"],
        [plans, "Children on a child protection plan", "Coventry", "2021/22 Q1", "Age band: 4-9"],
        [rereferrals, "Re-referrals into MASH", "Coventry", "2021/22 Q1", None],
    ]
    assert all(row[5:] == [None, None, None, None] for row in rows[1:])


def test_template_needs_an_organisation_of_the_call(officer_client, data):
    url = reverse("data-call-template-xlsx", args=[data["call"].pk])
    response = officer_client.get(url)
    assert response.status_code == 200
    assert "Select the organisation to make a template for" in text_of(response)
    stranger = Organisation.objects.create(name="A school")
    response = officer_client.get(url, {"organisation": stranger.pk})
    assert "Select one of the organisations listed" in text_of(response)


# Uploads -----------------------------------------------------------------------------------


def test_filled_xlsx_template_creates_exactly_the_expected_observations(officer_client, data):
    template = download(officer_client, data["call"], data["council"]).content
    plans, cin, rereferrals = data["plans"].pk, data["cin"].pk, data["rereferrals"].pk
    filled = fill_xlsx(
        template,
        {
            (plans, ""): {"value": 164, "note": "Snapshot at 30 June"},
            (plans, "Age band: 0-3"): {"value": "41"},
            # Age band 4-9 left empty: not returned.
            (rereferrals, ""): {"value": "36.5%"},
            (cin, ""): {"value": 1345, "value2": 88.2},
        },
    )
    before = Observation.objects.count()
    response = upload(officer_client, data["call"], data["council"], "council-q1.xlsx", filled)
    assert response.status_code == 302
    assert response["Location"] == data["call"].get_absolute_url()

    submission = Submission.objects.get()
    assert submission.data_call == data["call"]
    assert submission.organisation == data["council"]
    assert submission.submitted_by == data["officer"]
    assert submission.file_name == "council-q1.xlsx"
    assert submission.sha256 == hashlib.sha256(filled).hexdigest()
    assert submission.rows == 4
    assert Observation.objects.count() == before + 4
    created = {
        (o.indicator_id, o.breakdown_id, o.status, o.value, o.value2, o.raw, o.note)
        for o in Observation.objects.filter(submission=submission)
    }
    assert created == {
        (plans, None, "reported", Decimal("164"), None, "164", "Snapshot at 30 June"),
        (plans, data["young"].pk, "reported", Decimal("41"), None, "41", ""),
        (rereferrals, None, "reported", Decimal("36.5"), None, "36.5%", ""),
        (cin, None, "reported", Decimal("1345"), Decimal("88.2"), "1345 (88.2)", ""),
    }
    for observation in Observation.objects.filter(submission=submission):
        assert observation.area == data["coventry"]
        assert observation.period == data["period"]
        assert observation.source is None
        assert observation.superseded_by is None
        assert observation.entered_by == data["officer"]
    page = text_of(officer_client.get(data["call"].get_absolute_url()))
    assert (
        "council-q1.xlsx has been imported for Coventry City Council: 4 figures recorded." in page
    )


def test_a_bad_cell_rejects_the_whole_file_naming_row_and_column(officer_client, data):
    template = download(officer_client, data["call"], data["council"]).content
    plans, rereferrals = data["plans"].pk, data["rereferrals"].pk
    filled = fill_xlsx(
        template,
        {(plans, ""): {"value": 164}, (rereferrals, ""): {"value": "12,3x"}},
    )
    before = Observation.objects.count()
    response = upload(officer_client, data["call"], data["council"], "bad.xlsx", filled)
    assert response.status_code == 200
    page = text_of(response)
    # Re-referrals is on row 6 of the Figures sheet (the header is row 1).
    assert "Row 6, column value: '12,3x' is not a number" in page
    assert "There is a problem" in page
    assert Observation.objects.count() == before
    assert not Submission.objects.exists()


def test_every_problem_is_listed_and_nothing_is_written(data):
    call, council = data["call"], data["council"]
    template = templates.template_xlsx(call, council)
    plans, rereferrals = data["plans"].pk, data["rereferrals"].pk
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Figures"]
    sheet["F2"] = 1345  # CIN: count without its percentage
    sheet["F3"] = 164
    sheet["F4"] = "12.5"  # a count must be whole
    sheet["H5"] = "maybe"  # not a status
    sheet["F6"] = "-"  # means "not applicable", but in the value column
    sheet["I3"] = "Includes one late plan"
    sheet.append([plans, "copy", "Coventry", "2021/22 Q1", None, 170])  # duplicate of row 3
    sheet.append([99999, "?", "Coventry", "2021/22 Q1", None, 1])
    sheet.append([data["arrests"].pk, "?", "Coventry", "2021/22 Q1", None, "5/2"])
    sheet.append([rereferrals, "?", "Sheffield", "2020/21 Q4", "Age band: 99", 3])
    sheet.append([plans, "?", "Coventry", "2021/22 Q1", "Age band: 4-9", None, None, None, "Hm"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(SubmissionRejected) as caught:
        returns.import_submission(call, council, "many.xlsx", buffer.getvalue(), None)
    assert [str(p) for p in caught.value.problems] == [
        "Row 2, column value2: enter the percentage as well as the count (this indicator is a "
        "count with percentage: for example 1345 in value and 88.2 in value2)",
        "Row 4, column value: '12.5' is not a whole number: enter a count, such as 12",
        "Row 5, column status: 'maybe' is not a status: leave it blank for a figure, or enter "
        "not-applicable or not-received",
        "Row 6, column value: '-' is not a number: leave value blank and enter not-applicable "
        "in the status column",
        "Row 7, column indicator_id: the same indicator, area, period and breakdown as row 3: "
        "keep one of the two rows",
        "Row 8, column indicator_id: '99999' is not an indicator in this data call",
        f"Row 9, column indicator_id: {data['arrests'].pk} (CSE arrests and convictions) is "
        "returned by West Midlands Police, not by Coventry City Council",
        "Row 10, column area: 'Sheffield' is not an area in this data call: enter Coventry",
        "Row 10, column period: '2020/21 Q4' is not the period of this data call: enter 2021/22 Q1",
        "Row 10, column breakdown: 'Age band: 99' is not a breakdown Scrutineer knows: use one "
        "from the template, or leave it blank for the total",
        "Row 11, column value: enter the figure or a status, or clear the note",
    ]
    assert not Observation.objects.filter(period=data["period"]).exists()
    assert not Submission.objects.exists()


def test_many_problems_are_listed_on_the_upload_page(officer_client, data):
    template = download(officer_client, data["call"], data["council"]).content
    plans, rereferrals = data["plans"].pk, data["rereferrals"].pk
    filled = fill_xlsx(
        template, {(plans, ""): {"value": "lots"}, (rereferrals, ""): {"value": "101%%"}}
    )
    response = upload(officer_client, data["call"], data["council"], "bad.xlsx", filled)
    page = text_of(response)
    assert "The file has 2 problems, listed below. Nothing was imported" in page
    assert "Row 3, column value: 'lots' is not a number" in page
    assert "Row 6, column value: '101%%' is not a number" in page
    assert not Observation.objects.filter(period=data["period"]).exists()


def test_csv_template_round_trip(officer_client, data):
    response = download(officer_client, data["call"], data["police"], kind="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    arrests, missing = data["arrests"].pk, data["missing"].pk
    assert rows[0][:4] == [
        "data_call_id",
        str(data["call"].pk),
        "organisation_id",
        str(data["police"].pk),
    ]
    assert rows[1] == [
        "indicator_id",
        "indicator",
        "area",
        "period",
        "breakdown",
        "value",
        "value2",
        "status",
        "note",
    ]
    assert rows[2:] == [
        [str(arrests), "CSE arrests and convictions", "Coventry", "2021/22 Q1", "", "", "", "", ""],
        [str(missing), "Missing episodes", "Coventry", "2021/22 Q1", "", "", "", "", ""],
    ]
    rows[2][5] = "5/2"
    rows[3][7] = "not-received"
    rows[3][8] = "System outage"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    content = out.getvalue().encode("utf-8")
    response = upload(officer_client, data["call"], data["police"], "police.csv", content)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.rows == 2
    assert {
        (o.indicator_id, o.status, o.value, o.value2, o.raw, o.note)
        for o in submission.observations.all()
    } == {
        (arrests, "reported", Decimal("5"), Decimal("2"), "5/2", ""),
        (missing, "not-received", None, None, "not-received", "System outage"),
    }


def test_a_bad_csv_cell_is_rejected_whole(officer_client, data):
    content = templates.template_csv(data["call"], data["police"]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    rows[2][5] = "5"  # a ratio needs its second number
    rows[3][5] = "12"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    response = upload(
        officer_client, data["call"], data["police"], "p.csv", out.getvalue().encode()
    )
    page = text_of(response)
    assert (
        "Row 3, column value2: enter the second number as well as the first number (this "
        "indicator is a pair of counts: for example 5 in value and 2 in value2, or 5/2 in value)"
    ) in page
    assert not Observation.objects.filter(period=data["period"]).exists()
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The selected file is empty"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "The selected file is not a spreadsheet",
        ),
        (b"PK\x03\x04 not really a zip", "could not be opened as an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old-style Excel workbook (.xls)"),
        (b"name,score\r\nAda,3\r\n", "is not a data return template from Scrutineer"),
        (b"A" * (spreadsheets.MAX_BYTES + 1), "The selected file must be smaller than 10 MB"),
    ],
)
def test_files_that_are_not_the_template_are_refused(data, content, message):
    with pytest.raises(SubmissionRejected) as caught:
        returns.import_submission(data["call"], data["council"], "x", content, None)
    assert message in str(caught.value.problems[0])
    assert not Submission.objects.exists()


def test_a_workbook_without_the_template_sheets_is_refused(data):
    workbook = Workbook()
    workbook.active.append(["indicator_id", "value"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(SubmissionRejected) as caught:
        returns.import_submission(data["call"], data["council"], "x.xlsx", buffer.getvalue())
    assert str(caught.value.problems[0]) == (
        "The selected file is not a data return template from Scrutineer: download the template "
        "for this data call, copy your figures into it and upload that file (it needs the sheets "
        "“About” and “Figures”)"
    )


def test_wrong_call_or_organisation_is_refused(officer_client, data):
    council_template = templates.template_xlsx(data["call"], data["council"])
    other_period = Period.objects.create(
        label="2021/22 Q2", kind="quarter", start=dt.date(2021, 7, 1), end=dt.date(2021, 9, 30)
    )
    other_call = DataCall.objects.create(
        body=data["body"], period=other_period, deadline=dt.date(2021, 10, 31), title="Q2 call"
    )
    other_call.indicators.set([data["plans"]])
    with pytest.raises(SubmissionRejected) as caught:
        returns.import_submission(other_call, data["council"], "c.xlsx", council_template)
    assert str(caught.value.problems[0]).startswith(
        "The selected file is the template for another data call (2021/22 Q1 data call), not "
        "for Q2 call"
    )
    response = upload(officer_client, data["call"], data["police"], "c.xlsx", council_template)
    assert (
        "The selected file is the template for Coventry City Council, not for West Midlands "
        "Police: choose Coventry City Council as the organisation"
    ) in text_of(response)
    assert not Submission.objects.exists()


def test_an_empty_template_is_refused(data):
    template = templates.template_xlsx(data["call"], data["council"])
    with pytest.raises(SubmissionRejected) as caught:
        returns.import_submission(data["call"], data["council"], "t.xlsx", template)
    assert str(caught.value.problems[0]) == (
        "The selected file has no figures in it: fill in the value or the status of at least "
        "one row"
    )


def test_upload_form_asks_for_a_file(officer_client, data):
    response = officer_client.post(
        reverse("data-call-upload", args=[data["call"].pk]), {"organisation": data["council"].pk}
    )
    assert "Select the filled-in template to upload" in text_of(response)
    response = upload(officer_client, data["call"], data["council"], "empty.csv", b"")
    assert "The selected file is empty" in text_of(response)


# Re-submission and history -----------------------------------------------------------------


def test_resubmission_supersedes_and_keeps_the_earlier_figure(officer_client, data):
    call, council, plans = data["call"], data["council"], data["plans"]
    template = download(officer_client, call, council).content
    first = fill_xlsx(
        template, {(plans.pk, ""): {"value": 164}, (data["cin"].pk, ""): {"value": "1345 (88.2%)"}}
    )
    assert upload(officer_client, call, council, "first.xlsx", first).status_code == 302
    earlier = current(plans, data["coventry"], data["period"])
    assert earlier.value == Decimal("164")

    # The corrected return: plans changes, CIN is the same and must not be duplicated.
    corrected = fill_xlsx(
        template,
        {(plans.pk, ""): {"value": 168}, (data["cin"].pk, ""): {"value": 1345, "value2": "88.2%"}},
    )
    response = upload(officer_client, call, council, "corrected.xlsx", corrected)
    assert response.status_code == 302
    later = current(plans, data["coventry"], data["period"])
    assert later.value == Decimal("168")
    earlier.refresh_from_db()
    assert earlier.superseded_by == later
    assert earlier.value == Decimal("164")
    assert Observation.objects.filter(indicator=data["cin"], period=data["period"]).count() == 1
    second = Submission.objects.get(file_name="corrected.xlsx")
    assert list(second.observations.values_list("value", flat=True)) == [Decimal("168")]

    page = officer_client.get(call.get_absolute_url())
    content = text_of(page)
    assert (
        "1 figure recorded, 1 earlier figure replaced and kept in the history, 1 unchanged."
        in content
    )
    history = page.context["history"]
    assert [(o.figure, o.superseded_by.figure) for o in history] == [("164", "168")]
    assert '<span class="app-earlier-figure">164</span>' in content
    assert '<span class="app-replacement-figure">168</span>' in content

    # The same file again changes nothing.
    counts = (Observation.objects.count(), Submission.objects.count())
    response = upload(officer_client, call, council, "corrected-again.xlsx", corrected)
    assert response.status_code == 302
    assert (Observation.objects.count(), Submission.objects.count()) == counts
    assert "This file was already uploaded for Coventry City Council" in text_of(
        officer_client.get(call.get_absolute_url())
    )


def test_the_template_carries_the_current_figures(officer_client, data):
    call, council, plans = data["call"], data["council"], data["plans"]
    template = templates.template_xlsx(call, council)
    filled = fill_xlsx(
        template,
        {(plans.pk, ""): {"value": 164}, (data["cin"].pk, ""): {"value": 1345, "value2": 88.2}},
    )
    returns.import_submission(call, council, "a.xlsx", filled)
    _, rows = xlsx_rows(templates.template_xlsx(call, council))
    assert rows[1][5:7] == [1345, 88.2]
    assert rows[2][5] == 164
    # Sending the re-downloaded template back changes nothing but records the upload.
    again = templates.template_xlsx(call, council)
    submission = returns.import_submission(call, council, "b.xlsx", again)
    assert submission.outcome.created == 0 and submission.outcome.unchanged == 2
    assert Observation.objects.filter(period=data["period"]).count() == 2


# Figures typed by hand ---------------------------------------------------------------------


def test_manual_entry_needs_a_note(officer_client, data):
    call, plans = data["call"], data["plans"]
    url = reverse("observation-new", args=[call.pk, plans.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(
        url,
        {
            "area": data["coventry"].pk,
            "breakdown": "",
            "status": "reported",
            "value": "170",
            "note": "  ",
        },
    )
    assert response.status_code == 200
    assert "Enter a note saying where the figure came from or why you are entering it" in text_of(
        response
    )
    assert not Observation.objects.filter(period=data["period"]).exists()

    response = officer_client.post(
        url,
        {
            "area": data["coventry"].pk,
            "breakdown": "",
            "status": "reported",
            "value": "170",
            "note": "Phoned through by the service manager",
        },
    )
    assert response.status_code == 302
    typed = current(plans, data["coventry"], data["period"])
    assert (
        typed.value,
        typed.raw,
        typed.status,
        typed.submission,
        typed.entered_by,
        typed.note,
    ) == (
        Decimal("170"),
        "170",
        "reported",
        None,
        data["officer"],
        "Phoned through by the service manager",
    )

    # A correction by hand supersedes it, and a bad figure is explained.
    response = officer_client.post(
        url, {"area": data["coventry"].pk, "status": "reported", "value": "17O", "note": "Typo"}
    )
    assert "'17O' is not a number" in text_of(response)
    response = officer_client.post(
        url,
        {
            "area": data["coventry"].pk,
            "breakdown": data["young"].pk,
            "status": "not-applicable",
            "note": "Not collected by age this quarter",
        },
    )
    assert response.status_code == 302
    assert (
        current(plans, data["coventry"], data["period"], data["young"]).status == "not-applicable"
    )
    response = officer_client.post(
        url,
        {"area": data["coventry"].pk, "status": "reported", "value": "171", "note": "Corrected"},
    )
    assert response.status_code == 302
    typed.refresh_from_db()
    assert typed.superseded_by == current(plans, data["coventry"], data["period"])
    assert typed.superseded_by.value == Decimal("171")


def test_manual_pair_entry(officer_client, data):
    url = reverse("observation-new", args=[data["call"].pk, data["cin"].pk])
    response = officer_client.post(
        url,
        {"area": data["coventry"].pk, "status": "reported", "value": "1345", "note": "By email"},
    )
    assert "Enter the percentage as well as the count" in text_of(response)
    response = officer_client.post(
        url,
        {
            "area": data["coventry"].pk,
            "status": "reported",
            "value": "1345",
            "value2": "88.2",
            "note": "By email",
        },
    )
    assert response.status_code == 302
    figure = current(data["cin"], data["coventry"], data["period"])
    assert (figure.value, figure.value2, figure.raw) == (
        Decimal("1345"),
        Decimal("88.2"),
        "1345 (88.2)",
    )


# Status page and closing -------------------------------------------------------------------


def test_status_page_shows_who_has_submitted_what(officer_client, data):
    call = data["call"]
    filled = fill_xlsx(
        templates.template_xlsx(call, data["police"]),
        {(data["arrests"].pk, ""): {"value": 5, "value2": 2}},
    )
    returns.import_submission(call, data["police"], "police.xlsx", filled, data["officer"])
    Observation.objects.create(
        indicator=data["missing"],
        area=data["coventry"],
        period=data["period"],
        status="not-received",
    )
    response = officer_client.get(call.get_absolute_url())
    status = response.context["status"]
    states = {(row.indicator.name, row.state) for row in status.rows}
    assert states == {
        ("Children on a child protection plan", "missing"),
        ("Re-referrals into MASH", "missing"),
        ("CIN (Abuse or Neglect)", "missing"),
        ("CSE arrests and convictions", "submitted"),
        ("Missing episodes", "not-received"),
    }
    assert [row.returned_by for row in status.rows if row.state != "missing"] == [
        "West Midlands Police",
        "",
    ]
    assert [(g.name, g.submitted, g.not_received, g.missing) for g in status.groups] == [
        ("Coventry City Council", 0, 0, 3),
        ("West Midlands Police", 1, 1, 0),
    ]
    page = text_of(response)
    assert "1 submitted, 1 not received, 3 missing, of 5 indicators" in page
    assert '<strong class="govuk-tag govuk-tag--green">Submitted</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Missing</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--grey">Not received</strong>' in page
    assert "31 July 2021" in page
    assert "Close call and record missing returns" in page


def test_closing_records_missing_returns_once(data):
    call = data["call"]
    filled = fill_xlsx(
        templates.template_xlsx(call, data["council"]),
        {(data["plans"].pk, "Age band: 0-3"): {"value": 40}},
    )
    returns.import_submission(call, data["council"], "c.xlsx", filled)
    out = io.StringIO()
    call_command("close_data_calls", "--today", "2021-07-31", stdout=out)
    assert out.getvalue().strip() == "No data calls to close on 31 July 2021."
    call.refresh_from_db()
    assert call.closed_at is None

    out = io.StringIO()
    call_command("close_data_calls", "--today", "2021-08-01", stdout=out)
    assert out.getvalue().strip() == (
        "Closed 2021/22 Q1 data call (Safeguarding Partnership, deadline 31 July 2021): "
        "4 missing returns recorded as not received."
    )
    call.refresh_from_db()
    assert call.closed_at is not None
    recorded = Observation.objects.filter(period=data["period"], status="not-received")
    assert {(o.indicator.name, o.area.name, o.breakdown_id) for o in recorded} == {
        ("Re-referrals into MASH", "Coventry", None),
        ("CIN (Abuse or Neglect)", "Coventry", None),
        ("CSE arrests and convictions", "Coventry", None),
        ("Missing episodes", "Coventry", None),
    }
    assert all(o.superseded_by is None and o.raw == "Not received" for o in recorded)

    count = Observation.objects.count()
    closed_at = call.closed_at
    out = io.StringIO()
    call_command("close_data_calls", "--today", "2021-09-01", stdout=out)
    assert out.getvalue().strip() == "No data calls to close on 1 September 2021."
    assert lifecycle.close_data_call(call) == 0
    assert Observation.objects.count() == count
    call.refresh_from_db()
    assert call.closed_at == closed_at


def test_close_button(officer_client, data):
    call = data["call"]
    url = reverse("data-call-close", args=[call.pk])
    assert officer_client.get(url).status_code == 405
    response = officer_client.post(url)
    assert response.status_code == 302
    assert Observation.objects.filter(period=data["period"], status="not-received").count() == 5
    page = text_of(officer_client.get(call.get_absolute_url()))
    assert "The data call is closed. 5 missing returns were recorded as not received." in page
    assert "Close call and record missing returns" not in page
    response = officer_client.post(url)
    assert Observation.objects.filter(period=data["period"], status="not-received").count() == 5
    # A late return replaces the not-received figure, which stays in the history.
    filled = fill_xlsx(
        templates.template_xlsx(call, data["police"]), {(data["missing"].pk, ""): {"value": 12}}
    )
    returns.import_submission(call, data["police"], "late.xlsx", filled)
    late = current(data["missing"], data["coventry"], data["period"])
    assert late.value == Decimal("12")
    assert late.supersedes.get().status == "not-received"


def test_close_command_rejects_a_bad_date(data):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today must be a date written YYYY-MM-DD"):
        call_command("close_data_calls", "--today", "31/07/2021")


# Making a call -----------------------------------------------------------------------------


def test_officer_makes_a_data_call_with_the_quarterly_indicators(officer_client, data):
    url = reverse("data-call-new", args=[data["body"].slug])
    form = officer_client.get(url).context["form"]
    quarterly = {
        str(data[name].pk) for name in ("plans", "rereferrals", "cin", "arrests", "missing")
    }
    assert set(form.initial["indicators"]) == quarterly
    response = officer_client.post(
        url, {"quarter": "2021/22 Q2", "deadline": "31/10/2021", "indicators": sorted(quarterly)}
    )
    call = DataCall.objects.get(period__label="2021/22 Q2")
    assert response["Location"] == call.get_absolute_url() == f"/scorecard/calls/{call.pk}/"
    assert (call.period.kind, call.period.start, call.period.end) == (
        "quarter",
        dt.date(2021, 7, 1),
        dt.date(2021, 9, 30),
    )
    assert call.title == "2021/22 Q2 scorecard data call"
    assert call.deadline == dt.date(2021, 10, 31)
    assert {str(pk) for pk in call.indicators.values_list("pk", flat=True)} == quarterly
    # The same quarter again is refused, and so is a quarter that is not one.
    response = officer_client.post(
        url, {"quarter": "2021/22 Q2", "deadline": "31/10/2021", "indicators": sorted(quarterly)}
    )
    assert "There is already a data call for 2021/22 Q2" in text_of(response)
    response = officer_client.post(url, {"quarter": "Q5", "deadline": "31/10/2021"})
    page = text_of(response)
    assert "Enter the quarter as a financial year and quarter, for example 2021/22 Q1" in page
    assert "Select at least one indicator for partners to return" in page
    assert DataCall.objects.count() == 2
    listing = text_of(officer_client.get(reverse("data-calls", args=[data["body"].slug])))
    assert "2021/22 Q2 scorecard data call" in listing and "2021/22 Q1 data call" in listing


# Permissions -------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_sign_in(client, data):
    call = data["call"]
    urls = [
        reverse("data-call", args=[call.pk]),
        reverse("data-calls", args=[data["body"].slug]),
        reverse("data-call-new", args=[data["body"].slug]),
        reverse("data-call-upload", args=[call.pk]),
        reverse("data-call-template-xlsx", args=[call.pk]),
        reverse("observation-new", args=[call.pk, data["plans"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"/sign-in/?next={url}")
    response = client.post(reverse("data-call-close", args=[call.pk]))
    assert response.status_code == 302
    assert call.__class__.objects.get(pk=call.pk).closed_at is None


def test_users_who_are_not_officers_of_the_body_are_refused(django_user_model, data):
    call = data["call"]
    nobody = signed_in(user_in(django_user_model, "nora"))
    assert nobody.get(reverse("data-call", args=[call.pk])).status_code == 403
    other_body = Body.objects.create(name="Another board")
    outsider = signed_in(user_in(django_user_model, "otto", "officer", bodies=[other_body]))
    member = signed_in(user_in(django_user_model, "mo", "member"))
    template = templates.template_xlsx(call, data["council"])
    filled = fill_xlsx(template, {(data["plans"].pk, ""): {"value": 1}})
    # An officer of another body does not read this body's calls; a member of it does.
    assert outsider.get(reverse("data-call", args=[call.pk])).status_code == 403
    assert member.get(reverse("data-call", args=[call.pk])).status_code == 200
    for client in (outsider, member):
        assert client.get(reverse("data-call-upload", args=[call.pk])).status_code == 403
        assert upload(client, call, data["council"], "x.xlsx", filled).status_code == 403
        assert client.post(reverse("data-call-close", args=[call.pk])).status_code == 403
        url = reverse("observation-new", args=[call.pk, data["plans"].pk])
        assert (
            client.post(url, {"status": "reported", "value": "1", "note": "x"}).status_code == 403
        )
        assert client.get(reverse("data-call-new", args=[data["body"].slug])).status_code == 403
    page = member.get(reverse("data-call", args=[call.pk])).content.decode()
    assert "Close call and record missing returns" not in page
    assert "Upload a return" not in page
    assert not Observation.objects.filter(period=data["period"]).exists()
    call.refresh_from_db()
    assert call.closed_at is None


def test_closing_needs_a_csrf_token(data):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(data["officer"])
    assert strict.post(reverse("data-call-close", args=[data["call"].pk])).status_code == 403
    data["call"].refresh_from_db()
    assert data["call"].closed_at is None


def test_admin_may_upload_for_any_body(django_user_model, data):
    admin = signed_in(user_in(django_user_model, "ada", "admin"))
    filled = fill_xlsx(
        templates.template_xlsx(data["call"], data["police"]),
        {(data["missing"].pk, ""): {"value": 3}},
    )
    assert upload(admin, data["call"], data["police"], "p.xlsx", filled).status_code == 302
    assert current(data["missing"], data["coventry"], data["period"]).value == Decimal("3")


# Reading figures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "value", "value2", "expected"),
    [
        (Unit.PERCENT, "36.5", "", (Decimal("36.5"), None, "36.5")),
        (Unit.PERCENT, "36.5 %", "", (Decimal("36.5"), None, "36.5 %")),
        (Unit.COUNT, "1,345", "", (Decimal("1345"), None, "1,345")),
        (Unit.CURRENCY, "£1,250.50", "", (Decimal("1250.5"), None, "£1,250.50")),
        (
            Unit.COUNT_PERCENT,
            "1345 (88.2%)",
            "",
            (Decimal("1345"), Decimal("88.2"), "1345 (88.2%)"),
        ),
        (Unit.COUNT_PERCENT, "1696 (90.7)", "", (Decimal("1696"), Decimal("90.7"), "1696 (90.7)")),
        (Unit.COUNT_COUNT, "353", "134", (Decimal("353"), Decimal("134"), "353 (134)")),
        (Unit.RATIO, "5/2", "", (Decimal("5"), Decimal("2"), "5/2")),
        (Unit.RATIO, "5", "2", (Decimal("5"), Decimal("2"), "5/2")),
    ],
)
def test_figures_are_read_by_unit(unit, value, value2, expected):
    figure = parse_figure(unit, value, value2)
    assert (figure.value, figure.value2, figure.raw) == expected
    assert figure.status == "reported"


@pytest.mark.parametrize(
    ("unit", "value", "value2", "column", "message"),
    [
        (Unit.PERCENT, "12,3x", "", "value", "'12,3x' is not a number"),
        (
            Unit.COUNT,
            "36%",
            "",
            "value",
            "'36%' has a % sign, but this figure is not a percentage: enter the number alone",
        ),
        (Unit.COUNT, "-3", "", "value", "'-3' is below zero: enter 0 or more"),
        (
            Unit.COUNT,
            "12",
            "4",
            "value2",
            "leave value2 blank: this indicator has one figure (count)",
        ),
        (
            Unit.RATE_10000,
            "12345678901",
            "",
            "value",
            "'12345678901' is too large: enter a number below 10,000,000,000",
        ),
        (Unit.RATIO, "5/x", "", "value", "'x' is not a number"),
        (Unit.COUNT_PERCENT, "", "88.2", "value", "enter the count in value as well"),
    ],
)
def test_figures_that_cannot_be_read(unit, value, value2, column, message):
    with pytest.raises(FigureError) as caught:
        parse_figure(unit, value, value2)
    assert (caught.value.column, caught.value.message) == (column, message)


def test_a_date_made_by_the_spreadsheet_is_explained(data):
    filled = fill_xlsx(
        templates.template_xlsx(data["call"], data["police"]),
        {(data["arrests"].pk, ""): {"value": dt.datetime(2021, 2, 5)}},
    )
    with pytest.raises(SubmissionRejected) as caught:
        returns.import_submission(data["call"], data["police"], "p.xlsx", filled)
    assert str(caught.value.problems[0]) == (
        "Row 2, column value: the spreadsheet holds a date (5 February 2021), not a figure: for "
        "a pair such as 5/2 enter 5 in value and 2 in value2, or format the cell as text and "
        "type it again"
    )


def test_a_cell_formatted_as_a_percentage_is_read_as_one(data):
    template = templates.template_xlsx(data["call"], data["council"])
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Figures"]
    sheet["F6"] = 0.365  # re-referrals, typed as 36.5% into a percentage cell
    sheet["F6"].number_format = "0.0%"
    sheet["F2"] = 1345
    sheet["G2"] = 0.882
    sheet["G2"].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    returns.import_submission(data["call"], data["council"], "p.xlsx", buffer.getvalue())
    rereferrals = current(data["rereferrals"], data["coventry"], data["period"])
    assert (rereferrals.value, rereferrals.raw) == (Decimal("36.5"), "36.5%")
    cin = current(data["cin"], data["coventry"], data["period"])
    assert (cin.value, cin.value2, cin.raw) == (Decimal("1345"), Decimal("88.2"), "1345 (88.2%)")


def test_quarter_labels():
    def dates(label):
        quarter = Quarter.parse(label)
        return None if quarter is None else (quarter.label, quarter.start, quarter.end)

    assert dates("2020/21 Q4") == ("2020/21 Q4", dt.date(2021, 1, 1), dt.date(2021, 3, 31))
    assert dates("2021/22 q3") == ("2021/22 Q3", dt.date(2021, 10, 1), dt.date(2021, 12, 31))
    assert dates("2021/23 Q1") is None
    # What a new call asks for: the quarter that ended most recently.
    assert Quarter.last_ended_before(dt.date(2021, 8, 10)).label == "2021/22 Q1"
    assert Quarter.last_ended_before(dt.date(2022, 5, 1)).label == "2021/22 Q4"
    assert Quarter.last_ended_before(dt.date(2022, 2, 1)).label == "2021/22 Q3"
