"""Tracker and work programme pages, and the forms officers use to keep them up to date.

Reading follows the rules of the public pages: each page fetches what the user may see in
a fixed number of queries, however many rows there are. Writing goes through
``tracker.workflow`` (or, for the work programme, the same version check), so that every
change leaves a history entry and no edit silently overwrites someone else's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Max, Prefetch, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from scrutineer.governance import access
from scrutineer.governance.models import (
    Body,
    BodyAlias,
    Meeting,
    Organisation,
    OrganisationAlias,
    Person,
    Warning,
    alias_key,
)
from scrutineer.governance.restriction import SourceLine, Withholding, if_readable, readable
from scrutineer.web.forms import DATE_EXAMPLE

from . import workflow
from .forms import (
    SORTS,
    MoveProgrammeItemForm,
    ProgrammeItemForm,
    ResponseForm,
    StatusForm,
    TrackedItemForm,
    TrackerFilterForm,
    split_labels,
)
from .models import Party, StatusChange, TrackedItem, WorkProgrammeItem

ITEMS_PER_PAGE = 50
DUE_LIST_LIMIT = 20
EXCERPT_MAX_LINES = 60
NO_MEETING_WINDOW_DAYS = 28

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


def _party_prefetch() -> Prefetch:
    return Prefetch("parties", queryset=Party.objects.only("tracked_item_id", "role", "label"))


def _annotate_rows(items, today: dt.date) -> list[TrackedItem]:
    """Overdue, RAG and the parties by role, worked out once per row for the template."""
    rows = list(items)
    for item in rows:
        item.overdue_now = item.is_overdue(today)
        item.rag_now = item.rag(today)
        parties = list(item.parties.all())
        item.owner_labels = [p.label for p in parties if p.role == Party.Role.OWNER]
        item.addressee_labels = [p.label for p in parties if p.role == Party.Role.ADDRESSEE]
    return rows


def _related_to_body(items, body_pk: int):
    """Items the body raised, and items other bodies raised that name it as a party."""
    named = Party.objects.filter(body_id=body_pk).values("tracked_item_id")
    return items.filter(Q(body_id=body_pk) | Q(pk__in=named))


def count_label(count: int) -> str:
    return f"{count:,} tracked item{'' if count == 1 else 's'}"


def _query_value(value) -> str:
    if value is True:
        return "yes"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def tracker_list(request):
    user = request.user
    today = timezone.localdate()
    bodies = list(Body.objects.only("pk", "slug", "name"))
    form = TrackerFilterForm(request.GET, bodies=bodies)
    form.is_valid()  # filters that are wrong are shown as errors; the rest still apply
    chosen = form.cleaned_data
    items = TrackedItem.objects.visible_to(user)

    body = next((b for b in bodies if b.slug == chosen.get("body")), None)
    if body is not None:
        if chosen.get("owned"):
            items = _related_to_body(items, body.pk)
        else:
            items = items.filter(body_id=body.pk)
    status = chosen.get("status")
    if status == TrackerFilterForm.OUTSTANDING:
        items = items.open()
    elif status:
        items = items.filter(status=status)
    if owner := chosen.get("owner"):
        # People, organisations and bodies are few: match them first, then the parties.
        matching = Party.objects.filter(
            Q(label__icontains=owner)
            | Q(person__in=Person.objects.filter(name__icontains=owner).values("pk"))
            | Q(organisation__in=Organisation.objects.filter(name__icontains=owner).values("pk"))
            | Q(body__in=Body.objects.filter(name__icontains=owner).values("pk"))
        ).values("tracked_item_id")
        items = items.filter(pk__in=matching)
    if item_type := chosen.get("item_type"):
        items = items.filter(item_type=item_type)
    if source_kind := chosen.get("source_kind"):
        items = items.filter(source_kind=source_kind)
    dated = bool(
        chosen.get("overdue") or chosen.get("due_within") is not None or chosen.get("due_by")
    )
    if chosen.get("overdue"):
        items = items.overdue(today)
    if chosen.get("due_within") is not None:
        items = items.due_within(today, chosen["due_within"])
    if due_by := chosen.get("due_by"):
        items = items.open().filter(due_date__lte=due_by)

    sort = chosen.get("sort") or "due"
    key = sort.lstrip("-")
    if key == "status":
        items = items.alias(status_rank=STATUS_RANK)
    elif key == "type":
        items = items.alias(type_rank=TYPE_RANK)
    items = (
        items.select_related("body")
        .only(
            "pk",
            "item_type",
            "number",
            "text",
            "status",
            "due_date",
            "visibility",
            "body__name",
            "body__slug",
        )
        .prefetch_related(_party_prefetch())
        .order_by(*_ordering(sort, dated))
    )
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    # The exports take the same filters; only those that were valid, in the form they expect.
    export_query = urlencode(
        {
            key: _query_value(value)
            for key, value in chosen.items()
            if key != "sort" and value not in (None, "", False)
        }
    )
    rows = _annotate_rows(page.object_list, today)
    count = page.paginator.count
    return render(
        request,
        "tracker/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "count_label": count_label(count),
            "sort": sort,
            "sort_label": SORTS[sort],
            "export_query": f"?{export_query}" if export_query else "",
            "today": today,
            "filtered": any(
                value not in (None, "", False) for key, value in chosen.items() if key != "sort"
            ),
            "can_add": bool(editable_bodies(user)) if user.is_authenticated else False,
        },
    )


@dataclass
class FollowUpRow:
    kind: str
    label: str
    url: str | None
    note: str = ""


def _follow_up_rows(item, programme_items, can_read: bool) -> list[FollowUpRow]:
    rows = []
    follow_ups = item.follow_ups.select_related(
        "programme_item__meeting",
        "programme_item__body",
        "agenda_item__meeting__body",
        "minute__meeting__body",
    )
    for follow_up in follow_ups:
        programme, agenda, minute = (
            follow_up.programme_item,
            follow_up.agenda_item,
            follow_up.minute,
        )
        if readable(programme, can_read):
            rows.append(
                FollowUpRow(
                    "Work programme item",
                    programme.title,
                    programme_url(programme.body, programme.municipal_year),
                    follow_up.note,
                )
            )
        if readable(agenda, can_read):
            rows.append(
                FollowUpRow(
                    "Agenda item",
                    f"{agenda} ({agenda.meeting})",
                    agenda.meeting.get_absolute_url(),
                    follow_up.note,
                )
            )
        if readable(minute, can_read):
            rows.append(
                FollowUpRow(
                    "Minute",
                    f"{minute} ({minute.meeting})",
                    minute.get_absolute_url(),
                    follow_up.note,
                )
            )
        if programme is None and agenda is None and minute is None and follow_up.note:
            rows.append(FollowUpRow("Note", follow_up.note, None))
    for programme in programme_items:
        rows.append(
            FollowUpRow(
                "Work programme item",
                programme.title,
                programme_url(programme.body, programme.municipal_year),
                "Put on the work programme from this item.",
            )
        )
    return rows


def source_excerpt(record, withholding: Withholding, can_read: bool) -> list[SourceLine]:
    """The numbered source lines of a record, when its document may be shown."""
    document = record.source
    if record.first_line is None or not readable(document, can_read):
        return []
    first = record.first_line
    last = min(record.last_line or first, first + EXCERPT_MAX_LINES - 1)
    return withholding.lines(document, first, last)


def tracked_item(request, pk):
    user = request.user
    today = timezone.localdate()
    can_read = access.can_read_restricted(user)
    item = get_object_or_404(
        TrackedItem.objects.visible_to(user).select_related(
            "body",
            "meeting__body",
            "resolution__minute__meeting__body",
            "parent",
            "officer_contact",
            "source",
        ),
        pk=pk,
    )
    parties = list(item.parties.select_related("person", "organisation", "body"))
    subitems = _annotate_rows(
        item.subitems.visible_to(user).prefetch_related(_party_prefetch()).order_by("number", "pk"),
        today,
    )
    programme_items = item.programme_items.visible_to(user).select_related("body")
    resolution = item.resolution
    resolution_visible = readable(resolution, can_read)
    withholding = Withholding(user)
    context = {
        "item": item,
        "today": today,
        "overdue": item.is_overdue(today),
        "rag": item.rag(today),
        "addressees": [p for p in parties if p.role == Party.Role.ADDRESSEE],
        "owners": [p for p in parties if p.role == Party.Role.OWNER],
        "meeting_visible": readable(item.meeting, can_read),
        "resolution": resolution if resolution_visible else None,
        "parent": if_readable(item.parent, can_read),
        "subitems": subitems,
        "excerpt": source_excerpt(item, withholding, can_read),
        "source_visible": readable(item.source, can_read),
        "history": item.status_changes.select_related("changed_by"),
        "responses": item.responses.select_related("recorded_by"),
        "follow_ups": _follow_up_rows(item, programme_items, can_read),
        "warnings": Warning.objects.visible_to(user, withholding)
        .about([item])
        .select_related("document")
        .defer("document__text"),
        "can_edit": user.is_authenticated and access.can_edit_body(user, item.body),
    }
    return render(request, "tracker/item.html", context)


# Editing ------------------------------------------------------------------------------


def editable_bodies(user) -> list[Body]:
    return list(access.editable_bodies(user))


def _editable_item(request, pk) -> TrackedItem:
    item = get_object_or_404(
        TrackedItem.objects.visible_to(request.user).select_related("body"), pk=pk
    )
    if not access.can_edit_body(request.user, item.body):
        raise PermissionDenied("Only officers of this body can change its tracked items.")
    return item


def _stale_context(item: TrackedItem) -> dict:
    """What the item looks like now, shown when an edit was made against an old version."""
    return {
        "current": item,
        "current_change": item.status_changes.select_related("changed_by").last(),
        "current_response": item.responses.last(),
    }


def _edit_item(request, pk, form_class, template, save, form_kwargs=None, initial=None):
    """The shared shape of the tracked-item forms: permission, version check, save."""
    item = _editable_item(request, pk)
    form_kwargs = form_kwargs(item) if form_kwargs else {}
    stale = {}
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                with transaction.atomic():
                    message = save(item, form.cleaned_data)
            except workflow.StaleEdit as error:
                item = error.item
                stale = _stale_context(item)
                form = form.with_version(item.version)
            else:
                messages.success(request, message)
                return redirect(item.get_absolute_url())
    else:
        form = form_class(initial={"version": item.version, **(initial or {})}, **form_kwargs)
    return render(request, template, {"item": item, "form": form, "stale": stale})


def _today_text() -> str:
    today = timezone.localdate()
    return f"{today.day}/{today.month}/{today.year}"


@login_required
def record_response(request, pk):
    def save(item, data):
        workflow.record_response(
            item,
            data["text"],
            date=data["date"],
            responder=data["responder"],
            links=data["links"],
            user=request.user,
            expected_version=data["version"],
        )
        return "The response has been recorded."

    return _edit_item(
        request,
        pk,
        ResponseForm,
        "tracker/response_form.html",
        save,
        initial={"date": _today_text()},
    )


@login_required
def change_status(request, pk):
    def save(item, data):
        workflow.change_status(
            item,
            data["status"],
            data["note"],
            request.user,
            expected_version=data["version"],
        )
        return f"The status is now {TrackedItem.Status(data['status']).label}."

    return _edit_item(
        request,
        pk,
        StatusForm,
        "tracker/status_form.html",
        save,
        form_kwargs=lambda item: {"current_status": item.status},
    )


def _resolve_party(label: str) -> dict:
    """Link a typed name to the one body or organisation it names, never to a guess."""
    key = alias_key(label)
    links = {}
    bodies = set(Body.objects.filter(name__iexact=label).values_list("pk", flat=True))
    bodies |= set(BodyAlias.objects.filter(key=key).values_list("body_id", flat=True))
    if len(bodies) == 1:
        links["body_id"] = bodies.pop()
    organisations = set(
        Organisation.objects.filter(name__iexact=label).values_list("pk", flat=True)
    )
    organisations |= set(
        OrganisationAlias.objects.filter(key=key).values_list("organisation_id", flat=True)
    )
    if len(organisations) == 1:
        links["organisation_id"] = organisations.pop()
    return links


@login_required
def add_tracked_item(request):
    bodies = editable_bodies(request.user)
    if not bodies:
        raise PermissionDenied("Only officers can add tracked items.")
    if request.method == "POST":
        form = TrackedItemForm(request.POST, bodies=bodies)
        meeting = None
        if form.is_valid():
            data = form.cleaned_data
            body = data["body"]
            if data["meeting_date"]:
                meeting = Meeting.objects.filter(body=body, date=data["meeting_date"]).first()
                if meeting is None:
                    form.add_error(
                        "meeting_date",
                        f"Enter the date of a meeting of {body.name}, or leave it blank "
                        f"(there is none on {data['meeting_date']:%-d %B %Y})",
                    )
        if form.is_valid():
            item = _create_item(form.cleaned_data, meeting, request.user)
            messages.success(request, "The tracked item has been added.")
            return redirect(item.get_absolute_url())
    else:
        form = TrackedItemForm(bodies=bodies, initial={"body": request.GET.get("body", "")})
    return render(request, "tracker/item_form.html", {"form": form})


@transaction.atomic
def _create_item(data, meeting, user) -> TrackedItem:
    due_basis = data["due_basis"] or ("Entered by hand." if data["due_date"] else "")
    item = TrackedItem.objects.create(
        item_type=data["item_type"],
        text=data["text"].strip(),
        number=data["number"].strip(),
        source_kind=data["source_kind"],
        source_reference=data["source_reference"].strip(),
        body=data["body"],
        meeting=meeting,
        due_date=data["due_date"],
        due_basis=due_basis,
        officer_contact_text=data["officer_contact_text"].strip(),
        visibility=data["visibility"],
    )
    Party.objects.bulk_create(
        Party(tracked_item=item, role=role, label=label, **_resolve_party(label))
        for role, field_name in [(Party.Role.OWNER, "owners"), (Party.Role.ADDRESSEE, "addressees")]
        for label in split_labels(data[field_name])
    )
    StatusChange.objects.create(
        tracked_item=item,
        from_status="",
        to_status=item.status,
        changed_at=timezone.now(),
        changed_by=user,
        note="Entered by hand.",
    )
    return item


# Work programme ------------------------------------------------------------------------


def year_slug(municipal_year: str) -> str:
    return municipal_year.replace("/", "-")


def programme_url(body: Body, municipal_year: str) -> str:
    return reverse("work-programme", args=[body.slug, year_slug(municipal_year)])


def municipal_year_from_slug(year: str) -> str:
    """ "2016-17" -> "2016/17"; anything else is not a page."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", year)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise Http404("A municipal year is written like 2016-17.")
    return f"{match[1]}/{match[2]}"


def municipal_year_span(municipal_year: str) -> tuple[dt.date, dt.date]:
    """A municipal year runs from May to the following April."""
    first = int(municipal_year[:4])
    return dt.date(first, 5, 1), dt.date(first + 1, 4, 30)


@dataclass
class ProgrammeGroup:
    heading: str
    meeting: Meeting | None = None
    bucket: str = ""
    items: list = field(default_factory=list)

    @property
    def postponed(self) -> bool:
        return self.meeting is not None and self.meeting.status == Meeting.Status.POSTPONED

    @property
    def anchor(self) -> str:
        if self.meeting is not None:
            return f"meeting-{self.meeting.date.isoformat()}"
        return f"bucket-{self.bucket or 'unplaced'}"


def group_programme(items, meetings=(), can_read: bool = False) -> list[ProgrammeGroup]:
    """Meetings in date order, then the buckets in their usual order, then anything unplaced.

    ``meetings`` are the body's meetings in the year: each gets a group even with nothing
    planned for it, so that a postponed or cancelled meeting still shows. An item planned
    for a meeting this reader may not see is grouped as if it had no meeting.
    """
    items = list(items)
    by_meeting = {meeting.pk: (meeting, []) for meeting in meetings}
    unmet = []
    for item in items:
        if meeting := if_readable(item.meeting, can_read):
            by_meeting.setdefault(meeting.pk, (meeting, []))[1].append(item)
        else:
            unmet.append(item)
    groups = [
        ProgrammeGroup(f"{meeting.date:%-d %B %Y}", meeting=meeting, items=rows)
        for meeting, rows in sorted(by_meeting.values(), key=lambda pair: pair[0].date)
    ]
    buckets = WorkProgrammeItem.Bucket
    for bucket in buckets.values:
        rows = [i for i in unmet if i.bucket == bucket]
        if rows:
            label = next((i.bucket_label for i in rows if i.bucket_label), buckets(bucket).label)
            groups.append(ProgrammeGroup(label, bucket=bucket, items=rows))
    unplaced = [i for i in unmet if i.bucket not in buckets.values]
    if unplaced:
        groups.append(ProgrammeGroup("Not yet placed", items=unplaced))
    return groups


def _programme_links(item, can_read: bool) -> None:
    """Which of an item's linked records this user may follow."""
    item.meeting_visible = readable(item.meeting, can_read)
    origin = item.origin_tracked_item
    item.origin_item = if_readable(origin, can_read)
    resolution = item.origin_resolution
    item.origin_minute = resolution.minute if readable(resolution, can_read) else None
    item.taken = if_readable(item.taken_at, can_read)
    item.postponed_now = item.status == WorkProgrammeItem.Status.POSTPONED or (
        item.meeting is not None and item.meeting.status == Meeting.Status.POSTPONED
    )


def programme_years(body: Body, user) -> list[str]:
    return list(
        WorkProgrammeItem.objects.visible_to(user)
        .filter(body=body)
        .order_by("municipal_year")
        .values_list("municipal_year", flat=True)
        .distinct()
    )


def work_programme(request, slug, year):
    user = request.user
    municipal_year = municipal_year_from_slug(year)
    body = get_object_or_404(Body, slug=slug)
    can_read = access.can_read_restricted(user)
    items = list(
        WorkProgrammeItem.objects.visible_to(user)
        .filter(body=body, municipal_year=municipal_year)
        .select_related(
            "meeting",
            "origin_tracked_item",
            "origin_resolution__minute__meeting__body",
            "taken_at__meeting__body",
        )
        .order_by("order", "pk")
    )
    for item in items:
        _programme_links(item, can_read)
    years = programme_years(body, user)
    return render(
        request,
        "tracker/work_programme.html",
        {
            "body": body,
            "municipal_year": municipal_year,
            "year": year,
            "groups": group_programme(items, _year_meetings(body, municipal_year, user), can_read),
            "count": len(items),
            "other_years": [(y, year_slug(y)) for y in years if y != municipal_year],
            "can_read": can_read,
            "can_edit": user.is_authenticated and access.can_edit_body(user, body),
        },
    )


def _editable_body(request, slug) -> Body:
    body = get_object_or_404(Body, slug=slug)
    if not access.can_edit_body(request.user, body):
        raise PermissionDenied("Only officers of this body can change its work programme.")
    return body


def _year_meetings(body, municipal_year, user, also=None) -> list[Meeting]:
    start, end = municipal_year_span(municipal_year)
    meetings = Meeting.objects.visible_to(user).filter(body=body)
    wanted = Q(date__range=(start, end))
    if also is not None:
        wanted |= Q(pk=also)
    return list(meetings.filter(wanted).order_by("date"))


@login_required
def add_programme_item(request, slug, year):
    municipal_year = municipal_year_from_slug(year)
    body = _editable_body(request, slug)
    meetings = _year_meetings(body, municipal_year, request.user)
    if request.method == "POST":
        form = ProgrammeItemForm(request.POST, meetings=meetings)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                last = WorkProgrammeItem.objects.filter(
                    body=body, municipal_year=municipal_year
                ).aggregate(last=Max("order"))["last"]
                WorkProgrammeItem.objects.create(
                    body=body,
                    municipal_year=municipal_year,
                    meeting=data["meeting"],
                    bucket=data["bucket"],
                    order=(last or 0) + 1,
                    title=data["title"].strip(),
                    detail=data["detail"].strip(),
                    lead_officers=split_labels(data["lead_officers"]),
                    cabinet_members=split_labels(data["cabinet_members"]),
                    origin_text=data["origin_text"].strip(),
                    standing=data["standing"],
                    status=data["status"],
                    visibility=data["visibility"],
                )
            messages.success(request, "The item has been added to the work programme.")
            return redirect(programme_url(body, municipal_year))
    else:
        form = ProgrammeItemForm(meetings=meetings)
    return render(
        request,
        "tracker/programme_item_form.html",
        {"body": body, "municipal_year": municipal_year, "year": year, "form": form},
    )


@login_required
def move_programme_item(request, slug, year, pk):
    municipal_year = municipal_year_from_slug(year)
    body = _editable_body(request, slug)
    item = get_object_or_404(
        WorkProgrammeItem.objects.visible_to(request.user).select_related("meeting"),
        pk=pk,
        body=body,
        municipal_year=municipal_year,
    )
    meetings = _year_meetings(body, municipal_year, request.user, also=item.meeting_id)
    stale = False
    if request.method == "POST":
        form = MoveProgrammeItemForm(request.POST, meetings=meetings)
        if form.is_valid():
            data = form.cleaned_data
            meeting, bucket = data["meeting"], data["bucket"]
            keep_label = meeting is None and bucket == item.bucket
            try:
                workflow.bump_version(
                    item,
                    data["version"],
                    meeting=meeting,
                    bucket=bucket,
                    bucket_label=item.bucket_label if keep_label else "",
                    status=data["status"],
                )
            except workflow.StaleEdit:
                stale = True
                form = form.with_version(item.version)
            else:
                messages.success(request, "The work programme item has been moved.")
                return redirect(programme_url(body, municipal_year) + f"#item-{item.pk}")
    else:
        form = MoveProgrammeItemForm(
            meetings=meetings,
            initial={
                "version": item.version,
                "meeting": str(item.meeting_id or ""),
                "bucket": item.bucket,
                "status": item.status,
            },
        )
    return render(
        request,
        "tracker/programme_move_form.html",
        {
            "body": body,
            "municipal_year": municipal_year,
            "year": year,
            "item": item,
            "form": form,
            "stale": stale,
        },
    )


# The body page -------------------------------------------------------------------------


def due_before_next_meeting(body: Body, user, today: dt.date) -> dict:
    """Open items the body raised or is named on, due on or before its next meeting."""
    next_meeting = (
        body.meetings.visible_to(user)
        .filter(date__gte=today, status=Meeting.Status.SCHEDULED)
        .order_by("date")
        .first()
    )
    cutoff = next_meeting.date if next_meeting else today + dt.timedelta(NO_MEETING_WINDOW_DAYS)
    related = _related_to_body(TrackedItem.objects.visible_to(user), body.pk).open()
    # Everything overdue is due before the cut-off, which is today or later.
    due = related.filter(due_date__lte=cutoff)
    shown = _annotate_rows(
        due.select_related("body")
        .prefetch_related(_party_prefetch())
        .order_by("due_date", "pk")[:DUE_LIST_LIMIT],
        today,
    )
    counts = due.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    tracker = reverse("tracker")
    return {
        "next_meeting": next_meeting,
        "cutoff": cutoff,
        "window_days": NO_MEETING_WINDOW_DAYS,
        "items": shown,
        "total": counts["total"],
        "overdue_count": counts["overdue"],
        "overdue_url": f"{tracker}?body={body.slug}&owned=yes&overdue=yes",
        "all_url": f"{tracker}?body={body.slug}&owned=yes&due_by={cutoff.isoformat()}",
        "date_example": DATE_EXAMPLE,
    }
