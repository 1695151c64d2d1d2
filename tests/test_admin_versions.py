"""The admin keeps the version rule: a change form opened before someone else's change is
refused when saved, and saves nothing, inlines included.

Each test drives the real admin as a browser would: it GETs the change form, reads every
field the page renders (so the hidden version must really be in the page), edits some
and POSTs them back.
"""

import threading
from datetime import date
from html.parser import HTMLParser

import pytest
from django.db import connection, connections
from django.urls import reverse

from scrutineer.governance.models import Body, Meeting
from scrutineer.tracker import admin as tracker_admin
from scrutineer.tracker import workflow
from scrutineer.tracker.models import Party, TrackedItem, WorkProgrammeItem
from tests.test_tracker_web import signed_in, user_in

STALE = "This item was changed by someone else (now version {}) after you opened this form"


class FormFields(HTMLParser):
    """The name/value pairs a browser would submit from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = self._textarea = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or "__prefix__" in attrs.get("name", ""):
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button"}:
            if attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            # Django writes a newline after <textarea> that a browser drops.
            self.data[self._textarea] += (
                data.removeprefix("\n") if not self.data[self._textarea] else data
            )


def change_form(client, url) -> dict[str, str]:
    page = client.get(url)
    assert page.status_code == 200
    parser = FormFields()
    parser.feed(page.content.decode())
    return parser.data


@pytest.fixture
def board():
    return Body.objects.create(name="Scrutiny Board 2", kind=Body.Kind.SCRUTINY_BOARD)


@pytest.fixture
def item(board):
    tracked = TrackedItem.objects.create(
        body=board,
        item_type="R",
        text="Write to the Cabinet Member about funding",
        source_kind=TrackedItem.SourceKind.RESOLUTION,
        due_date=date(2030, 1, 31),
    )
    Party.objects.create(tracked_item=tracked, role=Party.Role.OWNER, label="Director")
    return tracked


@pytest.fixture
def programme_item(board):
    return WorkProgrammeItem.objects.create(
        body=board,
        municipal_year="2029/30",
        title="Youth Offending Service",
        meeting=Meeting.objects.create(body=board, date=date(2029, 6, 16)),
    )


@pytest.fixture
def officer_client(django_user_model, board):
    return signed_in(user_in(django_user_model, "olivia", "officer", bodies=[board]))


def item_url(item):
    return reverse("admin:tracker_trackeditem_change", args=[item.pk])


def programme_url(programme_item):
    return reverse("admin:tracker_workprogrammeitem_change", args=[programme_item.pk])


def officer_changes_status(officer_client, item):
    """An officer changes the status on the site, through its own versioned form."""
    url = reverse("tracked-item-status", args=[item.pk])
    done = officer_client.post(
        url, {"status": "sent", "note": "Sent by the officer.", "version": item.version}
    )
    assert done.status_code == 302


def officer_moves(officer_client, programme_item):
    body = programme_item.body.slug
    url = reverse("work-programme-move", args=[body, "2029-30", programme_item.pk])
    moved = officer_client.post(
        url,
        {
            "meeting": "",
            "bucket": "next-year",
            "status": "deferred",
            "version": programme_item.version,
        },
    )
    assert moved.status_code == 302


@pytest.mark.django_db
def test_the_change_form_carries_the_version_it_was_opened_on(admin_client, item):
    TrackedItem.objects.filter(pk=item.pk).update(version=4)
    assert change_form(admin_client, item_url(item))["loaded_version"] == "4"


@pytest.mark.django_db
def test_a_stale_admin_form_for_a_tracked_item_is_refused_and_saves_nothing(
    admin_client, officer_client, item
):
    posted = change_form(admin_client, item_url(item))
    officer_changes_status(officer_client, item)
    posted["text"] = "The admin's rewrite"
    posted["due_date"] = "01/02/2031"
    posted["parties-0-label"] = "Renamed in the admin"
    posted["responses-TOTAL_FORMS"] = "1"
    posted["responses-0-text"] = "A response added in the admin"

    response = admin_client.post(item_url(item), posted)

    assert response.status_code == 200
    html = response.content.decode()
    assert STALE.format(2) in html
    assert "your changes were not saved. Reload to see the latest." in html
    item.refresh_from_db()
    assert (item.text, item.due_date, item.status, item.version) == (
        "Write to the Cabinet Member about funding",
        date(2030, 1, 31),
        "sent",
        2,
    )
    assert list(item.parties.values_list("label", flat=True)) == ["Director"]
    assert item.responses.count() == 0


@pytest.mark.django_db
def test_a_fresh_admin_form_saves_and_bumps_the_version_by_one(admin_client, officer_client, item):
    officer_changes_status(officer_client, item)
    posted = change_form(admin_client, item_url(item))
    assert posted["loaded_version"] == "2"
    posted["text"] = "The admin's correction"
    posted["parties-0-label"] = "Director of Children's Services"

    assert admin_client.post(item_url(item), posted).status_code == 302

    item.refresh_from_db()
    assert (item.text, item.status, item.version) == ("The admin's correction", "sent", 3)
    assert list(item.parties.values_list("label", flat=True)) == ["Director of Children's Services"]
    # The officer's form, opened at version 2 before the admin saved, is now refused too.
    url = reverse("tracked-item-status", args=[item.pk])
    late = officer_client.post(url, {"status": "complete", "note": "Done.", "version": 2})
    assert "was changed by someone else while you were editing" in late.content.decode()
    item.refresh_from_db()
    assert (item.status, item.version) == ("sent", 3)


@pytest.mark.django_db
def test_a_stale_admin_form_for_a_programme_item_is_refused_and_saves_nothing(
    admin_client, officer_client, programme_item
):
    posted = change_form(admin_client, programme_url(programme_item))
    officer_moves(officer_client, programme_item)
    posted["title"] = "The admin's title"
    posted["detail"] = "Added in the admin"

    response = admin_client.post(programme_url(programme_item), posted)

    assert response.status_code == 200
    assert STALE.format(2) in response.content.decode()
    programme_item.refresh_from_db()
    assert (
        programme_item.title,
        programme_item.detail,
        programme_item.meeting_id,
        programme_item.bucket,
        programme_item.status,
        programme_item.version,
    ) == ("Youth Offending Service", "", None, "next-year", "deferred", 2)


@pytest.mark.django_db
def test_a_fresh_admin_form_for_a_programme_item_saves_and_bumps_by_one(
    admin_client, officer_client, programme_item
):
    officer_moves(officer_client, programme_item)
    posted = change_form(admin_client, programme_url(programme_item))
    posted["title"] = "Youth Justice Service"

    assert admin_client.post(programme_url(programme_item), posted).status_code == 302

    programme_item.refresh_from_db()
    assert (programme_item.title, programme_item.bucket, programme_item.version) == (
        "Youth Justice Service",
        "next-year",
        3,
    )


@pytest.mark.django_db
def test_a_change_form_without_its_version_is_refused(admin_client, item):
    posted = change_form(admin_client, item_url(item))
    del posted["loaded_version"]
    posted["text"] = "No version"

    response = admin_client.post(item_url(item), posted)

    assert response.status_code == 200
    assert "did not say which version of the item it was opened on" in response.content.decode()
    item.refresh_from_db()
    assert (item.text, item.version) == ("Write to the Cabinet Member about funding", 1)


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_between_the_forms_check_and_the_save_is_refused(
    admin_client, item, monkeypatch
):
    """A real race: another connection commits a change after the form's check passed and
    before the admin's save. The conditional UPDATE refuses, the admin's transaction rolls
    back (the inlines too) and the form is shown again with the refusal.

    Only PostgreSQL lets another connection commit there: on SQLite the admin's open
    transaction holds the database lock, so the other writer waits and no race exists."""
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite a second writer cannot commit inside the admin's transaction")
    posted = change_form(admin_client, item_url(item))
    real_clean = tracker_admin.VersionedAdminForm.clean
    raced = []

    def officer_elsewhere():
        try:
            workflow.change_status(TrackedItem.objects.get(pk=item.pk), "sent", "Racing.")
        finally:
            connections.close_all()

    def someone_commits_just_after_the_check(form):
        cleaned = real_clean(form)
        if not raced:
            raced.append(True)
            elsewhere = threading.Thread(target=officer_elsewhere)
            elsewhere.start()
            elsewhere.join()
        return cleaned

    monkeypatch.setattr(
        tracker_admin.VersionedAdminForm, "clean", someone_commits_just_after_the_check
    )
    posted["text"] = "The admin's rewrite"
    posted["parties-0-label"] = "Renamed in the admin"
    posted["responses-TOTAL_FORMS"] = "1"
    posted["responses-0-text"] = "A response added in the admin"

    response = admin_client.post(item_url(item), posted)

    assert response.status_code == 200
    assert STALE.format(2) in response.content.decode()
    item.refresh_from_db()
    assert (item.text, item.status, item.version) == (
        "Write to the Cabinet Member about funding",
        "sent",
        2,
    )
    assert list(item.parties.values_list("label", flat=True)) == ["Director"]
    assert item.responses.count() == 0


@pytest.mark.django_db
def test_of_two_edits_against_one_version_exactly_one_wins(item, programme_item):
    first, second = TrackedItem.objects.get(pk=item.pk), TrackedItem.objects.get(pk=item.pk)
    workflow.bump_version(first, 1, text="First")
    with pytest.raises(workflow.StaleEdit) as refused:
        workflow.bump_version(second, 1, text="Second")
    assert refused.value.item.version == 2
    item.refresh_from_db()
    assert (item.text, item.version) == ("First", 2)

    workflow.bump_version(programme_item, 1, title="Moved")
    with pytest.raises(workflow.StaleEdit):
        workflow.bump_version(WorkProgrammeItem.objects.get(pk=programme_item.pk), 1, title="X")
    programme_item.refresh_from_db()
    assert (programme_item.title, programme_item.version) == ("Moved", 2)


def test_every_model_with_a_version_is_versioned_in_the_admin():
    from django.apps import apps
    from django.contrib import admin

    versioned = {m for m in apps.get_models() if any(f.name == "version" for f in m._meta.fields)}
    assert versioned == {TrackedItem, WorkProgrammeItem}
    for model in versioned:
        assert isinstance(admin.site._registry[model], tracker_admin.VersionedAdmin), model
