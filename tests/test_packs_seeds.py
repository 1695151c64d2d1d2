"""The parser on the four real seed papers: exact facts from the foundation issue."""

import json

import pytest

SCRUTINY_2016 = "scrutiny-pack-2016-07-21.txt"
SCRUTINY_2022 = "scrutiny-pack-2022-03-17.txt"
HWB_2014 = "hwb-pack-2014-02-24.txt"
LSCB_2017 = "lscb-annual-report-2016-17.txt"


def agenda_item(pack, number):
    return next(item for item in pack.meeting.agenda if item.number == number)


def minute_item(minutes, number):
    return next(item for item in minutes.items if item.number == number)


# scrutiny-pack-2016-07-21 ---------------------------------------------------------------


@pytest.fixture(scope="module")
def pack2016(parsed_seeds):
    return parsed_seeds(SCRUTINY_2016)


def test_2016_front_sheet(pack2016):
    meeting = pack2016.meeting
    assert meeting.body == "Education and Children's Services Scrutiny Board (2)"
    assert meeting.start == "2016-07-21T14:00"
    assert meeting.venue == "Committee Rooms 2 and 3 - Council House"
    assert meeting.published == "2016-07-13"
    assert meeting.issued_by == "Chris West, Executive Director, Resources, Council House Coventry"
    assert meeting.private_business is False


def test_2016_agenda(pack2016):
    agenda = pack2016.meeting.agenda
    assert [item.number for item in agenda] == [str(n) for n in range(1, 11)]
    minutes = agenda_item(pack2016, "3")
    assert (minutes.title, minutes.pages) == ("Minutes", (3, 6))
    assert [sub.number for sub in minutes.subitems] == ["a", "b"]
    assert (
        minutes.subitems[0].title == "To agree the minutes of the meeting held on 16th June, 2016"
    )
    scr = agenda_item(pack2016, "4")
    assert (scr.title, scr.pages) == ("Serious Case Review", (7, 50))
    assert scr.presenter == (
        "Report of the Independent Chair of the Local Safeguarding Children's Board (LSCB)"
    )
    assert agenda_item(pack2016, "8").pages == (87, 92)
    assert agenda_item(pack2016, "8").presenter == "Briefing Note of the Scrutiny Co-ordinator"
    assert agenda_item(pack2016, "9").pages is None
    assert agenda_item(pack2016, "10").pages is None
    assert agenda_item(pack2016, "10").title == "Meeting Evaluation"
    assert agenda_item(pack2016, "9").presenter is None
    assert agenda_item(pack2016, "4").lines == (22, 24)


def test_2016_membership(pack2016):
    membership = pack2016.meeting.membership
    assert len(membership) == 16
    by_role = {}
    for member in membership:
        by_role.setdefault(member.role, []).append(member.name)
    assert by_role["chair"] == ["M Mutton"]
    assert by_role["co-opted"] == ["S Hanson", "K Jones", "R Potter"]
    assert by_role["by-invitation"] == ["G Duggins", "K Maton", "E Ruane", "P Seaman"]
    assert len(by_role["member"]) == 8


def test_2016_minutes(pack2016):
    assert len(pack2016.minutes) == 1
    minutes = pack2016.minutes[0]
    assert minutes.body == "Education and Children's Services Scrutiny Board (2)"
    assert (minutes.start, minutes.closed) == ("2016-06-16T15:30", "16:35")
    assert minutes.municipal_year == "2016/17"
    assert [item.number for item in minutes.items] == ["1", "2", "3", "4", "5", "6"]
    present = [a for a in minutes.attendance if a.status == "present"]
    members = [a for a in present if a.capacity == "member"]
    assert len(members) == 9
    assert [a.name for a in members if a.chair] == ["M Mutton"]
    assert [a.name for a in present if a.capacity == "co-opted"] == [
        "S Hanson",
        "K Jones",
        "R Potter",
    ]
    assert [a.name for a in minutes.attendance if a.status == "apology"] == ["E Ruane"]
    officers = [(a.name, a.directorate) for a in present if a.capacity == "officer"]
    assert officers == [
        ("J Gregg", "People Directorate"),
        ("G Holmes", "Resources Directorate"),
        ("M Rose", "Resources Directorate"),
    ]
    assert [a.name for a in present if a.capacity == "cabinet-member"] == ["Maton", "Seaman"]


def test_2016_resolutions_and_references(pack2016):
    minutes = pack2016.minutes[0]
    with_resolutions = {item.number: item.resolutions for item in minutes.items if item.resolutions}
    assert sorted(with_resolutions) == ["4", "5"]
    assert sum(len(r) for r in with_resolutions.values()) == 2
    assert with_resolutions["5"][0].text == "RESOLVED that the work programme be updated"
    assert with_resolutions["5"][0].lines == (152, 152)
    assert minute_item(minutes, "3").references == ["74/15"]
    assert minute_item(minutes, "2").references == ["72/15"]
    declarations = minute_item(minutes, "1").declarations
    assert [(d.none_declared, d.lines) for d in declarations] == [(True, (104, 104))]


def test_2016_task_and_finish_group_resolution_asks_for_an_action(pack2016):
    [resolution] = minute_item(pack2016.minutes[0], "4").resolutions
    assert resolution.text.startswith("RESOLVED that the task and finish group be established")
    ask = resolution.ask
    assert (ask.item_type, ask.verb, ask.addressees) == ("A", "established", [])
    assert ask.owners == ["Scrutiny Co-ordinator"]  # who reported: the item's presenter
    assert (ask.due_date, ask.due_basis) == (None, None)
    assert minute_item(pack2016.minutes[0], "5").resolutions[0].ask.item_type == "A"


def test_2016_lancaster_is_flagged(pack2016):
    flagged = [w for w in pack2016.warnings if w.code == "attendance-not-member"]
    assert len(flagged) == 1
    assert flagged[0].message.startswith("R Lancaster is recorded present")
    assert flagged[0].lines == (82, 82)


def test_2016_components_and_briefing_notes(pack2016):
    kinds = [(c.kind, c.lines[0]) for c in pack2016.components]
    assert kinds[:3] == [("front-sheet", 5), ("minutes", 71), ("briefing-note", 164)]
    assert ("work-programme", 1353) in kinds
    subjects = [note.subject for note in pack2016.briefing_notes]
    assert "Outstanding Issues Report" in subjects
    early_help = next(n for n in pack2016.briefing_notes if n.subject.startswith("Early Help"))
    assert [r.number for r in early_help.recommendations] == ["1", "2", "3"]
    assert early_help.recommendations[1].text == "Receive further progress reports as requested"
    assert early_help.authors == ["Fran Doyle", "John Gregg"]
    assert early_help.date == "2016-07-21"


# scrutiny-pack-2022-03-17 ---------------------------------------------------------------


@pytest.fixture(scope="module")
def pack2022(parsed_seeds):
    return parsed_seeds(SCRUTINY_2022)


def test_2022_front_sheet(pack2022):
    meeting = pack2022.meeting
    assert meeting.start == "2022-03-17T10:30"
    assert meeting.venue == "Diamond Rooms 1 and 2 - Council House"
    assert meeting.published == "2022-03-09"
    item4 = agenda_item(pack2022, "4")
    assert item4.pages == (11, 58)  # the page range sits on the next line
    assert item4.title == "Coventry Safeguarding Children Partnership Annual Report 2020-2021"
    assert len(meeting.membership) == 13
    assert [m.name for m in meeting.membership if m.role == "chair"] == ["J Innes"]
    assert [m.name for m in meeting.membership if m.role == "by-invitation"] == [
        "B Gittins",
        "K Sandhu",
        "P Seaman",
    ]


def test_2022_minutes(pack2022):
    minutes = pack2022.minutes[0]
    assert (minutes.start, minutes.closed) == ("2021-12-09T10:30", "12:43")
    assert [item.number for item in minutes.items] == [str(n) for n in range(18, 25)]
    assert minute_item(minutes, "21").reference == "21/21"
    apologies = [a.name for a in minutes.attendance if a.status == "apology"]
    assert apologies == ["F Abbott", "R Simpson", "Gittins"]
    gittins = next(a for a in minutes.attendance if a.name == "Gittins")
    assert gittins.role == "Deputy Cabinet Member for Children and Young People"
    sandhu = next(a for a in minutes.attendance if a.name == "K Sandhu")
    assert (sandhu.capacity, sandhu.role) == (
        "cabinet-member",
        "Cabinet Member for Education and Skills",
    )
    bates = next(a for a in minutes.attendance if a.name == "S Bates")
    assert (bates.capacity, bates.directorate) == ("officer", "Children's Services")


def test_2022_numbered_resolutions(pack2022):
    minutes = pack2022.minutes[0]
    item21 = minute_item(minutes, "21")
    assert len(item21.resolutions) == 3
    assert [r.part for r in item21.resolutions] == ["1", "2", "3"]
    texts = [r.text for r in item21.resolutions]
    assert any(t.startswith("Write to the Cabinet Member (Education and Skills)") for t in texts)
    assert texts[2].startswith("Write to the LGA, Coventry's MPs and the Department for Education")
    assert item21.references == ["10/21"]
    assert len(minute_item(minutes, "22").resolutions) == 3


def test_2022_minute_21_asks(pack2022):
    noted, cabinet, lga = minute_item(pack2022.minutes[0], "21").resolutions
    assert noted.ask is None
    assert (cabinet.ask.item_type, cabinet.ask.verb) == ("R", "write to")
    assert cabinet.ask.addressees == [
        "Cabinet Member (Education and Skills)",
        "Cabinet Member (Strategic Finance and Resources)",
    ]
    assert cabinet.ask.owners == []  # a recommendation is owned by those it is addressed to
    assert lga.ask.addressees == ["LGA", "Coventry's MPs", "Department for Education"]


# hwb-pack-2014-02-24 --------------------------------------------------------------------


@pytest.fixture(scope="module")
def hwb(parsed_seeds):
    return parsed_seeds(HWB_2014)


def test_hwb_front_sheet(hwb):
    meeting = hwb.meeting
    assert meeting.body == "Coventry Health and Well-being Board"
    assert meeting.start == "2014-02-24T14:00"
    item3 = agenda_item(hwb, "3")
    assert [(s.number, s.pages) for s in item3.subitems] == [
        ("a", (3, 8)),
        ("b", (9, 12)),
        ("c", None),
    ]
    assert agenda_item(hwb, "9").pages == (97, 150)
    assert [m.name for m in meeting.membership if m.role == "chair"] == ["A Gingell"]


def test_hwb_two_sets_of_minutes(hwb):
    october, january = hwb.minutes
    assert october.start == "2013-10-21T14:00"
    assert [int(i.number) for i in october.items] == list(range(12, 23))
    assert october.closed == "16:00"
    assert january.start == "2014-01-27T16:00"
    assert [int(i.number) for i in january.items] == list(range(23, 27))
    assert january.closed == "16:25"
    assert [r.part for r in minute_item(january, "25").resolutions] == ["1", "2", "3", "4"]
    moore = next(a for a in october.attendance if a.name == "Jane Moore")
    assert (moore.capacity, moore.role) == ("member", "Director of Public Health")
    allen = next(a for a in october.attendance if a.status == "apology")
    assert (allen.name, allen.organisation) == ("Steve Allen", "Coventry and Rugby CCG")


# lscb-annual-report-2016-17 -------------------------------------------------------------


@pytest.fixture(scope="module")
def lscb(parsed_seeds):
    return parsed_seeds(LSCB_2017)


def test_lscb_report_has_no_meeting_but_an_annual_report(lscb):
    assert lscb.meeting is None
    assert lscb.minutes == []
    assert [c.kind for c in lscb.components][0] == "annual-report"


def test_lscb_body_tables(lscb):
    assert len(lscb.bodies) == 1
    body = lscb.bodies[0]
    assert body.meeting_dates == ["2016-10-12", "2016-11-24", "2017-01-26", "2017-03-22"]
    assert len(body.attendance) == 32
    assert sum(1 for row in body.attendance if row.group) == 3
    fire = next(row for row in body.attendance if row.name == "West Midlands Fire Service")
    assert (fire.attended, fire.expected, fire.percent) == (0, 4, "0")
    cafcass = next(row for row in body.attendance if row.name == "CAFCASS")
    assert (cafcass.attended, cafcass.expected, cafcass.percent) == (1, 1, "100")
    chair = next(m for m in body.members if m.name == "David Peplow")
    assert chair.title == "Independent Chair, Coventry Safeguarding Children Board"
    assert sum(1 for m in body.members if m.vacant) == 2


# The JSON contract ----------------------------------------------------------------------


def test_json_output_has_the_documented_keys(pack2016):
    document = json.loads(json.dumps(pack2016.to_dict()))
    assert set(document) >= {
        "components",
        "meeting",
        "minutes",
        "briefing_notes",
        "bodies",
        "warnings",
        "source",
    }
    assert document["meeting"]["agenda"][2]["pages"] == [3, 6]
    assert document["minutes"][0]["items"][3]["resolutions"][0]["lines"] == [138, 138]
    assert document["minutes"][0]["items"][3]["resolutions"][0]["ask"] == {
        "item_type": "A",
        "verb": "established",
        "addressees": [],
        "owners": ["Scrutiny Co-ordinator"],
        "due_date": None,
        "due_basis": None,
    }
    assert document["source"]["line_count"] == 1429
