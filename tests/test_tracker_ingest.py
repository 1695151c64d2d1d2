"""Tracked items from resolutions: what counts as an ask, addressees and due dates."""

import datetime as dt

import pytest

from scrutineer.governance.models import Body, BodyAlias, alias_key
from scrutineer.ingest.loader import ingest_bytes
from scrutineer.packs import parse_bytes
from scrutineer.packs.asks import classify_resolution, split_addressees
from scrutineer.tracker.models import TrackedItem
from tests.helpers import parties

UPDATE_IN_12_MONTHS = (
    "Exampleshire County Council\nMinutes of the Meeting of Test Board\n"
    "held at 10.00 am on Thursday, 9 December 2021\n\nPublic Business\n\n"
    "5. Early Help\n\nThe Board considered a briefing note of the Director of Children's "
    "Services which set out progress.\n\nRESOLVED that the Board request an update in 12 "
    "months on the outcomes for families.\n"
)


def test_the_parser_reads_the_ask_and_its_due_date():
    """The ParsedPack carries the ask, its owners and the derived due date: ingest only
    maps them to rows."""
    [minutes] = parse_bytes(UPDATE_IN_12_MONTHS.encode(), "update.txt").minutes
    [resolution] = minutes.items[0].resolutions
    ask = resolution.ask
    assert (ask.item_type, ask.verb, ask.addressees) == ("I", "request", [])
    assert ask.owners == ["Director of Children's Services"]
    assert ask.due_date == "2022-12-09"
    assert ask.due_basis == '"update in 12 months" from 9 December 2021'


def test_cabinet_members_present_own_the_requests_their_portfolio_touches():
    minutes_text = (
        "Exampleshire County Council\nMinutes of the Meeting of Test Board\n"
        "held at 10.00 am on Thursday, 9 December 2021\n\nPresent:\n\n"
        "Members: Councillor J Innes (Chair)\n\n"
        "Other Members: Councillor K Sandhu (Cabinet Member for Education and Skills)\n"
        "Councillor P Seaman (Cabinet Member for Children and Young People)\n\n"
        "Public Business\n\n5. School Readiness\n\nThe Board considered a briefing note of "
        "the Director of Education and Skills which set out progress.\n\n"
        "RESOLVED that the Board request an update in 6 months.\n"
    )
    [minutes] = parse_bytes(minutes_text.encode(), "owners.txt").minutes
    ask = minutes.items[0].resolutions[0].ask
    assert ask.owners == [
        "Director of Education and Skills",
        "Cabinet Member for Education and Skills",
    ]
    assert (ask.due_date, ask.due_basis) == (
        "2022-06-09",
        '"update in 6 months" from 9 December 2021',
    )


def test_request_for_an_update_derives_its_due_date(db):
    ingest_bytes(UPDATE_IN_12_MONTHS.encode(), "update.txt")
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
            ("R", ["Cabinet"]),
        ),
        (
            "Write to the Secretary of State that funding is inadequate",
            ("R", ["Secretary of State"]),
        ),
        # A common way minutes ask an officer for something, typed or read.
        ("That the Director provide an update to the Board in six months", ("I", [])),
        ("That figures on exclusions be provided to members", ("I", [])),
        ("That a site visit be provided for members", ("A", [])),
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


def test_a_resolution_addressed_to_a_body_known_by_an_alias_links_to_it(db):
    """Resolution items go through the same owner-label rule as the other imported items,
    so "LSCB" links to the body known by that alias, though this ingest did not create it;
    ingesting the minutes again links nothing twice."""
    partnership = Body.objects.create(name="Coventry Safeguarding Children Partnership")
    BodyAlias.objects.create(body=partnership, alias="LSCB", key=alias_key("LSCB"))
    minutes_text = UPDATE_IN_12_MONTHS.replace(
        "request an update in 12 months on the outcomes for families",
        "write to the LSCB asking for the audit findings",
    )
    for _ in range(2):
        ingest_bytes(minutes_text.encode(), "write.txt")
        item = TrackedItem.objects.get()
        assert item.source_kind == TrackedItem.SourceKind.RESOLUTION
        assert [(p.role, p.label, p.body) for p in item.parties.all()] == [
            ("addressee", "LSCB", partnership)
        ]
