"""Work programmes from the real seed papers, and items marked held when taken."""

import datetime as dt

import pytest

from scrutineer.governance.models import Meeting, Warning
from scrutineer.ingest.loader import ingest_bytes, ingest_file
from scrutineer.packs.titles import title_similarity
from scrutineer.tracker.models import WorkProgrammeItem
from tests.seeds import seed_path

SCRUTINY = "Education and Children's Services Scrutiny Board (2)"


@pytest.fixture
def programmes(seeded):
    """The seeds (two of which hold work programmes), ingested once for the module."""


def test_2016_programme_belongs_to_the_board_and_has_35_items(programmes):
    items = WorkProgrammeItem.objects.filter(municipal_year="2016/17")
    assert {i.body.name for i in items} == {SCRUTINY}
    assert items.count() == 35
    scheduled = items.filter(bucket="")
    assert scheduled.count() == 17
    dates = sorted({i.meeting.date for i in scheduled})
    assert (dates[0], dates[-1]) == (dt.date(2016, 6, 16), dt.date(2017, 3, 9))
    assert items.filter(bucket="progress-reports").count() == 7
    assert items.filter(bucket="proposed-items").count() == 11
    youth = items.get(title__startswith="Youth Offending Service")
    assert youth.title == "Youth Offending Service – progress report"
    assert (youth.first_line, youth.last_line) == (1409, 1412)
    # The programme's short name for the board becomes an alias of the board
    assert items.first().body.aliases.filter(alias="Education and Children's Services (2)")


def test_out_of_order_date_is_flagged_not_fixed(programmes):
    warning = Warning.objects.get(code="programme-date-out-of-order")
    assert warning.first_line == 1404
    assert "6th April 16" in warning.message


def test_2021_22_programme(programmes):
    items = WorkProgrammeItem.objects.filter(municipal_year="2021/22")
    assert items.filter(bucket="").count() == 11
    assert items.filter(bucket="next-year").count() == 10
    postponed = Meeting.objects.get(body__name=SCRUTINY, date=dt.date(2022, 1, 27))
    assert postponed.status == Meeting.Status.POSTPONED


def test_items_taken_at_a_meeting_are_marked_held_and_linked(programmes):
    readiness = WorkProgrammeItem.objects.get(
        municipal_year="2021/22", title="School Readiness", meeting__date=dt.date(2021, 12, 9)
    )
    assert readiness.status == WorkProgrammeItem.Status.HELD
    assert readiness.taken_minute.title == "School Readiness - Impact of Covid-19"
    assert readiness.meeting.date == dt.date(2021, 12, 9)
    early_help = WorkProgrammeItem.objects.get(
        municipal_year="2016/17", title="Early Help Strategy"
    )
    assert early_help.taken_at.title == "Early Help Strategy Progress Report"
    # Titles that merely share a word are not matched
    academisation = WorkProgrammeItem.objects.get(title="Academisation Programme")
    assert academisation.status == WorkProgrammeItem.Status.SCHEDULED


def test_reingesting_programmes_changes_nothing(programmes):
    before = WorkProgrammeItem.objects.count()
    ingest_file(seed_path("scrutiny-pack-2022-03-17.txt"))
    ingest_file(seed_path("scrutiny-pack-2016-07-21.txt"))
    assert WorkProgrammeItem.objects.count() == before == 35 + 21


def test_drifting_titles_match():
    assert (
        title_similarity(
            "Proposed changes to the Library Service", "Library Service and Connecting Communities"
        )
        == 1.0
    )
    assert title_similarity("Academisation Programme", "Draft Work Programme") < 0.5


PROGRAMME = """Exampleshire County Council
Minutes of the Meeting of Test Board
held at 10.00 am on Thursday, 9 October 2025

Public Business

3. Library Service and Connecting Communities

RESOLVED that the report be noted.

4. Family Hubs

RESOLVED that the report be noted.

(Meeting closed at 11.00 am)

This page is intentionally left blank

Test Board Work Programme 2025-26

Date\tTitle\tDetail\tCabinet Member/ Lead Officer
9th October 2025\tProposed changes to the Library Service\tConsultation\tAnn Example
\tFamily Hubs North\tOpening\tBen Example
\tFamily Hubs South\tOpening\tBen Example
"""


def test_ambiguous_match_is_a_warning_not_a_guess(db):
    result = ingest_bytes(PROGRAMME.encode(), "programme.txt")
    library = WorkProgrammeItem.objects.get(title="Proposed changes to the Library Service")
    assert library.status == "held"
    assert library.taken_minute.title == "Library Service and Connecting Communities"
    hubs = WorkProgrammeItem.objects.filter(title__startswith="Family Hubs")
    assert [h.status for h in hubs] == ["scheduled", "scheduled"]
    warning = Warning.objects.get(document=result.document, code="programme-match-ambiguous")
    assert '"Family Hubs" matches several work programme items' in warning.message
    assert warning.first_line == 11
