"""Ingesting the real seeds into the real database (SQLite or PostgreSQL, per DATABASE_URL)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Document,
    Meeting,
    Person,
    Warning,
)
from scrutineer.ingest.loader import ingest_bytes, ingest_file
from scrutineer.packs import PackError
from tests.helpers import row_counts
from tests.seeds import SEED_NAMES, seed_path

SCRUTINY = "Education and Children's Services Scrutiny Board (2)"


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
        (b"%PDF-1.4\n", "is a truncated or damaged PDF"),
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
    assert "broken.pdf: is a truncated or damaged PDF" in captured.err
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
