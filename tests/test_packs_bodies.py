"""Membership and attendance records of boards, read from the real seed documents."""

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutineer.packs.bodies import extract_bodies

LSCB_TITLE = "Coventry Local Safeguarding Children Board Interim Annual Report"


@pytest.fixture(scope="module")
def lscb(seed_lines):
    return extract_bodies(seed_lines("lscb-annual-report-2016-17.txt"), LSCB_TITLE)


@pytest.fixture(scope="module")
def hwb(seed_lines):
    return extract_bodies(seed_lines("hwb-pack-2014-02-24.txt"))


def _row(body, name):
    return next(row for row in body.attendance if row.name == name)


def test_lscb_tables_make_one_body_named_from_the_title(lscb):
    bodies, _ = lscb
    assert [body.name for body in bodies] == ["Coventry Local Safeguarding Children Board"]
    body = bodies[0]
    # the heading's abbreviation, and the names the report itself prints for the board
    assert body.aliases == ["Coventry LSCB", "Coventry Safeguarding Children Board", "CSCB", "LSCB"]
    assert body.as_at == "2017-04-26"
    assert body.lines == (908, 994)
    assert body.meeting_dates == ["2016-10-12", "2016-11-24", "2017-01-26", "2017-03-22"]


def test_lscb_body_without_title_hint_keeps_the_heading_name(seed_lines):
    bodies, _ = extract_bodies(seed_lines("lscb-annual-report-2016-17.txt"))
    assert [(body.name, body.aliases) for body in bodies] == [("Coventry LSCB", [])]


def test_lscb_attendance_rows_and_officer_group(lscb):
    body = lscb[0][0]
    assert len(body.attendance) == 32
    ungrouped = [row for row in body.attendance if row.group is None]
    officers = [row for row in body.attendance if row.group == "Officers to the board"]
    assert len(ungrouped) == 29
    assert [row.name for row in officers] == [
        "Business Manager, LSCB",
        "Training Co-ordinator",
        "Administration",
    ]
    assert "Officers to the board" not in [row.name for row in body.attendance]
    assert body.attendance[0].name == "Independent Chair LSCB"
    assert body.attendance[0].lines == (958, 958)


def test_lscb_attendance_figures_are_kept_as_printed(lscb):
    body = lscb[0][0]
    fire = _row(body, "West Midlands Fire Service")
    assert (fire.attended, fire.expected, fire.percent, fire.lines) == (0, 4, "0", (985, 985))
    cafcass = _row(body, "CAFCASS")
    assert (cafcass.attended, cafcass.expected, cafcass.percent) == (1, 1, "100")
    assert cafcass.marks == {
        "2016-10-12": "N/A",
        "2016-11-24": "",
        "2017-01-26": "N/A",
        "2017-03-22": "N/A",
    }
    ppu = _row(body, "West Midlands Police - PPU")
    assert (ppu.attended, ppu.expected, ppu.percent) == (3, 3, "100")
    assert ppu.marks["2017-01-26"] == "N/A"


def test_lscb_members_from_both_seat_tables(lscb):
    body = lscb[0][0]
    assert len(body.members) == 34
    chair = body.members[0]
    assert (chair.name, chair.title, chair.vacant, chair.lines) == (
        "David Peplow",
        "Independent Chair, Coventry Safeguarding Children Board",
        False,
        (913, 913),
    )
    assert [(m.name, m.title, m.lines) for m in body.members if m.vacant] == [
        ("Vacant", "Community Lay Member", (929, 929)),
        ("Vacant", "Business Manager, Safeguard Children & Adults Boards", (949, 949)),
    ]
    assert any(m.name == "Cllr. John Blundell" for m in body.members)


def test_lscb_member_roles_are_read_by_the_parser(lscb):
    body = lscb[0][0]
    assert body.members[0].role == "chair"  # "Independent Chair, ..."
    assert {m.role for m in body.members if m.group} == {"officer"}
    assert {m.role for m in body.members if not m.group} == {"chair", "vice-chair", "member"}


def test_lscb_officers_to_the_board_is_a_group_not_a_member(lscb):
    body = lscb[0][0]
    assert "Officers to the Board" not in [m.name for m in body.members]
    grouped = [(m.name, m.group) for m in body.members if m.group is not None]
    assert grouped == [
        ("Vacant", "Officers to the Board"),
        ("Mo Ali", "Officers to the Board"),
        ("Anne Pluska", "Officers to the Board"),
    ]


def test_lscb_printed_percentages_all_agree(lscb):
    """Every row's % matches attended/expected and none exceeds expected, so no warnings."""
    assert lscb[1] == []


def test_hwb_paragraph_membership_list(hwb):
    bodies, _ = hwb
    assert [body.name for body in bodies] == ["Coventry Safeguarding Children Board"]
    body = bodies[0]
    assert body.as_at == "2013-03"
    assert body.lines == (2288, 2418)
    assert body.attendance == [] and body.meeting_dates == []
    assert len(body.members) == 32
    first, last = body.members[0], body.members[-1]
    assert (first.name, first.title, first.lines) == ("Amy Weir", "Independent Chair", (2290, 2292))
    assert (last.name, last.title) == (
        "Susan Harrison",
        "Head of Safeguarding Adults Service, Coventry City Council",
    )
    names = [m.name for m in body.members]
    assert "Colin Green" in names and "Colin Green*" not in names
    assert {"Cllr. David Kershaw", "DCI Susan Holder", "CS Andrew Nicholson"} <= set(names)
    assert not any(m.vacant for m in body.members)


def test_hwb_asterisks_are_explained_by_the_footnote(hwb):
    warnings = hwb[1]
    assert [(w.code, w.lines) for w in warnings] == [
        ("member-footnote", (2298, 2300)),
        ("member-footnote", (2326, 2328)),
        ("member-footnote", (2366, 2368)),
        ("member-footnote", (2386, 2388)),
    ]
    assert warnings[0].message == (
        "Colin Green*: * indicates members who have left the Board subsequent to March 2013"
        " (line 2418)"
    )


@pytest.mark.parametrize(
    "hint",
    ["Health and Well-being Board", "Coventry Safeguarding Children Board Annual Report 2012"],
)
def test_hwb_heading_names_the_body_whatever_the_document_title(seed_lines, hint):
    bodies, _ = extract_bodies(seed_lines("hwb-pack-2014-02-24.txt"), hint)
    assert [(body.name, body.aliases) for body in bodies] == [
        ("Coventry Safeguarding Children Board", [])
    ]


@pytest.mark.parametrize("name", ["scrutiny-pack-2016-07-21.txt", "scrutiny-pack-2022-03-17.txt"])
def test_training_attendance_tables_are_not_board_attendance(seed_lines, name):
    assert extract_bodies(seed_lines(name)) == ([], [])


def _attendance_table(*rows: str) -> list[str]:
    return [
        "Appendix 1: Example Board membership and attendance",
        "",
        "Organisation\t01/02/20\t03/04/20\tMeetings attended\tMeetings expected at\t%",
        *rows,
    ]


def test_disagreeing_figures_are_flagged_and_kept():
    lines = _attendance_table(
        "Exceeds\t\t\t3\t2\t150",
        "Wrong percent\t\t\t1\t2\t75",
        "Rounded down\t\t\t1\t3\t33",
        "Rounded within one\t\t\t2\t3\t66",
        "Off by two\t\t\t2\t3\t65",
    )
    bodies, warnings = extract_bodies(lines)
    assert [(w.code, w.lines) for w in warnings] == [
        ("attendance-exceeds-expected", (4, 4)),
        ("attendance-percent-mismatch", (5, 5)),
        ("attendance-percent-mismatch", (8, 8)),
    ]
    assert [(r.attended, r.expected, r.percent) for r in bodies[0].attendance] == [
        (3, 2, "150"),
        (1, 2, "75"),
        (1, 3, "33"),
        (2, 3, "66"),
        (2, 3, "65"),
    ]
    assert bodies[0].name == "Example Board"
    assert bodies[0].meeting_dates == ["2020-02-01", "2020-04-03"]


def test_blank_and_unreadable_counts():
    bodies, warnings = extract_bodies(_attendance_table("Late\t\t\t\t4\t", "Odd\t\t\ttwo\t4\t50"))
    assert [(r.name, r.attended, r.expected, r.percent) for r in bodies[0].attendance] == [
        ("Late", None, 4, None),
        ("Odd", None, 4, "50"),
    ]
    assert [(w.code, w.lines) for w in warnings] == [("body-row-unreadable", (5, 5))]


def test_tables_without_a_heading_take_the_title_or_are_reported():
    lines = ["Name\tTitle/Organisation", "Jane Moore\tChair", "Vacant\t"]
    bodies, warnings = extract_bodies(lines, "Example Board Annual Report 2020")
    assert [(b.name, b.lines, len(b.members)) for b in bodies] == [("Example Board", (1, 3), 2)]
    assert warnings == []
    bodies, warnings = extract_bodies(lines)
    assert bodies == []
    assert [(w.code, w.lines) for w in warnings] == [("body-unnamed", (1, 3))]


def test_wrapped_seat_title_continues_the_previous_seat():
    lines = [
        "Membership of Example Board",
        "Board Member\tTitle/Organisation",
        "Jane Moore\tDirector of",
        "\tPublic Health",
        "Officers\t",
        "Mo Ali\tMinutes",
    ]
    member, officer = extract_bodies(lines)[0][0].members
    assert (member.title, member.lines, member.group) == ("Director of Public Health", (3, 4), None)
    assert (officer.name, officer.group) == ("Mo Ali", "Officers")


def test_prose_about_membership_is_not_a_body():
    lines = [
        "Board structure and membership",
        "",
        "The requirements for LSCB membership are set out in Working Together 2015.",
        "Membership and attendance",
        "Attendance at the subgroup has generally been very good.",
        "3. Membership of LSCB (July 2013)\t6",
    ]
    assert extract_bodies(lines) == ([], [])


def test_empty_and_garbage_text_give_nothing():
    assert extract_bodies([]) == ([], [])
    rng = random.Random(20170426)
    alphabet = "abcXYZ019/%*\t ()-:.é\u00a0"
    garbage = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(2000)
    ]
    assert extract_bodies(garbage, "Garbage Annual Report") == ([], [])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "Membership of Example Board (at March 2013)",
                    "Name\tTitle",
                    "Organisation\t1/2/20\tMeetings attended\tMeetings expected at\t%",
                    "Jane Moore",
                    "Vacant\tLay Member",
                    "X\t\t3\t2\t9",
                    "* footnote",
                    "",
                ]
            ),
            st.text(alphabet="ab\t1/%* ", max_size=30),
        ),
        max_size=40,
    )
)
def test_any_text_gives_spans_inside_the_document(lines):
    bodies, warnings = extract_bodies(lines, "Example Board Annual Report")
    spans = [w.lines for w in warnings]
    for body in bodies:
        spans.append(body.lines)
        spans.extend(m.lines for m in body.members)
        spans.extend(r.lines for r in body.attendance)
    assert all(1 <= first <= last <= len(lines) for first, last in spans)


def test_hostile_input_takes_linear_time():
    started = time.perf_counter()
    lines = ["Membership of Example Board", "Jane Moore"] * 20000
    lines += ["Organisation\t1/2/20\tMeetings attended" + "\t" * 50000]
    lines += ["Name\tTitle"] + ["\t" * 200] * 20000
    lines += ["Membership of " + "A " * 50000]
    bodies, _ = extract_bodies(lines)
    assert time.perf_counter() - started < 5
    assert len(bodies[0].members) == 19999


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Education and Children's Services Scrutiny Board (2)", "scrutiny-board"),
        ("Coventry Safeguarding Children Partnership", "safeguarding-partnership"),
        ("Health and Well-being Board", "health-wellbeing-board"),
        ("School Transport Task and Finish Group", "task-and-finish"),
        ("Learning and Improvement Sub-Group", "subgroup"),
        ("Cabinet", "other"),
    ],
)
def test_a_body_name_says_its_kind(name, kind):
    from scrutineer.governance.models import Body
    from scrutineer.packs.bodies import kind_of_body

    assert kind_of_body(name) == kind
    assert kind in Body.Kind.values  # the parser's words are the model's choices


def test_councillor_titles_are_one_title():
    from scrutineer.packs.text import councillor_title

    assert [councillor_title(t) for t in ["Cllr", "Cllrs.", "Councillors", "Dr", None]] == [
        "Councillor",
        "Councillor",
        "Councillor",
        "Dr",
        "",
    ]
