"""Tracked items (Outstanding Issues, case-review recommendations, action plans) read from
the real seed packs, plus the rules that decide pairing, numbering and warnings."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutineer.packs.segment import segment
from scrutineer.packs.tracking import extract_tracked_items
from scrutineer.packs.tracking.owners import named_owners

SCR_2016 = "Serious Case Review – Child G, Child H, Child I, Child J, Child K"
CSCP = "Coventry Safeguarding Children Partnership"


def _extract(lines):
    return extract_tracked_items(lines, segment(lines))


@pytest.fixture(scope="module")
def seed(seed_lines):
    cache = {}

    def extracted(name: str):
        if name not in cache:
            cache[name] = _extract(seed_lines(name))
        return cache[name]

    return extracted


@pytest.fixture(scope="module")
def pack_2016(seed):
    return seed("scrutiny-pack-2016-07-21.txt")


@pytest.fixture(scope="module")
def pack_2022(seed):
    return seed("scrutiny-pack-2022-03-17.txt")


def _kind(items, kind):
    return [item for item in items if item.source_kind == kind]


def _codes(warnings, code):
    return [w.lines for w in warnings if w.code == code]


# Outstanding Issues ---------------------------------------------------------------------------


def test_outstanding_issues_rows_types_dates_and_owners(pack_2016):
    rows = _kind(pack_2016[0], "outstanding-issues")
    assert [row.item_type for row in rows] == ["I", "R", "A"]
    assert [row.lines for row in rows] == [(1349, 1349), (1350, 1350), (1351, 1351)]
    assert [row.meeting_date for row in rows] == ["2015-09-10", "2015-06-18", "2015-12-10"]
    assert [row.topic for row in rows] == [
        "Adoption Annual Report",
        "Serious Case Review – Child T",
        "Progress of Recommendations of the Task and Finish Group on Fostering",
    ]
    assert [row.owners for row in rows] == [[], ["LSCB"], []]
    assert [row.officer_contact for row in rows] == ["Liz Gosling", "Cat Parker", "Gennie Holmes"]
    assert rows[1].text == "Recommendations to LSCB re: Housing Providers and functioning boilers."


def test_outstanding_issues_responses_are_kept_verbatim_and_complete(pack_2016):
    rows = _kind(pack_2016[0], "outstanding-issues")
    assert [row.status for row in rows] == ["complete"] * 3
    responses = [row.responses for row in rows]
    assert [[r.text for r in rs] for rs in responses] == [
        ["Members updated at matters arising 14/10/15 COMPLETE"],
        ["Briefing note sent to the LSCB COMPLETE"],
        ["Added to the work programme for next Municipal Year COMPLETE"],
    ]
    assert [rs[0].date for rs in responses] == ["2015-10-14", None, None]
    assert [rs[0].status for rs in responses] == ["complete"] * 3


def test_outstanding_issues_header_is_known_by_its_names_not_its_place():
    lines = [
        "Some preamble",
        "",
        "Meeting  date\tAgenda item\tCabinet Member / Responsible Officer\tRec’ Action or "
        "Information\tRecommendations / Actions\tOfficer Contact\tResponse / Status",
        "1 March 2020\tBudget\tCabinet Member for Finance\tR\tReview the budget\tA Smith\t",
        "\t\t\t\tby June\t\tDone COMPLETE",
        "2 March 2020\tHousing\t\tX\tSend figures\t\tAwaiting reply",
    ]
    items, warnings = extract_tracked_items(lines, [])
    assert [(i.item_type, i.meeting_date, i.lines) for i in items] == [
        ("R", "2020-03-01", (4, 5)),
        (None, "2020-03-02", (6, 6)),
    ]
    assert items[0].text == "Review the budget by June"
    assert items[0].owners == ["Cabinet Member for Finance"]
    assert items[0].status == "complete" and items[1].status is None
    assert items[1].responses[0].text == "Awaiting reply"
    assert [(w.code, w.lines) for w in warnings] == [("tracker-type-unreadable", (6, 6))]


# Case reviews: the 2016 numbered list ---------------------------------------------------------


def test_scr_recommendations_for_the_board(pack_2016):
    recs = _kind(pack_2016[0], "case-review")
    assert [r.number for r in recs] == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]
    assert [r.lines for r in recs] == [(n, n) for n in range(762, 768)]
    assert {r.item_type for r in recs} == {"R"}
    assert {r.review for r in recs} == {SCR_2016}
    assert recs[0].text.startswith("The LSCB to ensure that assessing the impact")
    assert recs[5].text.endswith("support for members of the Federation.")


def test_scr_owners_are_named_by_the_sentence_or_else_the_heading(pack_2016):
    recs = _kind(pack_2016[0], "case-review")
    assert [r.owners for r in recs] == [
        ["LSCB"],
        ["LSCB", "partners"],
        ["Board"],
        ["LSCB"],
        ["Board"],
        ["Board"],  # "This SCR to be shared ..." names no owner: the heading's Board
    ]


def test_scr_inline_recommendations_are_not_counted_twice(pack_2016):
    items, warnings = pack_2016
    recs = _kind(items, "case-review")
    assert [r.also_stated_at for r in recs] == [
        [],
        [(659, 659)],
        [(750, 750)],
        [(595, 595)],
        [(462, 462)],
        [(577, 577)],
    ]
    assert _codes(warnings, "review-recommendation-differs") == [(462, 766), (659, 763)]
    assert _codes(warnings, "review-recommendation-unlisted") == []


def test_briefing_note_about_a_review_is_not_the_review():
    lines = [
        "Briefing note",
        "Subject: Serious Case Review",
        "2 Recommendations",
        "- 2.1 Scrutiny Board are asked to note the recommendations.",
    ]
    assert extract_tracked_items(lines, segment(lines)) == ([], [])


# Case reviews: the 2022 "Matt" table -----------------------------------------------------------


def test_matt_recommendations_and_their_parts(pack_2022):
    recs = _kind(pack_2022[0], "case-review")
    assert [r.number for r in recs] == ["1", "2", "3", "4", "5", "6", "7"]
    parts = [part.number for r in recs for part in r.subitems]
    assert parts == ["1a", "1b", "1c", "2a", "2b", "3a", "3b", "3c", "4a", "4b", "4c", "4d"]
    assert {r.review for r in recs} == {"Serious Case Review – Matt"}
    assert [r.lines for r in recs] == [
        (798, 801),
        (803, 805),
        (806, 810),
        (811, 815),
        (817, 817),
        (818, 818),
        (819, 819),
    ]
    assert recs[2].subitems[0].lines == (808, 808)
    assert recs[3].text == "The Coventry Safeguarding Children Partnership should be assured that:-"


def test_matt_progress_cells_are_responses_except_on_2_and_4(pack_2022):
    recs = _kind(pack_2022[0], "case-review")
    assert [len(r.responses) for r in recs] == [1, 0, 1, 0, 1, 1, 1]
    assert all(len(part.responses) == 1 for r in recs for part in r.subitems)
    assert recs[0].responses[0].text.endswith("can be found here: <u>Neglect Strategy</u>")
    assert (
        recs[3]
        .subitems[1]
        .responses[0]
        .text.endswith("on the CSCP website. Top Tips for a MASH Referral")
    )
    assert recs[4].responses[0].lines == (817, 817)


def test_matt_owners_as_written_and_inherited_by_parts(pack_2022):
    recs = _kind(pack_2022[0], "case-review")
    assert [r.owners for r in recs] == [
        [CSCP],
        [CSCP],
        [CSCP],
        [CSCP],
        ["Coventry Children Social Care"],
        [CSCP],
        ["Coventry Safeguarding Partnership"],
    ]
    assert all(part.owners == r.owners for r in recs for part in r.subitems)


def test_link_labels_left_in_cells_are_flagged_not_stripped(pack_2022):
    _, warnings = pack_2022
    flagged = [w for w in warnings if w.code == "link-label-in-cell"]
    assert [w.lines for w in flagged] == [(798, 798), (800, 800), (806, 806), (813, 813)]
    assert '"Top Tips for a MASH Referral"' in flagged[-1].message
    assert '"Neglect Strategy"' in flagged[0].message
    # 2b's "here:- Practitioners Guidance A Safer Sleeping conference ..." runs into prose
    # and cannot be told apart from it reliably, so it is not flagged.
    assert not any(w.lines == (805, 805) for w in flagged)


def test_numbered_tables_without_a_review_are_not_recommendations(seed):
    items, warnings = seed("lscb-annual-report-2016-17.txt")
    assert items == [] and warnings == []
    assert seed("hwb-pack-2014-02-24.txt") == ([], [])


# Action plans ----------------------------------------------------------------------------------


def _plan(pack):
    return _kind(pack[0], "action-plan")


def test_action_plan_actions_numbers_and_themes(pack_2016):
    plan = _plan(pack_2016)
    assert len(plan) == 15  # "Step up and down" and "Ignite" continue actions 7 and 9
    assert {a.plan for a in plan} == {"Early Help and Prevention Action Plan 2015 – 2018"}
    assert {a.plan_lines for a in plan} == {(1082, 1116)}
    assert [a.number for a in plan] == [
        "1", "2", "3", "4", "5", "6", "7", "9", "10", None, None, None, None, None, None,
    ]  # fmt: skip
    assert [len(a.milestones) for a in plan] == [3, 5, 6, 5, 2, 1, 9, 12, 2, 2, 2, 3, 11, 1, 7]
    assert not any(a.subitems for a in plan)
    assert {a.item_type for a in plan} == {"A"}
    assert [a.topic for a in plan[:7]] == ["SERVICE DELIVERY"] * 7
    assert plan[7].topic == "INTEGRATED SERVICE DELIVERY"
    assert plan[10].topic == "INTEGRATED PERFORMANCE MONITORING Data and intelligence"
    assert [a.topic for a in plan[-2:]] == ["COMMUNICATION AND ENGAGEMENT", "GOVERNANCE"]


def test_action_plan_lists_pair_by_position(pack_2016):
    action_1 = _plan(pack_2016)[0]
    assert [(s.text[:30], s.owners, s.due, s.due_date) for s in action_1.milestones] == [
        (
            "A proposal with recommendation",
            ["Louison Ricketts – Service Manager"],
            "June 2016",
            "2016-06-30",
        ),
        (
            "Completed – further work to id",
            ["Louison Ricketts – Service Manager"],
            "End of May 16",
            "2016-05-31",
        ),
        (
            "2nd claim – September 16, 535 ",
            ["Stuart Hunter – Perf Manager"],
            "September 16",
            "2016-09-30",
        ),
    ]
    assert action_1.owners == ["Louison Ricketts – Service Manager", "Stuart Hunter – Perf Manager"]
    assert action_1.due == "June 2016\nEnd of May 16\nSeptember 16"
    assert action_1.due_date is None


def test_action_plan_single_lead_and_timescale_cover_every_step(pack_2016):
    plan = _plan(pack_2016)
    action_2, action_7, comms = plan[1], plan[6], plan[13]
    assert (action_2.owners, action_2.due, action_2.due_date) == (
        ["Angela Harley – Service Manager"],
        "March 17",
        "2017-03-31",
    )
    assert {(tuple(s.owners), s.due) for s in action_2.milestones} == {
        (("Angela Harley – Service Manager",), "March 17")
    }
    # with "Step up and down" it has seven timescales for nine next steps
    assert action_7.due.split("\n")[0] == "End of September 16" and action_7.due_date is None
    assert action_7.status == "complete"
    assert [r.text for r in action_7.responses][-1] == "Completed Feb 16"
    assert (comms.number, comms.owners, comms.due) == (
        None,
        ["Fran Doyle", "John Gregg for Children’s"],
        "June 16",
    )
    assert comms.milestones[0].text == "Next newsletter due June 16"


def test_action_plan_rows_broken_over_pages_are_rejoined(pack_2016):
    plan = _plan(pack_2016)
    steps_2 = [s.text for s in plan[1].milestones]
    assert steps_2[3].endswith("deadline for submission – end of June 16")
    assert steps_2[4].startswith("Link up Health Visiting and early years")
    assert plan[2].text.endswith("— Linking with voluntary and community sector agencies.")
    assert plan[4].milestones[0].text.endswith("register the childcare provision with Ofsted.")
    assert plan[4].lines == (1094, 1096)
    action_9 = plan[7]
    assert action_9.lines == (1101, 1103)
    assert "\nIgnite – Willenhall 1st live hub pilot" in action_9.text
    assert action_9.milestones[6].text.endswith("public health and emotional wellbeing data.")
    assert action_9.milestones[7].text == "Presentation back to the next board"
    assert plan[6].text.endswith("Step up and down – effectiveness and prompt interventions.")
    assert plan[6].lines == (1098, 1100)
    assert [s.text for s in plan[14].milestones[-2:]] == [
        "Reinstate TF operational group to feed into board and report back",
        "Review whether the board is right to incorporate TF",
    ]


def test_action_plan_shifted_and_short_rows_are_aligned(pack_2016):
    plan = _plan(pack_2016)
    action_4 = plan[3]
    assert action_4.text == "Acting Early – school age (primaries and secondary's) 5 - 19"
    assert action_4.responses[0].text.startswith("4 secondary schools identified")
    governance = plan[14]
    assert governance.owners == ["Sue Frossell"]
    assert (governance.due, governance.due_date) == ("June 2016 – review 6 months", "2016-06-30")


def test_action_plan_unpaired_lists_are_flagged_and_kept_whole(pack_2016):
    plan = _plan(pack_2016)
    _, warnings = pack_2016
    assert _codes(warnings, "action-plan-unpaired") == [
        (1090, 1092),
        (1093, 1093),
        (1094, 1096),
        (1098, 1100),
        (1101, 1103),
        (1110, 1112),
    ]
    action_4 = plan[3]
    assert action_4.owners == [
        "Christina Walding – programme manager, public health",
        "Fran Doyle",
    ]
    assert (action_4.due, action_4.due_date) == ("July 2016\nMarch 2017\nJune 16", None)
    assert all(s.owners == [] and s.due is None for s in action_4.milestones)
    message = next(w.message for w in warnings if w.lines == (1093, 1093))
    assert "5 next steps, 2 leads and 3 timescales" in message


def test_action_plan_number_gap_and_misplaced_leads_are_flagged(pack_2016):
    _, warnings = pack_2016
    gaps = [w for w in warnings if w.code == "action-plan-number-gap"]
    assert [w.lines for w in gaps] == [(1101, 1101)]
    assert "action 8 is missing" in gaps[0].message
    assert _codes(warnings, "action-plan-lead-is-timescale") == [(1110, 1110), (1110, 1110)]


def test_action_plan_dates_pairs_and_statuses_on_a_small_plan():
    lines = [
        "Action No.\tDescription\tNext steps - Action\tLead\tTimescale\tProgress",
        "1\tImprove X\t<p>Do A</p> <p>Do B</p>\t<p>Ann Lee</p> <p>Bob Roe</p>\t"
        "<p>Sept 2016</p> <p>March 2017 – completed</p>\tCompleted",
        "2\tImprove Y\t<p>Do C</p> <p>Do D</p> <p>Do E</p>\t<p>Ann Lee</p> <p>Bob Roe</p>\t"
        "Ongoing\t",
        "4\tImprove Z\tDo F\tCal Poe\tBeg April 16\t",
    ]
    items, warnings = extract_tracked_items(lines, [])
    first, second, third = items
    assert [(s.text, s.owners, s.due_date, s.status) for s in first.milestones] == [
        ("Do A", ["Ann Lee"], "2016-09-30", None),
        ("Do B", ["Bob Roe"], "2017-03-31", "complete"),
    ]
    assert first.status == "complete"
    assert (second.owners, second.due, second.due_date) == (["Ann Lee", "Bob Roe"], "Ongoing", None)
    assert (third.due, third.due_date, third.owners) == ("Beg April 16", None, ["Cal Poe"])
    assert [(w.code, w.lines) for w in warnings] == [
        ("action-plan-unpaired", (3, 3)),
        ("action-plan-number-gap", (4, 4)),
    ]


# Any input -------------------------------------------------------------------------------------


def test_empty_input_gives_nothing():
    assert extract_tracked_items([], []) == ([], [])


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_is_read_without_error(text):
    lines = text.split("\n")
    items, warnings = extract_tracked_items(lines, segment(lines))
    assert isinstance(items, list) and isinstance(warnings, list)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "Matrix area\tAction No.\tDescription\tNext steps\tLead\tTimescale\tProgress",
                    "Meeting Date\tAgenda Item\tRec, Action or Information\tActions\tResponse",
                    "The review is in relation to Matt, a Serious Case Review.",
                    "SERIOUS CASE REVIEW",
                    "7. Recommendations for the Board",
                    "- 7.1. Recommendation: The Board to act.",
                    "Recommendation: The Board to act.",
                    "1\tThe Board should act.\tDone. Top Tips",
                    "a)\tPart.\t<u>Link</u>",
                    "AREA\t1\t<p>Do</p>\t<ul> x\t<p>A</p> <p>B</p>\tJune 16\t",
                    "\t\t\tmore\t<p>C</p>\tMay 2017",
                    "",
                ]
            ),
            st.text(alphabet="ab1)\t<>/p ", max_size=30),
        ),
        max_size=40,
    )
)
def test_any_table_gives_spans_inside_the_document(lines):
    items, warnings = extract_tracked_items(lines, segment(lines))
    spans = [w.lines for w in warnings]
    for item in items:
        for each in [item, *item.subitems]:
            spans.append(each.lines)
            spans.extend(r.lines for r in each.responses)
            spans.extend(each.also_stated_at)
        spans += [m.lines for m in item.milestones]
        spans += [item.plan_lines] if item.plan_lines else []
    assert all(1 <= first <= last <= len(lines) for first, last in spans)


def test_hostile_input_takes_linear_time():
    started = time.perf_counter()
    lines = ["SERIOUS CASE REVIEW", "Child A"] + ["Recommendation: The Board to act."] * 20000
    lines += ["7. Recommendations for the Board"]
    lines += [f"7.{n}. The Board to act." for n in range(1, 99)]
    lines += ["We undertook a Serious Case Review in relation to Matt."]
    lines += ["1\tThe Board should act.\tDone"] * 20000
    lines += ["Action No.\tDescription\tNext steps\tLead\tTimescale", "1\tDo\t<ul> x\tA\tB"]
    lines += ["\t\tmore\ttext\tx"] * 20000 + ["<" * 100000 + "\tx\ty\tz\tw"]
    items, _ = extract_tracked_items(lines, [])
    assert time.perf_counter() - started < 10
    assert len(items) == 98 + 20000 + 2  # the list, the table rows, two plan rows


@pytest.mark.parametrize(
    ("sentence", "owners"),
    [
        (
            "The Safeguarding in Education Adviser should write to every school",
            ["Safeguarding in Education Adviser"],
        ),
        ("The Early Help team to publish a short guide for families", ["Early Help team"]),
        ("That the LSCB and partners consider the findings", ["LSCB", "partners"]),
        ("The Partnership Board and subgroup members will be given a copy", []),
        ("This review to be shared with every agency", []),
        ("Consideration should be given to a joint protocol", []),
    ],
)
def test_the_owner_a_recommendation_names(sentence, owners):
    """The one reading of who a case review's or an audit's recommendation addresses."""
    assert named_owners(sentence) == owners
