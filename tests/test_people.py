"""The people directory and person pages on the four seeds: members by body, Chair marked,
seats current by the tenure rules, and attendance counted from the minutes' attendance lists
(``governance.attendance_stats``), never from a meeting the reader may not see.

The expected figures were counted by reading the seeds' attendance sections:
- M Mutton: only in the minutes of 16 June 2016 (scrutiny-pack-2016-07-21.txt line 77,
  "Members: Councillor M Mutton (Chair)"), present; Chair in the 21 July 2016 front sheet's
  list (line 59); left out of the 17 March 2022 front sheet's list (line 55): a former seat.
- S Hanson: present as a co-opted member on 16 June 2016 (line 87) and 9 December 2021
  (scrutiny-pack-2022-03-17.txt line 85); in the 2022 list among the Councillors (line 57):
  a member since, her co-opted seat former.
- Brian Walsh: present as a Board member on 21 October 2013 (hwb-pack-2014-02-24.txt line
  80), apologies on 27 January 2014 (line 242).
- Councillor Seaman: present as a Cabinet or Deputy Cabinet member on 16 June 2016 (line
  90) and 9 December 2021 (line 89): in attendance, not expected.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scrutineer.governance import attendance_stats
from scrutineer.governance.models import Attendance, Body, Meeting, Person, Visibility

from .helpers import page, signed_in, table, user_in

pytestmark = pytest.mark.django_db

SCRUTINY = "Education and Children's Services Scrutiny Board (2)"
HWB = "Coventry Health and Well-being Board"
HEADINGS = ["Name", "Role", "Party", "Ward", "Since", "Attendance"]


def person(name: str) -> Person:
    return Person.objects.get(name=name)


def row_of(rows: list[list[str]], name: str) -> list[str]:
    [found] = [row for row in rows if row[0] == name]
    return found


def test_the_directory_lists_m_mutton_with_her_attendance(client, seeded):
    tree = page(client.get("/people/"))
    former = table(tree, f"Former members of {SCRUTINY}")
    assert former[0] == ["Name", "Role", "Party", "Ward", "Seat", "Attendance"]
    assert row_of(former, "Councillor M Mutton") == [
        "Councillor M Mutton",
        "Chair",
        "",
        "",
        "From 16 June 2016, left by 17 March 2022",
        "1 of 1 (100%)",
    ]
    # not a current member: the 2022 list leaves her out
    current = table(tree, f"Current members of {SCRUTINY}")
    assert "Councillor M Mutton" not in [row[0] for row in current]
    assert row_of(current, "Mrs S Hanson")[1:] == [
        "Member",
        "",
        "",
        "17 March 2022",
        "2 of 2 (100%)",
    ]
    # her co-opted seat ended when the 2022 list named her among the Councillors
    assert row_of(former, "Mrs S Hanson")[1:] == [
        "Co-opted member",
        "",
        "",
        "From 16 June 2016, left by 17 March 2022",
        "2 of 2 (100%)",
    ]


def test_mutton_by_year_and_body(seeded):
    [year] = attendance_stats.person_by_year_and_body(person("M Mutton"), AnonymousUser())
    assert (year.year.label, year.body.name) == ("2016/17", SCRUTINY)
    counts = (year.expected, year.present, year.substitute, year.in_attendance)
    assert counts + (year.apologies, year.absent, year.percent) == (1, 1, 0, 0, 0, 0, 100)


def test_the_chair_is_marked_and_listed_first(client, seeded):
    tree = page(client.get("/people/"))
    current = table(tree, f"Current members of {HWB}")
    assert current[0] == HEADINGS
    assert current[1][:2] == ["Councillor A Gingell", "Chair"]
    assert tree.xpath(f'//table[caption[contains(., "{HWB}")]]//td/strong[@class="govuk-tag"]')


def test_apologies_and_in_attendance_are_counted_apart(seeded):
    anonymous = AnonymousUser()
    [walsh] = attendance_stats.person_by_body(person("Brian Walsh"), anonymous)
    assert (walsh.body.name, walsh.expected, walsh.present, walsh.apologies) == (HWB, 2, 1, 1)
    assert walsh.percent == 50
    [hanson_2021, hanson_2016] = attendance_stats.person_by_year_and_body(
        person("S Hanson"), anonymous
    )
    assert (hanson_2021.year.label, hanson_2021.expected, hanson_2021.present) == ("2021/22", 1, 1)
    assert (hanson_2016.year.label, hanson_2016.expected, hanson_2016.present) == ("2016/17", 1, 1)
    [seaman] = attendance_stats.person_by_body(
        Person.objects.get(name__endswith="Seaman"), anonymous
    )
    assert (seaman.expected, seaman.in_attendance, seaman.percent) == (0, 2, None)


def test_the_person_page_shows_attendance_by_year_and_body(client, seeded):
    walsh = person("Brian Walsh")
    tree = page(client.get(walsh.get_absolute_url()))
    assert table(tree, "Attendance by municipal year and body") == [
        [
            "Municipal year",
            "Body",
            "Expected",
            "Present",
            "Present as substitute",
            "In attendance",
            "Apologies",
            "Absent",
            "% attended",
        ],
        ["2013/14", HWB, "2", "1", "0", "0", "1", "0", "50%"],
    ]
    assert table(tree, "Attendance by body, all years")[1] == [
        HWB,
        "2",
        "1",
        "0",
        "0",
        "1",
        "0",
        "50%",
    ]


def test_search_by_name_and_filter_by_body(client, seeded):
    tree = page(client.get("/people/?q=mutton"))
    former = table(tree, f"Former members of {SCRUTINY}")
    assert [row[0] for row in former[1:]] == ["Councillor M Mutton"]
    assert not tree.xpath(f'//table[caption[contains(., "{HWB}")]]')
    hwb = Body.objects.get(name=HWB)
    tree = page(client.get(f"/people/?body={hwb.slug}"))
    assert not tree.xpath(f'//table[caption[contains(., "{SCRUTINY}")]]')
    assert table(tree, f"Current members of {HWB}")[1][0] == "Councillor A Gingell"
    response = client.get("/people/?body=no-such-body")
    assert "There is no body with that name" in response.content.decode()
    assert page(response).xpath(f'//table[caption[contains(., "{HWB}")]]')  # all bodies shown


def test_a_restricted_meetings_attendance_counts_only_for_its_readers(
    client, seeded, django_user_model
):
    """M Mutton's apologies to a restricted meeting: not counted for the public, counted
    for a member who reads the body."""
    scrutiny = Body.objects.get(name=SCRUTINY)
    hidden = Meeting.objects.get(body=scrutiny, date=dt.date(2016, 9, 15))
    Meeting.objects.filter(pk=hidden.pk).update(visibility=Visibility.RESTRICTED)
    Attendance.objects.create(
        meeting=hidden,
        person=person("M Mutton"),
        name_as_written="Councillor M Mutton",
        status=Attendance.Status.APOLOGY,
        capacity=Attendance.Capacity.MEMBER,
        party="Restricted Party",
        ward="Restricted Ward",
    )
    mutton = person("M Mutton")
    [public] = attendance_stats.person_by_body(mutton, AnonymousUser())
    assert (public.expected, public.present, public.apologies, public.percent) == (1, 1, 0, 100)
    html = client.get("/people/").content.decode()
    assert "Restricted Party" not in html and "Restricted Ward" not in html
    former = table(page(client.get("/people/?q=Mutton")), "Former members")
    assert row_of(former, "Councillor M Mutton")[-1] == "1 of 1 (100%)"
    assert "Restricted Party" not in client.get(mutton.get_absolute_url()).content.decode()

    member = user_in(django_user_model, "member", "member", reads=[scrutiny])
    [seen] = attendance_stats.person_by_body(mutton, member)
    assert (seen.expected, seen.present, seen.apologies, seen.percent) == (2, 1, 1, 50)
    reader = signed_in(member)
    tree = page(reader.get("/people/?q=Mutton"))
    assert row_of(table(tree, "Former members"), "Councillor M Mutton")[1:4] == [
        "Chair",
        "Restricted Party",
        "Restricted Ward",
    ]
    assert row_of(table(tree, "Former members"), "Councillor M Mutton")[-1] == "1 of 2 (50%)"
    by_body = table(page(reader.get(mutton.get_absolute_url())), "Attendance by body")
    assert by_body[1] == [SCRUTINY, "2", "1", "0", "0", "1", "0", "50%"]


def test_the_header_links_the_directory(client, seeded):
    tree = page(client.get("/"))
    assert tree.xpath('//nav//a[@href="/people/"]/text()') == ["People"]


def test_the_directory_reads_in_a_fixed_number_of_queries(client, seeded):
    with CaptureQueriesContext(connection) as before:
        client.get("/people/")
    hwb = Body.objects.get(name=HWB)
    for n in range(10):
        extra = Person.objects.create(name=f"Extra Person{n}", surname_key=f"person{n}")
        extra.memberships.create(body=hwb)
        extra.posts.create(title="Adviser")
    with CaptureQueriesContext(connection) as after:
        tree = page(client.get("/people/"))
    assert len(after) == len(before)
    # the heading, the 16 of the Board's list (hwb-pack-2014-02-24.txt line 56), the 10 added
    assert len(table(tree, f"Current members of {HWB}")) == 1 + 16 + 10


def test_a_long_serving_members_meetings_come_a_page_at_a_time(client):
    """55 meetings attended: the person page lists 50, newest first, then the other 5 on
    page 2; the counts above the list still count all 55."""
    from scrutineer.web.people import MEETINGS_PER_PAGE

    body = Body.objects.create(name="Northmoor Audit Committee", slug="northmoor-audit")
    someone = Person.objects.create(name="Councillor Ada Penhallow", surname_key="penhallow")
    first = dt.date(2020, 1, 6)
    for week in range(55):
        meeting = Meeting.objects.create(
            body=body, date=first + dt.timedelta(weeks=week), status=Meeting.Status.HELD
        )
        Attendance.objects.create(
            meeting=meeting,
            person=someone,
            name_as_written="Councillor A Penhallow",
            status=Attendance.Status.PRESENT,
            capacity=Attendance.Capacity.MEMBER,
        )
    address = someone.get_absolute_url()
    tree = page(client.get(address))
    caption = "Meetings, latest first (1 to 50 of 55)"
    heading, *rows = table(tree, caption)
    assert heading[0] == "Meeting" and len(rows) == MEETINGS_PER_PAGE == 50
    assert rows[0][0] == f"{first + dt.timedelta(weeks=54):%-d %B %Y}"
    _, [body_name, expected, present, *_] = table(tree, "Attendance by body, all years")
    assert (body_name, expected, present) == ("Northmoor Audit Committee", "55", "55")
    _, *second = table(
        page(client.get(address, {"page": 2})), "Meetings, latest first (51 to 55 of 55)"
    )
    assert [row[0] for row in second][-1] == f"{first:%-d %B %Y}"
    assert client.get(address, {"page": 3}).status_code == 404
