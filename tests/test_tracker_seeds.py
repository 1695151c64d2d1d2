"""Tracked items made from the four real seeds, ingested once per module."""

import datetime as dt

from scrutineer.ingest.loader import ingest_file
from scrutineer.tracker.models import TrackedItem
from tests.helpers import parties
from tests.seeds import SEED_NAMES, seed_path


def test_minute_21_resolution_2_is_a_recommendation_to_two_cabinet_members(seeded):
    item = TrackedItem.objects.get(import_key="resolution:2021/22:21:1")
    assert (item.item_type, item.number, item.source_kind) == ("R", "2", "resolution")
    assert parties(item, "addressee") == [
        "Cabinet Member (Education and Skills)",
        "Cabinet Member (Strategic Finance and Resources)",
    ]
    assert item.meeting.date == dt.date(2021, 12, 9)
    assert item.resolution.minute.number == 21
    assert (item.source.name, item.first_line) == ("scrutiny-pack-2022-03-17.txt", 200)
    [opening] = item.status_changes.all()
    assert (opening.from_status, opening.to_status) == ("", "open")


def test_write_to_three_addressees_and_note_is_not_tracked(seeded):
    lga = TrackedItem.objects.get(import_key="resolution:2021/22:21:2")
    assert parties(lga, "addressee") == ["LGA", "Coventry's MPs", "Department for Education"]
    # resolution 1 of minute 21 only notes: it is a resolution, not a tracked item
    assert not TrackedItem.objects.filter(import_key="resolution:2021/22:21:0").exists()
    from_minute_21 = TrackedItem.objects.filter(resolution__minute__number=21)
    assert from_minute_21.count() == 2


def test_reingesting_does_not_duplicate_tracked_items(seeded):
    before = TrackedItem.objects.count()
    for name in SEED_NAMES:
        ingest_file(seed_path(name))
    assert TrackedItem.objects.count() == before


def test_outstanding_issues_rows_are_complete_items_with_their_notes(seeded):
    rows = TrackedItem.objects.filter(source_kind="outstanding-issues").order_by("first_line")
    assert [(r.item_type, r.status, r.meeting.date) for r in rows] == [
        ("I", "complete", dt.date(2015, 9, 10)),
        ("R", "complete", dt.date(2015, 6, 18)),
        ("A", "complete", dt.date(2015, 12, 10)),
    ]
    child_t = rows[1]
    assert child_t.topic == "Serious Case Review – Child T"
    assert parties(child_t, "owner") == ["LSCB"]
    # the LSCB is known by its acronym, so the owner is linked to that body
    assert child_t.parties.get().body.aliases.filter(alias="LSCB").exists()
    assert child_t.responses.get().text.startswith("Briefing note sent to the")
    assert [c.to_status for c in child_t.status_changes.all()] == ["complete"]


def test_scr_recommendations_from_2016(seeded):
    recs = TrackedItem.objects.filter(
        source_kind="case-review", source__name="scrutiny-pack-2016-07-21.txt"
    ).order_by("number")
    assert [r.number for r in recs] == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]
    assert [r.first_line for r in recs] == list(range(762, 768))
    owners = [parties(r, "owner")[0] for r in recs]
    assert set(owners) == {"LSCB", "Board"}
    assert all(r.item_type == "R" for r in recs)


def test_matt_review_recommendations_with_progress_as_responses(seeded):
    recs = TrackedItem.objects.filter(
        source_kind="case-review", source_reference="Serious Case Review – Matt", parent=None
    ).order_by("number")
    assert [r.number for r in recs] == ["1", "2", "3", "4", "5", "6", "7"]
    subitems = TrackedItem.objects.filter(parent__in=recs)
    assert subitems.count() == 12
    assert sorted(s.number for s in subitems) == [
        "1a",
        "1b",
        "1c",
        "2a",
        "2b",
        "3a",
        "3b",
        "3c",
        "4a",
        "4b",
        "4c",
        "4d",
    ]
    without_progress = [r.number for r in recs if not r.responses.exists()]
    assert without_progress == ["2", "4"]
    assert subitems.filter(responses__isnull=False).distinct().count() == 12
    assert recs.get(number="5").parties.get().label == "Coventry Children Social Care"
