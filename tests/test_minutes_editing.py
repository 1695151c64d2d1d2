"""Issue 11 §2: officers record a meeting's attendance, declarations and minutes on
Scrutineer's pages; minutes are numbered through the municipal year, stay draft until a
later meeting's minute agrees them, and every edit is in the meeting's history."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from scrutineer.governance.edits import history_of
from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    Minute,
    Resolution,
    Visibility,
)
from tests.helpers import page, signed_in, texts, user_in
from tests.minutes_records import make_board


@pytest.fixture
def board(db):
    return make_board()


@pytest.fixture
def officer(board, django_user_model):
    return user_in(django_user_model, "olive", "officer", bodies=[board.body])


def url(name, meeting, *args):
    return reverse(name, args=[meeting.body.slug, meeting.date.isoformat(), *args])


def attendance_form(board, **extra):
    """Moore present in the chair, Khan's apologies, Field present."""
    data = {
        f"status_p{board.moore.pk}": "present",
        f"chair_p{board.moore.pk}": "on",
        f"status_p{board.khan.pk}": "apology",
        f"status_p{board.field.pk}": "present",
    }
    data.update(extra)
    return data


def attendance_rows(meeting):
    return [
        (
            row.name_as_written,
            row.status,
            row.capacity,
            row.chair,
            row.person.display_name if row.person else None,
            row.substitute_for.name if row.substitute_for else None,
            row.role,
            row.organisation.name if row.organisation else None,
        )
        for row in meeting.attendance.order_by("pk")
    ]


def test_attendance_with_an_apology_and_a_substitute_is_saved_as_ingest_writes_it(board, officer):
    client = signed_in(officer)
    form = page(client.get(url("attendance-edit", board.january)))
    assert texts(form, "//legend[contains(@class, 'fieldset__legend--s')]")[:3] == [
        "Councillor Jane Moore",
        "Councillor Rosa Field",
        "Councillor Amir Khan",
    ]
    response = client.post(
        url("attendance-edit", board.january),
        attendance_form(
            board,
            sub_name_0="Councillor Sam Patel",
            sub_for_0=f"p{board.khan.pk}",
            other_name_0="Dana Whitlock",
            other_role_0="Head of Education Services",
            other_org_0="Exampleshire County Council",
            other_capacity_0="officer",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == board.january.get_absolute_url() + "#attendance"
    assert attendance_rows(board.january) == [
        ("Jane Moore", "present", "member", True, "Councillor Jane Moore", None, "", None),
        ("Rosa Field", "present", "member", False, "Councillor Rosa Field", None, "", None),
        ("Amir Khan", "apology", "member", False, "Councillor Amir Khan", None, "", None),
        ("Sam Patel", "substitute", "member", False, "Councillor Sam Patel", "Amir Khan", "", None),
        (
            "Dana Whitlock",
            "present",
            "officer",
            False,
            "Dana Whitlock",
            None,
            "Head of Education Services",
            "Exampleshire County Council",
        ),
    ]
    # Memberships are derived again from the attendance; a substitute holds no seat.
    members = board.body.memberships.current().values_list("person__name", "last_seen")
    assert sorted(members) == [
        ("Amir Khan", dt.date(2022, 1, 20)),
        ("Jane Moore", dt.date(2022, 1, 20)),
        ("Rosa Field", dt.date(2022, 1, 20)),
    ]
    [edit] = history_of(board.january)
    assert (edit.user, edit.change_message) == (officer, "Recorded attendance")
    # The form shows what was saved, and saving it again changes nothing.
    again = page(client.get(url("attendance-edit", board.january)))
    assert again.xpath("//input[@name='sub_name_0']/@value") == ["Councillor Sam Patel"]
    assert again.xpath(f"//input[@name='status_p{board.khan.pk}'][@checked]/@value") == ["apology"]
    meeting_page = page(client.get(board.january.get_absolute_url()))
    assert texts(meeting_page, "//ul[contains(@class, 'app-officer-tasks')]/li") == [
        "Edit meeting",
        "Postpone or cancel",
        "Edit the agenda",
        "Publish the agenda",
        "Record attendance",
        "Declarations",
        "Write the minutes",
    ]


@pytest.mark.parametrize(
    "extra, field, message",
    [
        (
            {"sub_name_0": "Councillor Bo Lane", "sub_for_0": "p{outsider}"},
            "sub_for_0",
            "Select one of the body's members listed",
        ),
        (
            {"sub_name_0": "Councillor Rosa Field", "sub_for_0": "p{khan}"},
            "sub_name_0",
            "Councillor Rosa Field is a member of Children's Scrutiny Board: record them in the "
            "list of members, not as a substitute",
        ),
        (
            {"sub_name_0": "Councillor Bo Lane", "sub_for_0": "p{field}"},
            "sub_for_0",
            "Councillor Rosa Field is recorded as present: a substitute can stand in only for a "
            "member who sent apologies or was absent",
        ),
    ],
)
def test_a_substitute_is_checked_against_the_membership(board, officer, extra, field, message):
    keys = {"outsider": board.outsider.pk, "khan": board.khan.pk, "field": board.field.pk}
    extra = {name: value.format(**keys) for name, value in extra.items()}
    response = signed_in(officer).post(
        url("attendance-edit", board.january), attendance_form(board, **extra)
    )
    tree = page(response)
    assert texts(tree, "//div[contains(@class, 'govuk-error-summary')]//li") == [message]
    assert texts(tree, f"//p[@id='id_{field}-error']") == [f"Error: {message}"]
    assert tree.xpath("//title")[0].text.startswith("Error: ")
    assert not Attendance.objects.exists() and not history_of(board.january).exists()


def test_every_member_needs_a_status_and_only_one_chairs(board, officer):
    data = attendance_form(board, **{f"chair_p{board.field.pk}": "on"})
    del data[f"status_p{board.khan.pk}"]
    tree = page(signed_in(officer).post(url("attendance-edit", board.january), data))
    assert texts(tree, "//div[contains(@class, 'govuk-error-summary')]//li") == [
        "Tick only one member as chair of the meeting",
        "Select whether Councillor Amir Khan was present, sent apologies or was absent",
    ]


def minute_form(**values):
    data = {"title": "School Transport Review", "text": "", "resolutions": "", "references": ""}
    data.update(values)
    return data


def earlier_minute(meeting, number, title="Work Programme"):
    year = "2021/22" if meeting.date >= dt.date(2021, 5, 1) else "2020/21"
    return Minute.objects.create(meeting=meeting, number=number, municipal_year=year, title=title)


def test_minute_numbers_run_through_the_municipal_year_and_restart_in_may(board, officer):
    earlier_minute(board.november, 22)
    client = signed_in(officer)
    transport = board.items[2]
    response = client.post(url("minute-edit", board.january, transport.pk), minute_form())
    assert response.status_code == 302
    assert response["Location"] == url("minutes-edit", board.january)
    minute = Minute.objects.get(agenda_item=transport)
    assert (minute.reference, minute.number, minute.municipal_year) == ("23/21", 23, "2021/22")
    board.january.refresh_from_db()
    assert board.january.status == Meeting.Status.HELD
    # Saving again keeps the number.
    client.post(url("minute-edit", board.january, transport.pk), minute_form(title="Transport"))
    assert list(Minute.objects.filter(agenda_item=transport).values_list("number", "title")) == [
        (23, "Transport")
    ]
    june = Meeting.objects.create(body=board.body, date=dt.date(2022, 6, 9))
    item = AgendaItem.objects.create(meeting=june, number="1", title="Election of Chair")
    client.post(url("minute-edit", june, item.pk), minute_form(title="Election of Chair"))
    assert Minute.objects.get(agenda_item=item).reference == "1/22"
    assert [e.change_message for e in history_of(board.january)] == [
        "Changed minute 23/21: Transport",
        "Added minute 23/21: School Transport Review",
    ]
    assert [e.user for e in history_of(board.january)] == [officer, officer]


def test_a_two_part_resolution_is_split_as_the_minutes_reader_splits_it(board, officer):
    earlier_minute(board.november, 22)
    transport = board.items[2]
    signed_in(officer).post(
        url("minute-edit", board.january, transport.pk),
        minute_form(
            text="The Head of Service presented the review.\n\n- routes\n- costs",
            resolutions="RESOLVED: (1) that the review be noted; (2) that the Director "
            "reports back on route costs by March 2022.",
            references="Minute 22/21, Minute 7/20",
        ),
    )
    minute = Minute.objects.get(agenda_item=transport)
    assert list(minute.resolutions.values_list("order", "part", "text")) == [
        (0, "1", "that the review be noted;"),
        (1, "2", "that the Director reports back on route costs by March 2022."),
    ]
    assert minute.html == (
        "<p>The Head of Service presented the review.</p><ul><li>routes</li><li>costs</li></ul>"
    )
    assert [m.reference for m in minute.references.all()] == ["22/21"]
    assert minute.unresolved_references == ["7/20"]
    # One part per line gives the same parts; the rows are kept in place.
    first = minute.resolutions.get(order=0).pk
    signed_in(officer).post(
        url("minute-edit", board.january, transport.pk),
        minute_form(resolutions="that the review be noted\nthat the Director reports back"),
    )
    assert list(minute.resolutions.values_list("pk", "part", "text")) == [
        (first, "1", "that the review be noted"),
        (minute.resolutions.get(order=1).pk, "2", "that the Director reports back"),
    ]
    form = page(signed_in(officer).get(url("minute-edit", board.january, transport.pk)))
    assert form.xpath("//textarea[@name='resolutions']")[0].text.strip() == (
        "RESOLVED:\n(1) that the review be noted\n(2) that the Director reports back"
    )


def test_script_and_event_handlers_typed_in_a_minute_are_removed(board, officer):
    signed_in(officer).post(
        url("minute-edit", board.january, board.items[2].pk),
        minute_form(
            text='The Board **welcomed** the report.<script>alert("x")</script>\n\n'
            '<a href="https://example.org/report" onclick="steal()">The report</a>'
            '<img src="x" onerror="steal()">'
        ),
    )
    minute = Minute.objects.get(agenda_item=board.items[2])
    assert minute.html == (
        "<p>The Board <strong>welcomed</strong> the report.</p>"
        '<p><a href="https://example.org/report">The report</a></p>'
    )


def test_a_restricted_items_minute_is_restricted(board, officer):
    signed_in(officer).post(
        url("minute-edit", board.january, board.items[3].pk),
        minute_form(title="Placement Contract Award", resolutions="that the award be approved"),
    )
    minute = Minute.objects.get(agenda_item=board.items[3])
    assert minute.visibility == Visibility.RESTRICTED
    public = page(signed_in(officer).get(board.january.get_absolute_url()))
    assert texts(public, "//section[@class='app-minute']/h3") == [
        f"{minute.reference} Placement Contract Award"
    ]
    anonymous = page(Client().get(board.january.get_absolute_url()))
    assert texts(anonymous, "//section[@class='app-minute']/h3") == []


def test_approval_at_a_later_meeting_shows_on_the_earlier_meetings_page(board, officer):
    earlier_minute(board.november, 22)
    client = signed_in(officer)
    before = page(client.get(board.november.get_absolute_url()))
    assert texts(before, "//p[contains(@class, 'app-minutes-standing')]") == [
        "Draft Draft minutes: not yet approved"
    ]
    item = board.items[1]
    form = page(client.get(url("minute-edit", board.january, item.pk)))
    assert texts(form, "//input[@name='agrees']/following-sibling::label") == [
        "This minute agrees the minutes of the meeting on 18 November 2021",
        "No, it agrees no earlier minutes",
    ]
    client.post(
        url("minute-edit", board.january, item.pk),
        minute_form(
            title="Minutes of the last meeting",
            resolutions="that the minutes of the meeting held on 18 November 2021 be agreed "
            "as a correct record",
            agrees=str(board.november.pk),
        ),
    )
    minute = Minute.objects.get(agenda_item=item)
    board.november.refresh_from_db()
    assert board.november.minutes_approved_by == minute
    after = page(Client().get(board.november.get_absolute_url()))
    [standing] = after.xpath("//p[contains(@class, 'app-minutes-standing')]")
    assert " ".join(standing.text_content().split()) == (
        "Approved at the meeting on 20 January 2022 (minute 23/21)"
    )
    assert standing.xpath(".//a/@href") == [f"{board.january.get_absolute_url()}#minute-23"]
    assert history_of(board.january)[0].change_message == (
        "Added minute 23/21: Minutes of the last meeting; it agrees the minutes of 18 November 2021"
    )
    # Approved minutes are no longer offered for agreeing.
    other = page(client.get(url("minute-edit", board.january, board.items[2].pk)))
    assert other.xpath("//input[@name='agrees']") == []


def test_declarations_per_item_or_none_declared(board, officer):
    client = signed_in(officer)
    client.post(url("minute-edit", board.january, board.items[2].pk), minute_form())
    minute = Minute.objects.get(agenda_item=board.items[2])
    response = client.post(
        url("declarations-edit", board.january),
        {
            "item_0": str(minute.pk),
            "member_0": f"p{board.field.pk}",
            "text_0": "A personal interest: her daughter uses school transport.",
            "item_1": "",
            "member_1": f"p{board.moore.pk}",
            "text_1": "A governor of Hillside School.",
        },
    )
    assert response.status_code == 302
    assert list(
        Declaration.objects.order_by("order").values_list(
            "order", "minute__number", "person__name", "text", "none_declared"
        )
    ) == [
        (0, 1, "Rosa Field", "A personal interest: her daughter uses school transport.", False),
        (1, None, "Jane Moore", "A governor of Hillside School.", False),
    ]
    refused = page(
        client.post(
            url("declarations-edit", board.january),
            {"none_declared": "on", "member_0": f"p{board.field.pk}", "text_0": "An interest"},
        )
    )
    assert texts(refused, "//div[contains(@class, 'govuk-error-summary')]//li") == [
        "Either untick “No interests were declared” or remove the declarations below"
    ]
    saved = client.post(url("declarations-edit", board.january), {"none_declared": "on"})
    said = page(client.get(saved["Location"]))  # the meeting page, saying it is saved
    assert texts(said, "//main//*[@role='alert']//p") == ["The declarations are saved."]
    assert list(Declaration.objects.values_list("text", "none_declared", "minute")) == [
        ("No interests were declared.", True, None)
    ]
    assert history_of(board.january)[0].change_message == ("Recorded declarations: none declared")


def test_the_closing_time_is_typed_as_minutes_write_it(board, officer):
    client = signed_in(officer)
    response = client.post(url("minutes-edit", board.january), {"closed_at": "11.45am"})
    assert response.status_code == 302
    board.january.refresh_from_db()
    assert board.january.closed_at == dt.time(11, 45)
    assert history_of(board.january)[0].change_message == "Meeting closed at 11.45 am"
    earlier_minute(board.january, 30, "Urgent Business")  # read from a paper, no agenda item
    listed = page(client.get(url("minutes-edit", board.january)))
    assert texts(listed, "//table[caption[contains(., 'their minutes')]]//tr/td[1]") == [
        "1. Apologies",
        "2. Minutes of the last meeting",
        "3. School Transport Review",
        "4. Placement Contract Award Restricted",
    ]
    assert texts(listed, "//ul[@class='govuk-list']/li/a[contains(@href, '#minute-')]") == [
        "30/21 Urgent Business"
    ]
    refused = page(client.post(url("minutes-edit", board.january), {"closed_at": "lunchtime"}))
    assert texts(refused, "//div[contains(@class, 'govuk-error-summary')]//li") == [
        "Enter a real time, for example 11.45am or 14:30"
    ]


def test_an_officer_of_another_body_is_refused_every_minutes_page(board, django_user_model):
    stranger = signed_in(user_in(django_user_model, "sid", "officer", bodies=[board.other]))
    item = board.items[2]
    addresses = [
        url("attendance-edit", board.january),
        url("declarations-edit", board.january),
        url("minutes-edit", board.january),
        url("minute-edit", board.january, item.pk),
    ]
    for address in addresses:
        assert stranger.get(address).status_code == 403, address
        assert stranger.post(address, minute_form(closed_at="11.00")).status_code == 403, address
    assert not Minute.objects.exists() and not Resolution.objects.exists()
    assert not history_of(board.january).exists()


EARLIER_MINUTES = """Exampleshire County Council
Minutes of a meeting of the Rural Affairs Committee held on Wednesday 8 September 2021 at 10.00 am

Present: Councillor W Ormerod (Chairman); Councillors B Atherton and C Dunmore.

12/21 BUS SERVICES
RESOLVED – That the report be noted.

The meeting ended at 11.15 am.
"""

LATER_MINUTES = """Exampleshire County Council
Minutes of a meeting of the Rural Affairs Committee held on Wednesday 20 October 2021 at 10.00 am

Present: Councillor W Ormerod (Chairman); Councillors B Atherton and C Dunmore.

20/21 MINUTES OF THE PREVIOUS MEETING
RESOLVED – That the minutes of the meeting held on 8 September be approved as a correct record.

21/21 LIBRARY HOURS
RESOLVED – That the report be noted.

The meeting ended at 11.05 am.
"""


def test_ingested_minutes_that_agree_earlier_minutes_approve_them(db):
    from scrutineer.ingest.loader import ingest_bytes
    from scrutineer.packs import parse_bytes

    [minutes] = parse_bytes(LATER_MINUTES.encode(), "later.txt").minutes
    assert [(item.number, item.agrees) for item in minutes.items] == [
        ("20", "--09-08"),
        ("21", None),
    ]
    ingest_bytes(EARLIER_MINUTES.encode(), "earlier.txt")
    result = ingest_bytes(LATER_MINUTES.encode(), "later.txt")
    assert result.counts["minutes approved"] == 1
    earlier = Meeting.objects.get(date=dt.date(2021, 9, 8))
    assert earlier.minutes_approved_by.reference == "20/21"
    later = Meeting.objects.get(date=dt.date(2021, 10, 20))
    assert later.minutes_approved_by is None


@pytest.mark.parametrize(
    "name",
    ["attendance-edit", "declarations-edit", "minutes-edit", "minute-edit", "agenda-publish"],
)
def test_the_minutes_and_publishing_pages_have_the_meeting_pages_breadcrumbs(board, officer, name):
    args = [board.items[2].pk] if name == "minute-edit" else []
    crumbs = page(signed_in(officer).get(url(name, board.january, *args)))
    expected = ["Home", "Children's Scrutiny Board", "Meeting on 20 January 2022"]
    expected += ["Minutes"] if name == "minute-edit" else []
    assert texts(crumbs, "//ol[@class='govuk-breadcrumbs__list']/li") == expected
