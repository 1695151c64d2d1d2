"""Tracked items from resolutions: what counts as an ask, addressees and due dates."""

import datetime as dt

import pytest

from scrutineer.ingest.loader import ingest_bytes
from scrutineer.packs.actions import classify_resolution, split_addressees
from scrutineer.tracker.models import TrackedItem
from tests.helpers import parties


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
