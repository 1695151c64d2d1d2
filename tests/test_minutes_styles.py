"""The one minutes reader on councils' house styles: one fixture per style, exact facts.

The fixtures (tests/fixtures/minutes/) are written in the layouts of real councils'
public minutes and ModernGov "Agenda and minutes" pages (docs/minutes.md lists them), in
our own words with invented councils, people, dates and numbers.
"""

from pathlib import Path

import pytest

from scrutineer.packs import parse_file
from scrutineer.packs.minutes import parse_minutes
from scrutineer.packs.minutetext import date_contradictions, read_minute_body

FIXTURES = Path(__file__).parent / "fixtures" / "minutes"


def parsed(name):
    return parse_file(FIXTURES / name)


def item(minutes, number):
    return next(i for i in minutes.items if i.number == number)


def people(minutes, status):
    return [a.name for a in minutes.attendance if a.status == status]


def substitutes(minutes):
    return {
        a.name: a.substitute_for
        for a in minutes.attendance
        if a.status == "substitute" or a.substitute_for
    }


# Northtown: "N." items, Present groups (voting, non-voting co-opted, other members,
# officers with a per-item table), "- in the chair", "(part of meeting)", "(in place of)",
# "Mr A (Ms B attended as substitute)", "RESOLVED: That the Committee:- (a) (b)" with
# bullets inside a part, "The Chair declared", an amendment to an earlier minute.


@pytest.fixture(scope="module")
def northtown():
    return parsed("northtown-planning-minutes.txt")


def test_northtown_meeting_and_items(northtown):
    assert northtown.source.format == "text"
    [minutes] = northtown.minutes
    assert minutes.body == "Planning and Licensing Committee"
    assert (minutes.start, minutes.closed) == ("2023-03-14T18:30", "20:05")
    assert [i.number for i in minutes.items] == ["12", "13", "14", "15", "16"]
    assert item(minutes, "15").reference == "15/22"
    assert northtown.warnings == []


def test_northtown_present_groups(northtown):
    minutes = northtown.minutes[0]
    by_name = {a.name: a for a in minutes.attendance}
    chair = by_name["Harriet Ambrose"]
    assert (chair.chair, chair.capacity, chair.voting) == (True, "member", True)
    assert [a.name for a in minutes.attendance if a.voting is True] == [
        "Harriet Ambrose",
        "P Quayle",
        "R Sefton",
        "T Underhill",
        "V Whitlock",
        "N Osei",
        "B Carraway",
    ]
    assert by_name["N Osei"].part_of_meeting is True
    assert [a.name for a in minutes.attendance if a.capacity == "co-opted"] == [
        "D Penhaligon",
        "E Trask",
    ]
    assert [a.name for a in minutes.attendance if a.capacity == "other"] == [
        "F Yardley",
        "M Noakes",
        "O Pryor",
    ]
    officers = [(a.name, a.role, a.items) for a in minutes.attendance if a.capacity == "officer"]
    assert officers == [
        ("J Moreton", "Head of Development Management", ["5"]),
        ("K Ashdown", "Principal Planning Lawyer", ["5", "6"]),
        ("L Bright", "Democratic Services Officer", ["All"]),
    ]


def test_northtown_apologies_and_substitutes(northtown):
    minutes = northtown.minutes[0]
    assert people(minutes, "apology") == ["G Farrant", "H Iqbal", "J Kettle", "M Noakes", "O Pryor"]
    assert substitutes(minutes) == {"V Whitlock": "G Farrant", "B Carraway": "A Lindqvist"}


def test_northtown_resolutions_declarations_references(northtown):
    minutes = northtown.minutes[0]
    application = item(minutes, "15")
    assert [r.part for r in application.resolutions] == ["a", "b", "c"]
    assert application.resolutions[1].text == (
        "ask the Head of Development Management to agree with the applicant: "
        "• a revised landscaping plan; and • the timing of the new footway;"
    )
    assert application.resolutions[1].lines == (35, 37)
    assert application.references == ["50/22"]
    assert [r.text for r in item(minutes, "16").resolutions] == [
        "RESOLVED – That the mooring charges for 2023/24 be increased by 4 per cent."
    ]
    approval = item(minutes, "14")
    assert (approval.references, approval.amends) == (["60/22"], ["60/22"])
    declared = item(minutes, "13").declarations
    assert [(d.name, d.role, d.kind, d.none_declared) for d in declared] == [
        ("R Sefton", None, "personal", False),
        (None, "Chair", "other registrable", False),
    ]


# Exampleshire: "65/08 TITLE" items, "Apologies … from Councillors A, B and C, and by Mrs D",
# "… were substituted at the meeting by … respectively", "There were no disclosable
# pecuniary interests", "RESOLVED – That: 1) …", "Resolved that … i. ii.", "(Min No. 136
# refers)", and the earlier meeting's date given two ways: a warning.


@pytest.fixture(scope="module")
def exampleshire():
    return parsed("exampleshire-scrutiny-minutes.txt")


def test_exampleshire_items_and_present(exampleshire):
    [minutes] = exampleshire.minutes
    assert minutes.body == "Adult Social Care Scrutiny Committee"
    assert (minutes.start, minutes.closed) == ("2008-10-22T10:00", "12:15")
    assert [(i.number, i.reference) for i in minutes.items] == [
        ("64", "64/08"),
        ("65", "65/08"),
        ("66", "66/08"),
        ("67", "67/08"),
        ("68", "68/08"),
    ]
    assert item(minutes, "67").title == "HOME CARE CONTRACTS"
    present = [a for a in minutes.attendance if a.status == "present"]
    assert [a.name for a in present] == [
        "W Ormerod",
        "B Atherton",
        "C Dunmore",
        "E Fairclough",
        "H Gresty",
    ]
    assert present[0].chair is True


def test_exampleshire_apologies_and_respective_substitutes(exampleshire):
    minutes = exampleshire.minutes[0]
    assert people(minutes, "apology") == ["J Hepworth", "K Illingworth", "L Jagger", "M Kaye"]
    assert substitutes(minutes) == {
        "N Lumb": "J Hepworth",
        "P Marsden": "K Illingworth",
        "R Nuttall": "L Jagger",
    }


def test_exampleshire_resolutions_and_references(exampleshire):
    minutes = exampleshire.minutes[0]
    contracts = item(minutes, "67")
    assert [(r.part, r.text) for r in contracts.resolutions] == [
        ("1", "the report be noted;"),
        ("2", "the Director be asked to report on the transfer of staff to the next meeting; and"),
        ("3", "a task group be set up to look at rural home care."),
    ]
    assert contracts.references == ["50/08", "136/08"]
    centres = item(minutes, "68")
    assert [r.part for r in centres.resolutions] == ["i", "ii"]
    [none] = item(minutes, "65").declarations
    assert (none.none_declared, none.lines) == (True, (11, 11))


def test_exampleshire_date_given_two_ways_is_a_warning(exampleshire):
    [warning] = exampleshire.warnings
    assert warning.code == "minutes-date-contradiction"
    assert warning.lines == (14, 15)
    assert "held 3 September 2008" in warning.message
    assert "held on 5 September 2008" in warning.message


# Southvale: "Minute 21/21 Title", an item in capitals with no number, "attended as
# substitutes" (principal unknown), "X was attending as Y's substitute", "no apologies had
# been received", "No interests were declared", "The Cabinet RESOLVED to", "AGREED" with its
# text on the next line, "Decision:", and the same date written two ways: no warning.


@pytest.fixture(scope="module")
def southvale():
    return parsed("southvale-cabinet-minutes.txt")


def test_southvale_items(southvale):
    [minutes] = southvale.minutes
    assert minutes.body == "Cabinet"
    assert [(i.number, i.title) for i in minutes.items] == [
        ("", "ANNOUNCEMENTS BY THE LEADER"),
        ("20", "Apologies for Absence"),
        ("21", "Declarations of Interest"),
        ("22", "Minutes"),
        ("23", "Leisure Centre Refurbishment"),
        ("24", "Waste Collection Rounds"),
        ("25", "Grants to Community Groups"),
    ]
    assert item(minutes, "21").reference == "21/21"


def test_southvale_substitutes_and_no_apologies(southvale):
    minutes = southvale.minutes[0]
    assert people(minutes, "apology") == []
    assert substitutes(minutes) == {"F Ellery": None, "G Fenwick": None, "H Garside": "I Holroyd"}
    assert people(minutes, "present") == ["A Rowntree", "S Beckwith", "T Calloway", "U Dimmock"]


def test_southvale_resolution_forms(southvale):
    minutes = southvale.minutes[0]
    texts = {i.number: [r.text for r in i.resolutions] for i in minutes.items}
    assert texts["23"] == [
        "The Cabinet RESOLVED to approve the refurbishment of Southvale Leisure Centre "
        "at a cost of up to £1.2m."
    ]
    assert texts["24"] == [
        "AGREED that the new collection rounds start on 1 November 2021, "
        "with a leaflet to every household."
    ]
    assert texts["25"] == ["Decision: The grants set out in Appendix B be awarded."]
    assert item(minutes, "24").resolutions[0].lines == (24, 25)
    [none] = item(minutes, "21").declarations
    assert none.none_declared is True
    approval = item(minutes, "22")
    assert (approval.references, approval.amends) == (["14/21"], ["14/21"])


def test_southvale_same_date_written_two_ways_is_no_warning(southvale):
    assert southvale.warnings == []


# Westbrook: an apologies / temporary-appointment table, "(substitute for …)",
# "Apologies were received from …", "There were no declarations of interest",
# "RESOLVED that:" then "1." parts.


@pytest.fixture(scope="module")
def westbrook():
    return parsed("westbrook-health-minutes.txt")


def test_westbrook_apology_table(westbrook):
    [minutes] = westbrook.minutes
    assert people(minutes, "apology") == ["U Ellwood", "V Fairbrother", "W Goddard", "Y Ingram"]
    assert substitutes(minutes) == {"T Dobson": "U Ellwood", "X Hallam": "W Goddard"}
    chaudhry = next(a for a in minutes.attendance if a.name == "S Chaudhry")
    assert chaudhry.organisation == "Westbrook Health Partnership"


def test_westbrook_resolutions_and_declarations(westbrook):
    minutes = westbrook.minutes[0]
    assert [i.number for i in minutes.items] == ["1", "2", "3", "4"]
    strategy = item(minutes, "3")
    assert [(r.part, r.lines) for r in strategy.resolutions] == [("1", (24, 24)), ("2", (25, 25))]
    assert [d.none_declared for d in item(minutes, "2").declarations] == [True]
    assert minutes.closed == "15:10"


# ModernGov "Agenda and minutes" page, saved as HTML and as its text: the same facts.


@pytest.fixture(scope="module", params=["html", "txt"])
def eastmoor(request):
    return parsed(f"eastmoor-agenda-and-minutes.{request.param}")


def test_page_format_is_said(eastmoor):
    assert eastmoor.source.format in {"moderngov-page-html", "moderngov-page-text"}
    assert eastmoor.source.format.endswith(
        "html" if eastmoor.source.name.endswith("html") else "text"
    )


def test_page_meeting_and_agenda(eastmoor):
    meeting = eastmoor.meeting
    assert meeting.body == "Children's Services Scrutiny Panel"
    assert meeting.start == "2017-02-09T14:00"
    assert meeting.venue == "Committee Room 4, Eastmoor Town Hall, Market Street"
    assert meeting.status == "held"
    assert [(a.number, a.title) for a in meeting.agenda] == [
        ("41", "Apologies for Absence and Substitutions"),
        ("42", "Declarations of Interest"),
        ("43", "Minutes of the Previous Meeting"),
        ("", "Chair's Announcements"),
        ("44", "School Places Planning 2017-2020"),
        ("45", "Work Programme"),
    ]
    assert meeting.agenda[2].description == (
        "To approve the minutes of the meeting held on 12 January 2017."
    )


def test_page_minutes(eastmoor):
    [minutes] = eastmoor.minutes
    assert minutes.municipal_year == "2016/17"
    assert [(i.number, i.reference) for i in minutes.items] == [
        ("41", "41/16"),
        ("42", "42/16"),
        ("43", "43/16"),
        ("", None),
        ("44", "44/16"),
        ("45", "45/16"),
    ]
    places = item(minutes, "44")
    assert [r.part for r in places.resolutions] == ["a", "b", "c"]
    assert places.resolutions[1].text == (
        "ask the Director to report in six months on: · the expansion of Northgate Academy; "
        "and · the admissions appeals received;"
    )
    assert places.references == ["22/16", "36/16"]
    assert item(minutes, "43").amends == ["31/16"]
    assert [r.text[:30] for r in item(minutes, "45").resolutions] == [
        "The Committee RESOLVED to add "
    ]
    [declared] = item(minutes, "42").declarations
    assert (declared.name, declared.kind) == ("Kevin Lomax", "personal")
    assert people(minutes, "apology") == ["Amara Beaumont", "Colin Drayton", "Edith Fenn"]
    assert substitutes(minutes) == {
        "Gareth Hollins": "Amara Beaumont",
        "Irene Jarvis": "Colin Drayton",
    }
    assert eastmoor.warnings == []


def test_page_html_and_text_agree():
    html, text = (
        parsed("eastmoor-agenda-and-minutes.html"),
        parsed("eastmoor-agenda-and-minutes.txt"),
    )

    def facts(pack):
        return (
            [(a.number, a.title, a.description) for a in pack.meeting.agenda],
            [
                (i.number, [r.text for r in i.resolutions], i.references)
                for i in pack.minutes[0].items
            ],
            [(a.name, a.status, a.substitute_for) for a in pack.minutes[0].attendance],
        )

    assert facts(html) == facts(text)


# "Agenda, decisions and minutes": "52/21" numbers, "Decision:" sections, numbered
# declarations, "There were none".


def test_decisions_page():
    pack = parsed("lowfield-agenda-decisions-minutes.txt")
    assert pack.source.format == "moderngov-page-text"
    assert (pack.meeting.body, pack.meeting.start) == ("Cabinet", "2021-04-27T14:00")
    minutes = pack.minutes[0]
    assert [i.reference for i in minutes.items] == ["52/21", "53/21", "54/21", "55/21", "56/21"]
    assert [a.number for a in pack.meeting.agenda] == ["52/21", "53/21", "54/21", "55/21", "56/21"]
    texts = {i.number: [(r.part, r.text) for r in i.resolutions] for i in minutes.items}
    assert texts["52"] == []
    assert texts["55"] == [
        (None, "AGREED: That the highways maintenance programme for 2021/22 be approved.")
    ]
    assert texts["56"] == [
        ("1", "That the disposal of the former depot to Lowfield Homes Ltd be approved."),
        ("2", "That the Director of Resources be authorised to complete the sale."),
    ]
    declared = item(minutes, "54").declarations
    assert [(d.name, d.kind) for d in declared] == [
        ("S Tolhurst", "disclosable pecuniary"),
        ("V Quarrie", "other significant"),
    ]


# The reader's parts, alone.


def test_one_line_resolution_in_lettered_parts():
    body = [(0, "RESOLVED: That the Committee:- (a) note the report; (b) agree the plan.")]
    read = read_minute_body(body)
    assert [(r.part, r.text) for r in read.resolutions] == [
        ("a", "note the report;"),
        ("b", "agree the plan."),
    ]


def test_no_false_warning_for_two_different_meetings():
    body = [
        (0, "The minutes of the Cabinet meeting held on 4 May 2022 were approved."),
        (1, "The minutes of the special meeting held on 18 May 2022 were approved."),
    ]
    assert date_contradictions(body) == []


def test_text_minutes_without_a_present_block():
    lines = [
        "Minutes of the meeting of the Audit Committee held on 1 June 2020 at 10.00 am",
        "1. Apologies",
        "There were no apologies.",
        "2. Accounts",
        "RESOLVED that the accounts be approved.",
    ]
    minutes = parse_minutes(lines, 0, len(lines))
    assert minutes.attendance == []
    assert [(i.number, len(i.resolutions)) for i in minutes.items] == [("1", 0), ("2", 1)]


# Greyford: "51    TITLE IN CAPITALS" items, paragraphs numbered "51.1", "sent his apology.
# X was his substitute for the meeting", "RESOLVED – That the Board:" then "(1)" parts,
# "(Minute 38 refers)".


def test_paragraph_numbered_minutes():
    pack = parsed("greyford-board-minutes.txt")
    [minutes] = pack.minutes
    assert [(i.number, i.title) for i in minutes.items] == [
        ("51", "DECLARATIONS OF SUBSTITUTES, INTERESTS AND EXCLUSIONS"),
        ("52", "MINUTES OF THE PREVIOUS MEETING"),
        ("53", "WINTER PRESSURES PLAN"),
    ]
    assert people(minutes, "apology") == ["L Quint", "H Yelland", "J Abara"]
    assert substitutes(minutes) == {"P Redfern": "L Quint"}
    first = item(minutes, "51")
    assert [r.text for r in first.resolutions] == [
        "RESOLVED – That the press and public be not excluded from the meeting."
    ]
    assert [(d.name, d.kind) for d in first.declarations] == [
        ("D Alvarez", "disclosable pecuniary")
    ]
    assert item(minutes, "52").references == ["38/17"]
    assert [(r.part, r.lines) for r in item(minutes, "53").resolutions] == [
        ("1", (18, 18)),
        ("2", (19, 19)),
    ]
    assert pack.warnings == []


def test_page_without_a_heading_is_refused_by_name():
    from scrutineer.packs import PackError, parse_bytes

    text = (FIXTURES / "eastmoor-agenda-and-minutes.txt").read_text(encoding="utf-8")
    headless = text.replace(
        "Children's Services Scrutiny Panel - Thursday, 9th February, 2017 2.00 pm", ""
    )
    with pytest.raises(PackError, match=r"^headless\.txt: has no meeting heading"):
        parse_bytes(headless.encode(), "headless.txt")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("eastmoor-agenda-and-minutes.html", "moderngov-page-html"),
        ("eastmoor-agenda-and-minutes.txt", "moderngov-page-text"),
        ("westbrook-health-minutes.txt", "text"),
    ],
)
def test_parse_command_says_which_format_it_read(tmp_path, capsys, name, fmt):
    """Recognised by content: the same bytes under a misleading name read the same."""
    import json

    from scrutineer.cli import main

    disguised = tmp_path / "paper.dat"
    disguised.write_bytes((FIXTURES / name).read_bytes())
    assert main(["parse", str(disguised)]) == 0
    assert json.loads(capsys.readouterr().out)["source"]["format"] == fmt


def test_body_resolved_in_lower_case_but_not_an_officers_agreement():
    body = [
        (0, "Council resolved to approve the minutes of the ordinary meeting held on 4 July."),
        (1, "Officers agreed to provide further information on the grant."),
    ]
    assert [r.lines for r in read_minute_body(body).resolutions] == [(1, 1)]


def test_a_line_introducing_declarations_is_not_one():
    body = [
        (0, "Councillors declared interests as follows:"),
        (
            1,
            "(1) Councillor Jo Bexley declared a personal interest in item 7 (Minute 48(6) refers)",
        ),
    ]
    read = read_minute_body(body, title="Declarations of Interest", year="11")
    assert [(d.name, d.kind, d.lines) for d in read.declarations] == [
        ("Jo Bexley", "personal", (2, 2))
    ]
    assert read.references == ["48/11"]


def test_voting_and_non_voting_groups():
    from scrutineer.packs.attendance import attendance_of

    block = [
        "Present:",
        "Voting Members: Councillors A Frost and B Gale",
        "Non-Voting Members: Councillor C Hale",
        "Non-Voting Co-opted Members: Mrs D Irving",
        "Co-opted Members: Mr E Jewell",
    ]
    entries = attendance_of(list(enumerate(block)))
    assert [(a.name, a.capacity, a.voting) for a in entries] == [
        ("A Frost", "member", True),
        ("B Gale", "member", True),
        ("C Hale", "member", False),
        ("D Irving", "co-opted", False),
        ("E Jewell", "co-opted", None),
    ]
