"""Search over the ingested seeds, on whichever engine the database is (SQLite FTS5 or
PostgreSQL full-text search): the same queries must find the same first records on both."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import transaction
from django.urls import reverse

from scrutineer.governance.models import (
    AgendaItem,
    Body,
    BriefingNote,
    Council,
    Document,
    Meeting,
    Minute,
    Visibility,
)
from scrutineer.search.engine import Filters, search
from scrutineer.search.models import SearchEntry
from scrutineer.tracker.models import TrackedItem

SCRUTINY = "education-and-childrens-services-scrutiny-board-2"


def find(text, user=None, **filters):
    return search(Council.objects.get(), user or AnonymousUser(), text, Filters(**filters))


def entry(hit) -> SearchEntry:
    return SearchEntry.objects.get(pk=hit.id)


@pytest.fixture
def meals_minute(seeded):
    return Minute.objects.get(number=21, meeting__date=dt.date(2021, 12, 9))


@pytest.fixture
def member(django_user_model):
    """A member who reads the scrutiny board's restricted records."""
    user = django_user_model.objects.create_user("reader-of-the-board")
    user.groups.add(Group.objects.get(name="member"))
    Body.objects.get(slug=SCRUTINY).readers.add(user)
    return django_user_model.objects.get(pk=user.pk)


def test_free_school_meals_finds_minute_21_21_first_among_minutes(meals_minute):
    results = find("free school meals", kind="minute")
    first = results.hits[0]
    assert (first.kind, first.record_id) == ("minute", meals_minute.pk)
    assert meals_minute.reference == "21/21"
    assert first.date == dt.date(2021, 12, 9)
    assert first.title == (
        "Minute 21/21: <mark>Free</mark> <mark>School</mark> <mark>Meals</mark> "
        "Holiday Activities Fund Update"
    )
    assert "<mark>Free</mark> <mark>School</mark> <mark>Meals</mark>" in first.snippet
    source = Document.objects.get(pk=first.source_id)
    assert source.name == "scrutiny-pack-2022-03-17.txt"
    assert (first.first_line, first.last_line) == (164, 201)
    assert first.url == meals_minute.get_absolute_url()


def test_the_page_links_the_minute_and_its_lines(meals_minute, client):
    response = client.get(reverse("search"), {"q": "free school meals", "kind": "minute"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 result<" in page
    assert f'href="{meals_minute.get_absolute_url()}"' in page
    assert f'href="/documents/{meals_minute.source_id}/#L164">Source: lines 164–201</a>' in page
    assert "<mark>Free</mark> <mark>School</mark> <mark>Meals</mark>" in page


def test_free_school_meals_counts_each_kind(seeded):
    results = find("free school meals")
    assert results.total == 13
    assert results.kinds == {
        "briefing-note": 1,
        "document": 5,
        "minute": 1,
        "programme-item": 1,
        "resolution": 3,
        "tracked-item": 2,
    }


def test_plymouth_is_in_no_seed(seeded, client):
    assert find("Plymouth").total == 0
    response = client.get(reverse("search"), {"q": "Plymouth"})
    assert "0 results" in response.content.decode()


def test_serious_case_review_cse_finds_agenda_item_4_and_its_briefing_note(seeded):
    meeting = Meeting.objects.get(body__slug=SCRUTINY, date=dt.date(2016, 7, 21))
    item = AgendaItem.objects.get(meeting=meeting, number="4")
    note = BriefingNote.objects.get(meeting=meeting, subject="Serious Case Review")
    results = find("serious case review CSE")
    assert results.kinds["agenda-item"] == 1 and results.kinds["briefing-note"] == 1
    assert find("serious case review CSE", kind="agenda-item").hits[0].record_id == item.pk
    first_note = find("serious case review CSE", kind="briefing-note").hits[0]
    assert (first_note.record_id, first_note.first_line) == (note.pk, 164)


def test_a_quoted_phrase_matches_only_that_phrase(seeded):
    phrase = find('"free school meals"')
    assert phrase.total == 11
    for hit in phrase.hits:
        text = " ".join(f"{e.title} {e.text}" for e in [entry(hit)]).lower().split()
        assert "free school meals" in " ".join(text).replace("*", "")
    assert find('"meals school free"').total == 0
    # The words alone match a programme item that has them apart.
    assert find("free school meals").total == 13


def test_prefix_and_minus_terms(meals_minute):
    assert ("minute", meals_minute.pk) in {
        (h.kind, h.record_id) for h in find("meal*", kind="minute").hits
    }
    without = find("free school meals -holiday")
    assert all("holiday" not in entry(h).text.lower() for h in without.hits)
    assert ("minute", meals_minute.pk) not in {(h.kind, h.record_id) for h in without.hits}
    assert without.total == 4


def test_syntax_people_type_is_never_an_error(seeded, client):
    queries = ['"unclosed', "a OR ) (", "NEAR(x y)", "title:meals", "***", "-", '-"']
    for text in queries:
        assert client.get(reverse("search"), {"q": text}).status_code == 200


def test_filters_by_body_kind_and_date(meals_minute):
    body = meals_minute.meeting.body
    dated = find("free school meals", since=dt.date(2021, 12, 1), until=dt.date(2021, 12, 31))
    assert {h.date for h in dated.hits} == {dt.date(2021, 12, 9)}
    assert dated.total == 6
    others = Body.objects.exclude(pk=body.pk).filter(pk__in=find("meals").bodies).first()
    only = find("free school meals", body=others.pk)
    assert {h.body_id for h in only.hits} == {others.pk}


def test_restricted_minute_is_absent_for_the_public_and_found_by_a_member(meals_minute, member):
    meeting = meals_minute.meeting
    meeting.visibility = Visibility.RESTRICTED
    meeting.save()
    public = find("free school meals")
    assert ("minute", meals_minute.pk) not in {(h.kind, h.record_id) for h in public.hits}
    assert "minute" not in public.kinds and "resolution" not in public.kinds
    # The minute's lines in the public pack are withheld: no passage over them is found.
    assert all(
        h.last_line < 164 or h.first_line > 201
        for h in public.hits
        if h.kind == "document" and h.source_id == meals_minute.source_id
    )
    assert public.total == 8
    # The programme item and the tracked items the minute opened are records of their own.
    assert public.bodies[meeting.body_id] == 3
    reader = find("free school meals", member)
    assert reader.kinds["minute"] == 1
    assert reader.total == 13
    assert ("minute", meals_minute.pk) in {(h.kind, h.record_id) for h in reader.hits}
    assert any(
        h.kind == "document" and h.source_id == meals_minute.source_id and h.first_line == 164
        for h in reader.hits
    )
    meeting.visibility = Visibility.PUBLIC
    meeting.save()
    assert find("free school meals").total == 13


def test_restricted_snippets_and_pages_omit_a_restricted_record(meals_minute, member, client):
    item = TrackedItem.objects.filter(meeting=meals_minute.meeting).first()
    item.text = "Zebracorn allowance for the holiday fund"
    item.visibility = Visibility.RESTRICTED
    item.save()
    page = client.get(reverse("search"), {"q": "zebracorn"}).content.decode()
    assert "Zebracorn" not in page and "0 results" in page
    client.force_login(member)
    page = client.get(reverse("search"), {"q": "zebracorn"}).content.decode()
    assert "<mark>Zebracorn</mark> allowance" in page and "1 result<" in page


def test_the_index_is_written_in_the_records_transaction(seeded):
    body = Body.objects.get(slug=SCRUTINY)
    with pytest.raises(RuntimeError), transaction.atomic():
        TrackedItem.objects.create(
            body=body, item_type="A", text="Quokkaquest review", source_kind="manual"
        )
        assert find("quokkaquest").total == 1  # seen inside the transaction
        raise RuntimeError("rolled back")
    assert find("quokkaquest").total == 0
    with transaction.atomic():
        TrackedItem.objects.create(
            body=body, item_type="A", text="Quokkaquest review", source_kind="manual"
        )
    assert find("quokkaquest").total == 1


def test_edits_on_the_site_reach_the_index(meals_minute):
    meals_minute.title = "Holiday Activities and Food Wombatwise"
    meals_minute.save()
    assert find("wombatwise", kind="minute").hits[0].record_id == meals_minute.pk
    meals_minute.delete()
    assert find("wombatwise").total == 0


def test_ingested_text_is_escaped_in_snippets(seeded, client):
    body = Body.objects.get(slug=SCRUTINY)
    TrackedItem.objects.create(
        body=body, item_type="A", text="<script>alert(1)</script> Xylofant", source_kind="manual"
    )
    page = client.get(reverse("search"), {"q": "xylofant"}).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Xylofant</mark>" in page


def test_every_page_has_the_search_box(seeded, client):
    page = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("search")}"' in page and 'name="q"' in page
