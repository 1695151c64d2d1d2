"""What the tracker pages read, each in a fixed number of queries however many rows there
are: the list's rows in their sort order, a body's items due before its next meeting, and
the municipal years and meetings of a body's work programme."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Value, When
from django.urls import reverse

from scrutineer.governance.edits import history_of
from scrutineer.governance.models import Body, Meeting
from scrutineer.periods import MunicipalYear

from .filters import TrackerFilters, filter_items
from .models import Party, TrackedItem, WorkProgrammeItem

DUE_LIST_LIMIT = 20
NO_MEETING_WINDOW_DAYS = 28
LIST_FIELDS = (
    "pk",
    "item_type",
    "number",
    "text",
    "status",
    "due_date",
    "last_seen",
    "visibility",
    "body__name",
    "body__slug",
    "body__latest_paper",
)

STATUS_RANK = Case(
    *(When(status=status, then=Value(i)) for i, status in enumerate(TrackedItem.Status.values)),
    default=Value(len(TrackedItem.Status.values)),
    output_field=IntegerField(),
)
TYPE_RANK = Case(
    *(When(item_type=kind, then=Value(i)) for i, kind in enumerate(TrackedItem.Type.values)),
    default=Value(len(TrackedItem.Type.values)),
    output_field=IntegerField(),
)


def _ordering(sort: str, dated: bool) -> list:
    """``dated``: every row has a due date, so there are no nulls to put last, and SQLite
    can read the rows in index order instead of sorting them all."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    nulls = {} if dated else {"nulls_last": True}
    due = F("due_date").desc(**nulls) if descending else F("due_date").asc(**nulls)
    pk = "-pk" if descending else "pk"
    first = {
        "status": F("status_rank"),
        "body": F("body__name"),
        "type": F("type_rank"),
    }.get(key)
    if first is None:
        return [due, pk]
    first = first.desc() if descending else first.asc()
    # Within a status, body or type the earliest due comes first whichever way it is sorted.
    return [first, F("due_date").asc(**nulls), "pk"]


def party_prefetch() -> Prefetch:
    return Prefetch("parties", queryset=Party.objects.only("tracked_item_id", "role", "label"))


def sorted_rows(items, sort: str, dated: bool):
    """The list page's rows: only the columns it shows, parties prefetched, in ``sort``
    order ("due", "-status", …)."""
    key = sort.lstrip("-")
    if key == "status":
        items = items.alias(status_rank=STATUS_RANK)
    elif key == "type":
        items = items.alias(type_rank=TYPE_RANK)
    return (
        items.select_related("body")
        .only(*LIST_FIELDS)
        .prefetch_related(party_prefetch())
        .order_by(*_ordering(sort, dated))
    )


def annotate_rows(items, today: dt.date) -> list[TrackedItem]:
    """Overdue, RAG and the parties by role, worked out once per row for the template."""
    rows = list(items)
    for item in rows:
        item.overdue_now = item.is_overdue(today)
        item.rag_now = item.rag(today)
        item.history_now = item.history_note
        parties = list(item.parties.all())
        item.owner_labels = [p.label for p in parties if p.role == Party.Role.OWNER]
        item.addressee_labels = [p.label for p in parties if p.role == Party.Role.ADDRESSEE]
    return rows


def count_label(count: int) -> str:
    return f"{count:,} tracked item{'' if count == 1 else 's'}"


def next_meeting(body: Body, user, today: dt.date) -> Meeting | None:
    """The body's first meeting this user may see on or after ``today`` that is still going
    ahead: one held today still counts (its papers are the ones in front of the board), one
    postponed or cancelled does not. The Outstanding Issues report and the body page both
    ask here, so they name the same meeting."""
    return (
        Meeting.objects.visible_to(user)
        .filter(body=body, date__gte=today)
        .exclude(status__in=Meeting.CALLED_OFF)
        .order_by("date")
        .first()
    )


def due_before_next_meeting(body: Body, user, today: dt.date) -> dict:
    """Open items the body raised or is named on, due on or before its next meeting.

    The links are to the tracker list with the same filters, so they list the same items.
    """
    meeting = next_meeting(body, user, today)
    cutoff = meeting.date if meeting else today + dt.timedelta(NO_MEETING_WINDOW_DAYS)
    # Everything overdue is due before the cut-off, which is today or later; the filter
    # is the all_url's, so the link lists these same items.
    filters = TrackerFilters(body=body, owned=True, due_by=cutoff)
    due = filter_items(TrackedItem.objects.visible_to(user), filters, today)
    shown = annotate_rows(
        due.select_related("body")
        .prefetch_related(party_prefetch())
        .order_by("due_date", "pk")[:DUE_LIST_LIMIT],
        today,
    )
    counts = due.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    tracker = reverse("tracker")
    overdue = TrackerFilters(body=body, owned=True, overdue=True)
    return {
        "next_meeting": meeting,
        "cutoff": cutoff,
        "window_days": NO_MEETING_WINDOW_DAYS,
        "items": shown,
        "total": counts["total"],
        "overdue_count": counts["overdue"],
        "overdue_url": f"{tracker}?{overdue.as_query()}",
        "all_url": f"{tracker}?{filters.as_query()}",
    }


def programme_years(body: Body, user, newest_first: bool = False) -> list[MunicipalYear]:
    """The municipal years in which the body has work programme items this user may see."""
    labels = (
        WorkProgrammeItem.objects.visible_to(user)
        .filter(body=body)
        .order_by("-municipal_year" if newest_first else "municipal_year")
        .values_list("municipal_year", flat=True)
        .distinct()
    )
    return [year for year in map(MunicipalYear.parse, labels) if year is not None]


def year_meetings(body: Body, year: MunicipalYear, user, also=None) -> list[Meeting]:
    """The body's meetings in the year, in date order, and the meeting ``also`` if given."""
    wanted = Q(date__range=(year.start, year.end))
    if also is not None:
        wanted |= Q(pk=also)
    return list(Meeting.objects.visible_to(user).filter(body=body).filter(wanted).order_by("date"))


@dataclass(frozen=True)
class Edit:
    """One row of an item's history of edits, in the shape of ``web/edit_history.html``."""

    action_time: dt.datetime
    user: object
    change_message: str


# An edit made on a page writes its status change or response and its log entry in the same
# request: a log entry this close to one by the same user stands for it.
SAME_EDIT = dt.timedelta(seconds=5)


def edits_of(item: TrackedItem, changes, responses) -> list[Edit]:
    """Who changed the item, newest first: the edit log (``governance.edits``), merged with
    the status changes and responses (as the item page already holds them, with their
    users) that people recorded before every edit was logged."""
    logged = [
        Edit(entry.action_time, entry.user, entry.change_message) for entry in history_of(item)
    ]
    earlier = [
        Edit(change.changed_at, change.changed_by, f"Changed the status: {change.note}")
        for change in changes
        if change.changed_by_id
    ] + [
        Edit(response.recorded_at, response.recorded_by, "Recorded a response")
        for response in responses
        if response.recorded_by_id
    ]
    unlogged = [
        edit
        for edit in earlier
        if not any(
            entry.user == edit.user and abs(entry.action_time - edit.action_time) <= SAME_EDIT
            for entry in logged
        )
    ]
    return sorted(logged + unlogged, key=lambda edit: edit.action_time, reverse=True)
