"""The tracker, tracked item, work programme and body pages, and the officers' forms,
against rows created directly in the database."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutineer.governance.access import ROLE_GROUPS
from scrutineer.governance.models import (
    Body,
    Meeting,
    Minute,
    Resolution,
    Visibility,
    Warning,
)
from scrutineer.reports import outstanding
from scrutineer.reports import work_programme as programme_document
from scrutineer.tracker import workflow
from scrutineer.tracker.models import (
    FollowUp,
    Party,
    Response,
    StatusChange,
    TrackedItem,
    WorkProgrammeItem,
)
from scrutineer.tracker.queries import count_label, next_meeting
from tests.helpers import make_document, signed_in, user_in

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
Status = TrackedItem.Status


def track(body, text, *, due=None, status=Status.OPEN, item_type="R", owners=(), **fields):
    item = TrackedItem.objects.create(
        body=body,
        text=text,
        item_type=item_type,
        due_date=due,
        status=status,
        source_kind=fields.pop("source_kind", TrackedItem.SourceKind.RESOLUTION),
        **fields,
    )
    for owner in owners:
        if isinstance(owner, Body):
            Party.objects.create(
                tracked_item=item, role=Party.Role.OWNER, label=owner.name, body=owner
            )
        else:
            Party.objects.create(tracked_item=item, role=Party.Role.OWNER, label=owner)
    return item


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def data(today):
    """Two bodies and tracked items due at known distances from today."""
    days = timedelta
    pack = make_document("a")
    board = Body.objects.create(name="Scrutiny Board 2", kind=Body.Kind.SCRUTINY_BOARD)
    lscb = Body.objects.create(name="LSCB", kind=Body.Kind.SAFEGUARDING_PARTNERSHIP)
    held = Meeting.objects.create(
        body=board, date=today - days(60), status=Meeting.Status.HELD, source=pack, first_line=1
    )
    upcoming = Meeting.objects.create(body=board, date=today + days(20))
    minute = Minute.objects.create(
        meeting=held, number=21, municipal_year="2021/22", title="Education funding"
    )
    resolution = Resolution.objects.create(
        minute=minute, order=2, part="2", text="Write to the Cabinet Member"
    )
    items = {
        "a": track(
            board,
            f"Write to the Cabinet Member about funding {SCRIPT}",
            due=today - days(10),
            owners=["Cabinet Member (Education and Skills)"],
            number="2",
            meeting=held,
            resolution=resolution,
            source=pack,
            first_line=5,
            last_line=7,
            due_basis='"request an update in 6 months" from the meeting',
            officer_contact_text="G Holmes",
        ),
        "b": track(
            board,
            "Audit of referrals",
            due=today - days(3),
            status=Status.SENT,
            item_type="A",
            owners=[lscb],
            source_kind=TrackedItem.SourceKind.CASE_REVIEW,
        ),
        "c": track(board, "Adoption figures", due=today - days(30), status=Status.COMPLETE),
        "d": track(board, "Circulate the dashboard", due=today + days(10), item_type="A"),
        "e": track(board, "Review in a year", due=today + days(40)),
        "f": track(lscb, "Training figures", due=today - days(5)),
        "g": track(
            board,
            "Exempt placement costs",
            due=today - days(1),
            visibility=Visibility.RESTRICTED,
        ),
        "h": track(lscb, "Joint protocol", due=today + days(15), item_type="A", owners=[board]),
    }
    items["c"].item_type = "I"
    items["c"].save()
    Party.objects.create(
        tracked_item=items["a"], role=Party.Role.ADDRESSEE, label="Leader of the Council"
    )
    return {"board": board, "lscb": lscb, "pack": pack, "held": held, "upcoming": upcoming, **items}


@pytest.fixture
def officer(django_user_model, data):
    return user_in(django_user_model, "olivia", "officer", bodies=[data["board"]])


@pytest.fixture
def officer_client(officer):
    return signed_in(officer)


def listed(response) -> set:
    return {item.pk for item in response.context["rows"]}


def pks(data, *names) -> set:
    return {data[name].pk for name in names}


# The list --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_overdue_items_of_one_body(client, data):
    response = client.get(reverse("tracker"), {"body": data["board"].slug, "overdue": "yes"})
    assert response.status_code == 200
    assert listed(response) == pks(data, "a", "b")
    html = response.content.decode()
    assert "2 tracked items" in html
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html
    assert "Overdue by 10 days" in html and "Overdue by 3 days" in html
    assert "Exempt placement costs" not in html


@pytest.mark.django_db
def test_body_filter_can_include_items_the_body_is_named_on(client, data):
    response = client.get(reverse("tracker"), {"body": data["lscb"].slug, "owned": "yes"})
    assert listed(response) == pks(data, "b", "f", "h")
    response = client.get(reverse("tracker"), {"body": data["lscb"].slug})
    assert listed(response) == pks(data, "f", "h")


@pytest.mark.django_db
def test_due_within_days(client, data):
    assert listed(client.get(reverse("tracker"), {"due_within": "14"})) == pks(data, "d")
    assert listed(client.get(reverse("tracker"), {"due_within": "15"})) == pks(data, "d", "h")


@pytest.mark.django_db
def test_due_within_must_be_a_number(client, data):
    response = client.get(reverse("tracker"), {"due_within": "soon", "item_type": "A"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_due_within">Enter the number of days as a whole number' in html
    assert 'id="id_due_within-error"' in html
    # The other filters still apply.
    assert listed(response) == pks(data, "b", "d", "h")


@pytest.mark.django_db
def test_type_source_kind_status_and_owner_filters(client, data):
    url = reverse("tracker")
    assert listed(client.get(url, {"item_type": "I"})) == pks(data, "c")
    assert listed(client.get(url, {"source_kind": "case-review"})) == pks(data, "b")
    assert listed(client.get(url, {"status": "complete"})) == pks(data, "c")
    outstanding = listed(client.get(url, {"status": "outstanding"}))
    assert outstanding == pks(data, "a", "b", "d", "e", "f", "h")
    assert listed(client.get(url, {"owner": "education"})) == pks(data, "a")
    assert listed(client.get(url, {"owner": "LSCB"})) == pks(data, "b")
    # A party linked to a body matches on the body's name as well as the label.
    Party.objects.filter(body=data["board"]).update(label="The board")
    assert listed(client.get(url, {"owner": "scrutiny board"})) == pks(data, "h")


@pytest.mark.django_db
def test_count_text_and_thousands_separator(client, data):
    html = client.get(reverse("tracker")).content.decode()
    assert "7 tracked items" in html
    assert count_label(1234) == "1,234 tracked items"
    assert count_label(1) == "1 tracked item"


@pytest.mark.django_db
def test_export_links_carry_the_valid_filters(client, data):
    response = client.get(
        reverse("tracker"),
        {"body": data["board"].slug, "overdue": "on", "due_by": "27/3/2099", "sort": "-due"},
    )
    query = f"?body={data['board'].slug}&amp;overdue=yes&amp;due_by=2099-03-27"
    html = response.content.decode()
    assert f'href="{reverse("tracker-csv")}{query}"' in html
    assert f'href="{reverse("tracker-xlsx")}{query}"' in html
    csv = client.get(reverse("tracker-csv") + query.replace("&amp;", "&"))
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode()
    assert "Audit of referrals" in text and "Exempt placement costs" not in text


@pytest.mark.django_db
def test_list_shows_rag_as_words_and_filters_form(client, data):
    html = client.get(reverse("tracker")).content.decode()
    assert '<form method="get" action="/tracker/"' in html
    assert '<label class="govuk-label govuk-label--s" for="id_body">Body</label>' in html
    assert ">Apply filters</button>" in html
    assert '<strong class="govuk-tag app-rag--amber">Amber</strong>' in html
    assert "Due within 28 days" in html
    assert '<strong class="govuk-tag app-rag--green">Green</strong>' in html
    assert "Closed (complete)" in html
    assert ESCAPED_SCRIPT in html and SCRIPT not in html


@pytest.mark.django_db
def test_sorting(client, data, today):
    url = reverse("tracker")
    order = [item.pk for item in client.get(url, {"sort": "due"}).context["rows"]]
    assert order == [data[n].pk for n in ["c", "a", "f", "b", "d", "h", "e"]]
    order = [item.pk for item in client.get(url, {"sort": "-due"}).context["rows"]]
    assert order == [data[n].pk for n in ["e", "h", "d", "b", "f", "a", "c"]]
    statuses = [item.status for item in client.get(url, {"sort": "status"}).context["rows"]]
    assert statuses == ["open"] * 5 + ["sent", "complete"]
    statuses = [item.status for item in client.get(url, {"sort": "-status"}).context["rows"]]
    assert statuses == ["complete", "sent"] + ["open"] * 5
    bodies = [item.body.name for item in client.get(url, {"sort": "body"}).context["rows"]]
    assert bodies == ["LSCB"] * 2 + ["Scrutiny Board 2"] * 5
    types = [item.item_type for item in client.get(url, {"sort": "-type"}).context["rows"]]
    assert types == ["I", "A", "A", "A", "R", "R", "R"]
    html = client.get(url, {"sort": "due"}).content.decode()
    assert 'aria-sort="ascending"' in html and "?sort=-due" in html


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client, data, today):
    TrackedItem.objects.bulk_create(
        TrackedItem(
            body=data["lscb"],
            text=f"Bulk {n}",
            item_type="A",
            source_kind="manual",
            due_date=today - timedelta(days=200 - n),
        )
        for n in range(120)
    )
    url = reverse("tracker")
    first = client.get(url, {"body": data["lscb"].slug, "item_type": "A"})
    assert first.context["page"].paginator.count == 121
    assert len(first.context["rows"]) == 50
    html = first.content.decode()
    assert "121 tracked items" in html
    assert "Page 1 of 3" in html
    assert f'href="?body={data["lscb"].slug}&amp;item_type=A&amp;page=2"' in html
    last = client.get(url, {"body": data["lscb"].slug, "item_type": "A", "page": "3"})
    assert len(last.context["rows"]) == 21
    assert data["h"].pk in listed(last)


# Restricted items ------------------------------------------------------------------------


@pytest.mark.django_db
def test_restricted_item_is_hidden_from_anonymous_users(client, data):
    assert client.get(data["g"].get_absolute_url()).status_code == 404
    assert data["g"].pk not in listed(client.get(reverse("tracker")))


@pytest.mark.django_db
def test_members_see_restricted_items(django_user_model, data):
    member = signed_in(user_in(django_user_model, "mo", "member"))
    response = member.get(data["g"].get_absolute_url())
    assert response.status_code == 200
    assert "Restricted" in response.content.decode()
    overdue = member.get(reverse("tracker"), {"body": data["board"].slug, "overdue": "yes"})
    assert listed(overdue) == pks(data, "a", "b", "g")
    assert "3 tracked items" in overdue.content.decode()


@pytest.mark.django_db
def test_restricted_source_lines_are_not_quoted_on_a_public_item(client, data):
    secret = make_document("s", visibility=Visibility.RESTRICTED)
    TrackedItem.objects.filter(pk=data["a"].pk).update(source=secret)
    html = client.get(data["a"].get_absolute_url()).content.decode()
    assert "Source line 5" not in html
    assert secret.get_absolute_url() not in html


# The item page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_item_page_summary_and_source_lines(client, data):
    item, pack = data["a"], data["pack"]
    response = client.get(item.get_absolute_url())
    html = response.content.decode()
    assert "<title>Recommendation 2, Scrutiny Board 2 – Scrutineer</title>" in html
    assert ESCAPED_SCRIPT in html and SCRIPT not in html
    # Parties, split by role.
    addressed = html.index("Addressed to</dt>")
    owners = html.index("Owners</dt>")
    assert "Leader of the Council" in html[addressed:owners]
    assert "Cabinet Member (Education and Skills)" in html[owners:]
    assert "Cabinet Member (Education and Skills)" not in html[addressed:owners]
    assert "How it was worked out: &quot;request an update in 6 months&quot;" in html
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html
    assert "Overdue by 10 days" in html
    assert "G Holmes" in html
    assert f'href="{data["held"].get_absolute_url()}"' in html
    assert f"{data['held'].get_absolute_url()}#minute-21" in html
    # The source: a link to the lines and the lines themselves, escaped.
    assert f'href="{pack.get_absolute_url()}#L5"' in html
    assert "Source: </span>lines 5–7</a>" in html
    assert "Source line 6 &lt;b&gt;as printed&lt;/b&gt;" in html
    assert "Source line 8 " not in html
    assert "<b>as printed</b>" not in html


@pytest.mark.django_db
def test_item_page_shows_history_responses_subitems_and_follow_ups(client, data):
    item = data["b"]
    StatusChange.objects.create(
        tracked_item=item,
        from_status="open",
        to_status="sent",
        changed_at=timezone.now(),
        note="Sent to the LSCB business unit.",
    )
    Response.objects.create(
        tracked_item=item,
        date=timezone.localdate(),
        responder="LSCB Business Manager",
        text="An audit is booked for March.",
        links="https://example.org/audit\nTop Tips for a MASH Referral\njavascript:alert(1)",
    )
    sub = track(data["board"], "Sub-item a of the audit", parent=item, number="1a")
    programme = WorkProgrammeItem.objects.create(
        body=data["board"], municipal_year="2021/22", title="Audit report back"
    )
    FollowUp.objects.create(tracked_item=item, programme_item=programme)
    html = client.get(item.get_absolute_url()).content.decode()
    assert "Sent to the LSCB business unit." in html
    assert "Open → <strong>Sent</strong>" in html
    assert "LSCB Business Manager" in html and "An audit is booked for March." in html
    assert '<a href="https://example.org/audit" rel="nofollow noopener">' in html
    assert "<li>Top Tips for a MASH Referral</li>" in html
    assert 'href="javascript:' not in html
    assert sub.get_absolute_url() in html and "Sub-item a of the audit" in html
    assert "Audit report back" in html
    assert reverse("work-programme", args=[data["board"].slug, "2021-22"]) in html


@pytest.mark.django_db
def test_item_page_lists_warnings_on_its_lines(client, data):
    Warning.objects.create(
        document=data["pack"], code="ambiguous-name", first_line=6, message="Two officers match"
    )
    html = client.get(data["a"].get_absolute_url()).content.decode()
    assert "Two officers match" in html


@pytest.mark.django_db
def test_edit_buttons_only_for_officers_of_the_body(client, officer_client, data):
    url = data["a"].get_absolute_url()
    assert "Record a response" not in client.get(url).content.decode()
    assert "Record a response" in officer_client.get(url).content.decode()
    assert (
        "Record a response" not in officer_client.get(data["f"].get_absolute_url()).content.decode()
    )


# Forms: who may use them --------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_post_redirects_to_sign_in(client, data):
    url = reverse("tracked-item-response", args=[data["a"].pk])
    response = client.post(url, {"text": "Answered", "date": "1/2/2022", "version": 1})
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_forms_keep_csrf_protection(officer, data):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    url = reverse("tracked-item-status", args=[data["a"].pk])
    response = strict.post(url, {"status": "sent", "note": "No token.", "version": 1})
    assert response.status_code == 403
    assert not StatusChange.objects.exists()


@pytest.mark.django_db
def test_signed_in_user_who_is_not_an_officer_of_the_body_is_refused(django_user_model, data):
    member = signed_in(user_in(django_user_model, "mo", "member", bodies=[data["board"]]))
    other = signed_in(user_in(django_user_model, "ola", "officer", bodies=[data["lscb"]]))
    for client in (member, other):
        for name in ("tracked-item-response", "tracked-item-status"):
            url = reverse(name, args=[data["a"].pk])
            assert client.get(url).status_code == 403
            post = client.post(url, {"text": "x", "note": "x", "status": "sent", "version": 1})
            assert post.status_code == 403
    assert not Response.objects.exists() and not StatusChange.objects.exists()
    assert member.get(reverse("tracked-item-add")).status_code == 403


@pytest.mark.django_db
def test_admin_group_may_edit_any_body(django_user_model, data):
    admin = signed_in(user_in(django_user_model, "ada", "admin"))
    url = reverse("tracked-item-response", args=[data["f"].pk])
    assert admin.get(url).status_code == 200


# Forms: recording a response and changing status -------------------------------------------


@pytest.mark.django_db
def test_officer_records_a_response_and_it_is_in_the_history(officer_client, data):
    item = data["a"]
    url = reverse("tracked-item-response", args=[item.pk])
    form = officer_client.get(url)
    html = form.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'<input type="hidden" name="version" value="{item.version}"' in html
    assert '<label class="govuk-label govuk-label--s" for="id_text">Response</label>' in html
    assert 'aria-describedby="id_text-hint"' in html
    response = officer_client.post(
        url,
        {
            "date": "3/2/2022",
            "responder": "Cabinet Member (Education and Skills)",
            "text": "A letter was sent on 2 February.",
            "links": "https://example.org/letter",
            "version": item.version,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == item.get_absolute_url()
    item.refresh_from_db()
    assert item.status == Status.RESPONSE_RECEIVED
    assert item.version == 2
    saved = item.responses.get()
    assert saved.text == "A letter was sent on 2 February."
    assert saved.date.isoformat() == "2022-02-03"
    assert saved.recorded_by.username == "olivia"
    html = response.content.decode()
    assert "The response has been recorded." in html
    history = html[html.index('id="history"') : html.index('id="responses"')]
    assert "Open → <strong>Response received</strong>" in history
    assert "Olivia" in history and "Response recorded." in history
    assert "A letter was sent on 2 February." in html[html.index('id="responses"') :]


@pytest.mark.django_db
def test_response_form_errors_say_how_to_fix_them(officer_client, data):
    item = data["a"]
    url = reverse("tracked-item-response", args=[item.pk])
    response = officer_client.post(
        url, {"date": "31/2/2022", "text": " ", "links": "not a link", "version": item.version}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record a response – Scrutineer</title>" in html
    assert '<a href="#id_text">Enter the response</a>' in html
    assert '<a href="#id_date">Enter a real date of the response, for example 27/3/2026</a>' in html
    assert "Enter each link as a full web address starting with https://" in html
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_status_change_without_a_note_is_refused_with_errors(officer_client, data):
    item = data["a"]
    url = reverse("tracked-item-status", args=[item.pk])
    response = officer_client.post(url, {"status": "in-progress", "note": "  ", "version": 1})
    html = response.content.decode()
    assert response.status_code == 200
    summary = html[html.index('class="govuk-error-summary"') :]
    assert '<div role="alert">' in summary
    assert '<a href="#id_note">Enter a note saying why the status changed</a>' in summary
    assert (
        '<p id="id_note-error" class="govuk-error-message"><span class="govuk-visually-hidden">'
        "Error:</span> Enter a note saying why the status changed</p>"
    ) in html
    assert 'aria-describedby="id_note-hint id_note-error"' in html
    assert "govuk-form-group--error" in html
    assert "Open (current status)" in html
    item.refresh_from_db()
    assert (item.status, item.version) == (Status.OPEN, 1)
    assert not StatusChange.objects.exists()


@pytest.mark.django_db
def test_status_change_with_a_note_is_saved_with_who_and_why(officer_client, officer, data):
    item = data["a"]
    url = reverse("tracked-item-status", args=[item.pk])
    response = officer_client.post(
        url, {"status": "in-progress", "note": "Work has started.", "version": 1}
    )
    assert response.status_code == 302
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.note) == (
        "open",
        "in-progress",
        "Work has started.",
    )
    assert change.changed_by == officer


@pytest.mark.django_db
def test_stale_status_change_shows_the_conflict_and_saves_nothing(officer_client, data):
    item = data["a"]
    url = reverse("tracked-item-status", args=[item.pk])
    loaded = officer_client.get(url).context["form"]["version"].value()
    # Someone else changes the item between loading and submitting the form.
    workflow.change_status(item, Status.SENT, "Sent by someone else.")
    response = officer_client.post(
        url, {"status": "in-progress", "note": "My change.", "version": loaded}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "was changed by someone else while you were editing" in html
    assert "Your change has not been saved" in html
    assert "Sent by someone else." in html
    assert '<strong class="govuk-tag app-tag--sent">Sent</strong>' in html
    assert 'name="version" value="2"' in html
    item.refresh_from_db()
    assert (item.status, item.version) == (Status.SENT, 2)
    assert list(item.status_changes.values_list("note", flat=True)) == ["Sent by someone else."]


@pytest.mark.django_db
def test_stale_response_saves_nothing(officer_client, data):
    item = data["d"]
    url = reverse("tracked-item-response", args=[item.pk])
    workflow.record_response(item, "Someone else's answer.")
    response = officer_client.post(url, {"date": "1/2/2022", "text": "My answer.", "version": 1})
    assert "was changed by someone else while you were editing" in response.content.decode()
    assert list(item.responses.values_list("text", flat=True)) == ["Someone else's answer."]


@pytest.mark.django_db
def test_a_race_caught_by_the_workflow_saves_nothing(officer_client, data, monkeypatch):
    """The version matched when the form was read, but changed before the save."""
    item = data["a"]
    real = workflow.change_status

    def someone_else_first(target, *args, **kwargs):
        TrackedItem.objects.filter(pk=target.pk).update(version=9)
        return real(target, *args, **kwargs)

    monkeypatch.setattr(workflow, "change_status", someone_else_first)
    url = reverse("tracked-item-status", args=[item.pk])
    response = officer_client.post(url, {"status": "sent", "note": "Mine.", "version": 1})
    assert "was changed by someone else while you were editing" in response.content.decode()
    assert not StatusChange.objects.exists()


# Forms: adding an item by hand ------------------------------------------------------


@pytest.mark.django_db
def test_officer_adds_a_tracked_item_by_hand(officer_client, data, today):
    url = reverse("tracked-item-add")
    html = officer_client.get(url).content.decode()
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Type</legend>' in html
    assert data["lscb"].name not in html[html.index('id="id_body"') :][:400]
    response = officer_client.post(
        url,
        {
            "item_type": "A",
            "text": "Report back on the LADO audit",
            "body": data["board"].slug,
            "meeting_date": data["held"].date.strftime("%d/%m/%Y"),
            "source_kind": "manual",
            "source_reference": "Officer's note of the meeting",
            "due_date": "1/4/2030",
            "owners": "LSCB, Social Care, lscb",
            "addressees": "Cabinet Member (Education and Skills)",
            "officer_contact_text": "G Holmes",
            "visibility": "public",
        },
    )
    item = TrackedItem.objects.get(text="Report back on the LADO audit")
    assert response["Location"] == item.get_absolute_url()
    assert item.meeting == data["held"] and item.body == data["board"]
    assert item.due_date.isoformat() == "2030-04-01"
    owners = item.parties.filter(role=Party.Role.OWNER)
    assert [(p.label, p.body) for p in owners] == [("LSCB", data["lscb"]), ("Social Care", None)]
    assert item.parties.filter(role=Party.Role.ADDRESSEE).count() == 1
    assert item.status_changes.get().note == "Entered by hand."


@pytest.mark.django_db
def test_adding_an_item_needs_its_text_and_a_real_meeting(officer_client, data):
    response = officer_client.post(
        reverse("tracked-item-add"),
        {
            "item_type": "",
            "text": "",
            "body": data["board"].slug,
            "source_kind": "manual",
            "visibility": "public",
        },
    )
    html = response.content.decode()
    assert '<a href="#id_item_type_0">Select whether this is a recommendation' in html
    assert '<a href="#id_text">Enter the text of the recommendation, action or request</a>' in html
    response = officer_client.post(
        reverse("tracked-item-add"),
        {
            "item_type": "R",
            "text": "Something",
            "body": data["board"].slug,
            "meeting_date": "1/1/2001",
            "source_kind": "manual",
            "visibility": "public",
        },
    )
    assert "Enter the date of a meeting of Scrutiny Board 2" in response.content.decode()
    # An officer may not add an item to a body they do not serve.
    response = officer_client.post(
        reverse("tracked-item-add"),
        {
            "item_type": "R",
            "text": "Something",
            "body": data["lscb"].slug,
            "source_kind": "manual",
            "visibility": "public",
        },
    )
    assert "you can add items only to the bodies you are an officer of" in response.content.decode()
    assert not TrackedItem.objects.filter(text="Something").exists()


# The work programme ---------------------------------------------------------------------


@pytest.fixture
def programme(data, today):
    board = data["board"]
    june = Meeting.objects.create(body=board, date=date(2016, 6, 16))
    january = Meeting.objects.create(
        body=board, date=date(2017, 1, 26), status=Meeting.Status.POSTPONED
    )
    # A meeting of the year with nothing planned for it still has its place.
    Meeting.objects.create(body=board, date=date(2017, 3, 9), status=Meeting.Status.CANCELLED)

    def item(title, **fields):
        return WorkProgrammeItem.objects.create(
            body=board, municipal_year="2016/17", title=title, **fields
        )

    return {
        "june": june,
        "january": january,
        "youth": item(
            "Youth Offending Service – progress report",
            meeting=june,
            detail="Annual report",
            cabinet_members=["Cllr Ruane"],
            lead_officers=["John Gregg"],
            origin_tracked_item=data["a"],
        ),
        "library": item("Library Service", meeting=january),
        "fostering": item(
            "Fostering update",
            bucket=WorkProgrammeItem.Bucket.PROGRESS_REPORTS,
            bucket_label="Progress reports (by exception)",
        ),
        "sen": item("SEN transport", bucket=WorkProgrammeItem.Bucket.DATE_TO_BE_DECIDED),
        "private": item(
            "Exempt contract", bucket="date-to-be-decided", visibility=Visibility.RESTRICTED
        ),
        "other_year": WorkProgrammeItem.objects.create(
            body=board, municipal_year="2021/22", title="Later year"
        ),
    }


@pytest.mark.django_db
def test_work_programme_groups_by_meeting_then_bucket(client, data, programme):
    url = reverse("work-programme", args=[data["board"].slug, "2016-17"])
    response = client.get(url)
    html = response.content.decode()
    headings = [group.heading for group in response.context["groups"]]
    assert headings == [
        "16 June 2016",
        "26 January 2017",
        "9 March 2017",
        "Date to be decided",
        "Progress reports (by exception)",
    ]
    assert [len(group.items) for group in response.context["groups"]] == [1, 1, 0, 1, 1]
    march = html[html.index('id="meeting-2017-03-09-heading"') :][:600]
    assert "cancelled" in march and "Nothing on the work programme is planned" in march
    assert "Work programme 2016/17" in html
    assert html.index("Youth Offending Service") < html.index("Library Service")
    assert html.index("Library Service") < html.index("SEN transport")
    assert html.index("SEN transport") < html.index("Fostering update")
    january = html[html.index('id="meeting-2017-01-26-heading"') :][:300]
    assert '<strong class="govuk-tag govuk-tag--yellow">Postponed</strong>' in january
    assert '<strong class="govuk-tag govuk-tag--yellow">Cancelled</strong>' in march
    for header in ["Date", "Title", "Detail", "Cabinet Member/ Lead Officer"]:
        assert f'<th scope="col">{header}</th>' in html
    assert "Cllr Ruane" in html and "John Gregg" in html
    assert data["a"].get_absolute_url() in html
    assert "Exempt contract" not in html
    assert reverse("work-programme", args=[data["board"].slug, "2021-22"]) in html


@pytest.mark.django_db
def test_work_programme_year_must_be_a_municipal_year(client, data):
    for year in ["2016-18", "2016", "16-17"]:
        url = f"/bodies/{data['board'].slug}/work-programme/{year}/"
        assert client.get(url).status_code == 404, year


@pytest.mark.django_db
def test_officer_adds_and_moves_a_programme_item(officer_client, data, programme):
    board = data["board"]
    add = reverse("work-programme-add", args=[board.slug, "2016-17"])
    response = officer_client.post(add, {"title": "", "visibility": "public"})
    html = response.content.decode()
    assert '<a href="#id_title">Enter the title of the item</a>' in html
    assert "Select the meeting it will go to, or choose a bucket" in html
    response = officer_client.post(
        add,
        {
            "title": "Children's centres",
            "meeting": str(programme["june"].pk),
            "cabinet_members": "Cllr Ruane",
            "lead_officers": "John Gregg, Fran Doyle",
            "status": "scheduled",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    added = WorkProgrammeItem.objects.get(title="Children's centres")
    assert added.lead_officers == ["John Gregg", "Fran Doyle"]
    assert added.municipal_year == "2016/17" and added.meeting == programme["june"]

    move = reverse("work-programme-move", args=[board.slug, "2016-17", added.pk])
    assert f'name="version" value="{added.version}"' in officer_client.get(move).content.decode()
    response = officer_client.post(
        move, {"meeting": "", "bucket": "next-year", "status": "deferred", "version": 1}
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.meeting, added.bucket, added.status, added.version) == (
        None,
        "next-year",
        "deferred",
        2,
    )
    # A second move made against version 1 is refused.
    response = officer_client.post(
        move,
        {"meeting": str(programme["june"].pk), "bucket": "", "status": "held", "version": 1},
    )
    html = response.content.decode()
    assert "was changed by someone else while you were editing" in html
    assert 'name="version" value="2"' in html
    added.refresh_from_db()
    assert (added.bucket, added.status) == ("next-year", "deferred")


def test_a_move_whose_history_cannot_be_written_is_not_made(
    officer_client, data, programme, monkeypatch
):
    item = WorkProgrammeItem.objects.create(
        body=data["board"], municipal_year="2016/17", title="Youth services", bucket="next-year"
    )

    def refuse(*args, **kwargs):
        raise RuntimeError("the history could not be written")

    monkeypatch.setattr("scrutineer.tracker.views.programme.record_edit", refuse)
    move = reverse("work-programme-move", args=[data["board"].slug, "2016-17", item.pk])
    with pytest.raises(RuntimeError):
        officer_client.post(
            move, {"meeting": "", "bucket": "proposed-items", "status": "deferred", "version": 1}
        )
    item.refresh_from_db()
    assert (item.bucket, item.status, item.version) == ("next-year", "scheduled", 1)


@pytest.mark.django_db
def test_programme_forms_are_for_officers_of_the_body(client, django_user_model, data, programme):
    add = reverse("work-programme-add", args=[data["board"].slug, "2016-17"])
    assert client.post(add, {"title": "x"}).status_code == 302
    other = signed_in(user_in(django_user_model, "ola", "officer", bodies=[data["lscb"]]))
    assert other.post(add, {"title": "x", "bucket": "next-year"}).status_code == 403
    assert not WorkProgrammeItem.objects.filter(title="x").exists()


# The body page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_body_page_lists_what_is_due_before_the_next_meeting(client, data, programme):
    board = data["board"]
    response = client.get(board.get_absolute_url())
    html = response.content.decode()
    due = response.context["due"]
    assert due["next_meeting"] == data["upcoming"]
    assert {item.pk for item in due["items"]} == pks(data, "a", "b", "d", "h")
    section = html[html.index('id="due"') : html.index('id="work-programme"')]
    assert "What is due before the next meeting" in section
    assert "Circulate the dashboard" in section and "Joint protocol" in section
    assert "Raised by LSCB" in section
    assert "Review in a year" not in section and "Exempt placement costs" not in section
    assert (
        f'<a href="/tracker/?body={board.slug}&amp;owned=yes&amp;overdue=yes">2 overdue items</a>'
        in section
    )
    assert reverse("work-programme", args=[board.slug, "2016-17"]) in html


@pytest.mark.django_db
def test_body_page_without_a_meeting_looks_28_days_ahead(client, data):
    data["upcoming"].delete()
    due = client.get(data["board"].get_absolute_url()).context["due"]
    assert due["next_meeting"] is None
    assert {item.pk for item in due["items"]} == pks(data, "a", "b", "d", "h")
    Meeting.objects.create(body=data["board"], date=timezone.localdate() + timedelta(days=5))
    due = client.get(data["board"].get_absolute_url()).context["due"]
    assert {item.pk for item in due["items"]} == pks(data, "a", "b")


@pytest.mark.django_db
def test_the_overdue_link_on_the_body_page_lists_the_same_items(client, data):
    due = client.get(data["lscb"].get_absolute_url()).context["due"]
    listed_items = listed(client.get(due["overdue_url"]))
    assert due["overdue_count"] == len(listed_items) == 2
    assert listed_items == pks(data, "b", "f")


# Query counts, roles, navigation, admin ---------------------------------------------------


def add_many(data, today, n):
    items = TrackedItem.objects.bulk_create(
        TrackedItem(
            body=data["board"],
            text=f"Bulk {k}",
            item_type="R",
            source_kind="manual",
            due_date=today - timedelta(days=k + 1),
        )
        for k in range(n)
    )
    Party.objects.bulk_create(
        Party(tracked_item=item, role=role, label=f"{role} {item.pk}")
        for item in items
        for role in (Party.Role.OWNER, Party.Role.ADDRESSEE)
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            tracked_item=data["a"], to_status="open", changed_at=timezone.now(), note=f"n{k}"
        )
        for k in range(n)
    )
    Response.objects.bulk_create(
        Response(tracked_item=data["a"], text=f"Response {k}") for k in range(n)
    )
    for k in range(min(n, 30)):
        track(data["board"], f"Sub {k}", parent=data["a"], owners=[f"Owner {k}"])


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 300])
@pytest.mark.parametrize("who", ["anonymous", "officer"])
def test_list_and_item_page_query_counts_do_not_grow(
    client, officer_client, data, today, django_assert_max_num_queries, size, who
):
    add_many(data, today, size)
    browser = officer_client if who == "officer" else client
    bodies_read = 1 if who == "officer" else 0  # the bodies whose restricted records they read
    with django_assert_max_num_queries(8 + 1 + bodies_read):  # + the councils, once a request
        response = browser.get(reverse("tracker"), {"body": data["board"].slug, "overdue": "yes"})
    restricted = 1 if who == "officer" else 0  # officers may read the restricted item g
    assert len(response.context["rows"]) == min(size + 2 + restricted, 50)
    with django_assert_max_num_queries(8 + 1 + bodies_read):  # + the councils, once a request
        response = browser.get(reverse("tracker"), {"sort": "status", "owner": "owner"})
    # + the councils, read once a request; + the other papers that state the same request;
    # + the pages of the source document, for an officer's excerpt; + the edit history;
    # + an officer's bodies and the lines of other bodies' restricted records they may not see.
    # The edit history's content type is read once a process, as in a running site: read it
    # now, so the count is the same whichever test ran first.
    ContentType.objects.get_for_model(TrackedItem, for_concrete_model=False)
    with django_assert_max_num_queries(13 + 1 + 1 + 1 + restricted + 2 * bodies_read):
        response = browser.get(data["a"].get_absolute_url())
    assert response.content.decode().count("Response ") >= size


@pytest.mark.django_db
def test_role_groups_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_GROUPS)


@pytest.mark.django_db
def test_header_links_to_the_tracker(client, data):
    html = client.get(reverse("home")).content.decode()
    assert '<a class="govuk-header__link" href="/tracker/">Tracker</a>' in html


@pytest.mark.django_db
def test_admin_change_pages_for_tracker_records(admin_client, data, programme):
    for model, pk in [
        ("trackeditem", data["a"].pk),
        ("workprogrammeitem", programme["youth"].pk),
    ]:
        url = reverse(f"admin:tracker_{model}_change", args=[pk])
        assert admin_client.get(url).status_code == 200, url
    html = admin_client.get(
        reverse("admin:tracker_trackeditem_change", args=[data["a"].pk])
    ).content.decode()
    assert "Leader of the Council" in html
    search = reverse("admin:tracker_trackeditem_changelist") + "?q=Education"
    assert admin_client.get(search).status_code == 200


@pytest.mark.django_db
def test_a_cancelled_meeting_is_tagged_on_the_page_as_in_the_document(client, data, programme):
    """One rule (``Meeting.called_off``) for the page and the document: a cancelled meeting
    is tagged as a postponed one is, and what was planned for it shows as postponed."""
    board = data["board"]
    january = programme["january"]
    january.status = Meeting.Status.CANCELLED
    january.save()
    response = client.get(reverse("work-programme", args=[board.slug, "2016-17"]))
    html = response.content.decode()
    section = html[html.index('id="meeting-2017-01-26-heading"') :][:300]
    assert '<strong class="govuk-tag govuk-tag--yellow">Cancelled</strong>' in section
    [library] = [
        item
        for group in response.context["groups"]
        for item in group.items
        if item.pk == programme["library"].pk
    ]
    assert library.postponed_now
    assert "(cancelled)" in html  # the list of meetings at the top
    document = programme_document.build(board, "2016/17", AnonymousUser())
    labels = [group.label for group in document.groups]
    assert "26 January 2017 (cancelled)" in labels


@pytest.mark.django_db
def test_the_report_and_the_body_page_name_the_same_next_meeting(client, data, today):
    """A meeting held today is still the next one; a postponed or cancelled one is not."""
    board = data["board"]
    Meeting.objects.create(
        body=board, date=today + timedelta(days=2), status=Meeting.Status.POSTPONED
    )
    Meeting.objects.create(
        body=board, date=today + timedelta(days=3), status=Meeting.Status.CANCELLED
    )
    assert next_meeting(board, AnonymousUser(), today) == data["upcoming"]
    held_today = Meeting.objects.create(body=board, date=today, status=Meeting.Status.HELD)
    assert next_meeting(board, AnonymousUser(), today) == held_today
    due = client.get(board.get_absolute_url()).context["due"]
    report = outstanding.build(board, AnonymousUser(), today)
    assert due["next_meeting"] == report.next_meeting == held_today


def test_the_row_cells_escape_labels_and_say_status_overdue_and_rag():
    """The tracker list draws these two cells for every row, as tags rather than included
    templates (a template per cell cost the list about a tenth of its time)."""
    from scrutineer.rag import Rag
    from scrutineer.tracker.templatetags.tracker_tags import parties_cell, status_cell

    item = TrackedItem(status=Status.OPEN)
    item.owner_labels, item.addressee_labels = ["Director", SCRIPT], ["LSCB"]
    assert parties_cell(item) == (
        f'<span class="app-block">Owner: Director, {ESCAPED_SCRIPT}</span>\n'
        '<span class="app-block">To: LSCB</span>'
    )
    item.owner_labels = []
    assert parties_cell(item) == '<span class="app-block">To: LSCB</span>'
    item.overdue_now, item.rag_now, item.history_now = True, None, ""
    cell = status_cell(item)
    assert cell.startswith('<div class="app-tags"><strong class="govuk-tag')
    assert cell.endswith(
        '>Open</strong><strong class="govuk-tag govuk-tag--red">Overdue</strong></div>'
    )
    item.overdue_now = False
    item.rag_now = Rag("red", SCRIPT)
    cell = status_cell(item)
    assert "Overdue" not in cell and ESCAPED_SCRIPT in cell and SCRIPT not in cell
    assert '\n<div class="app-tags"><strong class="govuk-tag app-rag--red">Red</strong>' in cell
