"""The tracker's filters (tracker.filters): read strictly from a query string, or from the
list's form, and applied the same way by the list, the body page and every export."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutineer.governance.models import Body, Person
from scrutineer.tracker.filters import (
    DUE_WITHIN_MAX_DAYS,
    OUTSTANDING,
    BadFilter,
    TrackerFilters,
    filter_items,
    filters_from_params,
)
from scrutineer.tracker.forms import TrackerFilterForm
from scrutineer.tracker.models import Party, TrackedItem

TODAY = dt.date(2026, 3, 27)
Status = TrackedItem.Status


@pytest.fixture
def items():
    board = Body.objects.create(name="Scrutiny Board 2", slug="sb2")
    hwb = Body.objects.create(name="Health and Wellbeing Board", slug="hwb")

    def item(name, body=board, due=None, status=Status.OPEN, **fields):
        return TrackedItem.objects.create(
            body=body, text=name, due_date=due, status=status, **fields
        )

    made = {
        "late": item("late", due=TODAY - dt.timedelta(3), item_type="R"),
        "soon": item("soon", due=TODAY + dt.timedelta(10), item_type="A"),
        "done": item("done", due=TODAY - dt.timedelta(30), status=Status.COMPLETE),
        "undated": item("undated", source_kind=TrackedItem.SourceKind.MANUAL),
        "elsewhere": item("elsewhere", body=hwb, due=TODAY + dt.timedelta(400)),
    }
    director = Person.objects.create(name="Kirston Nelson")
    Party.objects.create(
        tracked_item=made["soon"], role=Party.Role.OWNER, label="Director", person=director
    )
    Party.objects.create(tracked_item=made["elsewhere"], role="owner", label="SB2", body=board)
    return {"board": board, "hwb": hwb, **made}


def names(filters: TrackerFilters) -> set[str]:
    return set(
        filter_items(TrackedItem.objects.all(), filters, TODAY).values_list("text", flat=True)
    )


@pytest.mark.django_db
def test_filters_narrow_the_items(items):
    board = items["board"]
    assert names(TrackerFilters()) == {"late", "soon", "done", "undated", "elsewhere"}
    assert names(TrackerFilters(body=board)) == {"late", "soon", "done", "undated"}
    assert names(TrackerFilters(body=board, owned=True)) == {
        "late",
        "soon",
        "done",
        "undated",
        "elsewhere",
    }
    assert names(TrackerFilters(status=OUTSTANDING, body=board)) == {"late", "soon", "undated"}
    assert names(TrackerFilters(status=Status.COMPLETE)) == {"done"}
    assert names(TrackerFilters(overdue=True)) == {"late"}
    assert names(TrackerFilters(due_within=10)) == {"soon"}
    assert names(TrackerFilters(due_by=TODAY)) == {"late"}
    assert names(TrackerFilters(item_type="A")) == {"soon"}
    assert names(TrackerFilters(source_kind="manual")) == {"undated"}
    # An owner matches on the label or on the name of what the party is linked to.
    assert names(TrackerFilters(owner="kirston")) == {"soon"}
    assert names(TrackerFilters(owner="director")) == {"soon"}
    assert names(TrackerFilters(owner="scrutiny board")) == {"elsewhere"}


def test_dated_when_every_row_has_a_due_date():
    assert not TrackerFilters().dated
    assert TrackerFilters(overdue=True).dated
    assert TrackerFilters(due_within=0).dated
    assert TrackerFilters(due_by=TODAY).dated


@pytest.mark.django_db
def test_query_string_and_form_read_the_same_filters(items):
    query = {
        "body": "sb2",
        "owned": "yes",
        "status": "outstanding",
        "owner": "  the   director ",
        "item_type": "A",
        "source_kind": "resolution",
        "overdue": "yes",
        "due_within": "28",
        "due_by": "2026-04-30",
    }
    strict = filters_from_params(query)
    form = TrackerFilterForm(query, bodies=[items["board"], items["hwb"]])
    assert form.is_valid(), form.errors
    assert form.filters() == strict
    assert strict == TrackerFilters(
        body=items["board"],
        owned=True,
        status=OUTSTANDING,
        owner="the director",
        item_type="A",
        source_kind="resolution",
        overdue=True,
        due_within=28,
        due_by=dt.date(2026, 4, 30),
    )
    # The export also takes the short names.
    assert filters_from_params({"type": "R", "source": "manual"}) == TrackerFilters(
        item_type="R", source_kind="manual"
    )


@pytest.mark.django_db
def test_the_limit_on_days_ahead_is_the_same_for_the_list_and_the_export(items):
    limit = str(DUE_WITHIN_MAX_DAYS)
    assert filters_from_params({"due_within": limit}).due_within == DUE_WITHIN_MAX_DAYS
    form = TrackerFilterForm({"due_within": limit})
    assert form.is_valid()
    too_far = str(DUE_WITHIN_MAX_DAYS + 1)
    with pytest.raises(BadFilter, match=f"0 to {DUE_WITHIN_MAX_DAYS}"):
        filters_from_params({"due_within": too_far})
    form = TrackerFilterForm({"due_within": too_far})
    assert not form.is_valid()
    assert form.errors["due_within"] == [f"Enter a number of days of {limit} or fewer"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"body": "nobody"},
        {"status": "done"},
        {"type": "X"},
        {"source_kind": "rumour"},
        {"overdue": "maybe"},
        {"due_within": "-1"},
        {"due_by": "27/3/2026"},
    ],
)
def test_a_wrong_value_in_the_query_string_is_refused(items, params):
    with pytest.raises(BadFilter):
        filters_from_params(params)


@pytest.mark.django_db
def test_a_wrong_value_in_the_form_is_dropped_and_the_rest_apply(items):
    form = TrackerFilterForm({"due_within": "soon", "item_type": "A"}, bodies=[items["board"]])
    assert not form.is_valid()
    assert form.filters() == TrackerFilters(item_type="A")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "word, flag", [("yes", True), ("1", True), ("On", True), ("no", False), ("0", False)]
)
def test_the_list_reads_a_flag_as_the_export_does(items, word, flag):
    # The list's checkbox once read any word but "false" and "0" as set, so "overdue=no"
    # listed only the overdue items while the export of the same query gave them all.
    form = TrackerFilterForm({"overdue": word, "owned": word}, bodies=[items["board"]])
    assert form.is_valid(), form.errors
    assert form.filters() == filters_from_params({"overdue": word, "owned": word})
    assert (form.filters().overdue, form.filters().owned) == (flag, flag)


@pytest.mark.django_db
def test_a_flag_that_is_neither_is_an_error_on_the_list_too(items):
    form = TrackerFilterForm({"overdue": "maybe", "item_type": "A"}, bodies=[items["board"]])
    assert not form.is_valid()
    assert form.errors["overdue"] == ["Select “Overdue only” or leave it unselected"]
    assert form.filters() == TrackerFilters(item_type="A")


@pytest.mark.django_db
def test_filters_written_as_a_query_string_read_back_the_same(items):
    """``as_query`` writes the names both readers take, so a link or an export built from
    filters lists what the filters list."""
    from django.http import QueryDict

    filters = TrackerFilters(
        body=items["board"],
        owned=True,
        status=OUTSTANDING,
        owner="the director",
        item_type="A",
        source_kind="resolution",
        overdue=True,
        due_within=28,
        due_by=dt.date(2026, 4, 30),
    )
    query = filters.as_query()
    assert query.startswith("body=sb2&owned=yes&status=outstanding&owner=the+director&")
    assert filters_from_params(QueryDict(query)) == filters
    form = TrackerFilterForm(QueryDict(query), bodies=[items["board"], items["hwb"]])
    assert form.is_valid(), form.errors
    assert form.filters() == filters
    assert TrackerFilters().as_query() == ""
    # Zero days ahead (due today) is a filter, not nothing.
    assert TrackerFilters(due_within=0).as_query() == "due_within=0"
