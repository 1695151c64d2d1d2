"""Budgets read from the seeds: every figure with its lines, every warning with both spans,
the rows loaded, and the position derived from them."""

from __future__ import annotations

import pytest

LSCB = "lscb-annual-report-2016-17.txt"
HWB = "hwb-pack-2014-02-24.txt"


def _budget(parsed_seeds, name):
    (budget,) = parsed_seeds(name).assurance.budgets
    return budget


def _warnings(parsed_seeds, name):
    return [w for w in parsed_seeds(name).warnings if w.code.startswith("budget")]


def test_lscb_2016_17_budget(parsed_seeds):
    budget = _budget(parsed_seeds, LSCB)
    assert (budget.body, budget.year) == ("Coventry Local Safeguarding Children Board", "2016/17")
    assert budget.printed == {
        "budgeted": (48_700_000, (744, 744)),
        "actual": (50_700_000, (744, 744)),
        "overspend": (2_000_000, (744, 744)),
    }
    assert [(c.agency, c.share, c.lines) for c in budget.contributions] == [
        ("Coventry City Council", "78%", (746, 746)),
        ("Coventry and Rugby Clinical Commissioning Group", "15%", (746, 746)),
        ("West Midlands Police", "6%", (746, 746)),
        ("probation services", "1%", (746, 746)),
    ]
    assert budget.expenditure == []
    assert _warnings(parsed_seeds, LSCB) == []  # £507,000 less £487,000 is the £20,000 printed


def test_hwb_2012_13_budget(parsed_seeds):
    budget = _budget(parsed_seeds, HWB)
    assert (budget.body, budget.year) == ("Coventry Safeguarding Children Board", "2012/13")
    assert budget.printed == {
        "contributions:Coventry City Council": (13_493_100, (3194, 3194)),
        "contributions": (22_534_100, (3203, 3203)),
        "actual": (22_112_900, (3227, 3227)),
        "underspend": (421_200, (3228, 3228)),
    }
    council = budget.contributions[0]
    assert (council.agency, council.pence, council.share, council.lines) == (
        "Coventry City Council",
        13_493_100,
        "59.9%",
        (3190, 3194),
    )
    assert len(budget.contributions) == 9
    assert sum(c.pence for c in budget.contributions) == 22_534_100
    assert len(budget.expenditure) == 18
    assert sum(e.pence for e in budget.expenditure) == 22_112_900
    conference = budget.expenditure[-1]
    assert (conference.item, conference.pence, conference.lines) == (
        "Annual Conference",
        149_700,
        (3226, 3226),
    )


def test_hwb_conference_that_was_not_held(parsed_seeds):
    (warning,) = _warnings(parsed_seeds, HWB)
    assert warning.code == "budget-item-not-held"
    assert warning.lines == (2756, 3226)
    assert "Annual Conference £1,497 (line 3226)" in warning.message
    assert "none was held (line 2756)" in warning.message


def test_the_other_seeds_have_no_budget(parsed_seeds):
    for name in ("scrutiny-pack-2016-07-21.txt", "scrutiny-pack-2022-03-17.txt"):
        assert parsed_seeds(name).assurance.budgets == []


@pytest.mark.django_db
def test_budget_rows_and_position(seeded):
    from scrutineer.assurance.budgets import budget_position
    from scrutineer.assurance.models import Budget, BudgetLine

    year = Budget.objects.get(year="2012/13")
    assert year.body.name == "Coventry Safeguarding Children Board"  # the board, not the HWB
    assert year.printed["contributions"] == [22_534_100, [3203, 3203]]
    assert year.source.name == HWB
    position = budget_position(year)
    assert (position.income_pence, position.spent_pence) == (22_534_100, 22_112_900)
    assert (position.balance_pence, position.outcome) == (421_200, "underspend")
    assert position.shares["Coventry City Council"] == 59.9
    council = year.lines.get(label="Coventry City Council")
    assert (council.pence, council.share, council.first_line, council.last_line) == (
        13_493_100,
        "59.9%",
        3190,
        3194,
    )
    assert year.lines.filter(kind=BudgetLine.Kind.EXPENDITURE).count() == 18

    later = Budget.objects.get(year="2016/17")
    assert later.body == year.body
    assert later.printed == {
        "budgeted": [48_700_000, [744, 744]],
        "actual": [50_700_000, [744, 744]],
        "overspend": [2_000_000, [744, 744]],
    }
    assert list(later.lines.values_list("label", "share")) == [
        ("Coventry City Council", "78%"),
        ("Coventry and Rugby Clinical Commissioning Group", "15%"),
        ("West Midlands Police", "6%"),
        ("probation services", "1%"),
    ]


@pytest.mark.django_db
def test_reingesting_changes_no_budget_row(seeded):
    from scrutineer.assurance.models import Budget, BudgetLine
    from scrutineer.ingest.loader import ingest_file
    from tests.seeds import seed_path

    def snapshot():
        return (
            sorted(Budget.objects.values_list("id", "year", "printed", "first_line")),
            sorted(BudgetLine.objects.values_list("id", "label", "pence", "share", "first_line")),
        )

    before = snapshot()
    for name in (LSCB, HWB):
        ingest_file(seed_path(name))
    assert snapshot() == before
