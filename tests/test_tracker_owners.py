"""Owner labels: one rule (tracker.owners) for the labels officers type and those read from
papers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from scrutineer.governance.models import Body, BodyAlias, Organisation, OrganisationAlias, alias_key
from scrutineer.tracker.models import Party, TrackedItem
from scrutineer.tracker.owners import (
    body_for_label,
    link_parties,
    link_parties_to_new_bodies,
    links_for_label,
    organisation_for_label,
)

LSCB_NAME = "Coventry Local Safeguarding Children Board"


def alias(body: Body, text: str) -> None:
    BodyAlias.objects.create(body=body, alias=text, key=alias_key(text))


@pytest.fixture
def bodies():
    board = Body.objects.create(name="Scrutiny Board 2", kind=Body.Kind.SCRUTINY_BOARD)
    lscb = Body.objects.create(name=LSCB_NAME, kind=Body.Kind.SAFEGUARDING_PARTNERSHIP)
    return {"board": board, "lscb": lscb}


@pytest.mark.django_db
def test_a_body_is_named_by_alias_exact_name_or_unique_acronym(bodies):
    lscb = bodies["lscb"]
    assert body_for_label("LSCB") == lscb  # the only body whose initials end so
    assert body_for_label("scrutiny board 2") == bodies["board"]
    alias(lscb, "Coventry LSCB")
    assert body_for_label("Coventry  LSCB.") == lscb
    assert body_for_label("Lscb") is None  # not written as an acronym
    assert body_for_label("Social Care") is None


@pytest.mark.django_db
def test_an_acronym_two_bodies_share_links_to_neither(bodies):
    Body.objects.create(name="Leicester Safeguarding Children Board")
    assert body_for_label("SCB") is None
    # ... unless one of them is known by it.
    alias(bodies["lscb"], "SCB")
    assert body_for_label("SCB") == bodies["lscb"]


@pytest.mark.django_db
def test_an_organisation_is_named_by_alias_or_exact_name():
    council = Organisation.objects.create(name="Coventry City Council")
    OrganisationAlias.objects.create(organisation=council, alias="CCC", key=alias_key("CCC"))
    assert organisation_for_label("coventry city council") == council
    assert organisation_for_label("CCC") == council
    assert organisation_for_label("Coventry") is None
    assert links_for_label("CCC") == {"organisation": council}


@pytest.mark.django_db
def test_parties_named_before_their_body_are_linked_when_it_is_loaded(bodies):
    item = TrackedItem.objects.create(body=bodies["board"], text="Audit", item_type="A")
    party = Party.objects.create(tracked_item=item, role=Party.Role.OWNER, label="SCP")
    partnership = Body.objects.create(name="Safeguarding Children Partnership")
    link_parties_to_new_bodies([partnership])
    party.refresh_from_db()
    assert party.body == partnership


def officer_client(board: Body) -> Client:
    from django.contrib.auth.models import User

    user = User.objects.create_user("olivia", password="pw")
    user.groups.add(Group.objects.get(name="officer"))
    board.officers.add(user)
    client = Client()
    client.force_login(user)
    return client


def add_item(client: Client, board: Body, owners: str) -> TrackedItem:
    response = client.post(
        reverse("tracked-item-add"),
        {
            "item_type": "A",
            "text": "Report back on the LADO audit",
            "body": board.slug,
            "source_kind": "manual",
            "owners": owners,
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    return TrackedItem.objects.get(text="Report back on the LADO audit")


@pytest.mark.django_db
@pytest.mark.parametrize("known_by_alias", [False, True])
def test_an_officer_typing_lscb_links_it_to_the_board_as_ingest_does(bodies, known_by_alias):
    lscb = bodies["lscb"]
    if known_by_alias:
        alias(lscb, "LSCB")
    item = add_item(officer_client(bodies["board"]), bodies["board"], "LSCB, Social Care")
    typed = {p.label: p.body for p in item.parties.all()}
    assert typed == {"LSCB": lscb, "Social Care": None}

    # The same labels read from a paper are linked the same way.
    imported = TrackedItem.objects.create(body=bodies["board"], text="From a paper")
    for label in typed:
        Party.objects.create(tracked_item=imported, role=Party.Role.OWNER, label=label)
    link_parties(imported)
    assert {p.label: p.body for p in imported.parties.all()} == typed
