"""The four real seeds ingested once per module: the governance record they make."""

import datetime as dt

from django.urls import reverse

from scrutineer.governance.models import (
    Body,
    Meeting,
    Membership,
    Minute,
    Person,
    ReportedAttendance,
    Warning,
)
from scrutineer.ingest.loader import ingest_file
from tests.helpers import row_counts
from tests.seeds import SEED_NAMES, seed_path

SCRUTINY = "Education and Children's Services Scrutiny Board (2)"


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
    lscb = Body.objects.get(aliases__alias="Coventry Local Safeguarding Children Board")
    assert lscb.aliases.filter(alias="Coventry LSCB").exists()
    assert ReportedAttendance.objects.filter(body=lscb).count() == 32
    fire = ReportedAttendance.objects.get(body=lscb, name="West Midlands Fire Service")
    assert (fire.attended, fire.expected, fire.percent_printed) == (0, 4, "0")
    assert fire.period_start == dt.date(2016, 10, 12)
    assert Membership.objects.filter(body=lscb, vacant=True, end_date=None).count() == 2
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


def test_meeting_page_shows_the_warnings_about_its_records(seeded, client):
    meeting = Meeting.objects.get(body__name=SCRUTINY, date=dt.date(2016, 6, 16))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "R Lancaster is recorded present at the meeting of 16 June 2016" in html
    assert f'href="/documents/{meeting.source_id}/#L82"' in html
    later = Meeting.objects.get(body__name=SCRUTINY, date=dt.date(2021, 12, 9))
    html = client.get(later.get_absolute_url()).content.decode()
    assert "R Lancaster" not in html
    assert "K Jones is recorded present" in html
