"""Work programmes read from the real scrutiny packs and the bundled sample."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutineer.packs.leads import split_leads
from scrutineer.packs.model import Component
from scrutineer.packs.segment import segment
from scrutineer.packs.workprogramme import extract_work_programmes
from tests.seeds import seed_path

SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "src/scrutineer/sample/exampleshire-children-scrutiny-2025-11-20.txt"
)


def _extract(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return extract_work_programmes(lines, segment(lines))


@pytest.fixture(scope="module")
def pack_2016():
    return _extract(seed_path("scrutiny-pack-2016-07-21.txt"))


@pytest.fixture(scope="module")
def pack_2022():
    return _extract(seed_path("scrutiny-pack-2022-03-17.txt"))


@pytest.fixture(scope="module")
def sample():
    return _extract(SAMPLE)


def _item(programme, title):
    return next(item for item in programme.items if item.title == title)


def _scheduled(programme):
    return [item for item in programme.items if item.meeting_date]


def _in_bucket(programme, bucket):
    return [item for item in programme.items if item.bucket == bucket]


# 2016/17: the summary page, then the detailed table split over four pages.


def test_2016_one_programme_named_from_the_line_above_its_heading(pack_2016):
    programmes, _ = pack_2016
    assert len(programmes) == 1
    programme = programmes[0]
    assert programme.body == "Education and Children's Services (2)"
    assert programme.municipal_year == "2016/17"
    assert programme.title == "Scrutiny Work Programme 2016/17"
    assert programme.lines == (1353, 1429)


def test_2016_items_come_from_the_table_not_the_summary(pack_2016):
    programme = pack_2016[0][0]
    assert len(programme.items) == 35
    assert len(_scheduled(programme)) == 17
    assert len(_in_bucket(programme, "progress-reports")) == 7
    assert len(_in_bucket(programme, "proposed-items")) == 11
    assert all(item.lines[0] >= 1383 for item in programme.items)


def test_2016_scheduled_dates_run_from_june_to_march(pack_2016):
    scheduled = _scheduled(pack_2016[0][0])
    assert scheduled[0].meeting_date == "2016-06-16"
    assert scheduled[0].title == (
        "Recruitment and Retention of Social Work Staff (task and finish group)"
    )
    assert scheduled[-1].meeting_date == "2017-03-09"
    assert scheduled[-1].title == "Monitoring of SCR recommendations from 15/16"
    assert [item.title for item in scheduled if item.meeting_date == "2016-09-15"] == [
        "'Stepping Up' and 'Stepping Down' Process for Social Care cases.",
        "Quality Assurance Auditing",
        "SCR – Child F",
    ]


def test_2016_meetings_keep_the_out_of_order_date_as_printed(pack_2016):
    meetings = pack_2016[0][0].meetings
    assert [(m.label, m.date) for m in meetings] == [
        ("16th June 16", "2016-06-16"),
        ("21st July 16", "2016-07-21"),
        ("15th September 16", "2016-09-15"),
        ("13th October 16", "2016-10-13"),
        ("10th November 16", "2016-11-10"),
        ("8th December 16", "2016-12-08"),
        ("12th January 17", "2017-01-12"),
        ("9th February 17", "2017-02-09"),
        ("9th March 17", "2017-03-09"),
        ("6th April 16", "2016-04-06"),
    ]
    assert {m.status for m in meetings} == {"scheduled"}
    assert meetings[3].lines == (1391, 1397)  # 13 October runs over a page break


def test_2016_warnings_flag_the_april_date_and_the_summary_omissions(pack_2016):
    warnings = pack_2016[1]
    assert [(w.code, w.lines) for w in warnings] == [
        ("programme-date-out-of-order", (1404, 1404)),
        ("programme-summary-mismatch", (1425, 1425)),
        ("programme-summary-mismatch", (1426, 1426)),
        ("programme-summary-mismatch", (1427, 1427)),
        ("programme-summary-mismatch", (1428, 1428)),
        ("programme-summary-mismatch", (1429, 1429)),
    ]
    assert "'6th April 16'" in warnings[0].message
    assert "2017-03-09" in warnings[0].message
    assert "'CAMHS'" in warnings[1].message


def test_2016_cell_split_by_a_page_break_is_one_item(pack_2016):
    programme = pack_2016[0][0]
    item = _item(programme, "Youth Offending Service – progress report")
    assert item.lines == (1409, 1412)
    assert item.bucket == "progress-reports"
    assert item.bucket_label == "Progress Reports"
    assert item.detail == "An update on progress of the Youth Offending Service"
    assert item.leads_as_written == "Angie Parks Cllr Ruane"
    assert (item.lead_officers, item.cabinet_members) == (["Angie Parks"], ["Cllr Ruane"])
    assert not any(i.title == "progress report" for i in programme.items)


def test_2016_detail_split_by_a_page_break_is_joined(pack_2016):
    programme = pack_2016[0][0]
    visiting = _item(programme, "Health Visiting Contract")
    assert visiting.lines == (1393, 1396)
    assert visiting.detail.endswith("particularly Health Visitors involvement in CAF's.")
    reviews = _item(programme, "Serious Case reviews")
    assert reviews.lines == (1420, 1423)
    assert reviews.detail.startswith("The Board will consider recommendations from serious case")
    assert "serious case reviews when they are published" in reviews.detail
    assert reviews.leads_as_written == "Cat Parker/Hardeep Walker Cllr Ruane/Janet Mokades"
    assert reviews.lead_officers == ["Cat Parker", "Hardeep Walker", "Janet Mokades"]
    assert reviews.cabinet_members == ["Cllr Ruane"]


def test_2016_leads_run_together_are_split(pack_2016):
    programme = pack_2016[0][0]
    early_help = _item(programme, "Early Help Strategy")  # line 1386
    assert early_help.leads_as_written == "John Gregg Fran Doyle Cllr Ruane"
    assert early_help.lead_officers == ["John Gregg", "Fran Doyle"]
    assert early_help.cabinet_members == ["Cllr Ruane"]
    teen = _item(programme, "Teen pregnancy and PSHE in schools")  # line 1392
    assert teen.lead_officers == ["Kirston Nelson", "Nadia Ingliss", "Judith Simmonds"]
    assert teen.cabinet_members == ["Cllr Maton"]
    commissioned = _item(programme, "Commissioned Services including Residential Care")
    assert commissioned.lead_officers == ["John Gregg", "Sally Giles"]
    assert commissioned.cabinet_members == ["Cllr Ruane"]
    young_carers = _item(programme, "Young Carers")
    assert (young_carers.leads_as_written, young_carers.lead_officers) == (None, [])


def test_2016_standing_items_are_those_the_detail_calls_standing(pack_2016):
    programme = pack_2016[0][0]
    standing = [item for item in programme.items if item.standing]
    assert [item.title for item in standing] == [
        "Improvement Board - 11 May 2016",
        "Improvement Board - 22 June 16",
        "Improvement Board Report – 14 September 16",
        "Improvement Board Report – 2 November 16",
        "Improvement Board Report – 14 December 16",
        "Improvement Board Report – 25 January 17",
    ]
    assert {item.status for item in programme.items} == {"scheduled"}


# 2021-22: a postponed meeting and a list of items for next year.


def test_2022_programme_heading_names_the_body(pack_2022):
    programmes, warnings = pack_2022
    assert len(programmes) == 1
    programme = programmes[0]
    assert programme.body == "Education and Children's Services Scrutiny Board (2)"
    assert programme.municipal_year == "2021/22"
    assert programme.lines == (1796, 1847)
    assert warnings == []


def test_2022_scheduled_items_and_the_postponed_meeting(pack_2022):
    programme = pack_2022[0][0]
    scheduled = _scheduled(programme)
    assert len(scheduled) == 11
    assert (scheduled[0].meeting_date, scheduled[-1].meeting_date) == ("2021-06-24", "2022-03-17")
    postponed = [m for m in programme.meetings if m.status == "postponed"]
    assert [(m.label, m.date, m.lines) for m in postponed] == [
        ("27th January 2022 - postponed", "2022-01-27", (1832, 1832))
    ]
    assert not [item for item in programme.items if item.meeting_date == "2022-01-27"]
    assert len(programme.meetings) == 6


def test_2022_items_for_next_year(pack_2022):
    programme = pack_2022[0][0]
    next_year = _in_bucket(programme, "next-year")
    assert [item.title for item in next_year] == [
        "Library provision",
        "Children Missing Education",
        "One Strategic Plan",
        "Adoption Service Annual Report",
        "Family Valued Programme",
        "Youth Provision in Coventry",
        "SEND, employment and post-16 opportunities",
        "School Performance Information – validated data",
        "School Readiness",
        "Task and Finish Group – Autism in Schools",
    ]
    assert {item.bucket_label for item in next_year} == {"Items for 2022-23"}
    assert {item.meeting_date for item in next_year} == {None}
    assert len(programme.items) == 21


def test_2022_leads_with_slashes_are_split(pack_2022):
    programme = pack_2022[0][0]
    plan = _item(programme, "Ofsted Outcomes and Action Plan").lines
    assert plan == (1821, 1821)
    first = programme.items[0]
    assert first.leads_as_written == "John Gregg/ Kirston Nelson Cllr Sandhu/ Cllr Seaman"
    assert first.lead_officers == ["John Gregg", "Kirston Nelson"]
    assert first.cabinet_members == ["Cllr Sandhu", "Cllr Seaman"]
    horizon = _item(programme, "Children's Services Horizon Team (Child Exploitation Team)")
    assert horizon.lead_officers == ["John Gregg", "Kirston Nelson"]
    assert horizon.cabinet_members == ["Cllr Seaman", "Cllr Sandhu"]
    adoption = _item(programme, "Adoption Service Annual Report")
    assert (adoption.lead_officers, adoption.cabinet_members) == (["Paul Smith"], ["Cllr Seaman"])


# The bundled sample: the header and a meeting date both repeat after a page break.


def test_sample_repeated_meeting_date_continues_one_meeting(sample):
    programmes, warnings = sample
    assert warnings == []
    programme = programmes[0]
    assert programme.body == "Children and Young People Scrutiny Board"
    assert programme.municipal_year == "2025/26"
    assert len(programme.items) == 17
    assert len(_scheduled(programme)) == 15
    assert [m.date for m in programme.meetings] == [
        "2025-06-19",
        "2025-07-17",
        "2025-09-18",
        "2025-11-20",
        "2026-01-22",
        "2026-03-19",
    ]
    november = programme.meetings[3]
    assert november.lines == (317, 321)
    assert [i.title for i in programme.items if i.meeting_date == "2025-11-20"] == [
        "SEND Sufficiency and Inclusion",
        "Child Exploitation and Children Missing from Home and Care",
        "Youth Council Priorities 2025-26",
    ]


def test_sample_next_year_items_and_titled_officer(sample):
    programme = sample[0][0]
    assert [i.title for i in _in_bucket(programme, "next-year")] == [
        "School Performance - validated data",
        "Safeguarding Children Partnership Annual Report 2025-2026",
    ]
    report = _item(programme, "Safeguarding Children Partnership Annual Report")
    assert report.lead_officers == ["Dr Margaret Ellison-Hay", "Olwen Harker"]
    assert report.cabinet_members == ["Cllr Carrow"]


@pytest.mark.parametrize("name", ["hwb-pack-2014-02-24.txt", "lscb-annual-report-2016-17.txt"])
def test_documents_without_a_work_programme_give_none(name):
    assert _extract(seed_path(name)) == ([], [])


# The rules, on a small made-up programme.

MADE_UP = [
    "Scrutiny Board (5) Work Programme 2023-24",  # 1
    "",
    "Date\tTitle\tDetail\tLead Officer",  # 3
    "15th June 23 - cancelled\tOutstanding Issues\t\tJane Roe",  # 4
    "\tBudget review (deferred)\tTo look at the budget\tLSCB",  # 5
    "12th July 2023 - held\tHousing\t\tDr Smith",  # 6
    "31st June 23\tImpossible\t\t",  # 7
    "3rd May 2024\tLate item\t\t",  # 8
    "Future items\tParks\t\t",  # 9
    "A stray line",  # 10
    "Progress reports (by exception)\t\tOnly by exception\t",  # 11
    "\t\tOrphan detail\t",  # 12
]


@pytest.fixture(scope="module")
def made_up():
    component = Component("work-programme", MADE_UP[0], (1, len(MADE_UP)))
    return extract_work_programmes(MADE_UP, [component])


def test_made_up_statuses_and_standing(made_up):
    programme = made_up[0][0]
    assert (programme.body, programme.municipal_year) == ("Scrutiny Board (5)", "2023/24")
    assert [(m.date, m.status) for m in programme.meetings] == [
        ("2023-06-15", "cancelled"),
        ("2023-07-12", "held"),
        (None, "scheduled"),
        ("2024-05-03", "scheduled"),
    ]
    statuses = {item.title: (item.status, item.standing) for item in programme.items}
    assert statuses == {
        "Outstanding Issues": ("postponed", True),
        "Budget review (deferred)": ("deferred", False),
        "Housing": ("held", False),
        "Impossible": ("scheduled", False),
        "Late item": ("scheduled", False),
        "Parks": ("scheduled", False),
    }
    parks = _item(programme, "Parks")
    assert (parks.bucket, parks.bucket_label) == (None, "Future items")
    assert _item(programme, "Housing").lead_officers == ["Dr Smith"]


def test_made_up_warnings(made_up):
    assert [(w.code, w.lines) for w in made_up[1]] == [
        ("programme-leads-unsplit", (5, 5)),
        ("programme-date-invalid", (7, 7)),
        ("programme-date-outside-year", (8, 8)),
        ("programme-bucket-unknown", (9, 9)),
        ("programme-line-skipped", (10, 10)),
        ("programme-row-untitled", (12, 12)),
    ]
    budget = _item(made_up[0][0], "Budget review (deferred)")
    assert (budget.lead_officers, budget.cabinet_members) == (["LSCB"], [])


def test_summary_dates_are_cross_checked():
    lines = [
        "Board Work Programme 2023/24",
        "1st June 2023",
        "Budget",
        "2nd July 2023",
        "Parks",
        "Date\tTitle\tDetail\tLead Officer",
        "1st June 2023\tBudget\t\t",
        "9th July 2023\tParks\t\t",
    ]
    component = Component("work-programme", lines[0], (1, len(lines)))
    _, warnings = extract_work_programmes(lines, [component])
    assert [(w.code, w.lines) for w in warnings] == [
        ("programme-summary-mismatch", (4, 4)),
        ("programme-summary-mismatch", (8, 8)),
        ("programme-summary-mismatch", (8, 8)),
    ]
    assert "2023-07-02" in warnings[0].message
    assert "'Parks'" in warnings[2].message


@pytest.mark.parametrize(
    ("cell", "officers", "councillors"),
    [
        ("John Gregg Fran Doyle Cllr Ruane", ["John Gregg", "Fran Doyle"], ["Cllr Ruane"]),
        ("J. Smith Councillor A B Jones", ["J. Smith"], ["Councillor A B Jones"]),
        ("Cllr Seaman Paul Smith", ["Paul Smith"], ["Cllr Seaman"]),
    ],
)
def test_split_leads(cell, officers, councillors):
    assert split_leads(cell) == (officers, councillors)


@pytest.mark.parametrize(
    "cell", ["LSCB", "John", "Mary Ann Smith", "Cllr", "Cllrs Ruane and Maton", "-"]
)
def test_leads_that_cannot_be_split_confidently(cell):
    assert split_leads(cell) is None


def test_empty_input():
    assert extract_work_programmes([], []) == ([], [])


def test_programme_without_a_table_is_kept_and_flagged():
    component = Component("work-programme", "Work Programme 2020/21", (1, 50))
    programmes, warnings = extract_work_programmes(["Work Programme 2020/21"], [component])
    assert [(p.title, p.body, p.municipal_year, p.items) for p in programmes] == [
        ("Work Programme 2020/21", None, "2020/21", [])
    ]
    assert [(w.code, w.lines) for w in warnings] == [("programme-table-missing", (1, 1))]


def test_a_heading_whose_years_do_not_follow_is_no_municipal_year():
    """The calendar (scrutineer.periods) reads the year pair: "2020/22" is not one year
    (it used to be kept as "2020/22"), so it is flagged rather than checked against."""
    component = Component("work-programme", "Work Programme 2020/22", (1, 50))
    programmes, warnings = extract_work_programmes(["Work Programme 2020/22"], [component])
    assert [p.municipal_year for p in programmes] == [None]
    assert [w.code for w in warnings] == ["programme-year-unreadable", "programme-table-missing"]


def test_a_four_digit_second_year_is_read_as_the_pair():
    component = Component("work-programme", "Work Programme 2020/2021", (1, 50))
    programmes, _ = extract_work_programmes(["Work Programme 2020/2021"], [component])
    assert [p.municipal_year for p in programmes] == ["2020/21"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_arbitrary_text_never_raises(text):
    lines = text.splitlines()
    extract_work_programmes(lines, segment(lines))


CELLS = [
    "",
    "-",
    "Date",
    "Title",
    "Detail",
    "Lead Officer",
    "16th June 16",
    "31st February 2021 - postponed",
    "Progress Reports",
    "Items for 2022-23",
    "progress report",
    "Youth Offending Service –",
    "John Gregg Cllr Ruane",
    "Cllr",
    "Dr",
    "A standing item",
]
LINES = st.one_of(
    st.lists(st.sampled_from(CELLS), min_size=1, max_size=5).map("\t".join),
    st.sampled_from(["Scrutiny Work Programme 2016/17", "Work Programme 2021-22", "9th March 17"]),
    st.text(max_size=60),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=40))
def test_programme_shaped_text_never_raises_and_spans_stay_inside(lines):
    component = Component("work-programme", "Work Programme", (1, max(len(lines), 1)))
    programmes, warnings = extract_work_programmes(lines, [component])
    for programme in programmes:
        for item in programme.items:
            assert 1 <= item.lines[0] <= item.lines[1] <= len(lines)
    for warning in warnings:
        assert 1 <= warning.lines[0] <= warning.lines[1] <= len(lines)
