"""Action plans: each action's matrix area and progress level, the plan's period and the
summary table of levels by area, checked against the actions (flag, don't fix); and a
programme phase's figure printed twice with different values.

The seed is the Early Help and Prevention Action Plan 2015 – 2018 in the 2016 scrutiny pack;
the fixture is an invented plan in another council's house style."""

from __future__ import annotations

import pytest
from django.test import Client

from scrutineer.assurance.models import PlanHeader, PlanLevel
from scrutineer.packs.assurance.phases import phase_figures
from scrutineer.packs.assurance.plans import plan_headers
from scrutineer.packs.tracking.plans import action_plans
from scrutineer.tracker.models import ActionPlan, TrackedItem
from tests.helpers import page

PACK = "scrutiny-pack-2016-07-21.txt"
EARLY_HELP = "Early Help and Prevention Action Plan 2015 – 2018"

# (number, matrix area, progress level as printed, lines)
SEED_ACTIONS = [
    ("1", "SERVICE DELIVERY", 3, (1085, 1085)),
    ("2", "SERVICE DELIVERY", None, (1086, 1089)),
    ("3", "SERVICE DELIVERY", 3, (1090, 1092)),
    ("4", "SERVICE DELIVERY", 1, (1093, 1093)),
    ("5", "SERVICE DELIVERY", 1, (1094, 1096)),
    ("6", "SERVICE DELIVERY", 2, (1097, 1097)),
    ("7", "SERVICE DELIVERY", 2, (1098, 1100)),
    ("9", "INTEGRATED SERVICE DELIVERY", 1, (1101, 1103)),
    ("10", "WORKFORCE DEVELOPMENT", 2, (1104, 1104)),
    (None, "INTEGRATED PERFORMANCE MONITORING Data and intelligence", 2, (1105, 1107)),
    (None, "INTEGRATED PERFORMANCE MONITORING Data and intelligence", None, (1108, 1108)),
    (None, "INTEGRATED PERFORMANCE MONITORING Data and intelligence", None, (1109, 1109)),
    (None, "QUALITY ASSURANCE", 1, (1110, 1112)),
    (None, "COMMUNICATION AND ENGAGEMENT", 2, (1113, 1113)),
    (None, "GOVERNANCE", 2, (1114, 1116)),
]
# (area, level marked, line)
SEED_SUMMARY = [
    ("Service delivery", 2, 1127),
    ("Integrated Service Delivery", 1, 1128),
    ("Workforce development", 2, 1129),
    ("Integrated Performance Management", 2, 1130),
    ("Quality Assurance", 2, 1131),
    ("Communication and Engagement", 2, 1132),
    ("Governance", 2, 1133),
]
QA_WARNING = (
    "The summary marks Quality Assurance at level 2 (line 1131), but its actions "
    "(lines 1110–1112) are 1 at level 1"
)
PHASE_WARNING = (
    "Strengthening Families phase 1 families: '905' (line 876) against '634' (line 1053)"
)


def _plan_actions(pack):
    return [i for i in pack.tracked_items if i.source_kind == "action-plan"]


def test_each_action_keeps_its_matrix_area_and_printed_level(parsed_seeds):
    actions = _plan_actions(parsed_seeds(PACK))
    assert [(a.number, a.topic, a.progress_level, a.lines) for a in actions] == SEED_ACTIONS
    assert {a.plan for a in actions} == {EARLY_HELP}


def test_the_plan_header_period_and_summary(parsed_seeds):
    (plan,) = parsed_seeds(PACK).assurance.action_plans
    assert (plan.title, plan.lines, plan.period, plan.belongs_to) == (
        EARLY_HELP,
        (1082, 1116),
        "2015 – 2018",
        "service",
    )
    assert plan.facts == {"period": (1082, 1082), "levels": (1127, 1133)}
    assert [(c.area, c.level, c.lines[0]) for c in plan.levels] == SEED_SUMMARY
    # Every cell repeats its column's level: the table marks each area's level.
    assert all(c.marks and c.count == c.level for c in plan.levels)


def test_the_summary_is_checked_against_the_actions(parsed_seeds):
    warnings = [w for w in parsed_seeds(PACK).warnings if w.code.startswith("action-plan-summary")]
    assert [(w.code, w.message, w.lines) for w in warnings] == [
        ("action-plan-summary-level", QA_WARNING, (1131, 1131))
    ]


def test_strengthening_families_phase_one_is_905_and_634(parsed_seeds, seed_lines):
    warnings = [w for w in parsed_seeds(PACK).warnings if w.code == "programme-phase-figure"]
    assert [(w.message, w.lines) for w in warnings] == [(PHASE_WARNING, (876, 1053))]
    lines = seed_lines(PACK)
    assert "'turned around' 905 complex families" in lines[875]
    assert "Phase 1 of the programme has supported 634 Coventry families" in lines[1052]


@pytest.mark.parametrize(
    "name",
    ["scrutiny-pack-2022-03-17.txt", "hwb-pack-2014-02-24.txt", "lscb-annual-report-2016-17.txt"],
)
def test_no_false_plan_or_phase_warnings_in_the_other_seeds(parsed_seeds, name):
    codes = {w.code for w in parsed_seeds(name).warnings}
    assert not codes & {
        "action-plan-summary-level",
        "action-plan-summary-area",
        "programme-phase-figure",
    }


# -- another council's house style (invented) -------------------------------------------------

WESTMERE = [
    "Westmere Partnership Family Support Action Plan 2023/24",
    "",
    "Priority area\tAction number\tDescription\tActions\tLead\tBy when\tProgress level\tUpdate",
    "PREVENTION\t1\tOpen two family hubs in the north of the borough\t<p>Agree sites</p> "
    "<p>Recruit hub coordinators</p>\t<p>Head of Early Help</p> <p>HR Business Partner</p>\t"
    "<p>June 2023</p> <p>September 2023</p>\t2\tSites agreed in May.",
    "\t2\tLaunch the parenting helpline\tPublicise the number in schools\t"
    "Family Information Service\tApril 2023\t3\tLive since 3 April.",
    "SUPPORT\t3\tReduce repeat referrals\tAudit 40 repeat referrals\tPractice Lead\t"
    "October 2023\t1\tAudit sample drawn.",
    "\t4\tTrain 200 staff in the family approach\tBook four cohorts\tWorkforce Lead\t"
    "March 2024\t2\tTwo cohorts booked.",
    "",
    "Area\tLevel 1\tLevel 2\tLevel 3\tLevel 4",
    "Prevention\t\t1\t1\t",
    "Support\t1\t1\t\t",
]


def test_a_counting_summary_in_another_style_agrees_with_its_actions():
    items, _ = action_plans(WESTMERE)
    assert [(i.number, i.topic, i.progress_level, i.lines) for i in items] == [
        ("1", "PREVENTION", 2, (4, 4)),
        ("2", "PREVENTION", 3, (5, 5)),
        ("3", "SUPPORT", 1, (6, 6)),
        ("4", "SUPPORT", 2, (7, 7)),
    ]
    (plan,), warnings = plan_headers(WESTMERE, [])
    assert (plan.title, plan.period, plan.facts["period"]) == (
        "Westmere Partnership Family Support Action Plan 2023/24",
        "2023/24",
        (1, 1),
    )
    assert [(c.area, c.level, c.count, c.lines, c.marks) for c in plan.levels] == [
        ("Prevention", 2, 1, (10, 10), False),
        ("Prevention", 3, 1, (10, 10), False),
        ("Support", 1, 1, (11, 11), False),
        ("Support", 2, 1, (11, 11), False),
    ]
    assert warnings == []


def test_a_count_that_differs_from_the_actions_is_flagged_with_both_spans():
    lines = [*WESTMERE[:-1], "Support\t1\t\t1\t"]
    _, warnings = plan_headers(lines, [])
    assert [(w.code, w.message, w.lines) for w in warnings] == [
        (
            "action-plan-summary-level",
            "The summary counts Support as 1 at level 1, 1 at level 3 (line 11), but its "
            "actions (lines 6–7) are 1 at level 1, 1 at level 2",
            (11, 11),
        )
    ]


def test_a_summary_area_no_action_has_is_flagged():
    lines = [*WESTMERE, "Commissioning\t\t2\t\t"]
    _, warnings = plan_headers(lines, [])
    assert [(w.code, w.lines) for w in warnings] == [("action-plan-summary-area", (12, 12))]
    assert '"Commissioning" (line 12)' in warnings[0].message


THRIVING = [
    "Under phase 2 of the 'Thriving Households' programme the service has worked with 412 "
    "households since April. Phase 2 aims to reach a further 900 households by 2026.",
    "",
    "Thriving Households Programme (formerly Families First). In phase 2 the team supported "
    "412 households across the borough.",
]


def test_a_phase_figure_stated_twice_alike_is_not_flagged():
    assert phase_figures(THRIVING) == []


def test_a_phase_figure_stated_twice_differently_is_flagged():
    lines = [THRIVING[0], "", THRIVING[2].replace("412", "398")]
    assert [(w.message, w.lines) for w in phase_figures(lines)] == [
        ("Thriving Households phase 2 households: '412' (line 1) against '398' (line 3)", (1, 3))
    ]


# -- loaded and shown --------------------------------------------------------------------------


def test_levels_and_summary_are_loaded_and_shown_on_the_plan_page(seeded):
    plan = ActionPlan.objects.get(title=EARLY_HELP)
    header = PlanHeader.objects.get(plan=plan)
    assert (header.period, header.facts, header.first_line) == (
        "2015 – 2018",
        {"period": [1082, 1082], "levels": [1127, 1133]},
        1082,
    )
    assert (
        list(PlanLevel.objects.filter(plan=plan).values_list("area", "level", "first_line"))
        == SEED_SUMMARY
    )
    levels = TrackedItem.objects.filter(plan=plan).order_by("first_line")
    assert [i.progress_level for i in levels] == [a[2] for a in SEED_ACTIONS]

    html = page(Client().get(plan.get_absolute_url()))
    assert "It covers 2015 – 2018." in html.text_content()
    assert "It is a service plan" in html.text_content()
    (summary,) = [t for t in html.xpath("//table") if "Progress levels by area" in t.text_content()]
    rows = {
        row.xpath("th")[0].text_content().strip(): [
            " ".join(td.text_content().split()) for td in row.xpath("td")[:4]
        ]
        for row in summary.xpath("tbody/tr")
    }
    assert rows["Service delivery"] == [
        "Actions: 2",
        "Printed: marked Actions: 2",
        "Actions: 2",
        "Actions: 0",
    ]
    assert rows["Quality Assurance"] == [
        "Actions: 1",
        "Printed: marked Actions: 0",
        "Actions: 0",
        "Actions: 0",
    ]
    assert rows["Integrated Performance Management"][1] == "Printed: marked Actions: 1"


def test_reloading_the_plan_changes_no_level_rows(seeded):
    from scrutineer.ingest.loader import ingest_bytes
    from tests.seeds import seed_path

    path = seed_path(PACK)
    before = (PlanHeader.objects.count(), PlanLevel.objects.count())
    ingest_bytes(
        path.read_bytes().replace(b"(Meeting closed at 4.35 pm)", b"(Meeting closed)"), path.name
    )
    # A new version of the paper is a new document, with its own plan; its levels match.
    newest = ActionPlan.objects.filter(title=EARLY_HELP).order_by("-pk").first()
    assert PlanLevel.objects.filter(plan=newest).count() == 7
    assert PlanHeader.objects.count() == before[0] + 1
    ingest_bytes(
        path.read_bytes().replace(b"(Meeting closed at 4.35 pm)", b"(Meeting closed)"), path.name
    )
    assert PlanLevel.objects.filter(plan=newest).count() == 7
