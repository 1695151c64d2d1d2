"""The public pages and the admin, against rows created directly in the database."""

from datetime import date, datetime, time, timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutineer.governance import attendance_stats
from scrutineer.governance.attendance_stats import AttendanceStats
from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BriefingNote,
    Declaration,
    Document,
    Meeting,
    Membership,
    Merge,
    Minute,
    Original,
    Person,
    PersonAlias,
    ReportedAttendance,
    Resolution,
    Section,
    Visibility,
    Warning,
)
from tests.helpers import make_document

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
RESTRICTED = Visibility.RESTRICTED


def sourced(document, first, last=None):
    return {"source": document, "first_line": first, "last_line": last or first}


def attend(meeting, person, status, line, **fields):
    return Attendance.objects.create(
        meeting=meeting,
        person=person,
        name_as_written=f"Councillor {person.name}",
        status=status,
        capacity=fields.pop("capacity", Attendance.Capacity.MEMBER),
        **sourced(meeting.source, line),
        **fields,
    )


@pytest.fixture
def board():
    """A scrutiny board with three held meetings, one upcoming and one restricted."""
    today = timezone.localdate()
    pack = make_document("a", title=f"Scrutiny pack {SCRIPT}", lines=100)
    secret = make_document("b", title="Exempt appendix", visibility=RESTRICTED, lines=100)
    Section.objects.create(
        document=pack, kind="minutes", title="Minutes of 9 December", first_line=40, last_line=90
    )
    body = Body.objects.create(name="Scrutiny Board 2", kind=Body.Kind.SCRUTINY_BOARD)
    innes = Person.objects.create(
        name="J Innes", honorific="Councillor", surname_key="innes", initial="J"
    )
    akhtar = Person.objects.create(
        name="P Akhtar", honorific="Councillor", surname_key="akhtar", initial="P"
    )
    PersonAlias.objects.create(person=akhtar, alias="Cllr Akhtar")
    Membership.objects.create(
        body=body,
        person=akhtar,
        role=Membership.Role.MEMBER,
        start_date=date(2021, 5, 20),
        **sourced(pack, 7),
    )
    Membership.objects.create(
        body=body, person=innes, role=Membership.Role.CHAIR, **sourced(pack, 6)
    )
    Membership.objects.create(
        body=body,
        vacant=True,
        title="Diocesan representative",
        role=Membership.Role.CO_OPTED,
        **sourced(pack, 8),
    )
    ReportedAttendance.objects.create(
        body=body,
        name="West Midlands Police",
        group="Statutory",
        attended=5,
        expected=6,
        percent_printed="83%",
        **sourced(pack, 95),
    )

    def meeting(day, **fields):
        return Meeting.objects.create(body=body, date=day, **sourced(pack, 1, 20), **fields)

    october = meeting(date(2021, 10, 21), status=Meeting.Status.HELD, venue="Diamond Room 2")
    november = meeting(date(2021, 11, 18), status=Meeting.Status.HELD)
    december = meeting(
        date(2021, 12, 9),
        status=Meeting.Status.HELD,
        venue="Committee Room 3",
        start=timezone.make_aware(datetime(2021, 12, 9, 10, 30)),
        closed_at=time(12, 15),
        published=date(2021, 12, 1),
        issued_by="Law and Governance",
    )
    upcoming = meeting(today + timedelta(days=30), venue="Council House")
    # A private meeting's words are in the exempt appendix, not in the public pack.
    private = Meeting.objects.create(
        body=body,
        date=date(2021, 12, 16),
        status=Meeting.Status.HELD,
        visibility=RESTRICTED,
        **sourced(secret, 1, 5),
    )

    attend(october, akhtar, Attendance.Status.PRESENT, 77)
    attend(november, akhtar, Attendance.Status.SUBSTITUTE, 78, substitute_for=innes)
    attend(december, akhtar, Attendance.Status.APOLOGY, 97)
    attend(december, innes, Attendance.Status.PRESENT, 79, chair=True)
    attend(private, akhtar, Attendance.Status.PRESENT, 12)
    Attendance.objects.create(
        meeting=december,
        name_as_written="G Holmes",
        status=Attendance.Status.IN_ATTENDANCE,
        capacity=Attendance.Capacity.OFFICER,
        directorate="Law and Governance",
        **sourced(pack, 95),
    )

    AgendaItem.objects.create(
        meeting=december,
        number="1",
        order=1,
        title="Apologies and Substitutions",
        **sourced(pack, 19),
    )
    minutes_item = AgendaItem.objects.create(
        meeting=december,
        number="3",
        order=3,
        title="Minutes",
        first_page=3,
        last_page=10,
        **sourced(pack, 21),
    )
    AgendaItem.objects.create(
        meeting=december,
        parent=minutes_item,
        number="a",
        order=4,
        title="To agree the minutes of 21 October",
        **sourced(pack, 22),
    )
    AgendaItem.objects.create(
        meeting=december,
        number="9",
        order=9,
        visibility=RESTRICTED,
        title="Exempt placement costs for Child Q",
        **sourced(secret, 2),
    )

    earlier = Minute.objects.create(
        meeting=october,
        number=12,
        municipal_year="2021/22",
        title="Work Programme",
        **sourced(pack, 60),
    )
    declarations = Minute.objects.create(
        meeting=december,
        number=18,
        municipal_year="2021/22",
        title="Declarations of Interests",
        **sourced(pack, 102),
    )
    work = Minute.objects.create(
        meeting=december,
        number=19,
        municipal_year="2021/22",
        title="Work Programme 2021/22",
        unresolved_references=["54/15"],
        **sourced(pack, 108),
    )
    work.references.add(earlier)
    Resolution.objects.create(
        minute=work,
        order=1,
        part="1",
        text="That the Work Programme be noted.",
        **sourced(pack, 112),
    )
    Minute.objects.create(
        meeting=december,
        number=20,
        municipal_year="2021/22",
        visibility=RESTRICTED,
        title="Exempt staffing restructure",
        **sourced(secret, 5),
    )
    Declaration.objects.create(
        meeting=december,
        minute=declarations,
        none_declared=True,
        text="There were no disclosable interests.",
        **sourced(pack, 104),
    )
    BriefingNote.objects.create(
        document=pack,
        meeting=december,
        addressed_to="Scrutiny Board 2",
        subject="Voice of the Child",
        authors=["Jane Doe"],
        recommendations=[
            {"number": "1", "text": "Note the Mind of My Own app.", "lines": [130, 131]}
        ],
        **sourced(pack, 120, 140),
    )
    Warning.objects.create(
        document=pack, code="total-mismatch", first_line=3, message="Totals 566 and 517 disagree"
    )
    Warning.objects.create(
        document=pack, code="ambiguous-name", first_line=79, message="Two people match M Mutton"
    )
    Warning.objects.create(
        document=secret,
        code="total-mismatch",
        first_line=4,
        message="Exempt appendix totals disagree",
    )
    return {
        "body": body,
        "pack": pack,
        "secret": secret,
        "akhtar": akhtar,
        "innes": innes,
        "october": october,
        "december": december,
        "upcoming": upcoming,
        "private": private,
    }


@pytest.fixture
def staff_client(django_user_model):
    """A second client, so that a test can compare it with the anonymous ``client``."""
    staff = Client()
    staff.force_login(django_user_model.objects.create_user("officer", is_staff=True))
    return staff


@pytest.mark.django_db
def test_home_lists_bodies_and_upcoming_meetings(client, board):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert board["body"].get_absolute_url() in html
    assert board["upcoming"].get_absolute_url() in html
    assert list(response.context["upcoming"]) == [board["upcoming"]]
    assert board["december"] in response.context["recent"]
    assert board["private"] not in response.context["recent"]
    assert "<title>Bodies and meetings – Scrutineer</title>" in html


@pytest.mark.django_db
def test_layout_has_skip_link_first_and_sign_in(client, board):
    html = client.get(reverse("home")).content.decode()
    body = html[html.index("<body>") :]
    assert body.index('href="#main-content"') < body.index("<a", body.index("<header"))
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert '<html lang="en-GB">' in html
    assert f'href="{reverse("sign-in")}?next=/"' in html
    assert "Sign out" not in html


@pytest.mark.django_db
def test_signed_in_user_gets_sign_out_form_with_csrf(staff_client, board):
    html = staff_client.get(reverse("home")).content.decode()
    assert f'<form method="post" action="{reverse("sign-out")}">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Sign in" not in html


@pytest.mark.django_db
def test_ingested_markup_is_escaped_everywhere(client, board):
    pages = [board["pack"].get_absolute_url(), reverse("warnings")]
    for url in pages:
        html = client.get(url).content.decode()
        assert ESCAPED_SCRIPT in html, url
        assert SCRIPT not in html, url
    document = client.get(board["pack"].get_absolute_url()).content.decode()
    assert "&lt;b&gt;as printed&lt;/b&gt;" in document
    assert "<b>as printed</b>" not in document


@pytest.mark.django_db
def test_document_page_numbers_and_anchors_every_line(client, board):
    response = client.get(board["pack"].get_absolute_url())
    html = response.content.decode()
    assert '<li id="L3"><a href="#L3">3</a><span>Source line 3 ' in html
    assert 'id="L100"' in html and 'id="L101"' not in html
    assert 'href="#L40">Minutes of 9 December</a>' in html
    assert board["pack"].sha256 in html
    assert "Totals 566 and 517 disagree" in html
    assert f'href="{board["pack"].get_absolute_url()}#L3"' in html


@pytest.mark.django_db
def test_long_document_renders_in_a_few_queries(client, board, django_assert_max_num_queries):
    long = make_document("c", title="Annual report", lines=3500)
    with django_assert_max_num_queries(5 + 1):  # + the councils, read once a request
        response = client.get(long.get_absolute_url())
    assert response.content.decode().count('<li id="L') == 3500


@pytest.mark.django_db
def test_restricted_document_is_not_found_anonymously(client, staff_client, board):
    url = board["secret"].get_absolute_url()
    assert client.get(url).status_code == 404
    assert staff_client.get(url).status_code == 200


@pytest.mark.django_db
def test_restricted_meeting_is_not_found_anonymously(client, board):
    url = board["private"].get_absolute_url()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_restricted_meeting_is_shown_to_signed_in_users(staff_client, board):
    response = staff_client.get(board["private"].get_absolute_url())
    assert response.status_code == 200
    assert "Restricted" in response.content.decode()


@pytest.mark.django_db
def test_meeting_day_must_be_an_iso_date(client, board):
    url = reverse("meeting", args=[board["body"].slug, "9-12-2021"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_meeting_summary_agenda_and_sources(client, board):
    december, pack = board["december"], board["pack"]
    html = client.get(december.get_absolute_url()).content.decode()
    assert "<title>Scrutiny Board 2, 9 December 2021 – Scrutineer</title>" in html
    assert "Thursday 9 December 2021, 10:30am, closed at 12:15pm" in html
    assert "Committee Room 3" in html and "Law and Governance" in html
    assert '<strong class="govuk-tag app-tag--held">Held</strong>' in html
    assert '<tr class="app-agenda-subitem">' in html
    assert "To agree the minutes of 21 October" in html
    assert "<td>3–10</td>" in html
    assert f'href="{pack.get_absolute_url()}#L21"' in html
    assert "Source: </span>line 21</a>" in html
    assert "Source: </span>lines 1–20</a>" in html


@pytest.mark.django_db
def test_restricted_agenda_items_and_minutes_are_hidden_anonymously(client, board):
    html = client.get(board["december"].get_absolute_url()).content.decode()
    assert "Exempt placement costs for Child Q" not in html
    assert "Exempt staffing restructure" not in html
    assert "Restricted" not in html
    assert "Apologies and Substitutions" in html


@pytest.mark.django_db
def test_restricted_agenda_items_and_minutes_are_tagged_for_signed_in_users(staff_client, board):
    html = staff_client.get(board["december"].get_absolute_url()).content.decode()
    item = html.index("Exempt placement costs for Child Q")
    minute = html.index("Exempt staffing restructure")
    assert "Restricted" in html[item : item + 120]
    assert "Restricted" in html[minute : minute + 200]


@pytest.mark.django_db
def test_meeting_attendance_is_grouped(client, board):
    response = client.get(board["december"].get_absolute_url())
    groups = response.context["attendance"]
    assert [row.name_as_written for row in groups.members] == ["Councillor J Innes"]
    assert [row.name_as_written for row in groups.apologies] == ["Councillor P Akhtar"]
    assert [row.name_as_written for row in groups.officers] == ["G Holmes"]
    html = response.content.decode()
    innes = html.index(">Councillor J Innes</a>")
    assert '<strong class="govuk-tag">Chair</strong>' in html[innes : innes + 80]
    assert "Law and Governance" in html[html.index("G Holmes") :]


@pytest.mark.django_db
def test_substitutes_show_whom_they_substitute_for(client, board):
    november = Meeting.objects.get(date=date(2021, 11, 18))
    html = client.get(november.get_absolute_url()).content.decode()
    assert "Substitutes" in html
    assert f'<a href="{board["innes"].get_absolute_url()}">Councillor J Innes</a>' in html


@pytest.mark.django_db
def test_minutes_show_resolutions_references_and_declarations(client, board):
    html = client.get(board["december"].get_absolute_url()).content.decode()
    assert '<section class="app-minute" id="minute-19">' in html
    assert "19/21 Work Programme 2021/22" in html
    assert '<span class="app-part">1.</span> That the Work Programme be noted.' in html
    earlier = f"{board['october'].get_absolute_url()}#minute-12"
    assert f'<a href="{earlier}">minute 12/21</a>' in html
    assert "minute 54/15 (not found)" in html
    assert "None declared" in html
    assert "There were no disclosable interests." not in html


@pytest.mark.django_db
def test_briefing_notes_list_recommendations_with_sources(client, board):
    html = client.get(board["december"].get_absolute_url()).content.decode()
    assert "Voice of the Child" in html and "Jane Doe" in html
    recommendation = html.index("Note the Mind of My Own app.")
    assert f"{board['pack'].get_absolute_url()}#L130" in html[recommendation : recommendation + 200]
    assert "lines 130–131" in html[recommendation : recommendation + 300]


def build_large_meeting(meeting, document, size):
    people = Person.objects.bulk_create(
        Person(name=f"Member {n}", surname_key=f"member{n}") for n in range(size)
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=person,
            name_as_written=person.name,
            status=status,
            capacity=Attendance.Capacity.MEMBER,
            substitute_for=people[0],
            **sourced(document, 200 + n),
        )
        for n, person in enumerate(people)
        for status in [Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE]
    )
    for n in range(size):
        parent = AgendaItem.objects.create(
            meeting=meeting,
            number=str(10 + n),
            order=10 + n,
            title=f"Item {n}",
            **sourced(document, 300 + n),
        )
        AgendaItem.objects.create(
            meeting=meeting,
            parent=parent,
            number="a",
            order=10 + n,
            title=f"Sub-item {n}",
            **sourced(document, 300 + n),
        )
        minute = Minute.objects.create(
            meeting=meeting, number=40 + n, municipal_year="2021/22", title=f"Minute {n}"
        )
        minute.references.add(*Minute.objects.filter(number__lt=40 + n)[:3])
        Resolution.objects.create(minute=minute, order=1, text=f"Resolved {n}")
        Declaration.objects.create(
            meeting=meeting, minute=minute, order=10 + n, person=people[n], text="Interest"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_meeting_page_query_count_does_not_grow_with_the_meeting(
    client, django_user_model, board, django_assert_max_num_queries, signed_in
):
    if signed_in:
        client.force_login(django_user_model.objects.create_user("officer", is_staff=True))
    build_large_meeting(board["december"], board["pack"], size=25)
    # the councils, read once a request; signed in, the reader's roles (to offer officers
    # their jobs); one query for every agenda item's linked papers
    # and the page starts of paged documents, read once a process after a document is saved;
    # signed in, the meeting's history of edits
    with django_assert_max_num_queries((15 if signed_in else 13) + 1 + 1):
        response = client.get(board["december"].get_absolute_url())
    assert response.content.decode().count("Sub-item") == 25


@pytest.mark.django_db
def test_person_page_derives_attendance_from_rows(client, board):
    response = client.get(board["akhtar"].get_absolute_url())
    [record] = response.context["by_body"]
    # October present, December apologies; November as a substitute is not expected of him
    assert (record.body, record.present, record.expected) == (board["body"], 1, 2)
    assert (record.substitute, record.apologies, record.percent) == (1, 1, 50)
    html = response.content.decode()
    assert '<td class="govuk-table__cell--numeric">50%</td>' in html
    assert '<strong class="govuk-tag app-tag--apology">Apology</strong>' in html
    assert board["december"].get_absolute_url() in html
    assert board["private"].get_absolute_url() not in html
    assert "Cllr Akhtar" in html
    assert "20 May 2021" in html


@pytest.mark.django_db
def test_person_record_counts_restricted_meetings_for_signed_in_users(staff_client, board):
    response = staff_client.get(board["akhtar"].get_absolute_url())
    [record] = response.context["by_body"]
    assert (record.present, record.expected, record.percent) == (2, 3, 67)


@pytest.mark.django_db
def test_a_meeting_listed_twice_is_expected_once(board):
    december = board["december"]
    attend(december, board["akhtar"], Attendance.Status.PRESENT, 80)
    [record] = attendance_stats.person_by_body(board["akhtar"], AnonymousUser())
    assert (record.present, record.expected, record.apologies) == (2, 2, 1)


@pytest.mark.parametrize(
    ("attended", "expected", "percent"), [(2, 3, 67), (1, 8, 13), (0, 5, 0), (7, 7, 100)]
)
def test_attendance_percent_rounds_half_up(attended, expected, percent):
    assert AttendanceStats(present=attended, expected=expected).percent == percent


@pytest.mark.django_db
def test_body_page_lists_members_meetings_and_printed_attendance(client, board):
    response = client.get(board["body"].get_absolute_url())
    html = response.content.decode()
    roles = [seat.role for seat in response.context["members"]]
    assert roles == [Membership.Role.CHAIR, Membership.Role.MEMBER, Membership.Role.CO_OPTED]
    assert '<strong class="govuk-tag govuk-tag--grey">Vacant</strong>' in html
    assert "Diocesan representative" in html
    assert board["december"].get_absolute_url() in html
    assert board["private"].get_absolute_url() not in html
    assert "West Midlands Police" in html and "83%" in html and "Statutory" in html


@pytest.mark.django_db
def test_ended_memberships_are_not_current(client, board):
    Membership.objects.filter(person=board["innes"]).update(end_date=date(2022, 5, 1))
    response = client.get(board["body"].get_absolute_url())
    assert board["innes"] not in [seat.person for seat in response.context["members"]]


@pytest.mark.django_db
def test_warnings_page_filters_by_code_and_counts(client, board):
    response = client.get(reverse("warnings"), {"code": "ambiguous-name"})
    html = response.content.decode()
    assert [w.code for w in response.context["page"]] == ["ambiguous-name"]
    assert "Two people match M Mutton" in html
    assert "Totals 566 and 517 disagree" not in html
    counts = {row["code"]: row["count"] for row in response.context["counts"]}
    assert counts == {"ambiguous-name": 1, "total-mismatch": 1}
    assert f'href="{board["pack"].get_absolute_url()}#L79"' in html


@pytest.mark.django_db
def test_warnings_on_restricted_documents_are_for_signed_in_users(client, staff_client, board):
    anonymous = client.get(reverse("warnings")).content.decode()
    assert "Exempt appendix totals disagree" not in anonymous
    signed_in = staff_client.get(reverse("warnings"), {"code": "total-mismatch"})
    assert "Exempt appendix totals disagree" in signed_in.content.decode()
    assert signed_in.context["page"].paginator.count == 2


@pytest.mark.django_db
def test_admin_pages_render_for_every_model(admin_client, board):
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(url).status_code == 200, url
    for model in apps.get_app_config("governance").get_models():
        url = reverse(f"admin:governance_{model._meta.model_name}_add")
        # ingested verbatim, or derived, never added by hand
        expected = 403 if model in (Document, Original, Membership, Merge) else 200
        assert admin_client.get(url).status_code == expected, url
    meeting = reverse("admin:governance_meeting_change", args=[board["december"].pk])
    html = admin_client.get(meeting).content.decode()
    assert "Apologies and Substitutions" in html and "G Holmes" in html


@pytest.mark.django_db
def test_admin_derives_alias_keys_and_refuses_clashes(admin_client, board):
    url = reverse("admin:governance_bodyalias_add")
    admin_client.post(url, {"body": board["body"].pk, "alias": "S.B. 2"})
    assert board["body"].aliases.get().key == "s b 2"
    response = admin_client.post(url, {"body": board["body"].pk, "alias": "s b 2"})
    assert "already resolves to a record" in response.content.decode()
    assert board["body"].aliases.count() == 1
