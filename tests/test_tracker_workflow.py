"""The status workflow (tracker.workflow), the only writer of StatusChange rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from scrutineer.governance.models import Body, Document
from scrutineer.tracker import workflow
from scrutineer.tracker.models import StatusChange, TrackedItem

Status = TrackedItem.Status


@pytest.fixture
def item():
    body = Body.objects.create(name="Scrutiny Board 2")
    return TrackedItem.objects.create(body=body, text="Write to the Cabinet Member")


@pytest.mark.django_db
def test_change_status_records_who_when_and_why_and_moves_the_version(item):
    user = User.objects.create_user("olivia")
    when = timezone.make_aware(dt.datetime(2026, 3, 27, 9, 30))
    change = workflow.change_status(item, Status.SENT, "  Sent by email. ", user, when=when)
    item.refresh_from_db()
    assert (item.status, item.version) == (Status.SENT, 2)
    assert (change.from_status, change.to_status, change.note) == ("open", "sent", "Sent by email.")
    assert (change.changed_by, change.changed_at) == (user, when)


@pytest.mark.django_db
def test_change_status_needs_a_note_a_status_and_the_current_version(item):
    with pytest.raises(ValueError, match="needs a note"):
        workflow.change_status(item, Status.SENT, " ")
    with pytest.raises(ValueError, match="is not a status"):
        workflow.change_status(item, "done", "Done.")
    with pytest.raises(workflow.StaleEdit):
        workflow.change_status(item, Status.SENT, "Sent.", expected_version=7)
    assert not StatusChange.objects.exists()


@pytest.mark.django_db
def test_a_response_moves_an_open_item_to_response_received(item):
    workflow.record_response(item, "We agree.", date=dt.date(2026, 3, 1))
    item.refresh_from_db()
    assert item.status == Status.RESPONSE_RECEIVED
    assert item.status_changes.get().note == "Response recorded."


@pytest.mark.django_db
def test_a_hand_entry_opens_the_history_without_moving_the_version(item):
    user = User.objects.create_user("olivia")
    entry = workflow.record_hand_entry(item, user)
    assert (entry.from_status, entry.to_status) == ("", Status.OPEN)
    assert (entry.note, entry.changed_by) == (workflow.HAND_ENTRY_NOTE, user)
    item.refresh_from_db()
    assert item.version == 1


@pytest.mark.django_db
def test_a_status_from_a_paper_is_dated_noon_on_its_day_and_cites_its_lines(item):
    document = Document.objects.create(
        name="pack.txt", sha256="a" * 64, text="", size_bytes=0, line_count=0
    )
    item.source, item.first_line, item.last_line = document, 10, 12
    opening = workflow.record_from_paper(
        item, Status.OPEN, "As recorded.", dt.date(2016, 7, 21), from_status=""
    )
    assert opening.from_status == ""
    assert timezone.localtime(opening.changed_at).replace(tzinfo=None) == dt.datetime(
        2016, 7, 21, 12
    )
    assert (opening.source, opening.first_line, opening.last_line) == (document, 10, 12)
    assert opening.changed_by is None
    later = workflow.record_from_paper(item, Status.COMPLETE, "Closed.", None)
    assert later.from_status == Status.OPEN  # the item's own status, which the caller moves
    assert abs(later.changed_at - timezone.now()) < dt.timedelta(minutes=1)
    item.refresh_from_db()
    assert (item.status, item.version) == (Status.OPEN, 1)
