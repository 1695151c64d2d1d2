"""From resolution to tracked item in one step: "Track this" on the meeting page, prefilled
as ingest derives an item from a resolution, and the item in the Outstanding Issues report
under its agenda item's title until its response is accepted."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from scrutineer.cli import SAMPLE_DIR
from scrutineer.governance.edits import history_of
from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    Minute,
    Resolution,
    Visibility,
)
from scrutineer.ingest.loader import ingest_file
from scrutineer.tracker.models import Party, TrackedItem
from scrutineer.tracker.resolutions import ask_of
from tests.helpers import page, signed_in, texts, user_in

DAY = dt.date(2026, 3, 17)
TITLE = "Youth Justice Plan"
ASKS = (
    "that the Board recommends to the Cabinet Member (Children and Young People) that an "
    "update on the reoffending rate be brought to the Board in six months"
)
NOTES = "that the report be noted"
BRIEFING = "that the Board requests a progress report on custody remands within three months"


@pytest.fixture
def board():
    board = Body.objects.create(name="Young People Scrutiny Panel", kind=Body.Kind.SCRUTINY_BOARD)
    meeting = Meeting.objects.create(body=board, date=DAY, status=Meeting.Status.HELD)
    agenda = AgendaItem.objects.create(
        meeting=meeting, number="6", order=6, title=TITLE, presenter="Head of Youth Justice"
    )
    minute = Minute.objects.create(
        meeting=meeting, number=41, municipal_year="2025/26", title=TITLE, agenda_item=agenda
    )
    Resolution.objects.create(minute=minute, order=0, part="1", text=NOTES)
    Resolution.objects.create(minute=minute, order=1, part="2", text=ASKS)
    Resolution.objects.create(minute=minute, order=2, part="3", text=BRIEFING)
    Attendance.objects.create(
        meeting=meeting,
        name_as_written="Councillor Pell",
        status=Attendance.Status.PRESENT,
        capacity=Attendance.Capacity.CABINET_MEMBER,
        role="Cabinet Member (Youth Justice)",
    )
    return board


def part(board, number: str) -> Resolution:
    return Resolution.objects.get(minute__meeting__body=board, part=number)


@pytest.fixture
def officer(django_user_model, board):
    return user_in(django_user_model, "tamsin", "officer", bodies=[board])


@pytest.fixture
def officer_client(officer):
    return signed_in(officer)


def track_url(resolution) -> str:
    return reverse("resolution-track", args=[resolution.pk])


def meeting_url(board) -> str:
    return reverse("meeting", args=[board.slug, DAY.isoformat()])


def prefilled(client, resolution) -> dict:
    form = client.get(track_url(resolution)).context["form"]
    return {name: form.initial.get(name, "") for name in form.fields}


def confirm(client, resolution, **changes):
    """POST the form as prefilled, with ``changes``."""
    return client.post(track_url(resolution), {**prefilled(client, resolution), **changes})


@pytest.mark.django_db
def test_the_form_is_prefilled_as_ingest_derives_the_item(officer_client, board):
    response = officer_client.get(track_url(part(board, "2")))

    assert response.status_code == 200
    assert response.context["form"].initial == {
        "topic": TITLE,
        "text": ASKS,
        "item_type": "R",
        "addressees": "Cabinet Member (Children and Young People)",
        "owners": "",
        # six months from the meeting, as packs.due counts them
        "due_date": "17/9/2026",
        "due_basis": 'Derived: "update on the reoffending rate be brought to the Board in six '
        'months" from 17 March 2026',
        "visibility": "public",
    }
    tree = page(response)
    assert tree.xpath('//input[@name="due_date"]/@value') == ["17/9/2026"]
    assert tree.xpath('//input[@name="item_type"][@checked]/@value') == ["R"]
    assert "proposed for tracking" in response.content.decode()


@pytest.mark.django_db
def test_an_information_request_is_owned_by_the_presenter_and_the_cabinet_member(
    officer_client, board
):
    initial = officer_client.get(track_url(part(board, "3"))).context["form"].initial

    assert (initial["item_type"], initial["addressees"], initial["due_date"]) == (
        "I",
        "",
        "17/6/2026",
    )
    assert initial["owners"] == "Head of Youth Justice, Cabinet Member (Youth Justice)"


@pytest.mark.django_db
def test_a_resolution_that_only_notes_is_not_proposed_but_can_be_tracked(officer_client, board):
    noted = part(board, "1")
    response = officer_client.get(track_url(noted))
    assert response.context["form"].initial["item_type"] == ""
    assert "does not read as asking for anything" in response.content.decode()

    response = confirm(officer_client, noted, item_type="A", owners="Scrutiny Co-ordinator")

    item = TrackedItem.objects.get(resolution=noted)
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert (item.item_type, item.due_date, item.due_basis) == ("A", None, "")
    assert [(p.role, p.label) for p in item.parties.all()] == [("owner", "Scrutiny Co-ordinator")]


@pytest.mark.django_db
def test_the_meeting_page_proposes_what_asks_and_links_what_is_tracked(officer_client, board):
    tree = page(officer_client.get(meeting_url(board)))
    rows = texts(tree, '//section[@id="minute-41"]//li')
    assert [row.split(" that ", 1)[0] for row in rows] == ["1.", "2.", "3."]
    assert rows[0].endswith("Track this: minute 41/25, resolution 1")
    assert rows[1].endswith("Proposed for tracking Track this: minute 41/25, resolution 2")
    assert rows[2].endswith("Proposed for tracking Track this: minute 41/25, resolution 3")
    links = tree.xpath('//section[@id="minute-41"]//li//a[starts-with(., "Track this")]/@href')
    assert links == [track_url(part(board, n)) for n in "123"]

    confirm(officer_client, part(board, "2"))

    tree = page(officer_client.get(meeting_url(board)))
    rows = texts(tree, '//section[@id="minute-41"]//li')
    assert rows[1].endswith(f"Tracked: {TITLE}")
    item = TrackedItem.objects.get()
    assert tree.xpath(f'//a[.="Tracked: {TITLE}"]/@href') == [item.get_absolute_url()]


@pytest.mark.django_db
def test_readers_who_are_not_officers_of_the_body_see_no_tracking(client, django_user_model, board):
    other = Body.objects.create(name="Adults Scrutiny Panel")
    readers = [
        client,
        signed_in(user_in(django_user_model, "mo", "member")),
        signed_in(user_in(django_user_model, "ola", "officer", bodies=[other])),
    ]
    for reader in readers:
        content = reader.get(meeting_url(board)).content.decode()
        assert "Track this" not in content and "Proposed for tracking" not in content


@pytest.mark.django_db
def test_tracking_creates_one_item_linked_to_the_resolution(officer_client, officer, board):
    resolution = part(board, "2")
    data = {**prefilled(officer_client, resolution), "owners": "Head of Youth Justice"}
    response = officer_client.post(track_url(resolution), data)
    again = officer_client.post(track_url(resolution), data)  # a second press of the button

    item = TrackedItem.objects.get()
    assert response["Location"] == again["Location"] == item.get_absolute_url()
    meeting = resolution.minute.meeting
    assert (item.body, item.meeting, item.resolution) == (board, meeting, resolution)
    assert (item.item_type, item.number, item.status) == ("R", "2", "open")
    assert (item.topic, item.text) == (TITLE, ASKS)
    assert item.source_kind == TrackedItem.SourceKind.RESOLUTION
    assert item.source_reference == f"Minute 41/25: {TITLE}"
    # the key ingest gives the same resolution, so a paper loaded later finds this item
    assert item.import_key == "resolution:2025/26:41:1"
    assert item.due_date == dt.date(2026, 9, 17)
    assert [(p.role, p.label) for p in item.parties.order_by("role", "pk")] == [
        (Party.Role.ADDRESSEE, "Cabinet Member (Children and Young People)"),
        (Party.Role.OWNER, "Head of Youth Justice"),
    ]
    [change] = item.status_changes.all()
    assert (change.to_status, change.changed_by, change.note) == (
        "open",
        officer,
        "Resolved at minute 41/25: tracked by hand.",
    )
    [added] = history_of(item)
    assert (added.user, added.action_flag, added.change_message) == (
        officer,
        1,
        "Tracked minute 41/25, resolution 2",
    )
    [on_meeting] = history_of(meeting)
    assert (on_meeting.user, on_meeting.change_message) == (
        officer,
        "Tracked minute 41/25, resolution 2 as Recommendation",
    )


@pytest.mark.django_db
def test_the_officers_changes_are_kept(officer_client, board):
    confirm(
        officer_client,
        part(board, "2"),
        topic="Youth Justice Plan 2026",
        item_type="I",
        addressees="Director of Children's Services; Leader of the Council",
        due_date="30/9/2026",
        due_basis="",
        visibility="restricted",
    )

    item = TrackedItem.objects.get()
    assert (item.topic, item.item_type, item.visibility) == (
        "Youth Justice Plan 2026",
        "I",
        Visibility.RESTRICTED,
    )
    assert (item.due_date, item.due_basis) == (dt.date(2026, 9, 30), "Entered by hand.")
    assert [p.label for p in item.parties.all()] == [
        "Director of Children's Services",
        "Leader of the Council",
    ]


@pytest.mark.django_db
def test_an_invalid_form_says_what_to_put_right(officer_client, board):
    response = confirm(officer_client, part(board, "2"), item_type="", due_date="31/2/2026")

    assert response.status_code == 200
    assert TrackedItem.objects.count() == 0
    summary = texts(page(response), '//div[contains(@class, "govuk-error-summary")]//li')
    assert summary == [
        "Select whether this is a recommendation, an action or an information request",
        "Enter a real due date, for example 27/3/2026",
    ]


@pytest.mark.django_db
def test_only_officers_of_the_body_may_track(client, django_user_model, board):
    resolution = part(board, "2")
    other = Body.objects.create(name="Adults Scrutiny Panel")
    member = signed_in(user_in(django_user_model, "mo", "member"))
    elsewhere = signed_in(user_in(django_user_model, "ola", "officer", bodies=[other]))
    nobody = signed_in(user_in(django_user_model, "nic"))

    assert client.get(track_url(resolution)).status_code == 302  # to the sign-in page
    for reader in (member, elsewhere, nobody):
        assert reader.get(track_url(resolution)).status_code == 403
        assert reader.post(track_url(resolution), {"item_type": "R"}).status_code == 403
    # A resolution of a restricted minute is not found by a reader who may not see it.
    resolution.minute.visibility = Visibility.RESTRICTED
    resolution.minute.save()
    assert nobody.get(track_url(resolution)).status_code == 404
    assert member.get(track_url(resolution)).status_code == 403
    assert TrackedItem.objects.count() == 0


@pytest.mark.django_db
def test_an_item_from_a_private_meeting_is_proposed_as_restricted(officer_client, board):
    Meeting.objects.filter(body=board).update(visibility=Visibility.RESTRICTED)

    initial = officer_client.get(track_url(part(board, "2"))).context["form"].initial

    assert initial["visibility"] == Visibility.RESTRICTED
    # The item quotes the private resolution, so it cannot be made public.
    response = confirm(officer_client, part(board, "2"), visibility="public")
    assert response.status_code == 200 and TrackedItem.objects.count() == 0
    assert texts(page(response), '//div[contains(@class, "govuk-error-summary")]//li') == [
        "The resolution is restricted, so its item must be restricted too"
    ]


def outstanding_rows(client, board) -> list[list[str]]:
    tree = page(client.get(reverse("outstanding-issues", args=[board.slug])))
    return [texts(row, "./td") for row in tree.xpath("//table//tbody/tr")]


def docx_text(client, board) -> str:
    response = client.get(reverse("outstanding-issues-docx", args=[board.slug]))
    document = docx.Document(io.BytesIO(response.content))
    return "\n".join("\t".join(c.text for c in row.cells) for row in document.tables[0].rows)


@pytest.mark.django_db
def test_the_tracked_item_is_in_the_report_until_its_response_is_accepted(
    officer_client, officer, board
):
    confirm(officer_client, part(board, "2"))
    item = TrackedItem.objects.get()

    assert outstanding_rows(officer_client, board) == [
        [
            "17 March 2026",
            TITLE,
            "Cabinet Member (Children and Young People)",
            "R",
            ASKS,
            "",
            "Open",
        ]
    ]
    assert docx_text(officer_client, board).splitlines()[1] == "\t".join(
        [
            "17 March 2026",
            TITLE,
            "Cabinet Member (Children and Young People)",
            "R",
            ASKS,
            "",
            "Open",
        ]
    )

    officer_client.post(
        reverse("tracked-item-response", args=[item.pk]),
        {"version": 1, "date": "1/9/2026", "responder": "Cabinet Member", "text": "Agreed."},
    )
    assert outstanding_rows(officer_client, board)[0][-1] == "Agreed."
    item.refresh_from_db()
    officer_client.post(
        reverse("tracked-item-status", args=[item.pk]),
        {"version": item.version, "status": "accepted", "note": "The board accepted it."},
    )
    item.refresh_from_db()
    assert item.status == "accepted"
    assert outstanding_rows(officer_client, board) == []
    assert TITLE not in docx_text(officer_client, board)

    assert [(e.user, e.change_message) for e in history_of(item)] == [
        (officer, "Changed the status to Accepted"),
        (officer, "Recorded a response"),
        (officer, "Tracked minute 41/25, resolution 2"),
    ]
    tree = page(officer_client.get(item.get_absolute_url()))
    edits = [
        row[1:]
        for row in (
            texts(r, "./td")
            for r in tree.xpath('//h2[@id="edits"]/following-sibling::table[1]//tbody/tr')
        )
    ]
    assert edits == [
        ["Tamsin", "Changed the status to Accepted"],
        ["Tamsin", "Recorded a response"],
        ["Tamsin", "Tracked minute 41/25, resolution 2"],
    ]


@pytest.mark.django_db
def test_an_item_added_by_hand_is_linked_and_named_by_its_agenda_item(
    officer_client, officer, board
):
    response = officer_client.post(
        reverse("tracked-item-add"),
        {
            "item_type": "A",
            "text": "Share the remand figures",
            "body": board.slug,
            "meeting_date": "17/3/2026",
            "source_kind": "resolution",
            "source_reference": "Minute 41/25, resolution 3",
            "visibility": "public",
        },
    )

    item = TrackedItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    assert (item.resolution, item.topic) == (part(board, "3"), TITLE)
    assert outstanding_rows(officer_client, board)[0][:2] == ["17 March 2026", TITLE]
    assert [(e.user, e.change_message) for e in history_of(item)] == [
        (officer, "Added the item by hand")
    ]


@pytest.mark.django_db
def test_a_hand_made_status_change_logged_before_edits_were_logged_is_in_the_history(
    officer_client, officer, board
):
    """Status changes and responses people made before each edit was logged are merged in."""
    confirm(officer_client, part(board, "2"))
    item = TrackedItem.objects.get()
    LogEntry.objects.all().delete()

    tree = page(officer_client.get(item.get_absolute_url()))
    rows = tree.xpath('//h2[@id="edits"]/following-sibling::table[1]//tbody/tr')
    assert [texts(r, "./td")[1:] for r in rows] == [
        ["Tamsin", "Changed the status: Resolved at minute 41/25: tracked by hand."]
    ]


@pytest.mark.django_db
def test_a_stored_resolution_reads_as_ingest_read_it_from_the_paper():
    """The one rule: every item ingest made from the sample packs' resolutions is what
    "Track this" would propose for the same resolution, read back from the database."""
    for path in sorted(SAMPLE_DIR.glob("*.txt")):
        ingest_file(path)
    items = TrackedItem.objects.filter(source_kind="resolution").select_related(
        "resolution__minute__meeting", "resolution__minute__agenda_item"
    )
    assert items.count() >= 3
    for item in items:
        ask = ask_of(item.resolution)
        assert ask is not None, item.text
        assert ask.item_type == item.item_type, item.text
        assert ask.due_date == (item.due_date.isoformat() if item.due_date else None)
        assert sorted(ask.addressees) == sorted(
            item.parties.filter(role="addressee").values_list("label", flat=True)
        )
