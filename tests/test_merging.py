"""Issue 10 §2: officers merge two records the papers name differently, and undo the merge;
every merge is recorded with who made it and when."""

import datetime as dt

import pytest
from django.urls import reverse

from scrutineer.governance.merging import MergeRefused, merge, undo
from scrutineer.governance.models import Body, Meeting, Membership, Merge, Person
from tests.helpers import row_counts, signed_in, user_in


def _nicholsons():
    return Person.objects.get(name="Andy Nicholson"), Person.objects.get(name="CS Andrew Nicholson")


def test_an_officer_merges_two_people_and_undoes_it(seeded, django_user_model):
    board = Body.objects.get(aliases__alias="LSCB")
    officer = signed_in(user_in(django_user_model, "owen", "officer", bodies=[board]))
    andy, andrew = _nicholsons()
    aliases = set(andrew.aliases.values_list("alias", flat=True))
    assert board.memberships.filter(person=andrew).exists()
    form = officer.get(reverse("merge", args=["person", andrew.pk]))
    assert form.status_code == 200 and "Andy Nicholson" in form.content.decode()
    done = officer.post(reverse("merge", args=["person", andrew.pk]), {"kept": andy.pk})
    assert done.status_code == 302 and done.url == andy.get_absolute_url()
    assert not Person.objects.filter(pk=andrew.pk).exists()
    assert aliases <= set(andy.aliases.values_list("alias", flat=True))
    assert board.memberships.filter(person=andy).exists()  # derived again from the evidence
    (record,) = Merge.objects.all()
    assert (record.kind, record.kept_name, record.merged_name) == (
        "person",
        "Andy Nicholson",
        "CS Andrew Nicholson",
    )
    assert record.merged_by.username == "owen" and record.merged_at is not None
    listed = officer.get(reverse("merges")).content.decode()
    assert "CS Andrew Nicholson" in listed and "Undo" in listed
    officer.post(reverse("merge-undo", args=[record.pk]))
    andrew = Person.objects.get(pk=andrew.pk)
    assert set(andrew.aliases.values_list("alias", flat=True)) == aliases
    assert board.memberships.filter(person=andrew).exists()
    assert not board.memberships.filter(person=andy).exists()
    record.refresh_from_db()
    assert record.undone_by.username == "owen"
    assert "Undone by" in officer.get(reverse("merges")).content.decode()


def test_a_merge_that_would_duplicate_a_record_is_refused_whole(seeded):
    scrutiny = Body.objects.get(name="Education and Children's Services Scrutiny Board (2)")
    other = Body.objects.create(council=scrutiny.council, name="Scrutiny Board Two")
    Meeting.objects.create(body=other, date=dt.date(2022, 3, 17))  # scrutiny meets that day
    before = row_counts()
    with pytest.raises(MergeRefused, match="cannot be merged into"):
        merge(scrutiny, other)
    assert row_counts() == before


def test_merges_need_an_officer_and_stay_in_one_council(seeded, client, django_user_model):
    andy, andrew = _nicholsons()
    assert client.get(reverse("merge", args=["person", andrew.pk])).url.startswith("/sign-in/")
    member = signed_in(user_in(django_user_model, "mia", "member"))
    assert member.get(reverse("merge", args=["person", andrew.pk])).status_code == 403
    assert member.get(reverse("merges")).status_code == 403
    andrew_pk = andrew.pk
    record = merge(andy, andrew)
    undo(record)
    with pytest.raises(MergeRefused, match="already been undone"):
        undo(record)
    assert Membership.objects.filter(person_id=andrew_pk).exists()
