"""Issue 12: activity figures printed in prose (LADO contacts and referrals, CDOP meetings
and deaths reviewed, missing children) read as indicators with observations, each with its
line; rapid reviews per quarter stay the scorecard's row, read once; the missing-episodes
sum the paper gets wrong is flagged, and an invented partnership's consistent figures are
read without a warning."""

from pathlib import Path

import pytest

from scrutineer.packs.assurance.activity import activity_figures
from scrutineer.performance.models import Indicator, Observation

PACK_2022 = "scrutiny-pack-2022-03-17.txt"
HWB = "hwb-pack-2014-02-24.txt"
HARBOURSIDE = Path(__file__).parent / "fixtures" / "assurance_harbourside.txt"


def _figures(pack, name):
    [indicator] = [i for i in pack.indicators if i.name == name]
    return indicator, [(o.period, o.raw, o.value, o.lines) for o in indicator.observations]


def test_lado_contacts_and_referrals(parsed_seeds):
    pack = parsed_seeds(PACK_2022)
    contacts, figures = _figures(pack, "LADO contacts")
    assert (contacts.group, contacts.unit, contacts.lines) == ("LADO", "count", (695, 695))
    assert figures == [
        ("2019/20", "1048", 1048.0, (695, 695)),
        ("2020/21", "1085", 1085.0, (695, 695)),
    ]
    assert {o.area for o in contacts.observations} == {"Coventry"}
    assert {o.period_start for o in contacts.observations} == {"2019-04-01", "2020-04-01"}
    _, figures = _figures(pack, "LADO referrals")
    assert figures == [
        ("2019/20", "400", 400.0, (697, 697)),
        ("2020/21", "317", 317.0, (697, 697)),  # "to 317 this year": the report's 2020/21
    ]
    # 3.5% and 21% are what the figures give: no warning
    assert not [w for w in pack.warnings if w.code.startswith("activity")]


def test_rapid_reviews_per_quarter_are_the_scorecards_row_read_once(parsed_seeds):
    pack = parsed_seeds(PACK_2022)
    rows = [i for i in pack.indicators if "rapid review" in i.name.lower()]
    named = [i for i in rows if i.name == "Number of Rapid Reviews completed"]
    assert len(named) == 1
    [rapid] = named
    quarters = [(o.period, o.raw) for o in rapid.observations if o.period_kind == "quarter"]
    assert quarters == [("Q1", "0"), ("Q2", "3"), ("Q3", "0"), ("Q4", "2")]
    assert {o.lines for o in rapid.observations} == {(1118, 1118)}
    assert all(i.group != "LADO" for i in rows)


def test_cdop_meetings_and_deaths_reviewed(parsed_seeds):
    pack = parsed_seeds(HWB)
    meetings, figures = _figures(pack, "CDOP meetings")
    assert meetings.group == "CDOP"
    assert figures == [("2012/13", "7", 7.0, (2675, 2675))]
    _, figures = _figures(pack, "Child deaths reviewed by CDOP")
    assert figures == [("2012/13", "39", 39.0, (2675, 2675))]


def test_missing_children_and_episodes(parsed_seeds):
    pack = parsed_seeds(HWB)
    assert _figures(pack, "Children reported missing")[1] == [
        ("2011/12", "270", 270.0, (2901, 2901)),
        ("2012/13", "211", 211.0, (2901, 2901)),
    ]
    assert _figures(pack, "Missing episodes")[1] == [("2012/13", "581", 581.0, (2901, 2901))]
    assert _figures(pack, "Missing episodes of children placed from out of the area")[1] == [
        ("2012/13", "113", 113.0, (2901, 2901))
    ]
    assert _figures(pack, "Missing episodes of children living in the area")[1] == [
        ("2012/13", "469", 469.0, (2901, 2901))
    ]


def test_581_less_113_is_468_not_469(parsed_seeds):
    warnings = [w for w in parsed_seeds(HWB).warnings if w.code.startswith("activity")]
    assert [(w.code, w.message, w.lines) for w in warnings] == [
        (
            "activity-sum-differs",
            "581 missing episodes in 2012/13 less 113 from out of the area (line 2901) is 468, "
            "not the 469 printed for those living in the area (line 2901)",
            (2901, 2901),
        )
    ]


def test_harbourside_activity_figures_read_without_a_false_warning():
    lines = HARBOURSIDE.read_text(encoding="utf-8").splitlines()
    found, warnings = activity_figures(lines, [])
    assert warnings == []
    read = {
        i.name: [(o.area, o.period, o.raw, o.value, o.lines) for o in i.observations] for i in found
    }
    assert read == {
        "LADO contacts": [
            ("Harbourside", "2021/22", "375", 375.0, (73, 73)),
            ("Harbourside", "2022/23", "412", 412.0, (73, 73)),
        ],
        "LADO referrals": [
            ("Harbourside", "2021/22", "150", 150.0, (75, 75)),
            ("Harbourside", "2022/23", "168", 168.0, (75, 75)),
        ],
        "CDOP meetings": [("Harbourside", "2022/23", "six", 6.0, (79, 79))],
        "Child deaths reviewed by CDOP": [("Harbourside", "2022/23", "22", 22.0, (79, 79))],
        "Children reported missing": [("Harbourside", "2022/23", "96", 96.0, (83, 83))],
        "Missing episodes": [("Harbourside", "2022/23", "240", 240.0, (83, 83))],
        "Children reported missing from placements out of the area": [
            ("Harbourside", "2022/23", "10", 10.0, (83, 83))
        ],
        "Missing episodes of children placed from out of the area": [
            ("Harbourside", "2022/23", "40", 40.0, (83, 83))
        ],
        "Children living in the area reported missing": [
            ("Harbourside", "2022/23", "86", 86.0, (83, 83))
        ],
        "Missing episodes of children living in the area": [
            ("Harbourside", "2022/23", "200", 200.0, (83, 83))
        ],
    }


def test_a_printed_change_the_figures_do_not_give_is_flagged():
    lines = [
        "Allegations management",
        "The LADO received 500 contacts in 2022/23, an increase of 25% on the 450 contacts "
        "in 2021/22.",
    ]
    _, warnings = activity_figures(lines, [])
    assert [(w.code, w.message) for w in warnings] == [
        (
            "activity-change-differs",
            "LADO contacts: 500 in 2022/23 against 450 in 2021/22 is a change of +11%, not the "
            "+25% printed (line 2)",
        )
    ]


@pytest.mark.django_db
def test_activity_figures_are_stored_as_indicators_with_their_lines(seeded):
    contacts = Indicator.objects.get(name="LADO contacts")
    assert contacts.group == "LADO"
    figures = Observation.objects.current().filter(indicator=contacts).order_by("period__start")
    assert [(o.period.label, o.raw, int(o.value), o.first_line) for o in figures] == [
        ("2019/20", "1048", 1048, 695),
        ("2020/21", "1085", 1085, 695),
    ]
    episodes = Observation.objects.current().get(indicator__name="Missing episodes")
    assert (episodes.raw, episodes.first_line, episodes.source.name) == (
        "581",
        2901,
        "hwb-pack-2014-02-24.txt",
    )
    assert Indicator.objects.filter(name="CDOP meetings").count() == 1
