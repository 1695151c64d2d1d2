"""Issue 13 §2: the meetings page (a list, upcoming first, or a month), the iCalendar feeds of
a council and of a body, and a body's Atom feeds, on the four seeds; and none of them shows
a restricted meeting to a reader who may not see it."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from scrutineer.governance.models import Body, Council, Meeting, Minute, Visibility
from scrutineer.ingest.loader import ingest_bytes
from scrutineer.tracker.models import TrackedItem
from scrutineer.web import meeting_calendar
from tests.helpers import page, signed_in, texts, user_in
from tests.seeds import seed_path

BOARD = "education-and-childrens-services-scrutiny-board-2"
BOARD_NAME = "Education and Children's Services Scrutiny Board (2)"
HWB = "coventry-health-and-well-being-board"
# The board's meetings as the seeds record them: the 2016 and 2022 packs' front sheets,
# minutes and work programmes ("27th January 2022 - postponed", line 1810 of the 2022 pack).
BOARD_DAYS = [
    "2015-06-18", "2015-09-10", "2015-12-10", "2016-04-06", "2016-06-16", "2016-07-21",
    "2016-09-15", "2016-10-13", "2016-11-10", "2016-12-08", "2017-01-12", "2017-02-09",
    "2017-03-09", "2021-06-24", "2021-09-16", "2021-10-21", "2021-12-09", "2022-01-27",
    "2022-03-17",
]  # fmt: skip
ATOM = "{http://www.w3.org/2005/Atom}"


def icalendar_of(client, address) -> Calendar:
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, dict]:
    """Each VEVENT's facts by its day."""
    found = {}
    for event in calendar.walk("VEVENT"):
        start = event.decoded("dtstart")
        day = start.date() if isinstance(start, dt.datetime) else start
        found[day.isoformat()] = {
            "uid": str(event["uid"]),
            "start": start,
            "summary": str(event["summary"]),
            "status": str(event["status"]),
            "sequence": int(event["sequence"]),
            "location": str(event.get("location", "")),
            "url": str(event["url"]),
            "description": str(event.get("description", "")),
        }
    return found


def board_icalendar(client=None):
    from django.test import Client

    return icalendar_of(client or Client(), reverse("body-meetings-ics", args=[BOARD]))


def assert_valid(calendar: Calendar) -> None:
    """RFC 5545's requirements on a calendar and its events."""
    assert str(calendar["version"]) == "2.0" and str(calendar["prodid"])
    uids = []
    for event in calendar.walk("VEVENT"):
        for required in ("uid", "dtstamp", "dtstart"):
            assert required in event, f"{event.get('summary')}: no {required.upper()}"
        assert event.decoded("dtstamp").tzinfo is not None  # DTSTAMP is in UTC
        uids.append(str(event["uid"]))
        assert not event.errors
    assert not calendar.errors
    assert len(uids) == len(set(uids)), "UIDs must be unique"


def test_the_boards_calendar_holds_its_meetings_with_27_january_2022_postponed(seeded, client):
    calendar = board_icalendar(client)
    assert_valid(calendar)
    assert str(calendar["x-wr-calname"]) == f"{BOARD_NAME} meetings"
    found = events(calendar)
    assert sorted(found) == BOARD_DAYS
    postponed = found["2022-01-27"]
    assert postponed["status"] == "CANCELLED"
    assert postponed["summary"] == f"Postponed: {BOARD_NAME}"
    assert postponed["description"] == "This meeting is postponed, as the record shows."
    assert postponed["start"] == dt.date(2022, 1, 27)  # no time recorded: all day
    assert [day for day, event in found.items() if event["status"] == "CANCELLED"] == ["2022-01-27"]
    held = found["2016-07-21"]
    assert held["summary"] == BOARD_NAME
    assert held["start"] == dt.datetime(2016, 7, 21, 13, 0, tzinfo=dt.UTC)  # 2pm BST
    assert held["location"] == "Committee Rooms 2 and 3 - Council House"
    assert held["url"] == f"http://testserver/bodies/{BOARD}/meetings/2016-07-21/"
    meeting = Meeting.objects.get(body__slug=BOARD, date=dt.date(2016, 7, 21))
    assert held["uid"] == f"meeting-{meeting.pk}.{BOARD}.coventry@scrutineer.invalid"
    assert client.get(held["url"]).status_code == 200


def test_the_councils_calendar_holds_every_meeting(seeded, client):
    calendar = icalendar_of(client, reverse("meetings-ics"))
    assert_valid(calendar)
    assert str(calendar["x-wr-calname"]) == "Coventry City Council meetings"
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert len(summaries) == Meeting.objects.count() == 26
    assert summaries.count("Coventry Health and Well-being Board") == 3
    assert summaries.count("Coventry Safeguarding Children Board") == 4


def test_uids_and_sequences_hold_across_fetches_and_a_reingest(seeded, client):
    first = events(board_icalendar(client))
    assert events(board_icalendar(client)) == first
    # A later copy of the 2022 pack: the loader reads every meeting again and writes it.
    later = seed_path("scrutiny-pack-2022-03-17.txt").read_bytes() + b"\nA later copy\n"
    assert ingest_bytes(later, "scrutiny-pack-2022-03-17-v2.txt").created
    again = events(board_icalendar(client))
    assert {day: (e["uid"], e["sequence"]) for day, e in again.items()} == {
        day: (e["uid"], 0) for day, e in first.items()
    }


def test_an_unchanged_calendar_answers_304(seeded, client):
    """A subscriber's hourly fetch with the ETag it holds gets 304 until a meeting in the
    calendar changes, or one comes or goes (here: restricted, so gone for the public)."""
    address = reverse("body-meetings-ics", args=[BOARD])
    first = client.get(address)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = client.get(address, headers={"if-none-match": etag})
    assert (again.status_code, again.content) == (304, b"")
    meeting = Meeting.objects.get(body__slug=BOARD, date=dt.date(2021, 12, 9))
    meeting.venue = "Committee Room 2, moved"
    meeting.save()
    moved = client.get(address, headers={"if-none-match": etag})
    assert moved.status_code == 200 and moved["ETag"] != etag
    assert b"Committee Room 2\\, moved" in moved.content
    meeting.visibility = Visibility.RESTRICTED
    meeting.save()
    gone = client.get(address, headers={"if-none-match": moved["ETag"]})
    assert gone.status_code == 200 and b"Committee Room 2" not in gone.content


def test_sequence_counts_changes_of_what_a_calendar_shows(seeded, django_user_model):
    board = Body.objects.get(slug=BOARD)
    officer = signed_in(user_in(django_user_model, "olwen", "officer", bodies=[board]))
    meeting = Meeting.objects.get(body=board, date=dt.date(2021, 12, 9))
    uid = events(board_icalendar())["2021-12-09"]["uid"]

    meeting.contact_officer = "Priya Lark"  # nothing a calendar shows
    meeting.issued_by = "Governance Services"
    meeting.save()
    assert Meeting.objects.get(pk=meeting.pk).sequence == 0

    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting.venue = "Diamond Room 1 - Council House"
    meeting.save()
    meeting.save()  # saved twice, changed once
    assert Meeting.objects.get(pk=meeting.pk).sequence == 1

    address = reverse("meeting-status", args=[BOARD, "2021-12-09"])
    assert officer.post(address, {"status": "cancelled"}).status_code == 302
    event = events(board_icalendar())["2021-12-09"]
    assert (event["sequence"], event["status"], event["uid"]) == (2, "CANCELLED", uid)
    assert event["summary"] == f"Cancelled: {BOARD_NAME}"

    edit = reverse("meeting-edit", args=[BOARD, "2021-12-09"])
    moved = {
        "date": "16/12/2021",
        "start_time": "10.30am",
        "venue": "Diamond Room 1 - Council House",
        "contact_officer": "Priya Lark",
        "private_business": "no",
        "visibility": "public",
    }
    assert officer.post(edit, moved).status_code == 302
    event = events(board_icalendar())["2021-12-16"]
    assert (event["sequence"], event["uid"]) == (3, uid)
    assert event["start"] == dt.datetime(2021, 12, 16, 10, 30, tzinfo=dt.UTC)

    # Minutes arriving (scheduled to held) change nothing a calendar shows.
    other = Meeting.objects.get(body=board, date=dt.date(2021, 10, 21))
    other.status = Meeting.Status.HELD
    other.save(update_fields=["status"])
    assert Meeting.objects.get(pk=other.pk).sequence == 0


@pytest.fixture
def hidden(seeded):
    """A restricted meeting of the board, with a minute, and a restricted tracked item."""
    board = Body.objects.get(slug=BOARD)
    meeting = Meeting.objects.create(
        body=board,
        date=dt.date(2022, 2, 10),
        venue="QZX closed room",
        visibility=Visibility.RESTRICTED,
    )
    Minute.objects.create(
        meeting=meeting, number=40, municipal_year="2021/22", title="QZX private minute"
    )
    TrackedItem.objects.create(
        item_type=TrackedItem.Type.ACTION,
        text="QZX private action",
        source_kind=TrackedItem.SourceKind.MANUAL,
        body=board,
        visibility=Visibility.RESTRICTED,
    )
    return meeting


def every_address() -> list[str]:
    return [
        reverse("meetings"),
        reverse("meetings") + "?month=2022-02",
        reverse("meetings") + f"?month=2022-02&body={BOARD}",
        reverse("meetings-ics"),
        reverse("body-meetings-ics", args=[BOARD]),
        reverse("body-meetings-feed", args=[BOARD]),
        reverse("body-minutes-feed", args=[BOARD]),
        reverse("body-tracked-items-feed", args=[BOARD]),
    ]


def test_a_restricted_meeting_is_only_for_those_who_may_see_it(hidden, django_user_model, client):
    board = Body.objects.get(slug=BOARD)
    other = Body.objects.get(slug=HWB)
    member = signed_in(user_in(django_user_model, "mervyn", "member", reads=[board]))
    outsider = signed_in(user_in(django_user_model, "otto", "member", reads=[other]))
    # Its words, or (in the month's grid, which names only the body) its address.
    marks = ("QZX", f"/{BOARD}/meetings/2022-02-10/")
    for address in every_address():
        for reader, sees in ((client, False), (outsider, False), (member, True)):
            text = reader.get(address).content.decode()
            assert any(mark in text for mark in marks) is sees, address
    for reader, count in ((client, 19), (member, 20)):
        assert len(board_icalendar(reader).walk("VEVENT")) == count
    assert events(board_icalendar(member))["2022-02-10"]["location"] == "QZX closed room"


def test_the_month_shows_its_meetings_on_their_days(seeded, client):
    shown = page(client.get(reverse("meetings") + "?month=2017-01"))
    assert texts(shown, "//h1") == ["Meetings: January 2017"]
    days = {}
    for cell in shown.xpath("//table[contains(@class, 'app-calendar')]//td"):
        number = cell.xpath("string(.//span[contains(@class, 'app-calendar__day')])")
        names = [a.text_content() for a in cell.xpath(".//a")]
        if names:
            days[number] = names
    assert days == {
        "12": ["Education and Children's Services Scrutiny Board (2)"],
        "26": ["Coventry Safeguarding Children Board"],
    }
    assert texts(shown, "//nav[@aria-label='Months']/a") == ["December 2016", "February 2017"]
    assert shown.xpath("//nav[@aria-label='Months']/a/@href") == [
        "?month=2016-12",
        "?month=2017-02",
    ]
    assert texts(shown, "//nav[@aria-label='Months']/span") == ["2 meetings in January 2017"]
    # Sunday 1 January ends the first week (from Monday 26 December), Tuesday 31 the sixth.
    weeks = shown.xpath("//table[contains(@class, 'app-calendar')]/tbody/tr")
    assert len(weeks) == 6
    assert [len(week.xpath("./td[not(@class)]")) for week in weeks] == [1, 7, 7, 7, 7, 2]
    postponed = page(client.get(reverse("meetings") + "?month=2022-01"))
    assert texts(postponed, "//table//td//strong") == ["Postponed"]


def meeting_days(response) -> list[str]:
    return texts(page(response), "//main//table/tbody/tr/td[1]/a")


def test_filters_by_body_and_status(seeded, client):
    meetings = reverse("meetings")
    assert meeting_days(client.get(meetings + "?status=postponed")) == ["27 January 2022"]
    assert meeting_days(client.get(meetings + f"?body={HWB}")) == [
        "24 February 2014",
        "27 January 2014",
        "21 October 2013",
    ]
    assert meeting_days(client.get(meetings + f"?body={BOARD}&status=agenda-published")) == [
        "17 March 2022",
        "21 July 2016",
    ]
    assert meeting_days(client.get(meetings + f"?body={HWB}&status=held")) == [
        "27 January 2014",
        "21 October 2013",
    ]
    month = client.get(meetings + "?month=2014-01&status=agenda-published")
    assert texts(page(month), "//nav[@aria-label='Months']/span") == ["0 meetings in January 2014"]
    refused = page(client.get(meetings + "?month=January&body=no-such-board"))
    assert texts(refused, "//ul[contains(@class, 'govuk-error-summary__list')]/li") == [
        "Enter a month as a year and month, for example 2022-01",
        "Select one of the options listed for “body”",
    ]
    assert len(meeting_days(client.get(meetings))) == 26  # the list, unfiltered


def test_the_list_shows_upcoming_meetings_first_soonest_first(seeded, client):
    board = Body.objects.get(slug=BOARD)
    today = timezone.localdate()
    for days in (40, 10):
        Meeting.objects.create(body=board, date=today + dt.timedelta(days=days))
    listed = page(client.get(reverse("meetings")))
    upcoming = [today + dt.timedelta(days=d) for d in (10, 40)]
    assert texts(listed, "//h2[@id='upcoming']/following-sibling::table[1]//td[1]/a") == [
        f"{day:%-d %B %Y}" for day in upcoming
    ]
    past = texts(listed, "//h2[@id='past']/following-sibling::table[1]//td[1]/a")
    assert past[:3] == ["17 March 2022", "27 January 2022", "9 December 2021"]
    assert past[-1] == "21 October 2013" and len(past) == 26


def feed_entries(client, name, slug=BOARD) -> tuple[ET.Element, list[ET.Element]]:
    response = client.get(reverse(name, args=[slug]))
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def test_a_bodys_atom_feeds(seeded, client):
    feed, entries = feed_entries(client, "body-minutes-feed")
    assert feed.findtext(f"{ATOM}title") == f"{BOARD_NAME}: published minutes"
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        f"Minutes of {BOARD_NAME}, 9 December 2021",
        f"Minutes of {BOARD_NAME}, 16 June 2016",
    ]
    assert entries[0].find(f"{ATOM}link").get("href") == (
        f"http://testserver/bodies/{BOARD}/meetings/2021-12-09/"
    )
    assert entries[0].findtext(f"{ATOM}summary").count("/21. ") == 7  # seven minutes

    _feed, entries = feed_entries(client, "body-meetings-feed")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert len(titles) == 19
    assert f"27 January 2022: {BOARD_NAME} (Postponed)" in titles

    _feed, entries = feed_entries(client, "body-tracked-items-feed")
    assert len(entries) == TrackedItem.objects.filter(body__slug=BOARD).count() == 25
    for entry in entries:
        assert entry.findtext(f"{ATOM}updated")
        assert "/tracker/" in entry.find(f"{ATOM}link").get("href")


def test_the_body_page_links_its_calendar_and_feeds(seeded, client):
    shown = page(client.get(reverse("body", args=[BOARD])))
    assert shown.xpath("//head/link[@rel='alternate']/@href") == [
        f"/bodies/{BOARD}/meetings.ics",
        f"/bodies/{BOARD}/meetings.atom",
        f"/bodies/{BOARD}/minutes.atom",
        f"/bodies/{BOARD}/tracked-items.atom",
    ]
    assert texts(shown, "//main//a[contains(@href, '.atom') or contains(@href, '.ics')]") == [
        "its meetings in your calendar (iCalendar)",
        "new meetings",
        "published minutes",
        "new or changed tracked items",
    ]
    assert "Meetings" in texts(shown, "//header//a[@class='govuk-header__link']")


def test_a_calendar_holds_the_latest_meetings_by_date(seeded, client, monkeypatch):
    monkeypatch.setattr(meeting_calendar, "CALENDAR_MEETINGS", 5)
    assert sorted(events(board_icalendar(client))) == BOARD_DAYS[-5:]


def test_each_council_has_its_own_meetings_and_calendar(seeded, client):
    other = Council.objects.for_slug("northmoor", "Northmoor Borough Council")
    board = Body.objects.create(name="Northmoor Scrutiny Board", council=other)
    Meeting.objects.create(body=board, date=dt.date(2022, 1, 20), venue="Northmoor Hall")
    for council, days in (("coventry", ["27 January 2022"]), ("northmoor", ["20 January 2022"])):
        month = page(client.get(f"/{council}/meetings/?month=2022-01"))
        assert texts(month, "//table//td//a/ancestor::td/span") == [days[0].split()[0]]
        found = Calendar.from_ical(client.get(f"/{council}/meetings.ics").content)
        summaries = {str(event["summary"]) for event in found.walk("VEVENT")}
        assert ("Northmoor Scrutiny Board" in summaries) is (council == "northmoor")
    elsewhere = f"/northmoor/bodies/{BOARD}/meetings.ics"  # Coventry's board
    assert client.get(elsewhere).status_code == 404
