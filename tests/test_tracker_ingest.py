"""Tracked items made from the real seed papers."""

import datetime as dt

import pytest

from scrutineer.ingest.loader import ingest_bytes, ingest_file
from scrutineer.packs.actions import classify_resolution, split_addressees
from scrutineer.tracker.models import TrackedItem
from tests.seeds import SEED_NAMES, seed_path


@pytest.fixture
def seeded(db):
    for name in SEED_NAMES:
        ingest_file(seed_path(name))


def parties(item, role):
    return [p.label for p in item.parties.filter(role=role).order_by("pk")]


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


def test_request_for_an_update_derives_its_due_date(db):
    item_text = (
        "Exampleshire County Council\nMinutes of the Meeting of Test Board\n"
        "held at 10.00 am on Thursday, 9 December 2021\n\nPublic Business\n\n"
        "5. Early Help\n\nThe Board considered a briefing note of the Director of Children's "
        "Services which set out progress.\n\nRESOLVED that the Board request an update in 12 "
        "months on the outcomes for families.\n"
    )
    ingest_bytes(item_text.encode(), "update.txt")
    item = TrackedItem.objects.get()
    assert item.item_type == "I"
    assert item.due_date == dt.date(2022, 12, 9)
    assert item.due_basis == 'Derived: "update in 12 months" from 9 December 2021'
    assert parties(item, "owner") == ["Director of Children's Services"]


def test_reingesting_does_not_duplicate_tracked_items(seeded):
    before = TrackedItem.objects.count()
    for name in SEED_NAMES:
        ingest_file(seed_path(name))
    assert TrackedItem.objects.count() == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Note the content of the briefing note", None),
        ("RESOLVED that the work programme be updated", ("A", [])),
        ("Request further information on exclusions", ("I", [])),
        (
            "Recommend to Cabinet that the policy be revised",
            ("R", ["Cabinet that the policy be revised"]),
        ),
    ],
)
def test_classify_resolution(text, expected):
    ask = classify_resolution(text)
    assert (None if ask is None else (ask.item_type, ask.addressees)) == expected


def test_brackets_do_not_split_addressees():
    assert split_addressees("the Cabinet Member (Strategic Finance and Resources), the LGA") == [
        "Cabinet Member (Strategic Finance and Resources)",
        "LGA",
    ]
