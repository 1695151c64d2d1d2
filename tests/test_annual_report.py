"""Issue 12 §3: the statutory annual report, generated from records made here (an invented
partnership, "Riverford", in another house style: its own words, names and numbers), in
DOCX, PDF and HTML with the same figures; restricted records never in it; empty sections
saying so; an officer's narrative, publishing frozen, and the files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from scrutineer.assurance.annual_report import (
    html_file,
    period_span,
    report_document,
    report_html,
)
from scrutineer.assurance.models import (
    AnnualReport,
    Audit,
    AuditFinding,
    Budget,
    BudgetLine,
    LearningReview,
    Priority,
    ProgressStatement,
    Subgroup,
    TrainingCount,
    TrainingCourse,
)
from scrutineer.governance.edits import history_of
from scrutineer.governance.models import Body, ReportedAttendance, Visibility
from scrutineer.performance.models import Area, Indicator, Observation, Period
from scrutineer.periods import FinancialYear
from scrutineer.reports.annual_report import to_docx, to_pdf
from scrutineer.tracker.models import Party, TrackedItem
from tests.annual_report_text import docx_text, html_tables, html_text, pdf_text
from tests.helpers import make_document, signed_in, user_in

YEAR = FinancialYear(2019)
RESTRICTED_WORDS = ["Ellis", "Unpublished recommendation words", "Confidential thematic audit"]


def _sourced(record, document, first, last):
    record.set_source(document, (first, last))
    record.save()
    return record


@pytest.fixture
def riverford(db, django_user_model):
    body = Body.objects.create(
        name="Riverford Safeguarding Children Partnership",
        kind=Body.Kind.SAFEGUARDING_PARTNERSHIP,
        remit="The three safeguarding partners for Riverford, working with relevant agencies.",
    )
    paper = make_document("r", title="Riverford partnership yearly report", lines=400)
    counts = [
        ("2018/19", 1, 145, 201),
        ("2018/19", 2, 63, 201),
        ("2018/19", 3, 210, 201),
        ("2019/20", 1, 233, 202),
        ("2019/20", 2, 91, 202),
        ("2019/20", 3, 154, 202),
    ]
    for period, level, count, line in counts:
        _sourced(
            TrainingCount(body=body, period=period, level=level, count=count), paper, line, line
        )
    _sourced(
        TrainingCount(body=body, period="2019/20", count=480, printed_total=True), paper, 205, 205
    )
    # A restricted row is never counted in the public report's totals.
    TrainingCount.objects.create(
        body=body, period="2019/20", level=1, count=7, visibility=Visibility.RESTRICTED
    )
    agencies = (("Riverford Primary Schools", 120, 301), ("Community Health", 88, 302))
    for agency, count, line in agencies:
        _sourced(
            TrainingCount(body=body, period="2019/20", agency=agency, count=count),
            paper,
            line,
            line,
        )
    _sourced(
        TrainingCourse(
            body=body, period="2019/20", name="Neglect Toolkit Briefing", level=2, sessions=4,
            attendees=57,
        ),
        paper, 210, 212,
    )  # fmt: skip
    budget = _sourced(
        Budget(body=body, year="2019/20", printed={"actual": [25775000, [121, 121]]}),
        paper,
        118,
        130,
    )
    for order, (kind, label, pence, planned, share) in enumerate(
        [
            ("contribution", "Riverford Borough Council", 15000000, None, "60%"),
            ("contribution", "Riverford CCG", 7500000, None, "30%"),
            ("contribution", "Riverford Police", 2500000, None, "10%"),
            ("expenditure", "Business unit staffing", 17650000, 18000000, ""),
            ("expenditure", "Training", 8125000, 7000000, ""),
        ]
    ):
        _sourced(
            BudgetLine(
                budget=budget, kind=kind, label=label, pence=pence, budget_pence=planned,
                share=share, order=order,
            ),
            paper, 122 + order, 122 + order,
        )  # fmt: skip
    missing = _sourced(
        Priority(
            body=body, period="2019/20", number=1, title="Children who go missing are found fast"
        ),
        paper,
        40,
        60,
    )
    _sourced(
        ProgressStatement(
            priority=missing, heading="working-well", text="Return interviews offered to 94 of 97."
        ),
        paper,
        44,
        45,
    )
    _sourced(
        ProgressStatement(priority=missing, heading="worried", text="Repeat episodes in care."),
        paper,
        48,
        49,
    )
    _sourced(
        Priority(
            body=body,
            period="2020/21",
            number=1,
            title="Young carers are seen and supported",
            why=["Young carers miss school"],
            metrics=["Carers' assessments completed"],
            outcomes=["Fewer young carers absent"],
            on_plan_on_a_page=True,
        ),
        paper,
        330,
        336,
    )
    learning = Subgroup(body=body, name="Learning and Review Group", chair="Dr Ama Osei")
    _sourced(learning, paper, 90, 91)
    quality = Subgroup(body=body, name="Quality Assurance Group", chair="Kit Pembry")
    _sourced(quality, paper, 92, 93)
    review = _sourced(
        LearningReview(
            body=body,
            kind="scr",
            title="Serious Case Review – Child R",
            subject="Child R",
            decided_on=dt.date(2018, 12, 1),
            published_on=dt.date(2019, 11, 4),
        ),
        paper,
        150,
        170,
    )
    recommendation = TrackedItem.objects.create(
        body=body, item_type="R", text="Share the neglect toolkit with every GP practice",
        number="1", source_kind=TrackedItem.SourceKind.CASE_REVIEW,
    )  # fmt: skip
    Party.objects.create(tracked_item=recommendation, role="owner", label="Riverford CCG")
    review.recommendations.add(recommendation)
    secret = LearningReview.objects.create(
        body=body, kind="cspr", title="Child Safeguarding Practice Review – Ellis",
        subject="Ellis", decided_on=dt.date(2019, 6, 1),
    )  # fmt: skip
    secret.recommendations.add(
        TrackedItem.objects.create(
            body=body, item_type="R", text="Unpublished recommendation words", number="1",
            source_kind=TrackedItem.SourceKind.CASE_REVIEW, visibility=Visibility.RESTRICTED,
        )
    )  # fmt: skip
    audit = _sourced(
        Audit(
            body=body, kind="section-11", title="Section 11 audit 2019", period="2019/20",
            returned=["Police", "Health"], not_returned=["Housing"],
        ),
        paper, 180, 190,
    )  # fmt: skip
    AuditFinding.objects.create(
        audit=audit, heading="working-well", text="Safer recruitment checks are in place."
    )
    Audit.objects.create(
        body=body, kind="multi-agency", title="Confidential thematic audit", period="2019/20",
        visibility=Visibility.RESTRICTED,
    )  # fmt: skip
    indicator = Indicator.objects.create(name="Re-referrals within 12 months", body=body)
    period = Period.objects.create(
        label="2019/20", kind="financial-year", start=YEAR.start, end=YEAR.end
    )
    for name, kind, raw in (
        ("Riverford", Area.Kind.LOCAL_AUTHORITY, "21.4%"),
        ("England", Area.Kind.ENGLAND, "22.6%"),
        ("Statistical neighbours", Area.Kind.STATISTICAL_NEIGHBOURS, "19.9%"),
        ("Northern region", Area.Kind.REGION, "20.5%"),
    ):
        area, _ = Area.objects.get_or_create(name=name, kind=kind)
        _sourced(
            Observation(indicator=indicator, area=area, period=period, raw=raw), paper, 250, 250
        )
    _sourced(
        ReportedAttendance(
            body=body, name="Riverford Borough Council", attended=5, expected=6,
            percent_printed="83", period_start=dt.date(2019, 5, 1),
            period_end=dt.date(2020, 3, 10),
        ),
        paper, 380, 380,
    )  # fmt: skip
    return {
        "body": body,
        "paper": paper,
        "officer": user_in(django_user_model, "olwen", "officer", bodies=[body]),
        "stranger": user_in(django_user_model, "otis", "officer"),
    }


# The figures as each format prints them: (what, the text that must appear).
FIGURES = [
    "Riverford Safeguarding Children Partnership annual report 2019/20",
    "1 April 2019 to 31 March 2020",
    # training by level: this year and last, totals derived
    "2018/19 | 145 | 63 | 210 | 418",
    "2019/20 | 233 | 91 | 154 | 478",
    "2019/20 | All levels | 480",
    "Neglect Toolkit Briefing | 2 | 4 | 57",
    "Riverford Primary Schools | 120",
    "Community Health | 88",
    "Total | 208",
    # budget: contributions, lines and the position
    "Riverford Borough Council | £150,000 | 60% | 60.0%",
    "Riverford CCG | £75,000 | 30% | 30.0%",
    "Business unit staffing | £180,000 | £176,500",
    "Training | £70,000 | £81,250",
    "Budgeted expenditure | £250,000 | not printed",
    "Actual expenditure | £257,750 | £257,750",
    "Overspend | £7,750 | not printed",
    # priorities, progress under the Signs of Safety headings, next year's and the plan
    "1. Children who go missing are found fast",
    "What's working well",
    "Return interviews offered to 94 of 97.",
    "What we are worried about",
    "Repeat episodes in care.",
    "1 | Young carers are seen and supported | 2020/21",
    "1. Young carers are seen and supported | Young carers miss school | Carers' assessments "
    "completed | Fewer young carers absent",
    # arrangements
    "Learning and Review Group | Dr Ama Osei",
    "Quality Assurance Group | Kit Pembry",
    "Riverford Borough Council | 5 | 6 | 83",
    # reviews and audits
    "Serious Case Review – Child R | Serious Case Review | 1 December 2018 | 4 November 2019 | 1",
    "1 | Share the neglect toolkit with every GP practice | Riverford CCG | Open",
    "Section 11 audit, 2019/20. Returned by 2; not returned by 1.",
    "Safer recruitment checks are in place.",
    # the scorecard with comparators
    "Re-referrals within 12 months | 2019/20 | 21.4% | 19.9% | 20.5% | 22.6%",
    # source notes
    "Source: r.txt, lines 201–202",
    "Source: r.txt, line 205",
    "Source: r.txt, lines 121–126",
]


def _as_rows(text: str) -> str:
    """The PDF and HTML print a table's cells apart; join the comparison on the cells."""
    return text.replace(" | ", " ")


@pytest.fixture
def formats(riverford):
    document = report_document(riverford["body"], YEAR)
    return {
        "docx": docx_text(to_docx(document)),
        "pdf": pdf_text(to_pdf(document)),
        "html": html_text(html_file(document.title, report_html(document))),
    }


@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
def test_every_figure_reads_the_same_in_each_format(formats, kind):
    text = formats[kind]
    missing = [f for f in FIGURES if (f if kind == "docx" else _as_rows(f)) not in text]
    assert not missing, f"{kind} lacks {missing}"


@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
def test_no_restricted_record_reaches_the_report(formats, kind):
    assert not [words for words in RESTRICTED_WORDS if words in formats[kind]]


def test_html_tables_have_captions_and_headers(riverford):
    html = report_html(report_document(riverford["body"], YEAR))
    tables = html_tables(html)
    assert tables["People trained by level"] == [
        ["Period", "Level 1", "Level 2", "Level 3", "Total"],
        ["2018/19", "145", "63", "210", "418"],
        ["2019/20", "233", "91", "154", "478"],
    ]
    assert tables["The budget 2019/20"] == [
        ["Figure", "From the lines", "As printed"],
        ["Contributions", "£250,000", "not printed"],
        ["Budgeted expenditure", "£250,000", "not printed"],
        ["Actual expenditure", "£257,750", "£257,750"],
        ["Overspend", "£7,750", "not printed"],
    ]
    assert all(caption for caption in tables)


def test_a_body_with_no_records_says_so_in_every_section(db):
    body = Body.objects.create(name="Quiet Partnership", kind=Body.Kind.SAFEGUARDING_PARTNERSHIP)
    document = report_document(body, YEAR)
    said = {section.title: section.empty for section in document.all_sections}
    assert said == {
        "Introduction": "No introduction is recorded.",
        "Local background and context": "No local context figures are recorded for this body.",
        "The partnership's arrangements and membership": "No subgroups are recorded for this body.",
        "Progress against priorities": "No priorities are recorded for 2019/20.",
        "Learning from reviews": "No published reviews are recorded for 2019/20.",
        "Quality assurance and audits": "No audits are recorded for 2019/20.",
        "Safeguarding training": "No training is recorded for 2019/20.",
        "The scorecard": "No scorecard figures are recorded for 2019/20.",
        "Budget": "No budget is recorded for 2019/20.",
        "Priorities for next year": "No priorities are recorded for 2020/21 yet.",
        "Appendix 1: Multi-agency training by agency": "No training by agency is recorded.",
        "Appendix 2: Membership and attendance": (
            "No membership or attendance is recorded for the year."
        ),
        "Appendix 3: Plan on a page": "No plan on a page is recorded.",
    }
    assert all(not section.parts for section in document.all_sections)
    for text in (
        docx_text(to_docx(document)),
        pdf_text(to_pdf(document)),
        html_text(report_html(document)),
    ):
        assert "No budget is recorded for 2019/20." in text
        assert "No audits are recorded for 2019/20." in text


@pytest.mark.parametrize(
    ("printed", "span"),
    [
        ("2016/17", (dt.date(2016, 4, 1), dt.date(2017, 3, 31))),
        ("2015-16", (dt.date(2015, 4, 1), dt.date(2016, 3, 31))),
        ("October 2016 – March 2017", (dt.date(2016, 10, 1), dt.date(2017, 3, 31))),
        ("2016-17 (Oct - Mar)", (dt.date(2016, 10, 1), dt.date(2017, 3, 31))),
        ("2020–2022", (dt.date(2020, 4, 1), dt.date(2022, 3, 31))),
        ("since April 2015", (dt.date(2015, 4, 1), dt.date.max)),
        ("2015", (dt.date(2015, 1, 1), dt.date(2015, 12, 31))),
        ("ongoing", None),
        ("", None),
    ],
)
def test_the_period_a_record_prints(printed, span):
    assert period_span(printed) == span


# The pages ------------------------------------------------------------------------------------


def _url(name, body, *more):
    return reverse(name, args=[body.slug, YEAR, *more])


def test_an_officer_writes_narrative_publishes_and_the_published_report_is_frozen(riverford):
    body, officer = riverford["body"], signed_in(riverford["officer"])
    draft = officer.get(_url("annual-report", body))
    assert draft.status_code == 200
    assert "Draft: not published" in draft.content.decode()

    form = officer.get(_url("annual-report-section", body, "training"))
    assert form.status_code == 200
    done = officer.post(
        _url("annual-report-section", body, "training"),
        {"text": "Training grew this year.\n\n<script>alert(1)</script> Reach widened."},
    )
    assert done.status_code == 302
    assert done["Location"].endswith("#section-training")
    report = AnnualReport.objects.get(body=body, year="2019/20")
    assert report.narrative == {
        "training": "Training grew this year.\n\n<script>alert(1)</script> Reach widened."
    }
    shown = officer.get(_url("annual-report", body)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Reach widened." in shown
    assert "<script>alert(1)" not in shown

    draft_docx = officer.get(_url("annual-report-draft-file", body, "docx"))
    assert draft_docx["Content-Disposition"].endswith(
        'riverford-safeguarding-children-partnership-annual-report-2019-20-draft.docx"'
    )
    assert "Training grew this year." in docx_text(draft_docx.content)

    assert officer.get(_url("annual-report-publish", body)).status_code == 200
    assert officer.post(_url("annual-report-publish", body)).status_code == 302
    report.refresh_from_db()
    assert report.published
    assert [e.change_message for e in history_of(report)][:2] == [
        "Published the annual report",
        "Wrote the narrative of “Safeguarding training”",
    ]

    # Later changes to the records and the narrative do not change what was published.
    TrainingCount.objects.filter(body=body, period="2019/20", level=1).update(count=999)
    AnnualReport.objects.filter(pk=report.pk).update(narrative={"training": "Rewritten."})
    anonymous = riverford["stranger"]
    for client in (officer, signed_in(anonymous)):
        page = client.get(_url("annual-report", body)).content.decode()
        assert "2019/20 </th>" in page or "2019/20</th>" in page
        assert "Training grew this year." in page and "Rewritten." not in page
        assert "999" not in html_text(page)
    for kind, read in (("docx", docx_text), ("pdf", pdf_text), ("html", html_text)):
        response = officer.get(_url("annual-report-file", body, kind))
        assert response.status_code == 200
        text = read(response.content)
        assert "2019/20 233 91 154 478" in text.replace(" | ", " ")
        assert "Training grew this year." in text
        assert "999" not in text
    # A published report is not rewritten: the narrative form goes back to it.
    again = officer.post(_url("annual-report-section", body, "training"), {"text": "Again"})
    assert again["Location"] == report.get_absolute_url()


def test_an_officer_withdraws_a_published_report_with_a_reason(riverford, client):
    body, officer = riverford["body"], signed_in(riverford["officer"])
    stranger = signed_in(riverford["stranger"])
    assert officer.post(_url("annual-report-publish", body)).status_code == 302
    report = AnnualReport.objects.get(body=body, year="2019/20")
    assert "Withdraw the report" in officer.get(_url("annual-report", body)).content.decode()
    assert "Withdraw the report" not in client.get(_url("annual-report", body)).content.decode()
    assert stranger.post(_url("annual-report-withdraw", body), {"reason": "x"}).status_code == 403

    refused = officer.post(_url("annual-report-withdraw", body), {"reason": " "})
    assert "Enter why the report is withdrawn" in refused.content.decode()
    report.refresh_from_db()
    assert report.published

    done = officer.post(
        _url("annual-report-withdraw", body), {"reason": "The training total was wrong"}
    )
    assert done["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert (report.published, report.published_html, report.published_pdf) == (False, "", None)
    assert (
        history_of(report)[0].change_message == "Withdrew the report: The training total was wrong"
    )
    assert client.get(_url("annual-report-file", body, "pdf")).status_code == 404
    assert "Draft: not published" in officer.get(_url("annual-report", body)).content.decode()
    # Withdrawing what is not published changes nothing.
    assert (
        officer.post(_url("annual-report-withdraw", body), {"reason": "again"}).status_code == 302
    )
    assert (
        history_of(report)[0].change_message == "Withdrew the report: The training total was wrong"
    )


def test_drafts_are_for_the_bodys_officers(riverford, client):
    body = riverford["body"]
    assert client.get(_url("annual-report", body))["Location"].startswith("/sign-in/")
    stranger = signed_in(riverford["stranger"])
    assert stranger.get(_url("annual-report", body)).status_code == 403
    assert stranger.get(_url("annual-report-draft-file", body, "pdf")).status_code == 403
    assert stranger.post(_url("annual-report-publish", body)).status_code == 403
    assert client.get(_url("annual-report-file", body, "pdf")).status_code == 404
    listing = client.get(reverse("annual-reports", args=[body.slug])).content.decode()
    assert "No annual report of Riverford Safeguarding Children Partnership" in listing
    assert "Prepare an annual report" not in listing


def test_an_officer_chooses_the_year(riverford):
    body, officer = riverford["body"], signed_in(riverford["officer"])
    listing = reverse("annual-reports", args=[body.slug])
    assert "Prepare an annual report" in officer.get(listing).content.decode()
    chosen = officer.get(listing, {"year": "2019/20"})
    assert chosen["Location"] == _url("annual-report", body)
    wrong = officer.get(listing, {"year": "next year"}).content.decode()
    assert "Enter a financial year as 2016/17" in wrong


def test_attendance_read_from_a_restricted_paper_stays_out(riverford):
    body = riverford["body"]
    private = make_document("p", visibility=Visibility.RESTRICTED)
    _sourced(
        ReportedAttendance(
            body=body, name="Private Panel Member", attended=1, expected=2,
            period_start=dt.date(2019, 6, 1), period_end=dt.date(2019, 6, 1),
        ),
        private, 3, 3,
    )  # fmt: skip
    html = html_text(report_html(report_document(body, YEAR)))
    assert "Riverford Borough Council 5 6 83" in html
    assert "Private Panel Member" not in html


def test_the_bench_measures_a_partnership_with_years_of_records(db, capsys):
    from scrutineer.bench.annual_report import measure, report_annual_report, ten_years

    body, last = ten_years(2)
    figures = measure("two years", body, FinancialYear(last))
    assert (figures.sections_with_records, figures.sections) == (8, 13)
    assert figures.pdf_pages >= 2 and figures.docx_bytes > 0
    report_annual_report([figures])
    assert "Annual report, two years" in capsys.readouterr().out
