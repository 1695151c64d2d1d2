"""Saving an officer's minutes pages keeps what the page does not show: a tracked item's
resolution keeps its own words, an ingested meeting's attendance and declarations keep where
they were read from, and two saves at once never share a minute number."""

import threading

import pytest
from django.db import OperationalError, connection, transaction
from django.urls import reverse

from scrutineer.governance.minute_book import record_minute
from scrutineer.governance.models import Attendance, Body, Declaration, Minute, Resolution
from scrutineer.tracker.models import TrackedItem
from tests.helpers import make_document, page, signed_in, texts, user_in
from tests.minutes_records import make_board

ERRORS = "//div[contains(@class, 'govuk-error-summary')]//li"


@pytest.fixture
def board(db):
    return make_board()


@pytest.fixture
def officer(board, django_user_model):
    return signed_in(user_in(django_user_model, "olive", "officer", bodies=[board.body]))


def url(name, meeting, *args):
    return reverse(name, args=[meeting.body.slug, meeting.date.isoformat(), *args])


def save_minute(officer, board, resolutions):
    return officer.post(
        url("minute-edit", board.january, board.items[2].pk),
        {"title": "School Transport Review", "text": "", "resolutions": resolutions},
    )


TWO_PARTS = (
    "RESOLVED: (1) that the review be noted; (2) that the Director reports back on route "
    "costs by March 2022."
)


def tracked(board, resolution):
    return TrackedItem.objects.create(
        body=board.body, text=resolution.text, item_type="A", resolution=resolution
    )


def test_removing_part_one_keeps_part_twos_row_and_its_tracked_item(board, officer):
    save_minute(officer, board, TWO_PARTS + " (3) that the Chair writes to the Minister.")
    minute = Minute.objects.get(agenda_item=board.items[2])
    second = minute.resolutions.get(part="2")
    action = tracked(board, second)
    # Part (1) removed and the rest numbered again, as an officer would type it.
    response = save_minute(
        officer,
        board,
        "RESOLVED:\n(1) that the Director reports back on route costs by March 2022.\n"
        "(2) that the Chair writes to the Minister.",
    )
    assert response.status_code == 302
    assert list(minute.resolutions.values_list("pk", "order", "part", "text")) == [
        (second.pk, 0, "1", "that the Director reports back on route costs by March 2022."),
        (second.pk + 1, 1, "2", "that the Chair writes to the Minister."),
    ]
    action.refresh_from_db()
    assert action.resolution.text == "that the Director reports back on route costs by March 2022."


def test_a_tracked_part_cannot_be_removed(board, officer):
    save_minute(officer, board, TWO_PARTS)
    minute = Minute.objects.get(agenda_item=board.items[2])
    first = minute.resolutions.get(part="1")
    action = tracked(board, first)
    before = list(minute.resolutions.values_list("pk", "part", "text"))
    refused = page(
        save_minute(
            officer,
            board,
            "RESOLVED: (1) that the Director reports back on route costs by March 2022.",
        )
    )
    assert texts(refused, ERRORS) == [
        "Part (1) is tracked as an item, so cannot be removed or given another part's words: "
        "keep it, or change the tracked item first"
    ]
    assert list(minute.resolutions.values_list("pk", "part", "text")) == before
    action.refresh_from_db()
    assert action.resolution.text == "that the review be noted;"
    # Its own words corrected keep the row and the item.
    save_minute(officer, board, TWO_PARTS.replace("be noted;", "be noted and welcomed;"))
    assert Resolution.objects.get(pk=first.pk).text == "that the review be noted and welcomed;"


def test_a_minute_number_already_taken_is_a_form_error_not_a_server_error(board, officer):
    Minute.objects.create(meeting=board.november, number=22, municipal_year="2021/22", title="A")
    # Read from papers that printed the wrong year: number 23 is taken at this meeting, but
    # not in the year the minute book counts.
    Minute.objects.create(meeting=board.january, number=23, municipal_year="2020/21", title="B")
    refused = page(save_minute(officer, board, ""))
    assert texts(refused, ERRORS) == [
        "The minute could not be numbered because another minute of this meeting already has "
        "its number: check the meeting's minutes and save again"
    ]
    assert not Minute.objects.filter(agenda_item=board.items[2]).exists()


@pytest.mark.django_db(transaction=True)
def test_numbering_waits_for_the_lock_on_the_body():
    """Two saves at once would read the same highest number; the second must wait for the
    first's lock on the body. SQLite queues writers when their transactions begin."""
    if not connection.features.has_select_for_update:
        pytest.skip("SQLite begins every transaction with the write lock (IMMEDIATE)")
    board = make_board()
    locked, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            Body.objects.select_for_update().get(pk=board.body.pk)
            locked.set()
            release.wait(10)
        connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(10)
    try:
        with pytest.raises(OperationalError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            record_minute(board.items[2], title="Transport", html="", resolutions=[], references=[])
    finally:
        release.set()
        holder.join()
    assert not Minute.objects.exists()


def attendance_rows(meeting):
    return list(
        meeting.attendance.order_by("pk").values_list(
            "name_as_written",
            "status",
            "chair",
            "person__name",
            "party",
            "ward",
            "voting",
            "source__name",
            "first_line",
        )
    )


def test_saving_an_ingested_meetings_attendance_keeps_what_the_form_does_not_show(board, officer):
    paper = make_document("m")
    moore = Attendance(
        meeting=board.january,
        name_as_written="Jane Moore",
        person=board.moore,
        status="present",
        capacity="member",
        party="Labour",
        ward="Hillside",
        voting=True,
    )
    moore.set_source(paper, (3, 3))
    moore.save()
    visitor = Attendance(
        meeting=board.january,
        name_as_written="Tom Quill",
        person=board.outsider,
        status="in-attendance",
        capacity="member",
    )
    visitor.set_source(paper, (5, 5))
    visitor.save()
    nobody = Attendance(
        meeting=board.january, name_as_written="B Smith", status="present", capacity="member"
    )
    nobody.set_source(paper, (4, 4))
    nobody.save()
    response = officer.post(
        url("attendance-edit", board.january),
        {
            f"status_p{board.moore.pk}": "present",
            f"chair_p{board.moore.pk}": "on",
            f"status_p{board.khan.pk}": "apology",
            f"status_p{board.field.pk}": "present",
        },
    )
    assert response.status_code == 302
    assert attendance_rows(board.january) == [
        ("Jane Moore", "present", True, "Jane Moore", "Labour", "Hillside", True, "m.txt", 3),
        ("Tom Quill", "in-attendance", False, "Tom Quill", "", "", None, "m.txt", 5),
        ("B Smith", "present", False, None, "", "", None, "m.txt", 4),
        ("Rosa Field", "present", False, "Rosa Field", "", "", None, None, None),
        ("Amir Khan", "apology", False, "Amir Khan", "", "", None, None, None),
    ]
    assert board.january.attendance.filter(pk=moore.pk).exists()


def test_saving_an_ingested_meetings_declarations_keeps_their_source(board, officer):
    declared = Declaration(
        meeting=board.january, person=board.outsider, text="A governor of Hillside School."
    )
    declared.set_source(make_document("d"), (7, 8))
    declared.save()
    form = page(officer.get(url("declarations-edit", board.january)))
    assert form.xpath("//select[@name='member_0']/option[@selected]/text()") == [
        "Councillor Tom Quill"
    ]
    response = officer.post(
        url("declarations-edit", board.january),
        {
            "member_0": f"p{board.outsider.pk}",
            "text_0": "A governor of Hillside School and Oak Lane School.",
            "member_1": f"p{board.field.pk}",
            "text_1": "Her daughter uses school transport.",
        },
    )
    assert response.status_code == 302
    assert list(
        Declaration.objects.order_by("order").values_list(
            "pk", "order", "person__name", "text", "source__name", "first_line"
        )
    ) == [
        (
            declared.pk,
            0,
            "Tom Quill",
            "A governor of Hillside School and Oak Lane School.",
            "d.txt",
            7,
        ),
        (
            Declaration.objects.get(order=1).pk,
            1,
            "Rosa Field",
            "Her daughter uses school transport.",
            None,
            None,
        ),
    ]


def test_the_closing_time_reads_as_every_typed_time_does(board, officer):
    officer.post(url("minutes-edit", board.january), {"closed_at": "noon"})
    board.january.refresh_from_db()
    assert board.january.closed_at.isoformat() == "12:00:00"
    refused = page(officer.post(url("minutes-edit", board.january), {"closed_at": "4.15"}))
    assert texts(refused, ERRORS) == ["Enter a time like 2.30pm or 14:30"]
    form = page(officer.get(url("minutes-edit", board.january)))
    assert form.xpath("//input[@name='closed_at']/@value") == ["12.00 pm"]
