"""Scorecard, indicator page, charts and exports, against rows created in the database."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal as D
from html.parser import HTMLParser

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from scrutineer.governance.models import Body, Document, Organisation, Visibility, Warning
from scrutineer.performance import charts
from scrutineer.performance.models import (
    Area,
    Breakdown,
    DataCall,
    Indicator,
    Observation,
    Period,
    RagRule,
    Submission,
)
from tests.helpers import page, signed_in, table, texts, user_in

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
YEAR = "2020-21"
Status = Observation.Status


# -- building data ---------------------------------------------------------------------------


def period(label, kind, start, end):
    return Period.objects.create(label=label, kind=kind, start=dt.date(*start), end=dt.date(*end))


def observe(indicator, area, when, raw, value=None, value2=None, **fields):
    return Observation.objects.create(
        indicator=indicator,
        area=area,
        period=when,
        raw=raw,
        value=None if value is None else D(value),
        value2=None if value2 is None else D(value2),
        **fields,
    )


@pytest.fixture
def data(db):
    body = Body.objects.create(name="Safeguarding Children Partnership")
    other = Body.objects.create(name="Health and Wellbeing Board")
    text = "\n".join(f"Scorecard line {n}" for n in range(1, 41))
    pack = Document.objects.create(
        name="pack.txt",
        title="Partnership pack March 2022",
        kind=Document.Kind.AGENDA_PACK,
        sha256="a" * 64,
        text=text,
        size_bytes=len(text),
        line_count=40,
    )
    coventry = Area.objects.create(name="Coventry", kind=Area.Kind.LOCAL_AUTHORITY)
    england = Area.objects.create(name="England", kind=Area.Kind.ENGLAND)
    region = Area.objects.create(name="West Midlands", kind=Area.Kind.REGION)
    Q = Period.Kind
    p = {
        "old_q3": period("2019/20 Q3", Q.QUARTER, (2019, 10, 1), (2019, 12, 31)),
        "fy1819": period("2018/19", Q.FINANCIAL_YEAR, (2018, 4, 1), (2019, 3, 31)),
        "fy1920": period("2019/20", Q.FINANCIAL_YEAR, (2019, 4, 1), (2020, 3, 31)),
        "last_q4": period("Last Q4", Q.LAST_Q4, (2020, 1, 1), (2020, 3, 31)),
        "q1": period("Q1", Q.QUARTER, (2020, 4, 1), (2020, 6, 30)),
        "q2": period("Q2", Q.QUARTER, (2020, 7, 1), (2020, 9, 30)),
        "q3": period("Q3", Q.QUARTER, (2020, 10, 1), (2020, 12, 31)),
        "q4": period("Q4", Q.QUARTER, (2021, 1, 1), (2021, 3, 31)),
    }
    # Lower is better, rated against England: a fall from Q3 to Q4 is improving.
    mash = Indicator.objects.create(
        name="Re-referrals into MASH",
        body=body,
        priority="Priority 1: Neglect",
        group="Front door",
        unit=Indicator.Unit.PERCENT,
        polarity=Indicator.Polarity.LOWER,
        definition="Re-referrals within 12 months.",
        caveats="Year to date figures.",
        footnotes="*2019/20 average",
    )
    mash.set_source(pack, (10, 16))
    mash.save()
    RagRule.objects.create(
        indicator=mash, kind=RagRule.Kind.COMPARATOR, comparator=england, tolerance=D(1)
    )
    mash_figures = {}
    for key, raw, line in [
        ("old_q3", "27.0", None),
        ("last_q4", "26.0", 11),
        ("q1", "24.0", 12),
        ("q2", "25.5", 13),
        ("q3", "26.1", 14),
        ("q4", "25.1", 15),
    ]:
        mash_figures[key] = observe(
            mash,
            coventry,
            p[key],
            raw,
            raw,
            source=pack if line else None,
            first_line=line,
            last_line=line,
        )
    wrong = observe(
        mash, coventry, p["q2"], "25.9", "25.9", source=pack, first_line=13, last_line=13
    )
    wrong.superseded_by = mash_figures["q2"]
    wrong.save()
    observe(
        mash,
        england,
        p["q4"],
        "*22.6",
        "22.6",
        footnote="2019/20 average",
        source=pack,
        first_line=16,
        last_line=16,
    )
    observe(
        mash,
        region,
        p["q4"],
        "*23.0",
        "23.0",
        footnote="2019/20 average",
        source=pack,
        first_line=16,
        last_line=16,
    )
    observe(mash, region, p["q3"], "23.9", "23.9", visibility=Visibility.RESTRICTED)
    Warning.objects.create(
        document=pack,
        code="observation-differs",
        first_line=13,
        last_line=13,
        message="Re-referrals Q2: this paper says '25.5' but line 13 says '25.9'.",
    )

    # Higher is better, against a target, with a 2019/20 baseline: a fall is worsening.
    attendance = Indicator.objects.create(
        name="School attendance",
        body=body,
        priority="Priority 1: Neglect",
        group="Education",
        unit=Indicator.Unit.PERCENT,
        polarity=Indicator.Polarity.HIGHER,
    )
    RagRule.objects.create(
        indicator=attendance, kind=RagRule.Kind.TARGET, target=D(95), tolerance=D(1)
    )
    for key, raw in [
        ("fy1819", "93.0"),
        ("fy1920", "94.1"),
        ("q1", "94.0"),
        ("q2", "94.8"),
        ("q3", "95.2"),
        ("q4", "94.5"),
    ]:
        observe(attendance, coventry, p[key], raw, raw)

    # Not received in Q4, and no rating rule.
    cse = Indicator.objects.create(
        name="Regional CSE reports (Force-wide)",
        body=body,
        priority="Priority 2: Exploitation",
    )
    for key, raw in [("q1", "41"), ("q2", "39"), ("q3", "44")]:
        observe(cse, coventry, p[key], raw, raw)
    observe(cse, coventry, p["q4"], "Not received", status=Status.NOT_RECEIVED)

    # A count with a percentage and age bands; neither higher nor lower is better.
    plans = Indicator.objects.create(
        name="Child Protection Plans (Neglect)",
        body=body,
        priority="Priority 1: Neglect",
        group="Child protection",
        unit=Indicator.Unit.COUNT_PERCENT,
    )
    observe(plans, coventry, p["q3"], "160 (35.0%)", "160", "35.0")
    observe(plans, coventry, p["q4"], "168 (36.1%)", "168", "36.1")
    for value, raw, count, percent in [
        ("Under 1", "20 (11.9%)", "20", "11.9"),
        ("1 to 4", "50 (29.8%)", "50", "29.8"),
        ("5 to 9", "98 (58.3%)", "98", "58.3"),
    ]:
        band = Breakdown.objects.create(dimension=Breakdown.Dimension.AGE_BAND, value=value)
        observe(plans, coventry, p["q4"], raw, count, percent, breakdown=band)

    secret = Indicator.objects.create(
        name="Confidential exploitation measure",
        body=body,
        priority="Priority 1: Neglect",
        visibility=Visibility.RESTRICTED,
    )
    observe(secret, coventry, p["q4"], "7", "7")

    partner = Organisation.objects.create(name="West Midlands Police")
    call = DataCall.objects.create(
        body=body, period=p["q4"], deadline=dt.date(2021, 4, 30), title="Scorecard Q4 2020/21"
    )
    submission = Submission.objects.create(data_call=call, organisation=partner, rows=1)
    stops = Indicator.objects.create(name="Stop and search", body=other, priority="Safety")
    observe(stops, coventry, p["q4"], "12", "12", submission=submission)
    return {
        "body": body,
        "other": other,
        "pack": pack,
        "mash": mash,
        "attendance": attendance,
        "cse": cse,
        "plans": plans,
        "secret": secret,
        "stops": stops,
        "england": england,
        "periods": p,
        "mash_figures": mash_figures,
    }


# -- reading pages ---------------------------------------------------------------------------


class Cells(HTMLParser):
    """The text of each cell of one table row, found by the row's id."""

    def __init__(self, row_id):
        super().__init__()
        self.row_id, self.depth, self.cells, self.cell = row_id, 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr" and dict(attrs).get("id") == self.row_id:
            self.depth = 1
        elif self.depth and tag in {"td", "th"}:
            self.cell = []
        elif self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if self.depth and tag in {"td", "th"} and self.cell is not None:
            self.cells.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif self.depth and tag == "tr":
            self.depth = 0

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def row_cells(response, indicator):
    parser = Cells(f"indicator-{indicator.slug}")
    parser.feed(response.content.decode())
    return parser.cells


def scorecard_url(body, name="scorecard", year=YEAR):
    return reverse(name, args=[body.slug, year])


def listed(response, data) -> set[str]:
    html = response.content.decode()
    return {
        key
        for key in ("mash", "attendance", "cse", "plans", "secret")
        if f'id="indicator-{data[key].slug}"' in html
    }


# -- the scorecard ---------------------------------------------------------------------------


def test_latest_previous_baseline_trend_rag_and_comparators(client, data):
    response = client.get(scorecard_url(data["body"]))
    assert response.status_code == 200
    cells = row_cells(response, data["mash"])
    assert cells == [
        "Re-referrals into MASH",
        "25.1 Q4",
        "26.1 Q3",
        "24.0 Q1",
        "↓ Down, improving",
        "Red 25.1 is 2.5 above England's 22.6, beyond the tolerance of 1",
        cells[6],
        "England: *22.6 Note: 2019/20 average West Midlands: *23.0 Note: 2019/20 average",
    ]
    # The superseded Q2 figure (25.9) and the figure before the window (27.0) are not used.
    assert "25.9" not in cells[6] and "27.0" not in cells[6]
    assert (
        'role="img" aria-label="Re-referrals into MASH, figures in order: Last Q4: 26.0; '
        'Q1: 24.0; Q2: 25.5; Q3: 26.1; Q4: 25.1"' in response.content.decode()
    )


def test_higher_is_better_fall_is_worsening_with_financial_year_baseline(client, data):
    cells = row_cells(client.get(scorecard_url(data["body"])), data["attendance"])
    assert cells[1:6] == [
        "94.5 Q4",
        "95.2 Q3",
        "94.1 2019/20",
        "↓ Down, worsening",
        "Amber 94.5 is 0.5 below the target of 95, within the tolerance of 1",
    ]


def test_not_received_is_shown_in_words_and_unrated_with_the_reason(client, data):
    cells = row_cells(client.get(scorecard_url(data["body"])), data["cse"])
    assert cells[1:6] == [
        "Not received Q4 Missing data Not received for Q4",
        "44 Q3",
        "41 Q1",
        "No trend No figure to compare for Q4",
        "No rating No target or comparator is set",
    ]


def test_count_with_percent_trends_on_the_percentage_and_neutral_says_up(client, data):
    cells = row_cells(client.get(scorecard_url(data["body"])), data["plans"])
    assert cells[1:6] == [
        "168 (36.1%) Q4",
        "160 (35.0%) Q3",
        "160 (35.0%) Q3",
        "↑ up",
        "No rating No target or comparator is set",
    ]


def test_tables_per_priority_with_captions_and_header_scopes(client, data):
    response = client.get(scorecard_url(data["body"]))
    tree = page(response)
    assert texts(tree, "//table/caption") == ["Priority 1: Neglect", "Priority 2: Exploitation"]
    assert texts(tree, '//table//th[@scope="col"][normalize-space()="Trend"]') == ["Trend"] * 2
    assert (
        tree.xpath('//th[@scope="row"]/a/@href').count(
            "/scorecard/indicators/re-referrals-into-mash/"
        )
        == 1
    )
    groups = texts(tree, '//tbody/tr[@class="app-scorecard-group"]/th[@scope="rowgroup"]')
    assert groups == ["Child protection", "Education", "Front door"]


def test_priority_filter(client, data):
    response = client.get(scorecard_url(data["body"]), {"priority": "Priority 2: Exploitation"})
    assert listed(response, data) == {"cse"}
    assert "1 of 1 indicator" not in response.content.decode()


@pytest.mark.parametrize(
    ("rag", "expected"),
    [("red", {"mash"}), ("amber", {"attendance"}), ("green", set()), ("none", {"cse", "plans"})],
)
def test_rag_filter(client, data, rag, expected):
    response = client.get(scorecard_url(data["body"]), {"rag": rag})
    assert listed(response, data) == expected


def test_missing_data_filter(client, data):
    response = client.get(scorecard_url(data["body"]), {"missing": "on"})
    assert listed(response, data) == {"cse"}
    assert "1 of 4 indicators" in response.content.decode()


def test_period_filter_treats_the_quarter_as_latest(client, data):
    response = client.get(scorecard_url(data["body"]), {"period": "q2"})
    cells = row_cells(response, data["mash"])
    assert cells[1:5] == ["25.5 Q2", "24.0 Q1", "24.0 Q1", "↑ Up, worsening"]
    # At Q2 the CSE figure had been received, so it is not missing.
    assert "Missing data" not in row_cells(response, data["cse"])[1]
    assert "as at the end of Q2 (July to September 2020)" in response.content.decode()


def test_last_q4_is_the_previous_figure_for_q1(client, data):
    cells = row_cells(client.get(scorecard_url(data["body"]), {"period": "q1"}), data["mash"])
    assert cells[1:5] == ["24.0 Q1", "26.0 Last Q4", "24.0 Q1", "↓ Down, improving"]


def test_bad_filter_is_reported_and_ignored_on_the_page_but_refused_for_exports(client, data):
    response = client.get(scorecard_url(data["body"]), {"rag": "purple", "priority": "Nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select one of the options listed for “rag rating”" in html
    assert listed(response, data) == {"mash", "attendance", "cse", "plans"}
    export = client.get(scorecard_url(data["body"], "scorecard-csv"), {"rag": "purple"})
    assert export.status_code == 400


def test_unknown_year_or_body_is_not_found(client, data):
    assert client.get(scorecard_url(data["body"], year="2020-22")).status_code == 404
    # Not a year in the address's form, so no address can be built for it: type it in.
    assert client.get(f"/scorecard/{data['body'].slug}/2020/").status_code == 404
    assert client.get(reverse("scorecard", args=["no-such-body", YEAR])).status_code == 404


def test_year_without_figures_says_so(client, data):
    response = client.get(scorecard_url(data["body"], year="2016-17"))
    assert response.status_code == 200
    assert "Safeguarding Children Partnership has no figures for 2016/17." in (
        response.content.decode()
    )


def test_restricted_indicator_and_figures_only_for_members(client, data, django_user_model):
    url = scorecard_url(data["body"])
    assert "Confidential exploitation measure" not in client.get(url).content.decode()
    assert client.get(data["secret"].get_absolute_url()).status_code == 404
    member = signed_in(user_in(django_user_model, "mo", "member"))
    response = member.get(url)
    assert listed(response, data) == {"mash", "attendance", "cse", "plans", "secret"}
    assert member.get(data["secret"].get_absolute_url()).status_code == 200


def test_query_count_does_not_grow_with_indicators(client, data, django_assert_max_num_queries):
    body, p, england = data["body"], data["periods"], data["england"]
    coventry = Area.objects.get(name="Coventry")
    for n in range(40):
        extra = Indicator.objects.create(
            name=f"Extra {n}", body=body, priority="Priority 3", polarity=Indicator.Polarity.HIGHER
        )
        RagRule.objects.create(indicator=extra, kind=RagRule.Kind.COMPARATOR, comparator=england)
        for key in ("last_q4", "q1", "q2", "q3", "q4"):
            observe(extra, coventry, p[key], str(n), n)
            observe(extra, england, p[key], "5", 5)
    # Breakdown-only indicator: the one extra query for those is bounded too.
    staff = Indicator.objects.create(name="Staff trained", body=body, priority="Priority 3")
    for agency, status in [
        ("CCG", Status.BLANK),
        ("Police", Status.NOT_RECEIVED),
        ("Council", Status.REPORTED),
    ]:
        band = Breakdown.objects.create(dimension=Breakdown.Dimension.AGENCY, value=agency)
        observe(
            staff,
            coventry,
            p["q4"],
            "12" if status == Status.REPORTED else "",
            breakdown=band,
            status=status,
        )
    with django_assert_max_num_queries(7 + 1):  # + the councils, read once a request
        response = client.get(scorecard_url(body))
    assert response.content.decode().count('class="app-sparkline"') == 44
    assert row_cells(response, staff)[1] == (
        "Reported by agency only. Q4: 1 blank, 1 not received, 1 reported. Missing data "
        "2 of 3 not received or blank for Q4"
    )


def test_names_from_papers_are_escaped(client, data):
    data["mash"].name = f"Re-referrals {SCRIPT}"
    data["mash"].save()
    html = client.get(scorecard_url(data["body"])).content.decode()
    assert SCRIPT not in html and ESCAPED_SCRIPT in html
    page = client.get(data["mash"].get_absolute_url()).content.decode()
    assert SCRIPT not in page and ESCAPED_SCRIPT in page


def test_index_lists_bodies_and_years(client, data):
    response = client.get(reverse("scorecards"))
    html = response.content.decode()
    assert f'href="{scorecard_url(data["body"])}"' in html
    # 2019/20 and 2018/19 have financial-year figures; Last Q4 adds no year of its own.
    body_years = "/scorecard/safeguarding-children-partnership/"
    years = [
        href.removeprefix(body_years).strip("/")
        for href in page(response).xpath("//a/@href")
        if href.startswith(body_years) and href != body_years
    ]
    assert years == ["2020-21", "2019-20", "2018-19"]
    assert f'href="{scorecard_url(data["other"])}"' in html


# -- the indicator page ----------------------------------------------------------------------


def test_indicator_page_definition_chart_table_sources_warnings_and_history(client, data):
    mash = data["mash"]
    response = client.get(mash.get_absolute_url())
    html = response.content.decode()
    for text in (
        "Re-referrals within 12 months.",
        "Lower is better",
        "Percentage",
        "Year to date figures.",
        "*2019/20 average",
        "Quarterly",
        "Against England, amber within 1 on the wrong side",
    ):
        assert text in html
    svg = re.search(r'<svg class="app-chart".*?</svg>', html, re.S)[0]
    assert 'role="img" aria-labelledby="chart-time-title chart-time-desc"' in svg
    assert (
        '<title id="chart-time-title">Re-referrals into MASH: Coventry against comparators '
        "over time</title>" in svg
    )
    assert '<desc id="chart-time-desc">One line for each area: Coventry, England, West ' in svg
    assert "Latest figure for Coventry: 25.1 (Q4)." in svg
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m">Re-referrals into '
        "MASH: every figure in the chart, by period and area</caption>" in html
    )
    assert '<th scope="col">England</th>' in html and '<th scope="row">Last Q4</th>' in html
    pack = data["pack"]
    assert f'href="/documents/{pack.pk}/#L15"' in html
    assert "Re-referrals Q2: this paper says &#x27;25.5&#x27; but line 13 says" in html
    assert "replaced by “25.5”" in html
    # The restricted West Midlands Q3 figure is not there for the public.
    assert '<span class="app-figure">23.9</span>' not in html
    assert '<span class="app-figure">23.0</span>' not in html
    assert '<span class="app-figure">*23.0</span>' in html


def test_indicator_page_breakdown_chart_and_table(client, data):
    html = client.get(data["plans"].get_absolute_url()).content.decode()
    assert "By age band, Q4" in html
    assert (
        '<title id="chart-breakdown-1-title">Child Protection Plans (Neglect) by age band, '
        "Coventry, Q4</title>" in html
    )
    assert (
        "One bar for each age band, labelled with its figure as printed: Under 1: "
        "20 (11.9%); 1 to 4: 50 (29.8%); 5 to 9: 98 (58.3%)."
    ) in html
    rows = table(lxml.html.fromstring(html), "Child Protection Plans (Neglect) by age band")
    assert ["Under 1", "20 (11.9%)"] == rows[1][:2]
    assert html.count('<svg class="app-chart"') == 2
    # Every chart has its table.
    assert html.count("<caption") >= 3


def test_submitted_figure_names_its_submission(client, data):
    html = client.get(data["stops"].get_absolute_url()).content.decode()
    assert "Submitted by West Midlands Police for" in html
    assert "Scorecard Q4 2020/21" in html


def test_chart_urls_serve_svg(client, data):
    response = client.get(reverse("indicator-chart", args=[data["mash"].slug]))
    assert response["Content-Type"] == "image/svg+xml"
    assert b'<title id="chart-time-title">' in response.content
    bars = client.get(
        reverse("indicator-breakdown-chart", args=[data["plans"].slug]), {"dimension": "age-band"}
    )
    assert bars.status_code == 200 and b"5 to 9" in bars.content
    assert (
        client.get(reverse("indicator-breakdown-chart", args=[data["mash"].slug])).status_code
        == 404
    )


def test_chart_colours_have_contrast_and_distinct_markers_and_dashes():
    assert all(charts.contrast(colour) >= 3 for colour, _, _ in charts.STYLES)
    assert charts.contrast(charts.BAR_COLOUR) >= 3
    assert len({marker for _, _, marker in charts.STYLES}) == len(charts.STYLES)
    assert len({str(dash) for _, dash, _ in charts.STYLES}) == len(charts.STYLES)


def test_chart_text_is_escaped_and_dollars_are_literal():
    series = [charts.Series(SCRIPT, (charts.Point("$x$", 1.0, 1.0), charts.Point("Q2", 2.0, 3.0)))]
    svg = charts.time_series_svg(series, chart_id="c", title=SCRIPT, desc="d", y_label="Count")
    assert SCRIPT not in svg
    assert "&lt;script&gt;" in svg
    assert "$x$" in svg


# -- exports ---------------------------------------------------------------------------------


def xlsx_rows(response):
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    return sheet, [[c.value for c in row] for row in sheet.iter_rows()]


def test_xlsx_rag_as_fill_and_text_with_bold_header_and_frozen_panes(client, data):
    response = client.get(scorecard_url(data["body"], "scorecard-xlsx"))
    assert response.status_code == 200
    sheet, rows = xlsx_rows(response)
    header = rows[0]
    assert header[:16] == [
        "Priority",
        "Indicator",
        "Area",
        "Unit",
        "Polarity",
        "Latest period",
        "Latest",
        "Previous period",
        "Previous",
        "Baseline period",
        "Baseline",
        "Trend",
        "Trend detail",
        "RAG",
        "RAG reason",
        "Missing data",
    ]
    assert header[16:] == ["England", "West Midlands"]
    assert sheet["A1"].font.b and sheet.freeze_panes == "C2"
    by_name = {row[1]: (n, row) for n, row in enumerate(rows[1:], 2)}
    n, mash = by_name["Re-referrals into MASH"]
    assert mash[5:] == [
        "Q4",
        "25.1",
        "Q3",
        "26.1",
        "Q1",
        "24.0",
        "improving",
        None,
        "Red",
        "25.1 is 2.5 above England's 22.6, beyond the tolerance of 1",
        None,
        "*22.6 (2019/20 average)",
        "*23.0 (2019/20 average)",
    ]
    assert sheet.cell(n, 14).fill.fgColor.rgb == "00F4CDC6"
    n, attendance = by_name["School attendance"]
    assert (attendance[13], sheet.cell(n, 14).fill.fgColor.rgb) == ("Amber", "00FCD6C3")
    n, cse = by_name["Regional CSE reports (Force-wide)"]
    assert (cse[6], cse[13], cse[15]) == ("Not received", "No rating", "Not received for Q4")
    assert sheet.cell(n, 14).fill.fill_type is None
    assert "Confidential exploitation measure" not in by_name


def test_xlsx_for_a_member_includes_restricted(client, data, django_user_model):
    member = signed_in(user_in(django_user_model, "mo", "member"))
    _, rows = xlsx_rows(member.get(scorecard_url(data["body"], "scorecard-xlsx")))
    assert "Confidential exploitation measure" in {row[1] for row in rows}


def csv_rows(response):
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_has_every_current_figure_with_raw_text_and_source(client, data):
    response = client.get(scorecard_url(data["body"], "scorecard-csv"))
    rows = csv_rows(response)
    mash = [r for r in rows if r["indicator"] == "Re-referrals into MASH"]
    assert [(r["area"], r["period"], r["raw"]) for r in mash] == [
        ("Coventry", "Last Q4", "26.0"),
        ("Coventry", "Q1", "24.0"),
        ("Coventry", "Q2", "25.5"),
        ("Coventry", "Q3", "26.1"),
        ("Coventry", "Q4", "25.1"),
        ("England", "Q4", "*22.6"),
        ("West Midlands", "Q4", "*23.0"),
    ]
    england = mash[5]
    assert (england["value"], england["footnote"], england["source"], england["period_end"]) == (
        "22.6000",
        "2019/20 average",
        "pack.txt line 16",
        "2021-03-31",
    )
    cse_q4 = next(
        r for r in rows if r["indicator"].startswith("Regional CSE") and r["period"] == "Q4"
    )
    assert (cse_q4["raw"], cse_q4["status"], cse_q4["value"]) == (
        "Not received",
        "not-received",
        "",
    )
    bands = [r["breakdown"] for r in rows if r["breakdown"]]
    assert bands == ["age-band: 1 to 4", "age-band: 5 to 9", "age-band: Under 1"]
    assert {r["indicator"] for r in rows} == {
        "Re-referrals into MASH",
        "School attendance",
        "Regional CSE reports (Force-wide)",
        "Child Protection Plans (Neglect)",
    }


def test_csv_lists_comparators_in_the_scorecard_order(client, data):
    # Named to sort first, a statistical neighbour still comes after England and the region,
    # as on the scorecard page (it sorted first when the export ranked areas by name).
    neighbours = Area.objects.create(
        name="Aardvark neighbours", kind=Area.Kind.STATISTICAL_NEIGHBOURS
    )
    mash = Indicator.objects.get(name="Re-referrals into MASH")
    q4 = Period.objects.get(label="Q4")
    observe(mash, neighbours, q4, "21.0", "21.0")
    rows = csv_rows(client.get(scorecard_url(data["body"], "scorecard-csv")))
    areas = [r["area"] for r in rows if r["indicator"] == mash.name and r["period"] == "Q4"]
    assert areas == ["Coventry", "England", "West Midlands", "Aardvark neighbours"]
    page = client.get(scorecard_url(data["body"], "scorecard")).content.decode()
    assert page.index("England:") < page.index("West Midlands:") < page.index("Aardvark")


def test_csv_restricted_figures_only_for_members(client, data, django_user_model):
    public = csv_rows(client.get(scorecard_url(data["body"], "scorecard-csv")))
    assert "23.9" not in {r["raw"] for r in public}
    member = signed_in(user_in(django_user_model, "mo", "member"))
    rows = csv_rows(member.get(scorecard_url(data["body"], "scorecard-csv")))
    raws = {(r["indicator"], r["raw"]) for r in rows}
    assert ("Re-referrals into MASH", "23.9") in raws
    assert ("Confidential exploitation measure", "7") in raws


def test_csv_follows_the_filters(client, data):
    rows = csv_rows(client.get(scorecard_url(data["body"], "scorecard-csv"), {"rag": "red"}))
    assert {r["indicator"] for r in rows} == {"Re-referrals into MASH"}


def test_csv_names_a_restricted_source_document_only_for_members(client, data):
    pack = data["pack"]
    pack.visibility = Visibility.RESTRICTED
    pack.save()
    rows = csv_rows(client.get(scorecard_url(data["body"], "scorecard-csv")))
    assert {r["source"] for r in rows if r["indicator"] == "Re-referrals into MASH"} == {
        "(restricted document)"
    }


def test_print_version_has_no_navigation_and_a_table_per_priority(client, data):
    response = client.get(scorecard_url(data["body"], "scorecard-print"))
    html = response.content.decode()
    assert "govuk-header" not in html and "<nav" not in html
    # Its print styles come from its own stylesheet: the page carries no inline style.
    tree = page(response)
    [sheet] = [h for h in tree.xpath('//link[@rel="stylesheet"]/@href') if h.endswith("print.css")]
    assert "@media print" in b"".join(client.get(sheet).streaming_content).decode()
    assert "<style" not in html
    assert texts(tree, "//table/caption") == ["Priority 1: Neglect", "Priority 2: Exploitation"]
    assert "25.1 is 2.5 above England&#x27;s 22.6, beyond the tolerance of 1" in html
    assert "Confidential exploitation measure" not in html


# -- admin -----------------------------------------------------------------------------------


def test_admin_pages_open_and_figures_are_read_only_once_saved(data, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    client = Client()
    client.force_login(admin)
    for model in (
        "indicator",
        "area",
        "period",
        "breakdown",
        "observation",
        "datacall",
        "submission",
    ):
        assert client.get(reverse(f"admin:performance_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:performance_{model}_add")).status_code == 200
    page = client.get(reverse("admin:performance_indicator_change", args=[data["mash"].pk]))
    assert "Rag rule" in page.content.decode()
    figure = data["mash_figures"]["q4"]
    page = client.get(reverse("admin:performance_observation_change", args=[figure.pk]))
    html = page.content.decode()
    assert 'name="raw"' not in html and 'name="visibility"' in html


def test_restricted_source_document_is_not_named_on_a_public_indicator(client, data):
    data["pack"].visibility = Visibility.RESTRICTED
    data["pack"].save()
    html = client.get(data["mash"].get_absolute_url()).content.decode()
    assert "Partnership pack March 2022" not in html
    assert "A restricted document" in html
    # Its warnings quote the document, so they are left out too.
    assert "Re-referrals Q2: this paper says" not in html


def test_trackers_and_scorecards_write_a_rating_with_one_markup():
    from scrutineer.rag import Rag
    from scrutineer.web.templatetags.govuk import rag_markup, rag_tag

    rating = Rag("red", "Above <England>")
    assert (
        rag_tag(rating)
        == rag_markup(rating)
        == (
            '<strong class="govuk-tag app-rag--red">Red</strong> '
            '<span class="app-rag-reason">Above &lt;England&gt;</span>'
        )
    )
    assert rag_tag(None) == ""
    assert rag_markup(None, "No target") == (
        '<strong class="govuk-tag govuk-tag--grey">No rating</strong> '
        '<span class="app-rag-reason">No target</span>'
    )
    assert Rag("amber", "Near").label == "Amber"


def test_a_figure_typed_by_an_officer_is_credited_alike_everywhere(client, data, django_user_model):
    from scrutineer.performance.provenance import observation_origin
    from scrutineer.performance.templatetags.performance_tags import observation_source

    officer = django_user_model.objects.create_user("jb", first_name="Jo", last_name="Bloggs")
    neighbours = Area.objects.create(name="Neighbours", kind=Area.Kind.STATISTICAL_NEIGHBOURS)
    mash = Indicator.objects.get(name="Re-referrals into MASH")
    typed = observe(mash, neighbours, Period.objects.get(label="Q4"), "21.0", "21.0")
    typed.entered_by = officer
    typed.save()
    # The indicator page said "Entered by hand by jb", the data call pages "Entered by Jo
    # Bloggs" and the CSV nothing at all: now each says the full name.
    assert observation_source(typed) == observation_origin(typed) == "Entered by Jo Bloggs"
    rows = csv_rows(client.get(scorecard_url(data["body"], "scorecard-csv")))
    assert {r["source"] for r in rows if r["area"] == "Neighbours"} == {"Entered by Jo Bloggs"}
    nameless = django_user_model.objects.create_user("kp")
    typed.entered_by = nameless
    assert observation_source(typed) == observation_origin(typed) == "Entered by kp"


def test_the_year_in_a_scorecard_address_reaches_the_view_as_a_financial_year(client, data):
    from scrutineer.periods import FinancialYear

    year = FinancialYear.from_slug(YEAR)
    assert reverse("scorecard", args=[data["body"].slug, year]) == scorecard_url(data["body"])
    assert client.get(scorecard_url(data["body"])).context["year"] == year
