"""Issue 13 §3: the API's councils, bodies, people, memberships, minutes with resolutions and
attendance, read from the four seeds; and what a reader may not see left out of each."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from scrutineer.governance.models import (
    Attendance,
    Body,
    Document,
    Meeting,
    Membership,
    Minute,
    Person,
    Visibility,
)
from tests.helpers import signed_in, user_in

API = "/api/v1"
BOARD = "education-and-childrens-services-scrutiny-board-2"
LISTS = ["councils", "bodies", "people", "memberships", "meetings", "minutes", "attendance"]


def free_school_meals():
    return Minute.objects.get(number=21, municipal_year="2021/22")


def test_minute_21_21_with_its_resolutions_and_lines(seeded):
    minute = free_school_meals()
    answer = Client().get(f"{API}/minutes/{minute.pk}").json()
    assert answer["reference"] == "21/21"
    assert answer["title"] == "Free School Meals Holiday Activities Fund Update"
    assert answer["date"] == "2021-12-09" and answer["body"]["slug"] == BOARD
    assert answer["url"].endswith(f"/bodies/{BOARD}/meetings/2021-12-09/#minute-21")
    assert answer["sources"][0]["lines"] == "lines 164–201"
    parts = [
        (r["part"], r["text"][:40], r["sources"][0]["first_line"]) for r in answer["resolutions"]
    ]
    assert parts == [
        ("1", "Note the content of the briefing note an", 199),
        ("2", "Write to the Cabinet Member (Education a", 200),
        ("3", "Write to the LGA, Coventry's MPs and the", 201),
    ]


def test_councils_bodies_people_and_memberships(seeded):
    client = Client()
    councils = client.get(f"{API}/councils").json()
    assert [(c["slug"], c["name"]) for c in councils["results"]] == [
        ("coventry", "Coventry City Council")
    ]
    bodies = client.get(f"{API}/bodies?limit=500").json()
    assert bodies["count"] == Body.objects.count() == 9
    board = next(b for b in bodies["results"] if b["slug"] == BOARD)
    assert board["url"] == f"http://testserver/bodies/{BOARD}/"
    assert client.get(f"{API}/bodies?body={BOARD}").json()["count"] == 1
    people = client.get(f"{API}/people?limit=500").json()
    assert people["count"] == Person.objects.count() == 117
    mutton = next(p for p in people["results"] if p["name"] == "M Mutton")
    assert mutton["url"] == f"http://testserver/people/{mutton['id']}/"
    seats = client.get(f"{API}/memberships?limit=500&body={BOARD}").json()["results"]
    assert len(seats) == Membership.objects.filter(body__slug=BOARD).count()
    akhtar = next(s for s in seats if s["person"] and s["person"]["name"] == "N Akhtar")
    assert (akhtar["role"], akhtar["start_date"], akhtar["last_seen"]) == (
        "member",
        "2016-06-16",
        "2016-07-21",
    )
    assert akhtar["sources"][0]["lines"] == "line 59"


def test_attendance_of_m_mutton(seeded):
    row = Attendance.objects.get(name_as_written="M Mutton", meeting__date=dt.date(2016, 6, 16))
    answer = Client().get(f"{API}/attendance/{row.pk}").json()
    assert answer["person"] == Person.objects.get(name="M Mutton").pk
    assert (answer["status"], answer["capacity"], answer["chair"]) == ("present", "member", True)
    assert answer["sources"][0]["lines"] == "line 77"
    listed = Client().get(f"{API}/attendance?since=2016-06-16&until=2016-06-16&limit=500").json()
    assert listed["count"] == Attendance.objects.filter(meeting__date=dt.date(2016, 6, 16)).count()


@pytest.mark.parametrize("name", LISTS)
def test_every_list_as_csv_has_its_json_rows(seeded, name):
    client = Client()
    rows = client.get(f"{API}/{name}?limit=500").json()["results"]
    response = client.get(f"{API}/{name}?limit=500&format=csv")
    assert response["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [line["id"] for line in table] == [str(row["id"]) for row in rows]
    assert [line["updated_at"] for line in table] == [row["updated_at"] for row in rows]


def test_a_restricted_minute_and_a_restricted_meetings_records(seeded, django_user_model):
    minute = free_school_meals()
    minute.visibility = Visibility.RESTRICTED
    minute.save()
    hidden = Meeting.objects.get(date=dt.date(2016, 6, 16))
    hidden.visibility = Visibility.RESTRICTED
    hidden.save()
    hidden_minutes = set(hidden.minutes.values_list("pk", flat=True))
    hidden_attendance = set(hidden.attendance.values_list("pk", flat=True))
    assert hidden_minutes and hidden_attendance
    member = user_in(django_user_model, "reader", "member", reads=[minute.meeting.body])
    total_minutes, total_attendance = Minute.objects.count(), Attendance.objects.count()
    for client, sees in ((Client(), False), (signed_in(member), True)):
        minutes = client.get(f"{API}/minutes?limit=500").json()
        ids = {row["id"] for row in minutes["results"]}
        assert (minute.pk in ids) is sees
        assert (hidden_minutes <= ids) is sees and (not hidden_minutes & ids) is not sees
        assert minutes["count"] == (
            total_minutes if sees else total_minutes - 1 - len(hidden_minutes)
        )
        assert client.get(f"{API}/minutes/{minute.pk}").status_code == (200 if sees else 404)
        attendance = client.get(f"{API}/attendance?limit=500").json()
        ids = {row["id"] for row in attendance["results"]}
        assert (hidden_attendance <= ids) is sees and (not hidden_attendance & ids) is not sees
        assert attendance["count"] == total_attendance - (0 if sees else len(hidden_attendance))


def test_a_restricted_paper_is_left_out_of_sources(seeded, django_user_model):
    minute = free_school_meals()
    Document.objects.filter(pk=minute.source_id).update(visibility=Visibility.RESTRICTED)
    member = user_in(django_user_model, "reader", "member", reads=[minute.meeting.body])
    anonymous = Client().get(f"{API}/minutes/{minute.pk}").json()
    assert anonymous["sources"] == []
    assert all(r["sources"] == [] for r in anonymous["resolutions"])
    entitled = signed_in(member).get(f"{API}/minutes/{minute.pk}").json()
    assert entitled["sources"][0]["document"] == minute.source_id
