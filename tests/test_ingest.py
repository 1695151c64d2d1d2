"""Ingesting the real seeds into the real database (SQLite or PostgreSQL, per DATABASE_URL)."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Document,
    Meeting,
    Membership,
    Minute,
    Person,
    ReportedAttendance,
    Warning,
)
from scrutineer.ingest.loader import ingest_bytes, ingest_file
from scrutineer.packs import PackError
from tests.seeds import SEED_NAMES, seed_path

SCRUTINY = "Education and Children's Services Scrutiny Board (2)"


@pytest.fixture
def seeded(db):
    for name in SEED_NAMES:
        ingest_file(seed_path(name))


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"governance"}
    }


def test_previous_minutes_create_the_earlier_meeting(seeded):
    meeting = Meeting.objects.get(body__name=SCRUTINY, date=dt.date(2016, 6, 16))
    assert meeting.status == Meeting.Status.HELD
    assert meeting.closed_at == dt.time(16, 35)
    assert [m.number for m in meeting.minutes.all()] == [1, 2, 3, 4, 5, 6]
    assert meeting.minutes.get(number=4).resolutions.count() == 1
    assert meeting.attendance.filter(status="present", capacity="member").count() == 9
    assert meeting.declarations.get().none_declared is True
    # the pack's own meeting is there too, with its agenda
    july = Meeting.objects.get(body__name=SCRUTINY, date=dt.date(2016, 7, 21))
    assert july.published == dt.date(2016, 7, 13)
    assert july.agenda_items.filter(parent=None).count() == 10
    assert july.agenda_items.get(number="4", parent=None).first_page == 7


def test_minutes_keep_their_source_lines(seeded):
    minute = Minute.objects.get(meeting__date=dt.date(2021, 12, 9), number=21)
    assert minute.source.name == "scrutiny-pack-2022-03-17.txt"
    assert minute.first_line == 164
    lines = minute.source.lines()
    assert lines[minute.first_line - 1].startswith("21. **Free School Meals")
    resolution = minute.resolutions.get(order=1)
    assert resolution.text.startswith("Write to the Cabinet Member (Education and Skills)")
    assert lines[resolution.first_line - 1].startswith("- 2) **Write to the Cabinet Member")


def test_one_person_many_names(seeded):
    mutton = Person.objects.get(surname_key="mutton")
    assert mutton.name == "M Mutton"
    assert mutton.memberships.get(body__name=SCRUTINY).role == Membership.Role.CHAIR
    assert mutton.attendance.get(meeting__date=dt.date(2016, 6, 16)).chair is True
    # "Jane Moore" (minutes) and "J Moore" (membership) are one person
    moore = Person.objects.get(surname_key="moore")
    assert moore.name == "Jane Moore"
    assert set(moore.aliases.values_list("alias", flat=True)) == {"J Moore", "Jane Moore"}
    assert moore.attendance.count() == 2


def test_ambiguous_name_is_flagged_not_merged(db):
    ingest_file(seed_path("scrutiny-pack-2022-03-17.txt"))  # C Thomas
    ingest_file(seed_path("hwb-pack-2014-02-24.txt"))  # S Thomas; "Councillor Thomas"
    thomases = Person.objects.filter(surname_key="thomas")
    assert sorted(p.initial for p in thomases) == ["C", "S"]
    # On the health board only S Thomas is a member, so "Councillor Thomas" resolves there.
    hwb_thomas = Attendance.objects.get(
        meeting__date=dt.date(2013, 10, 21), name_as_written="Thomas"
    )
    assert hwb_thomas.person.initial == "S"


def test_truly_ambiguous_name_gets_a_warning(db):
    ingest_bytes(
        b"Coventry City Council\nMinutes of the Meeting of Panel A\nheld at 2.00 pm on 1 June "
        b"2020\n\nPresent:\n\nMembers: Councillor A Smith (Chair)\nCouncillor B Smith\n\n"
        b"Public Business\n\n1. Item\n\nText.\n",
        "first.txt",
    )
    result = ingest_bytes(
        b"Coventry City Council\nMinutes of the Meeting of Panel B\nheld at 2.00 pm on 2 June "
        b"2020\n\nPresent:\n\nMembers: Councillor Smith (Chair)\n\nPublic Business\n\n1. Item\n",
        "second.txt",
    )
    warning = Warning.objects.get(document=result.document, code="ambiguous-name")
    assert warning.first_line == 7
    assert "A Smith" in warning.message and "B Smith" in warning.message
    assert Attendance.objects.get(meeting__body__name="Panel B").person is None
    assert Person.objects.filter(surname_key="smith").count() == 2


def test_ruane_person_page_shows_the_apology(seeded, client):
    ruane = Person.objects.get(surname_key="ruane")
    apology = ruane.attendance.get()
    assert (apology.status, apology.meeting.date) == ("apology", dt.date(2016, 6, 16))
    page = client.get(reverse("person", args=[ruane.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "E Ruane" in html
    assert "Apolog" in html
    assert "16 June 2016" in html


def test_lscb_attendance_rows_and_vacant_seats(seeded):
    lscb = Body.objects.get(name="Coventry Local Safeguarding Children Board")
    assert lscb.aliases.filter(alias="Coventry LSCB").exists()
    assert ReportedAttendance.objects.filter(body=lscb).count() == 32
    fire = ReportedAttendance.objects.get(body=lscb, name="West Midlands Fire Service")
    assert (fire.attended, fire.expected, fire.percent_printed) == (0, 4, "0")
    assert fire.period_start == dt.date(2016, 10, 12)
    assert Membership.objects.filter(body=lscb, vacant=True).count() == 2
    assert lscb.memberships.get(person__name="David Peplow").role == Membership.Role.CHAIR
    assert sorted(lscb.meetings.values_list("date", flat=True)) == [
        dt.date(2016, 10, 12),
        dt.date(2016, 11, 24),
        dt.date(2017, 1, 26),
        dt.date(2017, 3, 22),
    ]


def test_warnings_are_stored_with_their_lines(seeded):
    warning = Warning.objects.get(code="attendance-not-member", message__startswith="R Lancaster")
    assert warning.document.name == "scrutiny-pack-2016-07-21.txt"
    assert (warning.first_line, warning.last_line) == (82, 82)


def test_reingesting_changes_nothing(seeded):
    before = row_counts()
    for name in SEED_NAMES:
        assert ingest_file(seed_path(name)).created is False
    assert row_counts() == before
    assert before["governance.Document"] == 4
    # 11 meetings with papers, 12 more planned in programmes, 3 named by Outstanding Issues
    assert before["governance.Meeting"] == 26


def test_minutes_arriving_in_a_later_pack_enrich_the_same_meeting(db):
    """The same minutes in a different file (a new version) update rather than duplicate."""
    path = seed_path("scrutiny-pack-2016-07-21.txt")
    ingest_file(path)
    before = row_counts()
    revised = path.read_bytes().replace(
        b"(Meeting closed at 4.35 pm)", b"(Meeting closed at 4.45 pm)"
    )
    result = ingest_bytes(revised, path.name)
    assert result.document.supersedes.name == path.name
    after = row_counts()
    assert after["governance.Document"] == before["governance.Document"] + 1
    assert after["governance.Minute"] == before["governance.Minute"]
    assert after["governance.Attendance"] == before["governance.Attendance"]
    assert Meeting.objects.get(date=dt.date(2016, 6, 16)).closed_at == dt.time(16, 45)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "is empty"),
        (b"%PDF-1.4\n", "is a PDF file"),
        (b"Minutes \xff\xfe text", "not valid UTF-8"),
    ],
)
def test_bad_files_write_nothing(db, tmp_path, data, problem):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    with pytest.raises(PackError, match=problem):
        ingest_file(bad)
    assert sum(row_counts().values()) == 0


def test_ingest_command_reports_failures_and_keeps_good_files(db, tmp_path, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 binary")
    with pytest.raises(CommandError, match="1 of 2 files failed"):
        call_command("ingest", str(seed_path("scrutiny-pack-2016-07-21.txt")), str(bad))
    captured = capsys.readouterr()
    assert "broken.pdf: is a PDF file" in captured.err
    assert Document.objects.count() == 1


def test_failure_midway_rolls_back_the_whole_file(db, monkeypatch):
    """A fault after some rows are written leaves nothing behind."""
    from scrutineer.ingest import loader

    def explode(self, note):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader._Loader, "_briefing_note", explode)
    with pytest.raises(RuntimeError):
        ingest_file(seed_path("scrutiny-pack-2016-07-21.txt"))
    assert sum(row_counts().values()) == 0


def test_private_agenda_items_are_restricted(db):
    from scrutineer.cli import SAMPLE_DIR

    ingest_file(SAMPLE_DIR / "exampleshire-children-scrutiny-2025-11-20.txt")
    private = AgendaItem.objects.get(number="10", parent=None)
    assert private.visibility == "restricted"
    assert private.meeting.private_business is True


MUTATIONS = [
    "Coventry City Council",
    "Minutes of the Meeting of Panel",
    "held at 2.00 pm on 1 May 2020",
    "Present:",
    "Members: Councillor A Smith (Chair)",
    "Apologies: Councillor Smith",
    "Public Business",
    "1. Item",
    "2. Item",
    "RESOLVED that:",
    "- 1) **Note**",
    "(Meeting closed at 1.00 pm)",
    "Membership: Councillors A Smith, B Smith (Chair)",
    "Organisation\t12/10/16\tMeetings attended\tMeetings expected at\t%",
    "Board Member\tTitle/Organisation",
    "Vacant\tLay Member",
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_seeds_ingest_or_fail_cleanly(db, data):
    """Whatever the parser makes of damaged text, ingestion stores it or refuses it whole."""
    name = data.draw(st.sampled_from(SEED_NAMES))
    lines = seed_path(name).read_text(encoding="utf-8").split("\n")
    start = data.draw(st.integers(0, len(lines) - 1))
    window = lines[start : start + data.draw(st.integers(1, 300))]
    for _ in range(data.draw(st.integers(0, 12))):
        position = data.draw(st.integers(0, len(window)))
        window.insert(position, data.draw(st.sampled_from(MUTATIONS) | st.text(max_size=300)))
    before = Document.objects.count()
    try:
        result = ingest_bytes("\n".join(window).encode("utf-8"), f"mutated-{name}")
    except PackError:
        assert Document.objects.count() == before
    else:
        verbatim = "\n".join(window)
        assert result.document.text == verbatim.removeprefix("\ufeff")


def test_meeting_page_shows_the_warnings_about_its_records(seeded, client):
    meeting = Meeting.objects.get(body__name=SCRUTINY, date=dt.date(2016, 6, 16))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "R Lancaster is recorded present at the meeting of 16 June 2016" in html
    assert f'href="/documents/{meeting.source_id}/#L82"' in html
    later = Meeting.objects.get(body__name=SCRUTINY, date=dt.date(2021, 12, 9))
    html = client.get(later.get_absolute_url()).content.decode()
    assert "R Lancaster" not in html
    assert "K Jones is recorded present" in html
