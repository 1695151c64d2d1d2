"""Issue 11 §2: an officer of a body adds a meeting, changes it, postpones it and types its
agenda on Scrutineer's pages; members and officers of other bodies cannot."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from scrutineer.governance.agenda import number_key
from scrutineer.governance.edits import history_of
from scrutineer.governance.models import AgendaItem, Body, LinkedDocument, Meeting, Visibility
from scrutineer.reports.clock import clock
from scrutineer.web.meeting_forms import typed_time
from tests.helpers import page, signed_in, table, texts, user_in

LONDON = ZoneInfo("Europe/London")
PARAGRAPH_3 = "Paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"


@pytest.fixture
def board(db, settings, tmp_path, django_user_model):
    settings.MEDIA_ROOT = tmp_path / "media"
    body = Body.objects.create(name="Children's Services Scrutiny Board (4)")
    other = Body.objects.create(name="Fenwick Adult Social Care Board")
    return {
        "body": body,
        "officer": user_in(django_user_model, "olwen", "officer", bodies=[body]),
        "member": user_in(django_user_model, "mervyn", "member"),
        "stranger": user_in(django_user_model, "otis", "officer", bodies=[other]),
    }


def meeting_url(name, meeting, *args):
    return reverse(name, args=[meeting.body.slug, meeting.date.isoformat(), *args])


MEETING_FORM = {
    "date": "17/3/2027",
    "start_time": "2.30pm",
    "venue": "Committee Room 2, Tollgate Civic Centre",
    "contact_officer": "Priya Lark, 01632 960123, priya.lark@example.org",
    "private_business": "yes",
    "visibility": "public",
}


def test_typed_start_times():
    assert [typed_time(t) for t in ("10am", "10:00", "2.30pm", "14:30", "2.30 p.m.", "noon")] == [
        dt.time(10),
        dt.time(10),
        dt.time(14, 30),
        dt.time(14, 30),
        dt.time(14, 30),
        dt.time(12),
    ]
    assert [typed_time(t) for t in ("25:00", "13pm", "teatime", "10am tomorrow")] == [None] * 4


def test_an_afternoon_hour_without_am_or_pm_is_refused_not_read_as_the_night():
    for typed in ("2.30", "7:15", "1.00"):
        with pytest.raises(ValidationError) as refused:
            typed_time(typed)
        assert refused.value.messages == ["Enter a time like 2.30pm or 14:30"], typed
    # A leading zero or an hour from 8 is a 24-hour time, as typed.
    assert [typed_time(t) for t in ("07:30", "8.15", "12.00", "0:30")] == [
        dt.time(7, 30),
        dt.time(8, 15),
        dt.time(12),
        dt.time(0, 30),
    ]


def test_every_time_the_papers_print_reads_back_as_itself():
    """A form shows a stored time as ``clock`` prints it, and saving the form unchanged must
    keep the time."""
    times = [dt.time(hour, minute) for hour in range(24) for minute in range(60)]
    assert [typed_time(clock(t)) for t in times] == times
    assert [clock(t) for t in (dt.time(0, 5), dt.time(12), dt.time(14, 30))] == [
        "12.05 am",
        "12.00 pm",
        "2.30 pm",
    ]


def test_a_start_time_without_am_or_pm_is_a_form_error(board):
    officer = signed_in(board["officer"])
    address = reverse("meeting-add", args=[board["body"].slug])
    refused = page(officer.post(address, {**MEETING_FORM, "start_time": "2.30"}))
    errors = texts(refused, "//ul[contains(@class, 'govuk-error-summary__list')]//a")
    assert errors == ["Enter a time like 2.30pm or 14:30"]
    assert not Meeting.objects.exists()


def test_agenda_numbers_sort_naturally():
    assert sorted(["10", "2a", "1", "2", "2b", "3"], key=number_key) == [
        "1",
        "2",
        "2a",
        "2b",
        "3",
        "10",
    ]


def test_an_officer_adds_a_meeting_seen_on_the_body_and_meeting_pages(board):
    officer = signed_in(board["officer"])
    body_page = officer.get(board["body"].get_absolute_url()).content.decode()
    add_url = reverse("meeting-add", args=[board["body"].slug])
    assert f'href="{add_url}">Add a meeting</a>' in body_page
    assert add_url not in Client().get(board["body"].get_absolute_url()).content.decode()

    done = officer.post(add_url, MEETING_FORM)
    meeting = Meeting.objects.get()
    assert done.status_code == 302 and done.url == meeting.get_absolute_url()
    assert (meeting.body, meeting.date, meeting.status) == (
        board["body"],
        dt.date(2027, 3, 17),
        Meeting.Status.SCHEDULED,
    )
    assert meeting.start == dt.datetime(2027, 3, 17, 14, 30, tzinfo=LONDON)
    assert meeting.venue == "Committee Room 2, Tollgate Civic Centre"
    assert meeting.contact_officer == "Priya Lark, 01632 960123, priya.lark@example.org"
    assert meeting.private_business is True and meeting.visibility == Visibility.PUBLIC

    shown = page(officer.get(meeting.get_absolute_url()))
    assert texts(shown, "//div[contains(@class, 'govuk-notification-banner__content')]") == [
        "The meeting on 17 March 2027 is added."
    ]
    facts = dict(
        zip(
            texts(shown, "//dt[@class='govuk-summary-list__key']"),
            texts(shown, "//dd[@class='govuk-summary-list__value']"),
            strict=True,
        )
    )
    assert facts["Date and time"] == "Wednesday 17 March 2027, 2:30pm"
    assert facts["Venue"] == "Committee Room 2, Tollgate Civic Centre"
    assert facts["Contact officer"] == "Priya Lark, 01632 960123, priya.lark@example.org"
    assert facts["Private business"] == "Yes"
    assert texts(shown, "//ul[contains(@class, 'app-officer-tasks')]/li") == [
        "Edit meeting",
        "Postpone or cancel",
        "Edit the agenda",
        "Publish the agenda",
        "Record attendance",
        "Declarations",
        "Write the minutes",
    ]
    assert table(shown, "Edits")[1][1:] == ["Olwen", "Added the meeting"]

    public = Client().get(board["body"].get_absolute_url()).content.decode()
    assert meeting.get_absolute_url() in public
    anonymous = Client().get(meeting.get_absolute_url()).content.decode()
    assert "Officer tasks" not in anonymous and "History of edits" not in anonymous
    member = page(signed_in(board["member"]).get(meeting.get_absolute_url()))
    assert table(member, "Edits")[1][1:] == ["Olwen", "Added the meeting"]
    assert not member.xpath("//ul[contains(@class, 'app-officer-tasks')]")


def test_a_summer_start_is_british_summer_time(board):
    signed_in(board["officer"]).post(
        reverse("meeting-add", args=[board["body"].slug]),
        {**MEETING_FORM, "date": "16/6/2027", "start_time": "10am"},
    )
    meeting = Meeting.objects.get()
    assert meeting.start == dt.datetime(2027, 6, 16, 9, 0, tzinfo=dt.UTC)


def test_a_second_meeting_on_the_same_day_is_a_form_error(board):
    officer = signed_in(board["officer"])
    add_url = reverse("meeting-add", args=[board["body"].slug])
    officer.post(add_url, MEETING_FORM)
    again = officer.post(add_url, {**MEETING_FORM, "start_time": "6pm"})
    assert again.status_code == 200
    message = (
        "Children&#x27;s Services Scrutiny Board (4) already has a meeting on 17 March 2027: "
        "enter another date, or change that meeting"
    )
    assert again.content.decode().count(message) == 2  # the summary and the field
    assert Meeting.objects.count() == 1

    officer.post(add_url, {**MEETING_FORM, "date": "24/3/2027"})
    later = Meeting.objects.get(date=dt.date(2027, 3, 24))
    moved = officer.post(meeting_url("meeting-edit", later), {**MEETING_FORM})
    assert moved.status_code == 200 and message in moved.content.decode()
    assert Meeting.objects.filter(date=dt.date(2027, 3, 24)).exists()


def test_an_officer_changes_and_postpones_a_meeting(board):
    officer = signed_in(board["officer"])
    officer.post(reverse("meeting-add", args=[board["body"].slug]), MEETING_FORM)
    meeting = Meeting.objects.get()
    edit = officer.get(meeting_url("meeting-edit", meeting))
    assert 'value="2.30 pm"' in edit.content.decode()  # as the papers print it
    officer.post(
        meeting_url("meeting-edit", meeting),
        {**MEETING_FORM, "start_time": "14:30", "venue": "Room 7, Tollgate Civic Centre"},
    )
    meeting.refresh_from_db()
    assert meeting.venue == "Room 7, Tollgate Civic Centre"
    assert meeting.start == dt.datetime(2027, 3, 17, 14, 30, tzinfo=LONDON)

    status_page = officer.get(meeting_url("meeting-status", meeting)).content.decode()
    assert "Postpone or cancel the meeting on 17 March 2027" in status_page
    done = officer.post(meeting_url("meeting-status", meeting), {"status": "postponed"})
    assert done.status_code == 302
    shown = page(officer.get(meeting.get_absolute_url()))
    assert texts(shown, "//strong[contains(@class, 'app-tag--postponed')]") == ["Postponed"]
    assert Meeting.objects.get().status == Meeting.Status.POSTPONED
    refused = officer.post(meeting_url("meeting-status", meeting), {"status": "held"})
    assert "Select one of the options listed" in refused.content.decode()

    assert [(e.user.username, e.change_message) for e in history_of(meeting)] == [
        ("olwen", "Postponed the meeting"),
        ("olwen", "Changed venue"),
        ("olwen", "Added the meeting"),
    ]


@pytest.fixture
def meeting(board):
    return Meeting.objects.create(
        body=board["body"], date=dt.date(2027, 3, 17), venue="Committee Room 2"
    )


ITEM = {"title": "", "presenter": "", "description": "", "business": "public"}
ITEM |= {"exempt_paragraph": "", "visibility": "public", "parent": ""}


def test_an_officer_types_the_agenda_in_number_order(board, meeting):
    officer = signed_in(board["officer"])
    add = meeting_url("agenda-item-add", meeting)
    assert 'value="1"' in officer.get(add).content.decode()  # the suggested number
    officer.post(add, {**ITEM, "number": "1", "title": "Apologies for absence"})
    officer.post(add, {**ITEM, "number": "3", "title": "Placement sufficiency"})
    officer.post(
        add,
        {**ITEM, "number": "2", "title": "Fostering recruitment", "presenter": "Dana Quill"},
    )
    two = AgendaItem.objects.get(number="2")
    officer.post(add, {**ITEM, "number": "2a", "title": "Foster carer survey", "parent": two.pk})
    private = {**ITEM, "number": "4", "title": "Contract award", "business": "private"}
    refused = officer.post(add, private)
    assert "Enter the paragraph of Schedule 12A that makes the item private" in (
        refused.content.decode()
    )
    officer.post(add, {**private, "exempt_paragraph": PARAGRAPH_3})
    assert 'value="5"' in officer.get(add).content.decode()

    duplicate = officer.post(add, {**ITEM, "number": "2a", "title": "Again", "parent": two.pk})
    assert "Item 2a is already under item 2: enter another number" in duplicate.content.decode()
    top = officer.post(add, {**ITEM, "number": "3", "title": "Again"})
    assert "Item 3 is already on this agenda: enter another number" in top.content.decode()
    assert AgendaItem.objects.count() == 5

    orders = {i.number: (i.order, i.parent_id) for i in AgendaItem.objects.all()}
    assert orders == {"1": (0, None), "2": (1, None), "2a": (0, two.pk), "3": (2, None)} | {
        "4": (3, None)
    }
    shown = page(Client().get(meeting.get_absolute_url()))
    rows = table(shown, "Agenda items")[1:]
    assert [row[0] for row in rows] == ["1", "2", "2a", "3", "4"]
    assert rows[4][1] == f"Contract award Private business: {PARAGRAPH_3}"
    assert rows[2][1] == "Foster carer survey" and rows[1][3] == "Dana Quill"

    officer.post(
        meeting_url("agenda-item-edit", meeting, two.pk),
        {**ITEM, "number": "2", "title": "Fostering recruitment and retention"},
    )
    three = AgendaItem.objects.get(number="3")
    confirm = officer.get(meeting_url("agenda-item-delete", meeting, three.pk)).content.decode()
    assert "Are you sure you want to delete item 3?" in confirm
    officer.post(meeting_url("agenda-item-delete", meeting, three.pk))
    assert list(AgendaItem.objects.filter(parent=None).values_list("number", "order")) == [
        ("1", 0),
        ("2", 1),
        ("4", 2),
    ]
    assert [e.change_message for e in history_of(meeting)][:3] == [
        "Deleted agenda item 3. Placement sufficiency",
        "Agenda item 2. Fostering recruitment and retention: changed title and presenter",
        "Added agenda item 4. Contract award",
    ]


def test_an_item_with_sub_items_cannot_become_a_sub_item(board, meeting):
    one = AgendaItem.objects.create(meeting=meeting, number="1", title="One")
    two = AgendaItem.objects.create(meeting=meeting, number="2", title="Two", order=1)
    AgendaItem.objects.create(meeting=meeting, parent=two, number="2a", title="Two a")
    refused = signed_in(board["officer"]).post(
        meeting_url("agenda-item-edit", meeting, two.pk),
        {**ITEM, "number": "2", "title": "Two", "parent": one.pk},
    )
    assert "This item has sub-items, so it cannot be a sub-item itself" in (
        refused.content.decode()
    )
    assert AgendaItem.objects.get(pk=two.pk).parent is None


def edit_urls(meeting, item, paper):
    """Every address of this helper's edit pages, for one meeting, item and attachment."""
    return [
        reverse("meeting-add", args=[meeting.body.slug]),
        meeting_url("meeting-edit", meeting),
        meeting_url("meeting-status", meeting),
        meeting_url("agenda-edit", meeting),
        meeting_url("agenda-item-add", meeting),
        meeting_url("agenda-item-edit", meeting, item.pk),
        meeting_url("agenda-item-delete", meeting, item.pk),
        meeting_url("attachment-add", meeting, item.pk),
        reverse("attachment-delete", args=[paper.pk]),
    ]


def test_members_and_officers_of_other_bodies_cannot_edit(board, meeting):
    item = AgendaItem.objects.create(meeting=meeting, number="1", title="Apologies")
    paper = LinkedDocument(agenda_item=item, title="Notes", media_type="application/pdf")
    paper.file.save("notes.pdf", ContentFile(b"%PDF-1.4 notes"))
    for user in (board["member"], board["stranger"]):
        client = signed_in(user)
        for url in edit_urls(meeting, item, paper):
            assert client.get(url).status_code == 403, (user, url)
            posted = client.post(url, {**MEETING_FORM, **ITEM, "status": "cancelled"})
            assert posted.status_code == 403, (user, url)
    for url in edit_urls(meeting, item, paper):
        assert Client().get(url).url.startswith("/sign-in/")
    officer = signed_in(board["officer"])
    for url in edit_urls(meeting, item, paper):
        assert officer.get(url).status_code == 200, url
    meeting.refresh_from_db()
    assert (meeting.status, meeting.venue) == (Meeting.Status.SCHEDULED, "Committee Room 2")
    assert AgendaItem.objects.count() == 1 and LinkedDocument.objects.count() == 1
    assert not history_of(meeting).exists()


def test_the_agenda_page_lists_items_and_files_in_a_fixed_number_of_queries(
    board, meeting, django_assert_max_num_queries
):
    for n in range(1, 9):
        item = AgendaItem.objects.create(meeting=meeting, number=str(n), title=f"Item {n}")
        sub = AgendaItem.objects.create(meeting=meeting, parent=item, number=f"{n}a", title="Sub")
        for target in (item, sub):
            paper = LinkedDocument(agenda_item=target, title=f"Paper {target.number}", size=2048)
            paper.media_type = "application/pdf"
            paper.pages = 1
            paper.file.save(f"paper-{target.number}.pdf", ContentFile(b"%PDF-1.4"))
    AgendaItem.objects.filter(number="3").update(first_page=4, last_page=9)
    officer = signed_in(board["officer"])
    # the councils, session, user and roles; the meeting and the officer check; items, their
    # files, sub-items and theirs: however long the agenda
    with django_assert_max_num_queries(11):  # one of them: the bodies the officer reads
        shown = page(officer.get(meeting_url("agenda-edit", meeting)))
    rows = table(shown, "Agenda items")[1:]
    assert [row[0] for row in rows][:4] == ["1", "1a", "2", "2a"] and len(rows) == 16
    assert rows[4][1:4] == ["Item 3 Paper 3 (PDF, 1 page, 2 KB) Remove Paper 3", "4–9", "Public"]
    assert rows[5][2] == "Not yet published"
