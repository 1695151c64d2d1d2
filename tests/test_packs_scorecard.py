"""Performance scorecard and comparator tables read from the seed papers into indicators and
observations, plus the rules for naming, periods, statuses and validation warnings."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutineer.packs.scorecard import extract_indicators
from scrutineer.packs.segment import segment

NEGLECT = "Priority 1: Neglect"
CONTEXTUAL = "Priority 2 – Contextual"
SYSTEM = "Priority 3 – Making the System Work"
STAFF_TRAINED = "% of staff currently trained in child safeguarding awareness"
MISSING_EDUCATION = (
    "Number of children missing from education for more than 10 consecutive days, "
    "by school category (year to date)"
)
CP_BY_AGE = "Children on a child protection plan by age group"
CP_BY_CATEGORY = "Children on a child protection plan by plan category"
LAC = "Children looked after at year end"
LAC_RATE = "Children looked after at year end per 10,000 population"
GENDER = "Characteristics of CYP subject to CP plans: Gender"
AT_2012 = "as at 31st March 2012"
AT_2013 = "as at 31st March 2013"


def _extract(lines):
    return extract_indicators(lines, segment(lines))


@pytest.fixture(scope="module")
def seed(seed_lines):
    cache = {}

    def extracted(name: str):
        if name not in cache:
            cache[name] = _extract(seed_lines(name))
        return cache[name]

    return extracted


@pytest.fixture(scope="module")
def pack_2022(seed):
    return seed("scrutiny-pack-2022-03-17.txt")


@pytest.fixture(scope="module")
def lscb(seed):
    return seed("lscb-annual-report-2016-17.txt")


@pytest.fixture(scope="module")
def hwb(seed):
    return seed("hwb-pack-2014-02-24.txt")


def indicator(indicators, name):
    found = [each for each in indicators if each.name == name]
    assert len(found) == 1, f"{name!r}: {[each.name for each in indicators]}"
    return found[0]


def find(indicators, name, period, area="Coventry", breakdown=None):
    """The one observation of indicator ``name`` for a period label, area and breakdown."""
    found = [
        each
        for each in indicator(indicators, name).observations
        if each.period == period and each.area == area and each.breakdown == breakdown
    ]
    assert len(found) == 1, f"{name!r} {period!r} {area!r} {breakdown!r}: {found}"
    return found[0]


def _codes(warnings):
    return [(w.code, w.lines) for w in warnings]


# Scrutiny pack 2022: Appendix 1, Performance Scorecard 2020/21 ----------------------------------


def test_2022_scorecard_is_split_into_three_priorities(pack_2022):
    indicators, _ = pack_2022
    assert len(indicators) == 34
    assert sum(len(each.observations) for each in indicators) == 365
    assert list(dict.fromkeys(each.priority for each in indicators)) == [
        NEGLECT,
        CONTEXTUAL,
        SYSTEM,
    ]
    assert all(956 <= each.lines[0] <= each.lines[1] <= 1133 for each in indicators)
    assert len({each.name for each in indicators}) == len(indicators)


def test_2022_cp_plans_neglect_open_at_quarter_end(pack_2022):
    indicators, _ = pack_2022
    plans = indicator(indicators, "Child Protection Plans (Neglect)")
    assert plans.unit == "count-percent"
    assert (
        plans.definition
        == "Open Cases at Quarter End with Neglect as Primary Need (% of all cases)"
    )
    q4 = find(indicators, "Child Protection Plans (Neglect)", "Q4")
    assert (q4.raw, q4.status, q4.value, q4.value2) == ("168 (36.1%)", "reported", 168, 36.1)
    assert (q4.period_kind, q4.period_start, q4.period_end) == (
        "quarter",
        "2021-01-01",
        "2021-03-31",
    )
    assert (q4.area_kind, q4.lines) == ("local-authority", (967, 967))


def test_2022_last_q4_is_q4_of_the_previous_year(pack_2022):
    indicators, _ = pack_2022
    last = find(indicators, "Child Protection Plans (Neglect)", "Last Q4")
    assert (last.period_kind, last.period_start, last.period_end) == (
        "last-q4",
        "2020-01-01",
        "2020-03-31",
    )
    q1 = find(indicators, "Child Protection Plans (Neglect)", "Q1")
    assert (q1.period_start, q1.period_end) == ("2020-04-01", "2020-06-30")


def test_2022_malformed_count_with_percent_is_read_and_flagged(pack_2022):
    indicators, warnings = pack_2022
    q2 = find(indicators, "CIN (Abuse or Neglect)", "Q2")
    assert (q2.raw, q2.value, q2.value2) == ("1696 (90.7)", 1696, 90.7)
    assert indicator(indicators, "CIN (Abuse or Neglect)").footnotes == [
        "*Abuse and neglect cannot be reported separately as the data download 'groups' them "
        "as a category"
    ]
    assert [w.lines for w in warnings if w.code == "malformed-cell"] == [(966, 966)]


def test_2022_label_caveat_is_kept_off_the_name(pack_2022):
    indicators, _ = pack_2022
    early_help = indicator(indicators, "Early Help (Neglect)")
    assert early_help.caveats == [
        "Primary needs are not currently reportable for more recent Early Help episodes, "
        "therefore this figures is expected to be understated"
    ]
    assert find(indicators, "Early Help (Neglect)", "Q4").value == 9


def test_2022_repeated_row_labels_are_named_by_their_table(pack_2022):
    indicators, _ = pack_2022
    new = find(indicators, "New Plans: % of all child protection plans", "Q2")
    assert (new.raw, new.value, new.status) == ("36.5 %", 36.5, "reported")
    assert indicator(indicators, "New Plans: % of all child protection plans").unit == "percent"
    current = find(
        indicators, "All Current Plans at Quarter End: % of all child protection plans", "Q2"
    )
    assert current.value == 38.8
    count = (
        "All Current Plans at Quarter End: Number of children subject to a child protection "
        "plan which features neglect as a primary risk"
    )
    assert find(indicators, count, "Q4").value == 168
    names = {each.name for each in indicators}
    assert "% of all child protection plans" not in names
    assert (
        "Open Cases at Quarter End with Neglect as Primary Need (% of all cases): "
        "Looked After Children (Abuse or Neglect)" in names
    )
    assert (
        "Number of open cases which feature neglect as a primary or co-morbid risk broken down "
        "by age: Looked After Children (Abuse or Neglect)" in names
    )


def test_2022_age_bands_are_breakdowns_of_the_group_row(pack_2022):
    indicators, _ = pack_2022
    cin = indicator(indicators, "Children In Need (Abuse or Neglect)")
    assert cin.lines == (991, 995)
    assert {o.breakdown_dimension for o in cin.observations} == {"age-band"}
    assert [o.breakdown for o in cin.observations if o.period == "Q2"] == [
        "Aged 0-4",
        "Aged 5-10",
        "Aged 11-14",
        "Aged 15+",
    ]
    assert (
        find(indicators, "Children In Need (Abuse or Neglect)", "Q2", breakdown="Aged 0-4").value
        == 484
    )


def test_2022_not_received_is_a_status_and_force_wide_is_the_police_area(pack_2022):
    indicators, _ = pack_2022
    q3 = find(indicators, "Regional CSE reports (Force-wide)", "Q3", area="Force-wide")
    assert (q3.status, q3.value, q3.raw, q3.area_kind) == (
        "not-received",
        None,
        "Not received",
        "police-force-area",
    )
    assert find(indicators, "Coventry specific CSE reports", "Q3").status == "not-received"


def test_2022_single_row_without_a_label_is_named_by_the_line_before(pack_2022):
    indicators, _ = pack_2022
    name = "Number of children who experienced a reduction in their CSE risk level"
    assert indicator(indicators, name).lines == (1032, 1033)
    assert find(indicators, name, "Last Q4").value == 3
    assert find(indicators, name, "Q4").value == 4


def test_2022_return_home_interviews(pack_2022):
    indicators, _ = pack_2022
    name = "% of Return Home Interviews (YTD) being completed within timescale"
    assert indicator(indicators, name).unit == "percent"
    assert find(indicators, name, "Q3").value == 59


def test_2022_missing_education_transposed_table(pack_2022):
    indicators, _ = pack_2022
    primary = find(indicators, MISSING_EDUCATION, "Q2", breakdown="Primary")
    assert (primary.value, primary.breakdown_dimension) == (253, "school-category")
    total = find(indicators, MISSING_EDUCATION, "Q2")
    assert (total.value, total.lines) == (373, (1056, 1056))
    share = f"{MISSING_EDUCATION} (% of school age population)"
    assert indicator(indicators, share).unit == "percent"
    assert find(indicators, share, "Q3").value == 0.4


def test_2022_comparators_carry_the_footnote(pack_2022):
    indicators, _ = pack_2022
    name = "% of re-referrals (YTD)"
    assert find(indicators, name, "Q4").value == 25.1
    regional = find(indicators, name, "2019/20", area="Regional")
    national = find(indicators, name, "2019/20", area="National")
    assert (regional.raw, regional.value, regional.area_kind) == ("*23.0", 23.0, "region")
    assert (national.raw, national.value, national.area_kind) == ("*22.6", 22.6, "england")
    assert regional.footnote == national.footnote == "*2019/20 average"
    assert (regional.period_start, regional.period_end) == ("2019-04-01", "2020-03-31")
    assert indicator(indicators, name).footnotes == ["*2019/20 average"]


def test_2022_arrests_and_convictions_are_a_ratio(pack_2022):
    indicators, _ = pack_2022
    name = "Number of arrests/convictions in respect of CSE"
    assert indicator(indicators, name).unit == "ratio"
    q1 = find(indicators, name, "Q1")
    assert (q1.raw, q1.value, q1.value2) == ("5/2", 5, 2)
    assert find(indicators, name, "Q3").status == "not-received"
    wider = indicator(indicators, "Number of arrests/convictions in respect of wider CE")
    assert [o.status for o in wider.observations] == ["blank"] * 4


def test_2022_missing_episodes_are_a_count_with_a_second_count(pack_2022):
    indicators, _ = pack_2022
    name = "Number of Missing Episodes started (number of children involved)"
    assert indicator(indicators, name).unit == "count-count"
    last = find(indicators, name, "Last Q4")
    assert (last.value, last.value2) == (353, 134)


def test_2022_staff_trained_by_agency_with_caveats(pack_2022):
    indicators, _ = pack_2022
    assert indicator(indicators, STAFF_TRAINED).unit == "percent"
    ccg = find(indicators, STAFF_TRAINED, "Q2", breakdown="CCG")
    assert (ccg.status, ccg.raw, ccg.value, ccg.breakdown_dimension) == (
        "blank",
        "",
        None,
        "agency",
    )
    police = [
        find(indicators, STAFF_TRAINED, quarter, breakdown="West Midlands Police")
        for quarter in ("Q1", "Q2", "Q3", "Q4")
    ]
    assert [o.status for o in police] == ["not-received"] * 4
    assert {o.caveat for o in police} == {"Not Known"}
    council = find(indicators, STAFF_TRAINED, "Q1", breakdown="COVENTRY CC")
    assert (council.value, council.caveat) == (72, "Calculated at 3 years (employer requirement)")


def test_2022_attendance_with_baseline_years(pack_2022):
    indicators, _ = pack_2022
    name = "Partner attendance at Right Help, Right Time"
    baseline = find(indicators, name, "2018/19", breakdown="Education")
    assert (baseline.value, baseline.period_kind, baseline.period_start) == (
        148,
        "financial-year",
        "2018-04-01",
    )
    assert find(indicators, name, "2019/20", breakdown="Education").value == 78
    assert find(indicators, name, "Q1", breakdown="Education").status == "not-applicable"
    virtual = find(indicators, name, "Q4", breakdown="Health")
    assert (virtual.value, virtual.caveat) == (33, "delivered virtually")
    assert find(indicators, name, "2018/19", breakdown="Other").status == "blank"
    on_time = find(indicators, "Number completed on time", "Q1")
    assert (on_time.raw, on_time.status) == ("n/a", "not-applicable")


def test_2022_warnings(pack_2022):
    _, warnings = pack_2022
    assert _codes(warnings) == [
        ("malformed-cell", (966, 966)),
        ("breakdown-sum-mismatch", (992, 995)),
        ("breakdown-sum-mismatch", (992, 995)),
        ("breakdown-sum-mismatch", (992, 995)),
        ("breakdown-sum-mismatch", (997, 1000)),
        ("breakdown-sum-mismatch", (997, 1000)),
        ("breakdown-sum-mismatch", (997, 1000)),
        ("breakdown-sum-mismatch", (1054, 1054)),
    ]
    messages = [w.message for w in warnings if w.code == "breakdown-sum-mismatch"]
    assert any("Q2" in m and "1649" in m and "1696" in m for m in messages)
    assert any("Q2" in m and "153" in m and "164" in m for m in messages)
    assert any("Last Q4" in m and "344" in m and "335" in m for m in messages)


def test_no_percent_mismatch_in_the_seeds(pack_2022, lscb, hwb):
    for _, warnings in (pack_2022, lscb, hwb):
        assert [w for w in warnings if w.code == "percent-mismatch"] == []


# LSCB annual report 2016-17: Figures 3 and 4 ----------------------------------------------------


def test_lscb_figures_give_six_indicators(lscb):
    indicators, _ = lscb
    assert [each.name for each in indicators] == [
        CP_BY_AGE,
        f"{CP_BY_AGE} (%)",
        CP_BY_CATEGORY,
        f"{CP_BY_CATEGORY} (%)",
        LAC,
        LAC_RATE,
    ]
    assert sum(len(each.observations) for each in indicators) == 90
    assert {each.group for each in indicators} == {
        "Figure 3: Children on a child protection plan by age and category of abuse",
        "Figure 4: Numbers and rate of looked after children",
    }


def test_lscb_looked_after_children_and_comparators(lscb):
    indicators, _ = lscb
    assert find(indicators, LAC, "2016/17").value == 616
    assert indicator(indicators, LAC_RATE).unit == "rate-per-10000"
    assert find(indicators, LAC_RATE, "2016/17").value == 83.1
    england = find(indicators, LAC_RATE, "2015/16", area="England")
    assert (england.value, england.raw, england.area_kind) == (60.3, "60.3", "england")
    neighbours = find(indicators, LAC_RATE, "2013/14", area="Statistical neighbours")
    assert (neighbours.value, neighbours.area_kind) == (78.0, "statistical-neighbours")
    assert find(indicators, LAC, "2016/17", area="England").status == "not-applicable"
    assert find(indicators, LAC, "2014/15", area="West Midlands").value == 669


def test_lscb_best_statistical_neighbour_is_named(lscb):
    indicators, _ = lscb
    best = find(indicators, LAC_RATE, "2015/16", area="Sheffield")
    assert (best.value, best.area_kind, best.lines) == (
        46.0,
        "best-statistical-neighbour",
        (244, 244),
    )
    reported = [o for o in indicator(indicators, LAC_RATE).observations if o.area == "Sheffield"]
    assert [o.status for o in reported] == ["blank", "reported", "blank"]


def test_lscb_cp_plans_by_age_and_category(lscb):
    indicators, _ = lscb
    young = find(indicators, CP_BY_AGE, "YTD", breakdown="0 to 3")
    assert (young.value, young.breakdown_dimension) == (165, "age-band")
    assert (young.period_kind, young.period_start, young.period_end) == (
        "year-to-date",
        "2016-04-01",
        "2017-03-31",
    )
    assert find(indicators, f"{CP_BY_AGE} (%)", "YTD", breakdown="0 to 3").value == 31.9
    assert find(indicators, f"{CP_BY_AGE} (%)", "2013/14", breakdown="0 to 3").value == 33.2
    emotional = find(indicators, CP_BY_CATEGORY, "YTD", breakdown="Emotional")
    assert (emotional.value, emotional.breakdown_dimension) == (297, "category")
    assert find(indicators, f"{CP_BY_CATEGORY} (%)", "YTD", breakdown="Emotional").value == 57.4
    assert find(indicators, CP_BY_CATEGORY, "YTD").value == 517


def test_lscb_text_contradicts_the_figure_total(lscb):
    _, warnings = lscb
    assert _codes(warnings) == [("contradiction", (188, 206))]
    assert "566" in warnings[0].message and "517" in warnings[0].message


# HWB pack 2014: LSCB annual report's child protection tables -----------------------------------


def test_hwb_two_row_header_with_merged_coventry_cell(hwb):
    indicators, _ = hwb
    name = "Number of CP Plans per 10,000"
    assert indicator(indicators, name).unit == "rate-per-10000"
    first = find(indicators, name, AT_2012)
    assert (first.value, first.period_kind, first.period_start) == (64.5, "snapshot", "2012-03-31")
    assert find(indicators, name, AT_2013).value == 73.6
    assert find(indicators, name, "2012", area="England").value == 37.8
    assert indicator(indicators, name).group == "Child Protection Activity"


def test_hwb_icpcs_strategy_discussions_and_blank_cells(hwb):
    indicators, _ = hwb
    icpc = "Number of ICPCs held within 15 days of Section 47 start"
    assert indicator(indicators, icpc).unit == "percent"
    assert find(indicators, icpc, AT_2012).value == 80.4
    assert find(indicators, icpc, AT_2013).value == 57.7
    assert find(indicators, icpc, "2012", area="England").status == "not-applicable"
    strategy = find(indicators, "Number of Strategy Discussions", AT_2013)
    assert (strategy.raw, strategy.status) == ("NA", "not-applicable")
    assert find(indicators, "Number of Strategy Discussions", AT_2012).value == 1221
    assert find(indicators, "Number of Section 47 enquiries", AT_2012).status == "blank"


def test_hwb_cp_plans_by_gender(hwb):
    indicators, _ = hwb
    male = find(indicators, GENDER, AT_2013, breakdown="Male")
    assert (male.value, male.breakdown_dimension) == (257, "gender")
    assert find(indicators, f"{GENDER} (%)", AT_2013, breakdown="Male").value == 49.5
    england = find(indicators, f"{GENDER} (%)", "2012", area="England", breakdown="Male")
    assert (england.value, england.raw) == (49.9, "49.9%")
    assert find(indicators, GENDER, AT_2013).value == 519


def test_hwb_row_starting_with_a_tab_is_flagged_not_guessed(hwb):
    indicators, warnings = hwb
    assert _codes(warnings) == [("ambiguous-row", (2864, 2864))]
    assert "Referrals leading to IA's" in warnings[0].message
    referrals = indicator(indicators, "Referrals leading to IA's")
    assert referrals.observations == []
    assert referrals.caveats
    raws = {o.raw for each in indicators for o in each.observations}
    assert not raws & {"88.50%", "90.6%"}


def test_pack_without_scorecard_tables_gives_nothing(seed):
    assert seed("scrutiny-pack-2016-07-21.txt") == ([], [])


# Rules on small documents ---------------------------------------------------------------------


def test_empty_input_gives_nothing():
    assert extract_indicators([], []) == ([], [])


def _figure(rows):
    return ["Coventry City Council", "", "Figure 1: Children on a plan by gender", "", *rows]


def test_percent_that_disagrees_with_count_over_total_is_flagged():
    lines = _figure(
        [
            "Gender\tYTD\t%",
            "Male\t30\t30.0",
            "Female\t70\t65.0",
            "Total\t100\t100",
        ]
    )
    indicators, warnings = _extract(lines)
    assert [each.name for each in indicators] == [
        "Children on a plan by gender",
        "Children on a plan by gender (%)",
    ]
    assert _codes(warnings) == [("percent-mismatch", (7, 7))]
    assert "65" in warnings[0].message and "70" in warnings[0].message


def test_breakdowns_that_do_not_add_up_to_the_total_are_flagged():
    lines = _figure(
        ["Gender\t2015/16\t2016/17", "Male\t30\t40", "Female\t70\t50", "Total\t100\t95"]
    )
    _, warnings = _extract(lines)
    assert _codes(warnings) == [("breakdown-sum-mismatch", (6, 8))]
    assert "2016/17" in warnings[0].message and "90" in warnings[0].message


def test_prose_that_agrees_with_the_total_is_not_flagged():
    rows = ["Age Group\tYTD", "0 to 3\t10", "4 to 11\t5", "Total\t15"]
    agreeing = ["There are 15 children on a child protection plan.", "", "Figure 2: x", ""]
    differing = ["There are 16 children on a child protection plan.", "", "Figure 2: x", ""]
    header = ["Figure 3: Children on a child protection plan by age", ""]
    _, agreed = _extract(agreeing + header + rows)
    _, differed = _extract(differing + header + rows)
    assert agreed == []
    assert _codes(differed) == [("contradiction", (1, 10))]


def test_row_with_fewer_cells_than_the_header_is_flagged():
    lines = [
        "Performance Scorecard 2020/21",
        "",
        "Measure one",
        "",
        "\tQ1\tQ2\tQ3",
        "Referrals\t1\t2",
        "Assessments\t4\t5\t6",
    ]
    indicators, warnings = _extract(lines)
    assert _codes(warnings) == [("ambiguous-row", (6, 6))]
    assert [o.raw for o in indicator(indicators, "Assessments").observations] == ["4", "5", "6"]
    assert indicator(indicators, "Referrals").observations == []


def test_ambiguous_breakdown_row_is_noted_on_its_indicator():
    lines = [
        "Performance Scorecard 2020/21",
        "",
        "Open cases by age",
        "",
        "\tQ1\tQ2",
        "Children In Need\t\t",
        "Aged 0-4\t1\t2",
        "Aged 5-10\t3",
    ]
    indicators, warnings = _extract(lines)
    assert _codes(warnings) == [("ambiguous-row", (8, 8))]
    assert [each.name for each in indicators] == ["Children In Need"]
    assert indicators[0].caveats == [
        "Values on line 8 were not extracted: their columns are ambiguous."
    ]
    assert [o.breakdown for o in indicators[0].observations] == ["Aged 0-4", "Aged 0-4"]


def test_units_from_the_cells_and_the_name():
    lines = [
        "Performance Scorecard 2020/21",
        "",
        "Measures",
        "",
        "\tQ1\tQ2",
        "Average days from referral to assessment\t12\t14",
        "Referrals per 10,000 children\t310.2\t298.0",
        "Spend on placements\t£1.2m\t£1.3m",
        "Re-referrals\t22.6%\t23.0%",
        "Plans ended\t1345 (88.2%)\t1400 (90.1%)",
        "Missing episodes\t353 (134)\t360 (140)",
        "Arrests to convictions\t5/2\t6:3",
        "Assessments\t168\t170",
    ]
    indicators, _ = _extract(lines)
    assert {each.name: each.unit for each in indicators} == {
        "Average days from referral to assessment": "days",
        "Referrals per 10,000 children": "rate-per-10000",
        "Spend on placements": "currency",
        "Re-referrals": "percent",
        "Plans ended": "count-percent",
        "Missing episodes": "count-count",
        "Arrests to convictions": "ratio",
        "Assessments": "count",
    }


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_is_read_without_error(text):
    lines = text.split("\n")
    indicators, warnings = _extract(lines)
    assert isinstance(indicators, list) and isinstance(warnings, list)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "Appendix 1 - Performance Scorecard 2020/21",
                    "Priority 1: Neglect",
                    "Figure 3: Children on a child protection plan by age",
                    "Measure heading",
                    "\tLast Q4\tQ1\tQ2\tQ3\tQ4\tRegional",
                    "Last Q4\tQ1\tQ2",
                    "Age Group\tYTD\t%\t2015/16 %",
                    "\tCoventry as at 31st March\t\tEngland",
                    "\t2012\t2013\t2012",
                    "\tPrimary\tTotal\t% of pupils",
                    "Q2\t253\t373\t0.7%",
                    "Group row\t\t\t",
                    "Aged 0-4\t1\t2\t3",
                    "Best performing stat. neigh.\tSheffield\t\t46.0",
                    "Total\t1696 (90.7)\t*23.0\t5/2\tNot received\tn/a\t-",
                    "\tLabel\t88%\t90%",
                    "*2019/20 average",
                    "There are 12 children on a child protection plan.",
                    "",
                ]
            ),
            st.text(alphabet="aQ1%(/)*\t .-", max_size=30),
        ),
        max_size=40,
    )
)
def test_any_table_gives_spans_inside_the_document(lines):
    indicators, warnings = _extract(lines)
    spans = [w.lines for w in warnings]
    for each in indicators:
        spans.append(each.lines)
        spans.extend(o.lines for o in each.observations)
    assert all(1 <= first <= last <= len(lines) for first, last in spans)
    assert len({each.name for each in indicators}) == len(indicators)


def test_hostile_input_takes_linear_time():
    started = time.perf_counter()
    lines = ["Performance Scorecard 2020/21", "Priority 1: Neglect"]
    for n in range(3000):
        lines += [f"Measure {n}", "", "\tLast Q4\tQ1\tQ2\tQ3\tQ4", f"Row {n}\t1\t2\t3\t4\t5", ""]
    lines += ["Blank rows", "", "\tQ1\tQ2", "Ratio\t1/2\t3/4"]
    lines += [f"Blank {n}\t\t" for n in range(3000)] + [""]
    lines += ["\tQ1" * 20000] + ["x\t1"] * 5000
    lines += ["1 " * 50000 + "children on a plan"]
    lines += ["Figure 1: x", "", "Age Group\tYTD", "0 to 3\t1", "Total\t2"]
    indicators, warnings = _extract(lines)
    assert time.perf_counter() - started < 10
    # 3000 scorecard rows, the ratio and its blank rows, 5000 flagged rows, and the figure
    assert len(indicators) == 3000 + 1 + 3000 + 5000 + 1
    assert indicator(indicators, "Blank 2999").unit == "ratio"
    assert indicator(indicators, "Blank 0").unit == "ratio"
    assert sum(w.code == "ambiguous-row" for w in warnings) == 5000
