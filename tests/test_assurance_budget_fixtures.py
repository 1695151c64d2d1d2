"""Training and budgets in another council's house style (invented names and numbers), exact
values, no false warnings when the paper agrees with itself, a warning for each kind of
disagreement, and a fuzz: the readers never crash or hang on arbitrary lines."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutineer.packs.assurance.budgets import budgets
from scrutineer.packs.assurance.training import training
from scrutineer.packs.model import Component

T = "\t"
TRAINING = [
    "Wexmoor Safeguarding Children Partnership Annual Report 2018-19",  # 1
    "",
    "Learning and development",
    "",
    f"Course name{T}Number attending",  # 5
    f"Level 2 – Child Protection Essentials{T}64 (4 sessions)",
    f"Online Safety Briefing{T}27",
    f"Parental Conflict Masterclass{T}40 (2 sessions)",
    "",
    "Attendance by level",  # 10
    f"{T}Level 1{T}Level 2{T}Level 3{T}Total",
    f"Delegates 2017/18{T}120{T}95{T}60{T}275",
    f"Delegates 2018/19{T}140{T}101{T}74{T}315",
    "",
    f"Sector{T}Trained in 2018/19{T}%",  # 15
    f"Schools{T}150{T}48",
    f"Health{T}90{T}29",
    f"Police{T}75{T}23",
    f"Total{T}315{T}100",
    "",  # 20
    "During 2018/19 315 practitioners attended our courses, against 2017/18 275 practitioners"
    " attended.",
    "",
    "The Parental Conflict Masterclass ran twice in the spring and was well received, with 40"
    " delegates.",
]
BUDGET = [
    "Wexmoor Safeguarding Children Partnership Annual Report 2018-19",  # 1
    "",
    "Partnership budget 2018/19",
    "",
    f"Partner{T}Contribution (£){T}Share",  # 5
    f"Wexmoor Borough Council{T}90,000{T}60%",
    f"Wexmoor CCG{T}45,000{T}30%",
    f"Mid Vale Police{T}15,000{T}10%",
    f"Total{T}150,000{T}",
    "",  # 10
    f"Item{T}Budget (£){T}Actual (£)",
    f"Staffing{T}100,000{T}98,500",
    f"Training programme{T}30,000{T}31,200",
    f"Independent scrutiny{T}20,000{T}18,300",
    f"Total{T}150,000{T}148,000",  # 15
    f"Underspend{T}2,000",
    "",
    "Finance",
    "",
    # 20
    "The partnership's budget for the year was £150,000 and total spend was £148,000, an"
    " underspend of £2,000.",
]


def _components(lines):
    return [Component("annual-report", lines[0], (1, len(lines)))]


def _read(reader, lines):
    return reader(lines, _components(lines))


def test_training_in_another_style():
    (found,), warnings = _read(training, TRAINING)
    assert warnings == []
    assert found.body == "Wexmoor Safeguarding Children Partnership"
    assert [
        (c.name, c.period, c.level, c.sessions, c.attendees, c.lines) for c in found.courses
    ] == [
        ("Level 2 – Child Protection Essentials", "2018/19", 2, 4, 64, (6, 6)),
        ("Online Safety Briefing", "2018/19", None, None, 27, (7, 7)),
        ("Parental Conflict Masterclass", "2018/19", None, 2, 40, (8, 8)),
    ]
    assert [
        (c.period, c.level, c.agency, c.count, c.printed_total, c.lines[0]) for c in found.counts
    ] == [
        ("2017/18", 1, None, 120, False, 12),
        ("2017/18", 2, None, 95, False, 12),
        ("2017/18", 3, None, 60, False, 12),
        ("2017/18", None, None, 275, True, 12),
        ("2018/19", 1, None, 140, False, 13),
        ("2018/19", 2, None, 101, False, 13),
        ("2018/19", 3, None, 74, False, 13),
        ("2018/19", None, None, 315, True, 13),
        ("2018/19", None, "Schools", 150, False, 16),
        ("2018/19", None, "Health", 90, False, 17),
        ("2018/19", None, "Police", 75, False, 18),
        ("2018/19", None, None, 315, True, 19),
    ]


def _codes(reader, lines):
    return sorted((w.code, w.lines) for w in _read(reader, lines)[1])


def test_each_training_disagreement_is_flagged():
    lines = list(TRAINING)
    lines[11] = f"Delegates 2017/18{T}120{T}95{T}60{T}280"  # the printed total
    lines[17] = f"Police{T}70{T}23"  # the agencies no longer reach the total
    lines[20] = (
        "During 2018/19 315 practitioners attended, against 2017/18 290 practitioners attended."
    )
    lines[22] = "The Parental Conflict Masterclass ran twice in the spring, with 44 delegates."
    assert _codes(training, lines) == [
        ("training-attendance-differs", (8, 8)),
        ("training-text-differs", (12, 12)),
        ("training-total-differs", (12, 12)),
        ("training-total-differs", (16, 18)),
    ]


def test_budget_in_another_style():
    (found,), warnings = _read(budgets, BUDGET)
    assert warnings == []
    assert (found.body, found.year) == ("Wexmoor Safeguarding Children Partnership", "2018/19")
    assert [(c.agency, c.pence, c.share, c.lines) for c in found.contributions] == [
        ("Wexmoor Borough Council", 9_000_000, "60%", (6, 6)),
        ("Wexmoor CCG", 4_500_000, "30%", (7, 7)),
        ("Mid Vale Police", 1_500_000, "10%", (8, 8)),
    ]
    assert [(e.item, e.budget_pence, e.pence) for e in found.expenditure] == [
        ("Staffing", 10_000_000, 9_850_000),
        ("Training programme", 3_000_000, 3_120_000),
        ("Independent scrutiny", 2_000_000, 1_830_000),
    ]
    assert found.printed == {
        "contributions": (15_000_000, (9, 9)),
        "actual": (14_800_000, (15, 15)),
        "budgeted": (15_000_000, (15, 15)),
        "underspend": (200_000, (16, 16)),
    }


def test_a_budget_told_in_prose():
    lines = BUDGET[:2] + BUDGET[17:]
    (found,), warnings = _read(budgets, lines)
    assert warnings == []
    assert found.printed == {
        "budgeted": (15_000_000, (5, 5)),
        "actual": (14_800_000, (5, 5)),
        "underspend": (200_000, (5, 5)),
    }


def test_each_budget_disagreement_is_flagged():
    lines = list(BUDGET)
    lines[6] = f"Wexmoor CCG{T}45,000{T}35%"  # a share its amount does not give
    lines[8] = f"Total{T}155,000{T}"
    lines[13] = f"Independent scrutiny{T}20,000{T}18,000"
    lines[15] = f"Underspend{T}2,500"
    lines += ["", "No independent scrutiny was commissioned during the year."]
    assert _codes(budgets, lines) == [
        ("budget-balance-differs", (16, 16)),
        ("budget-item-not-held", (14, 22)),
        ("budget-share-differs", (7, 7)),
        ("budget-total-differs", (6, 9)),
        ("budget-total-differs", (12, 15)),
    ]


_LINE = st.text(
    alphabet=st.sampled_from(
        list("Level 1234567890,.£%()-–/\t TotalBudgetCourseAgencyunderspend*")
    ),
    max_size=120,
)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=40))
def test_the_readers_never_crash_on_arbitrary_lines(lines):
    components = [
        Component(
            "annual-report",
            "Some Safeguarding Board Annual Report 2019/20",
            (1, max(len(lines), 1)),
        )
    ]
    training(lines, components)
    budgets(lines, components)
    training(lines, [])
    budgets(lines, [])


def test_the_readers_are_linear_on_a_hostile_line():
    hostile = ["Level 1 " * 5000 + "\t" + "1," * 5000, "£" + "1" * 20000, "In 2019/20 " * 3000]
    training(hostile, _components(hostile))
    budgets(hostile, _components(hostile))
