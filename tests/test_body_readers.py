"""Issue 11 §1: a member reads the restricted records of the bodies they are a member of,
and only those; officers read the bodies they serve; administrators and staff read all."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from scrutineer.governance import access, restriction
from scrutineer.governance.models import (
    AgendaItem,
    Body,
    LinkedDocument,
    Meeting,
    Minute,
    Visibility,
    Warning,
)
from scrutineer.governance.restriction import Withholding
from scrutineer.tracker.models import TrackedItem
from tests.helpers import make_document, page, signed_in, texts, user_in

RESTRICTED = Visibility.RESTRICTED


def _records(body, paper, lines, tag):
    """A public meeting of ``body`` with a restricted agenda item quoted at ``lines`` of
    the public ``paper`` and a restricted minute; a restricted meeting; a restricted item."""
    public = Meeting.objects.create(body=body, date=dt.date(2026, 3, 4))
    item = AgendaItem.objects.create(
        meeting=public,
        number="7",
        title=f"Private contract {tag}",
        visibility=RESTRICTED,
        source=paper,
        first_line=lines[0],
        last_line=lines[1],
    )
    Minute.objects.create(
        meeting=public,
        number=7,
        municipal_year="2025/26",
        title=f"Minute {tag}",
        visibility=RESTRICTED,
    )
    hidden = Meeting.objects.create(
        body=body, date=dt.date(2026, 5, 6), venue=f"Room {tag}", visibility=RESTRICTED
    )
    tracked = TrackedItem.objects.create(
        item_type=TrackedItem.Type.ACTION,
        text=f"Action {tag}",
        source_kind=TrackedItem.SourceKind.MANUAL,
        body=body,
        visibility=RESTRICTED,
    )
    Warning.objects.create(
        document=paper, code="check", message=f"Warning {tag}", first_line=lines[0]
    )
    return {"public": public, "item": item, "hidden": hidden, "tracked": tracked}


@pytest.fixture
def world(db, django_user_model):
    alpha = Body.objects.create(name="Alpha Scrutiny Board")
    beta = Body.objects.create(name="Beta Partnership")
    paper = make_document("p", lines=20)
    return {
        "alpha": alpha,
        "beta": beta,
        "paper": paper,
        "a": _records(alpha, paper, (5, 6), "Alpha"),
        "b": _records(beta, paper, (10, 11), "Beta"),
        "member": user_in(django_user_model, "mina", "member", reads=[alpha]),
        "officer": user_in(django_user_model, "otis", "officer", bodies=[alpha]),
        "admin": user_in(django_user_model, "ada", "admin"),
    }


def _meeting_url(meeting):
    return reverse("meeting", args=[meeting.body.slug, meeting.date.isoformat()])


def test_can_read_restricted_with_and_without_a_body(world, django_user_model):
    alpha, beta = world["alpha"], world["beta"]
    staff = django_user_model.objects.create_user("stan", is_staff=True)
    outsider = user_in(django_user_model, "nobody", "member", reads=[])
    for user in (world["member"], world["officer"]):
        assert access.read_body_ids(user) == {alpha.pk}
        assert access.can_read_restricted(user, alpha)
        assert access.can_read_restricted(user, alpha.pk)
        assert not access.can_read_restricted(user, beta)
        assert not access.can_read_restricted(user)  # does not read everything
    for user in (world["admin"], staff):
        assert access.can_read_restricted(user) and access.can_read_restricted(user, beta)
    assert access.read_body_ids(outsider) == frozenset()
    assert not access.can_read_restricted(outsider, alpha)
    # A member's bodies count only while they are in the member group.
    world["member"].groups.clear()
    fresh = django_user_model.objects.get(pk=world["member"].pk)
    assert not access.can_read_restricted(fresh, alpha)


def test_a_member_reads_their_bodys_restricted_records_and_not_anothers(world):
    member = signed_in(world["member"])
    a, b = world["a"], world["b"]
    assert member.get(_meeting_url(a["hidden"])).status_code == 200
    assert "Room Alpha" in member.get(_meeting_url(a["hidden"])).content.decode()
    assert member.get(_meeting_url(b["hidden"])).status_code == 404
    alpha_page = member.get(_meeting_url(a["public"])).content.decode()
    assert "Minute Alpha" in alpha_page and "Private contract Alpha" in alpha_page
    beta_page = member.get(_meeting_url(b["public"])).content.decode()
    assert "Minute Beta" not in beta_page and "Private contract Beta" not in beta_page
    item = member.get(reverse("tracked-item", args=[a["tracked"].pk]))
    assert item.status_code == 200 and "Action Alpha" in item.content.decode()
    assert member.get(reverse("tracked-item", args=[b["tracked"].pk])).status_code == 404
    listed = member.get(reverse("tracker")).content.decode()
    assert "Action Alpha" in listed and "Action Beta" not in listed


def test_withheld_lines_are_per_body(world, django_user_model, monkeypatch):
    paper = world["paper"]
    anonymous = user_in(django_user_model, "anon")
    assert Withholding(anonymous).of(paper) == [(5, 6), (10, 11)]
    assert Withholding(world["member"]).of(paper) == [(10, 11)]
    assert Withholding(world["officer"]).of(paper) == [(10, 11)]
    assert Withholding(world["admin"]).of(paper) == []

    tree = page(signed_in(world["member"]).get(paper.get_absolute_url()))
    assert texts(tree, '//*[@id="L5"]') == ["5Source line 5 <b>as printed</b>"]
    assert "Source line 10" not in texts(tree, '//*[@id="L10"]')[0]
    assert "Withheld: not public" in texts(tree, '//*[@id="L10"]')[0]

    def messages():
        return sorted(Warning.objects.visible_to(world["member"]).values_list("message", flat=True))

    assert messages() == ["Warning Alpha"]
    # The same answer when there are too many spans to list and subqueries are used.
    monkeypatch.setattr(restriction, "SPANS_LISTED_LIMIT", 0)
    assert messages() == ["Warning Alpha"]


def test_a_restricted_document_is_read_by_the_readers_of_the_body_it_is_a_paper_of(world):
    draft = make_document("d", title="Draft contract", visibility=RESTRICTED)
    LinkedDocument.objects.create(agenda_item=world["a"]["item"], title="Draft", document=draft)
    lone = make_document("e", title="Lone draft", visibility=RESTRICTED)
    member, admin = signed_in(world["member"]), signed_in(world["admin"])
    assert member.get(draft.get_absolute_url()).status_code == 200
    assert member.get(lone.get_absolute_url()).status_code == 404  # of no body
    assert admin.get(lone.get_absolute_url()).status_code == 200
    beta_member = signed_in(
        user_in(world["member"].__class__, "bea", "member", reads=[world["beta"]])
    )
    assert beta_member.get(draft.get_absolute_url()).status_code == 404


def test_the_users_page_chooses_the_bodies_a_member_reads(world, django_user_model):
    admin = signed_in(world["admin"])
    alpha, beta = world["alpha"], world["beta"]
    mo = user_in(django_user_model, "mo")
    done = admin.post(reverse("user-roles", args=[mo.pk]), {"role": "member", "reads": [beta.pk]})
    assert done.status_code == 302
    assert list(Body.objects.filter(readers=mo)) == [beta]
    rows = page(admin.get(reverse("users")))
    (row,) = [r for r in texts(rows, "//tbody/tr") if r.startswith("Mo mo")]
    assert row == "Mo mo member Beta Partnership None Change the role of mo"
    form = admin.get(reverse("user-roles", args=[mo.pk])).content.decode()
    assert "Member of" in form and "Officer of" in form
    # Made an officer, they give up reading as a member and serve the body chosen.
    admin.post(
        reverse("user-roles", args=[mo.pk]),
        {"role": "officer", "reads": [beta.pk], "bodies": [alpha.pk]},
    )
    assert not Body.objects.filter(readers=mo).exists()
    assert list(Body.objects.filter(officers=mo)) == [alpha]


def test_the_migration_keeps_every_member_reading_every_body(world, django_user_model):
    keep = importlib.import_module("scrutineer.governance.migrations.0014_body_readers")
    maud = user_in(django_user_model, "maud", "member", reads=[])
    keep.keep_todays_readers(apps, None)
    for body in (world["alpha"], world["beta"]):
        assert set(body.readers.values_list("username", flat=True)) == {"mina", "maud"}
    assert not Body.objects.filter(readers=world["officer"]).exists()
    assert maud.reading_bodies.count() == 2
