"""Issue 10 §1–2: memberships with periods derived from evidence, one body under its many
names, and subgroups with chairs of their own."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutineer.governance.models import Body, Membership, Warning
from scrutineer.governance.tenure import Evidence, Listing, derive_periods
from scrutineer.ingest.loader import ingest_file
from tests.seeds import SEED_NAMES, seed_path

SCRUTINY = "Education and Children's Services Scrutiny Board (2)"
D = dt.date


def _names(memberships):
    return sorted(m.person.name for m in memberships)


# The rule, alone -----------------------------------------------------------------------------


def test_a_later_complete_list_ends_a_seat_by_its_date():
    a, b = ("person", 1), ("person", 2)
    listed_2016 = [Evidence(a, D(2016, 7, 21), "chair", "members", roster=1)]
    listed_2016.append(Evidence(b, D(2016, 7, 21), "member", "members", roster=1))
    listed_2022 = [Evidence(b, D(2022, 3, 17), "chair", "members", roster=2)]
    listings = [Listing(1, D(2016, 7, 21), frozenset({"members"}))]
    listings.append(Listing(2, D(2022, 3, 17), frozenset({"members"})))
    periods = derive_periods(listed_2016 + listed_2022, listings)
    shown = [(p.holder[1], p.role, p.start, p.end) for p in periods]
    assert shown == [
        (1, "chair", D(2016, 7, 21), D(2022, 3, 17)),
        (2, "member", D(2016, 7, 21), D(2022, 3, 17)),
        (2, "chair", D(2022, 3, 17), None),
    ]


def test_attendance_shows_a_seat_and_the_first_list_names_its_role():
    a = ("person", 1)
    evidence = [
        Evidence(a, D(2016, 6, 16), None, "members"),  # attended as a member
        Evidence(a, D(2016, 7, 21), "chair", "members", roster=1),
    ]
    (period,) = derive_periods(evidence, [Listing(1, D(2016, 7, 21), frozenset({"members"}))])
    assert (period.role, period.start, period.last_seen, period.end) == (
        "chair",
        D(2016, 6, 16),
        D(2016, 7, 21),
        None,
    )


def test_a_list_complete_only_for_councillors_ends_no_co_optee():
    co_optee = ("person", 9)
    evidence = [Evidence(co_optee, D(2016, 7, 21), "co-opted", "co-opted", roster=1)]
    listings = [Listing(2, D(2022, 3, 17), frozenset({"members"}))]
    (period,) = derive_periods(evidence, listings)
    assert period.end is None


_EVIDENCE = st.lists(
    st.builds(
        Evidence,
        holder=st.sampled_from([("person", 1), ("person", 2), ("vacant", "Lay member")]),
        day=st.dates(D(2014, 1, 1), D(2016, 1, 1)),
        role=st.sampled_from([None, "chair", "member", "co-opted"]),
        kind=st.sampled_from(["members", "co-opted"]),
        roster=st.sampled_from([None, 1, 2]),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(_EVIDENCE, st.randoms())
def test_the_same_evidence_in_any_order_gives_the_same_periods(evidence, random):
    listings = [
        Listing(1, D(2015, 1, 1), frozenset({"members"})),
        Listing(2, D(2015, 6, 1), frozenset({"members", "co-opted"})),
    ]

    def shown(periods):
        return [(p.holder, p.role, p.start, p.last_seen, p.end) for p in periods]

    expected = shown(derive_periods(evidence, listings))
    shuffled = list(evidence)
    random.shuffle(shuffled)
    assert shown(derive_periods(shuffled, listings[::-1])) == expected
    for period in derive_periods(evidence, listings):
        assert period.start <= period.last_seen
        assert period.end is None or period.end > period.last_seen


# The seeds -----------------------------------------------------------------------------------


def test_the_scrutiny_board_has_the_2022_members_and_one_chair(seeded):
    board = Body.objects.get(name=SCRUTINY)
    current = board.memberships.current()
    councillors = current.exclude(role=Membership.Role.CO_OPTED)
    # the ten councillors of the 17 March 2022 front sheet
    assert _names(councillors.exclude(role=Membership.Role.BY_INVITATION)) == sorted(
        [
            "Faye Abbott",
            "P Akhtar",
            "John Blundell",
            "S Hanson",
            "J Innes",
            "S Keough",
            "R Simpson",
            "R Thay",
            "C Thomas",
            "A Tucker",
        ]
    )
    assert _names(current.filter(role=Membership.Role.BY_INVITATION)) == [
        "B Gittins",
        "K Sandhu",
        "P Seaman",
    ]
    (chair,) = current.filter(role=Membership.Role.CHAIR)
    assert chair.person.name == "J Innes"
    mutton = board.memberships.get(person__surname_key="mutton", role=Membership.Role.CHAIR)
    assert mutton.end_date == D(2022, 3, 17)
    assert mutton in board.memberships.past()
    assert not board.memberships.current().filter(person__surname_key="mutton").exists()


def test_co_optees_follow_their_own_evidence(seeded):
    board = Body.objects.get(name=SCRUTINY)
    potter = board.memberships.get(person__surname_key="potter")
    # listed in 2016, left out of the co-optees the December 2021 minutes name
    assert (potter.role, potter.last_seen, potter.end_date) == (
        "co-opted",
        D(2016, 7, 21),
        D(2021, 12, 9),
    )
    (warning,) = Warning.objects.filter(code="seat-kind-changed")
    assert "S Hanson" in warning.message and "two kinds of seat" in warning.message
    assert "a co-opted member from 16 June 2016" in warning.message
    assert "a councillor member from 17 March 2022" in warning.message


def test_the_safeguarding_board_is_one_body_under_four_names(seeded):
    names = [
        "Coventry Local Safeguarding Children Board",
        "Coventry Safeguarding Children Board",
        "CSCB",
        "LSCB",
    ]
    (board,) = {Body.objects.get(aliases__alias=name) for name in names}
    chairs = board.memberships.current().filter(role=Membership.Role.CHAIR)
    assert _names(chairs) == ["David Peplow"]
    weir = board.memberships.get(person__name="Amy Weir")
    assert (weir.role, weir.start_date, weir.end_date) == ("chair", D(2013, 3, 1), D(2017, 4, 26))
    subgroup = Body.objects.get(name="Effectiveness and Quality Subgroup")
    assert subgroup.parent == board
    assert _names(subgroup.memberships.current().filter(role="chair")) == ["John Gregg"]
    gregg = board.memberships.get(person__name="John Gregg")
    assert gregg.role == Membership.Role.MEMBER  # a member of the board, its subgroup's chair
    assert not Warning.objects.filter(code="several-chairs").exists()


def _record():
    """What the seeds say about seats, meetings and tracked items, in terms that do not
    depend on row ids."""
    from scrutineer.governance.models import Meeting
    from scrutineer.tracker.models import TrackedItem

    def body_key(body):
        return min(body.aliases.values_list("key", flat=True))

    seats = sorted(
        (
            body_key(seat.body),
            seat.person.surname_key if seat.person else seat.title,
            seat.role,
            seat.start_date,
            seat.end_date,
        )
        for seat in Membership.objects.select_related("body", "person")
    )
    meetings = sorted(
        (body_key(m.body), m.date, m.standing_on(D(2026, 12, 1)).code)
        for m in Meeting.objects.select_related("body")
    )
    items = sorted(
        (body_key(t.body), t.source_kind, t.status, t.last_seen, t.text[:80])
        for t in TrackedItem.objects.select_related("body")
    )
    return seats, meetings, items


@pytest.mark.django_db
def test_the_seeds_in_any_order_give_the_same_memberships():
    records = []
    for order in (SEED_NAMES, SEED_NAMES[::-1], SEED_NAMES[1:] + SEED_NAMES[:1]):
        with transaction.atomic():
            for name in order:
                ingest_file(seed_path(name))
            records.append(_record())
            transaction.set_rollback(True)
    assert records[0] == records[1] == records[2]
    seats, meetings, items = records[0]
    # items: 52 asks, reviews' recommendations and plans' actions, and the 12 recommendations
    # of the 2022 report's three audits (6 + 2 + 4)
    assert (len(seats), len(meetings), len(items)) == (117, 26, 64)


def test_body_and_person_pages_show_current_and_past_seats(seeded, client):
    board = Body.objects.get(name=SCRUTINY)
    page = client.get(board.get_absolute_url()).content.decode()
    current, past = page.split("Past members of", 1)
    assert "as of the latest evidence (17 March 2022)" in current
    assert "J Innes" in current and "M Mutton" not in current
    assert "M Mutton" in past and "R Potter" in past
    mutton = board.memberships.get(person__surname_key="mutton").person
    seats = client.get(mutton.get_absolute_url()).content.decode()
    assert "Left by 17 March 2022" in seats


def test_a_body_and_its_successor_name_each_other(seeded, client):
    lscb = Body.objects.get(aliases__alias="LSCB")
    partnership = Body.objects.create(
        council=lscb.council, name="Coventry Safeguarding Children Partnership"
    )
    lscb.successor, lscb.succeeded_on = partnership, D(2019, 9, 29)
    lscb.save()
    old = client.get(lscb.get_absolute_url()).content.decode()
    assert "Succeeded by" in old and "Coventry Safeguarding Children Partnership" in old
    assert "from 29 September 2019" in old
    new = client.get(partnership.get_absolute_url()).content.decode()
    assert f'Took over from <a href="{lscb.get_absolute_url()}">{lscb.name}</a>' in new
    assert lscb.memberships.exists()  # both are kept, each with its own record
