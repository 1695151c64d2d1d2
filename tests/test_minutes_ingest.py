"""A saved ModernGov "Agenda and minutes" page ingested: the meeting with its agenda and
minutes, resolutions, apologies and substitutes (SQLite or PostgreSQL, per DATABASE_URL)."""

import datetime as dt
from pathlib import Path

from django.utils import timezone

from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Declaration,
    Document,
    Meeting,
    Minute,
    Resolution,
    Warning,
)
from scrutineer.ingest.loader import ingest_bytes, ingest_file
from tests.helpers import row_counts

FIXTURES = Path(__file__).parent / "fixtures" / "minutes"
PAGE = FIXTURES / "eastmoor-agenda-and-minutes.html"


def test_page_ingested_as_meeting_with_agenda_and_minutes(db):
    result = ingest_file(PAGE)
    assert result.created
    document = result.document
    assert document.council.name == "Eastmoor Metropolitan Borough Council"
    assert (
        document.title == "Children's Services Scrutiny Panel agenda and minutes, 9 February 2017"
    )
    meeting = Meeting.objects.get()
    assert meeting.body.name == "Children's Services Scrutiny Panel"
    assert meeting.date == dt.date(2017, 2, 9)
    assert timezone.localtime(meeting.start).strftime("%H:%M") == "14:00"
    assert meeting.venue == "Committee Room 4, Eastmoor Town Hall, Market Street"
    assert meeting.status == Meeting.Status.HELD
    assert list(meeting.agenda_items.order_by("order").values_list("number", "title")) == [
        ("41", "Apologies for Absence and Substitutions"),
        ("42", "Declarations of Interest"),
        ("43", "Minutes of the Previous Meeting"),
        ("", "Chair's Announcements"),
        ("44", "School Places Planning 2017-2020"),
        ("45", "Work Programme"),
    ]
    minutes = {m.number: m for m in meeting.minutes.all()}
    assert sorted(minutes) == [41, 42, 43, 44, 45]
    assert minutes[44].municipal_year == "2016/17"
    assert minutes[44].agenda_item.title == "School Places Planning 2017-2020"
    assert list(
        Resolution.objects.filter(minute=minutes[44])
        .order_by("order")
        .values_list("part", flat=True)
    ) == ["a", "b", "c"]
    assert Resolution.objects.filter(minute__meeting=meeting).count() == 5
    assert sorted(minutes[44].unresolved_references) == ["22/16", "36/16"]
    [declaration] = Declaration.objects.filter(meeting=meeting)
    assert declaration.person.surname_key == "lomax"
    unnumbered = Warning.objects.get(code="minute-without-number")
    assert (unnumbered.first_line, unnumbered.last_line) == (29, 31)


def test_page_attendance_rows(db):
    ingest_file(PAGE)
    meeting = Meeting.objects.get()
    rows = {
        (a.name_as_written, a.status): a.substitute_for.surname_key if a.substitute_for else None
        for a in Attendance.objects.filter(meeting=meeting)
    }
    assert rows == {
        ("Amara Beaumont", "apology"): None,
        ("Colin Drayton", "apology"): None,
        ("Edith Fenn", "apology"): None,
        ("Gareth Hollins", "substitute"): "beaumont",
        ("Irene Jarvis", "substitute"): "drayton",
    }


def test_reingest_is_a_no_op(db):
    ingest_file(PAGE)
    before = row_counts()
    again = ingest_file(PAGE)
    assert not again.created
    assert row_counts() == before
    assert Document.objects.count() == 1


def test_page_text_after_html_changes_no_meeting_rows(db):
    """The text of the same page, a second document, finds the same meeting and rows."""
    council = ingest_file(PAGE).document.council.slug
    counts = {m: m.objects.count() for m in (Meeting, AgendaItem, Minute, Resolution, Attendance)}
    ingest_bytes(
        (FIXTURES / "eastmoor-agenda-and-minutes.txt").read_bytes(),
        "eastmoor-agenda-and-minutes.txt",
        council=council,
    )
    assert {m: m.objects.count() for m in counts} == counts


def test_minutes_attendance_fields(db):
    ingest_file(FIXTURES / "northtown-planning-minutes.txt")
    rows = Attendance.objects.all()
    osei = rows.get(name_as_written="N Osei")
    assert (osei.part_of_meeting, osei.voting) == (True, True)
    assert rows.get(name_as_written="D Penhaligon").capacity == "co-opted"
    carraway = rows.get(name_as_written="B Carraway")
    assert (carraway.status, carraway.substitute_for.surname_key) == ("substitute", "lindqvist")
    whitlock = rows.get(name_as_written="V Whitlock")
    assert whitlock.substitute_for.surname_key == "farrant"
    assert rows.filter(status="apology").count() == 5
