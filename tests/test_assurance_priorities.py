"""Issue 12: priorities, the plan on a page, progress under the Signs of Safety headings and
subgroups, read from the seeds (exact values and lines), with the warnings the papers call
for, and from an invented partnership's report in another house style (no false warning)."""

from pathlib import Path

import pytest

from scrutineer.packs.assurance.priorities import link_indicators, period_in, priorities
from scrutineer.packs.assurance.signs import signs_of_safety
from scrutineer.packs.assurance.subgroups import subgroups
from scrutineer.packs.scorecard import ParsedIndicator

LSCB = "lscb-annual-report-2016-17.txt"
PACK_2022 = "scrutiny-pack-2022-03-17.txt"
HWB = "hwb-pack-2014-02-24.txt"
HARBOURSIDE = Path(__file__).parent / "fixtures" / "assurance_harbourside.txt"


def _in(pack, period):
    return [p for p in pack.assurance.priorities if p.period == period]


def _plan_warnings(pack):
    return [w for w in pack.warnings if w.code.startswith("plan-on-a-page")]


# The 2020–2022 priorities and their progress (scrutiny pack, March 2022) -------------------


def test_the_three_2020_to_2022_priorities(parsed_seeds):
    found = _in(parsed_seeds(PACK_2022), "2020–2022")
    assert [(p.title, p.lines, p.body) for p in found] == [
        ("Neglect", (431, 431), "Coventry Safeguarding Children's Partnership"),
        (
            "Extra familial harm including a contextual safeguarding approach",
            (433, 433),
            "Coventry Safeguarding Children's Partnership",
        ),
        ("Making the system work", (435, 435), "Coventry Safeguarding Children's Partnership"),
    ]


def _counts(priority):
    counts = {}
    for statement in priority.progress:
        key = signs_of_safety(statement.heading)
        counts[key] = counts.get(key, 0) + 1
    return counts


def test_progress_under_the_signs_of_safety_headings(parsed_seeds):
    neglect, harm, system = _in(parsed_seeds(PACK_2022), "2020–2022")
    assert _counts(neglect) == {"working-well": 18, "worried": 6, "needs-to-happen": 7}
    assert _counts(harm) == {"working-well": 15, "worried": 7, "needs-to-happen": 9}
    assert _counts(system) == {"working-well": 12, "worried": 4, "needs-to-happen": 5}
    first = neglect.progress[0]
    assert (first.heading, first.lines) == ("What's working well?", (441, 441))
    worried = [s for s in neglect.progress if signs_of_safety(s.heading) == "worried"]
    assert worried[0].lines == (478, 478)
    assert worried[0].text.startswith("The implementation of the GCP2 training programme")
    # the last statement of the last priority, before the next section's heading
    last = system.progress[-1]
    assert (last.heading, last.lines) == ("What needs to happen?", (624, 624))
    assert (
        last.text == "One minute guides are being created to share the learning from rapid reviews."
    )
    assert not any("Child Exploitation Indicator Tool" in s.text for s in system.progress)


def test_priorities_linked_to_their_scorecard_indicators(parsed_seeds):
    neglect, harm, system = _in(parsed_seeds(PACK_2022), "2020–2022")
    assert "Child Protection Plans (Neglect)" in neglect.indicators
    assert "Number of Rapid Reviews completed" in system.indicators
    # "Priority 2 – Contextual": the second priority, sharing the word
    assert "Number of arrests/convictions in respect of CSE" in harm.indicators
    assert not set(neglect.indicators) & set(system.indicators)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("What's working well?", "working-well"),
        ("What is working well", "working-well"),
        ("What are we worried about?", "worried"),
        ("What we are worried about", "worried"),
        ("What needs to happen? (Recommendations)", "needs-to-happen"),
        ("Next steps", "needs-to-happen"),
        ("Conclusion", None),
    ],
)
def test_signs_of_safety_headings(heading, kind):
    assert signs_of_safety(heading) == kind


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("For 2020-2022 the priorities are:", "2020–2022"),
        ("Our priorities for 2017/18 will be to ensure that:", "2017/18"),
        ("Priorities for 2017 / 2018", "2017/18"),
        ("in place since April 2015. The priorities are:", "since April 2015"),
        ("The priorities are:", None),
    ],
)
def test_periods_of_priority_lists(text, period):
    assert period_in(text) == period


# The LSCB annual report 2016-17 -------------------------------------------------------------


def test_the_five_priorities_since_april_2015_with_their_progress(parsed_seeds):
    found = _in(parsed_seeds(LSCB), "since April 2015")
    assert [p.lines[0] for p in found] == [337, 339, 341, 343, 345]
    assert found[0].title.startswith("To listen to and learn from the voice of the child")
    assert found[4].title == (
        "To ensure that children and young people are protected from domestic violence by "
        "effective multi-agency arrangements."
    )
    # each repeats as the heading of its progress table; the SCR one with "(SCRs)" added
    assert [(p.progress[0].lines[0], p.progress[-1].lines[0]) for p in found] == [
        (355, 383),
        (389, 407),
        (413, 423),
        (429, 453),
        (459, 471),
    ]
    assert found[0].progress[-1].heading == "Conclusion"


def test_the_five_priorities_for_2017_18_and_the_plan_on_a_page(parsed_seeds):
    found = _in(parsed_seeds(LSCB), "2017/18")
    assert [(p.number, p.lines, p.facts["plan_on_a_page"]) for p in found] == [
        (1, (766, 766), (1014, 1014)),
        (2, (767, 767), (1015, 1015)),
        (3, (768, 768), (1016, 1016)),
        (4, (769, 769), (1017, 1017)),
        (5, (770, 770), (1018, 1018)),
    ]
    assert all(p.on_plan_on_a_page for p in found)
    looked_after = found[0]
    assert looked_after.title == (
        "Children and young people who are looked after have equal opportunities to other "
        "children and young people."
    )
    assert looked_after.why == [
        "To ensure equality of opportunity for all children in Coventry The full picture for "
        "children who are looked after is not clear"
    ]
    assert looked_after.metrics[0].startswith("Data set has to be compared with children")
    assert looked_after.outcomes == [
        "Children who are looked after have equal opportunities to children who are not, and "
        "information is used to support and care for children and young people in a way that "
        "meets their needs."
    ]
    # the unnumbered row prints its why in the priority column: stored as printed, no why
    assert found[1].why == []
    assert found[4].outcomes[0].startswith("That safeguarding activity is maintained")


def test_five_priorities_against_four_numbered_rows_is_flagged(parsed_seeds):
    [warning] = _plan_warnings(parsed_seeds(LSCB))
    assert warning.code == "plan-on-a-page-rows"
    assert warning.lines == (1013, 1018)
    assert warning.message == (
        "Five 2017/18 priorities (lines 766–770) against four numbered rows in the plan on a "
        "page (lines 1013–1018: rows 1, 3, 4, 5); the row at line 1015 prints no number and is "
        "matched to its priority by its words"
    )


def test_no_plan_warning_where_there_is_no_plan(parsed_seeds):
    assert _plan_warnings(parsed_seeds(PACK_2022)) == []
    assert _plan_warnings(parsed_seeds(HWB)) == []


# Subgroups and their chairs --------------------------------------------------------------


def _groups(pack):
    return {g.name: g for g in pack.assurance.subgroups}


def test_lscb_2016_17_subgroups_with_chairs_from_the_membership(parsed_seeds):
    groups = _groups(parsed_seeds(LSCB))
    assert list(groups) == [
        "Effectiveness and quality",
        "Child Death Overview Panel (CDOP)",
        "Child Sexual Exploitation and Missing",
        "Policy and procedures",
        "Serious Case Review",
        "Learning and development",
        "Multi-Agency Safeguarding Hub (MASH)",
    ]
    chairs = {name: (g.chair, g.facts.get("chair")) for name, g in groups.items() if g.chair}
    assert chairs == {
        "Effectiveness and quality": ("John Gregg", (917, 917)),
        "Child Sexual Exploitation and Missing": ("Ian Green", (947, 947)),
        "Policy and procedures": ("Andy Wade", (920, 920)),
        "Learning and development": ("Jayne Phelps", (940, 940)),
    }
    assert groups["Effectiveness and quality"].lines == (707, 709)
    assert {g.body for g in groups.values()} == {"Coventry Local Safeguarding Children Board"}


def test_lscb_2012_13_subgroups_chairs_and_workplans(parsed_seeds):
    groups = _groups(parsed_seeds(HWB))
    assert list(groups) == [
        "Business Management",
        "Practice and Quality Assurance",
        "Training Strategy",
        "Serious Case Review",
        "Promoting Children and Young People's Wellbeing (CAF)",
        "Safeguarding in Education",
        "Safeguarding Children in Health",
        "Child Death Review Panel",
    ]
    assert {g.body for g in groups.values()} == {"Coventry Safeguarding Children Board"}
    named = {name: (g.chair, g.facts["chair"]) for name, g in groups.items()}
    assert named["Practice and Quality Assurance"] == (
        "DCI Sue Holder, Public Protection Unit, West Midlands Police",
        (2525, 2525),
    )
    assert named["Serious Case Review"] == ("Mark Dalton NSPCC", (2559, 2559))
    assert named["Safeguarding in Education"][1] == (2624, 2624)
    assert named["Child Death Review Panel"] == (
        "John Forde, Consultant, Public Health NHS Coventry",
        (2671, 2671),
    )
    assert named["Business Management"] == (
        "the Independent Chair of the Safeguarding Children Board",
        (2487, 2487),
    )
    training = groups["Training Strategy"]
    assert (len(training.workplan), training.facts["workplan"]) == (14, (3105, 3123))
    assert training.workplan[2].endswith(
        "3b. DVA DASH Risk Assessment Tool Training for multi-agency delegates"
    )
    assert training.workplan[-1].startswith("14. Training around deeply held religious")
    quality = groups["Practice and Quality Assurance"]
    assert len(quality.workplan) == 14
    assert quality.workplan[4] == "Review and update the Children Missing from Education Procedure."
    assert len(groups["Serious Case Review"].workplan) == 5
    assert len(groups["Safeguarding in Education"].workplan) == 7
    assert len(groups["Safeguarding Children in Health"].workplan) == 7
    assert len(groups["Promoting Children and Young People's Wellbeing (CAF)"].workplan) == 4
    assert groups["Child Death Review Panel"].workplan == []


def test_the_2012_13_board_priorities(parsed_seeds):
    found = _in(parsed_seeds(HWB), "2012/13")
    assert [p.lines[0] for p in found] == [2424, 2425, 2426, 2427, 2428]
    assert found[1].title == "Getting out of and combating child sexual exploitation"
    assert {p.body for p in found} == {"Coventry Safeguarding Children Board"}


# Another council's house style (invented) -------------------------------------------------


def _harbourside():
    return HARBOURSIDE.read_text(encoding="utf-8").splitlines()


def test_harbourside_priorities_plan_and_progress():
    found, warnings = priorities(_harbourside(), [])
    assert warnings == []
    assert [(p.period, p.title, p.lines, p.facts["plan_on_a_page"]) for p in found] == [
        ("2023–2025", "Tackling exploitation of young people", (9, 9), (89, 89)),
        ("2023–2025", "Healthy relationships at home", (10, 10), (90, 90)),
        ("2023–2025", "Early support for families", (11, 11), (91, 91)),
    ]
    exploitation = found[0]
    assert exploitation.why == [
        "Rising referrals to the hub",
        "Young people told us they feel unsafe in town",
    ]
    assert exploitation.metrics == [
        "Number of young people at risk of exploitation",
        "Return home interviews completed within 72 hours",
    ]
    assert exploitation.outcomes == ["Young people are safe in their communities"]
    assert [(signs_of_safety(s.heading), s.lines) for s in exploitation.progress] == [
        ("working-well", (17, 17)),
        ("working-well", (19, 19)),
        ("worried", (23, 23)),
        ("needs-to-happen", (27, 27)),
    ]
    assert found[2].progress == []


def test_harbourside_plan_missing_a_row_is_flagged():
    lines = _harbourside()[:-1]
    _, warnings = priorities(lines, [])
    assert [(w.code, w.message, w.lines) for w in warnings] == [
        (
            "plan-on-a-page-rows",
            "Three 2023–2025 priorities (lines 9–11) against two rows in the plan on a page "
            "(lines 88–90)",
            (88, 90),
        )
    ]


def test_harbourside_metric_links_to_an_indicator_of_nearly_the_same_name():
    found, _ = priorities(_harbourside(), [])
    indicators = [
        ParsedIndicator("Number of young people at risk of exploitation", "count", (1, 1)),
        ParsedIndicator("Number of young people", "count", (2, 2)),
        ParsedIndicator("Early help assessments completed (YTD)", "count", (3, 3)),
    ]
    link_indicators(found, indicators)
    assert [p.indicators for p in found] == [
        ["Number of young people at risk of exploitation"],
        [],
        ["Early help assessments completed (YTD)"],
    ]


def test_harbourside_subgroups_and_chairs():
    found, warnings = subgroups(_harbourside(), [])
    assert warnings == []
    assert [(g.name, g.chair, g.lines, g.facts.get("chair")) for g in found] == [
        ("Learning and Improvement", "Priya Venn, Head of Quality Assurance", (49, 51), (66, 66)),
        (
            "Exploitation and Missing",
            "Detective Inspector Ruth Calder and the Exploitation Lead",
            (53, 55),
            (55, 55),
        ),
        ("Training", None, (57, 59), None),
    ]


def test_a_services_or_a_subgroups_priorities_are_not_the_boards(parsed_seeds):
    # "The report highlights the following priorities for 2021/22:" (the Family Health and
    # Lifestyle service's report) and "Priorities for 2013/14 have been identified as:"
    # under the Safeguarding in Education subgroup's heading
    assert {p.period for p in parsed_seeds(PACK_2022).assurance.priorities} == {"2020–2022"}
    assert {p.period for p in parsed_seeds(HWB).assurance.priorities} == {"2012/13"}


def test_the_2012_13_progress_under_shortened_headings(parsed_seeds):
    # "Monitor the development of Early Help Services" heads the progress of the first
    # priority; the CSE section ends where the domestic abuse one begins (line 2448)
    found = _in(parsed_seeds(HWB), "2012/13")
    assert [(p.progress[0].lines[0], p.progress[-1].lines[0]) for p in found] == [
        (2434, 2438),
        (2442, 2446),
        (2450, 2469),
        (2473, 2475),
        (2479, 2479),
    ]
    assert found[2].progress[2].text.startswith("- The case studies show")
