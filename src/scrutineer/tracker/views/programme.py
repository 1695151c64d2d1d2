"""The work programme pages: a body's programme for a municipal year, grouped by meeting
and bucket, and the forms officers use to add and move its items.

Moving an item goes through ``workflow.bump_version``, so that no move silently
overwrites someone else's.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from scrutineer.governance import access
from scrutineer.governance.edits import ADDED, CHANGED, record_edit
from scrutineer.governance.models import Body, in_council
from scrutineer.governance.restriction import readable_by
from scrutineer.periods import MunicipalYear
from scrutineer.web.editing import editable_body

from .. import workflow
from ..forms import MoveProgrammeItemForm, ProgrammeItemForm
from ..models import WorkProgrammeItem
from ..owners import split_labels
from ..programme_groups import group_programme
from ..queries import programme_years, year_meetings


def programme_url(body: Body, municipal_year: str | MunicipalYear) -> str:
    """The work programme page of ``body`` for a year, given as stored ("2016/17") or parsed."""
    year = municipal_year
    if not isinstance(year, MunicipalYear):
        year = MunicipalYear.parse(year)
    return reverse("work-programme", args=[body.slug, year.slug])


def _programme_links(item, user) -> None:
    """Which of an item's linked records this user may follow, each decided by its own body
    (an item can be taken at another board's meeting)."""
    item.meeting_visible = readable_by(item.meeting, user)
    origin = item.origin_tracked_item
    item.origin_item = origin if readable_by(origin, user) else None
    resolution = item.origin_resolution
    item.origin_minute = resolution.minute if readable_by(resolution, user) else None
    item.taken = item.taken_at if readable_by(item.taken_at, user) else None
    item.taken_in_minute = item.taken_minute if readable_by(item.taken_minute, user) else None
    # An item planned for a meeting that was postponed or cancelled waits for another.
    item.postponed_now = item.status == WorkProgrammeItem.Status.POSTPONED or (
        item.meeting is not None and item.meeting.called_off
    )


def work_programme(request, slug, year: MunicipalYear):
    user = request.user
    municipal_year = year.label
    body = get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)
    can_read = access.can_read_restricted(user, body)
    items = list(
        WorkProgrammeItem.objects.visible_to(user)
        .filter(body=body, municipal_year=municipal_year)
        .select_related(
            "meeting",
            "origin_tracked_item",
            "origin_resolution__minute__meeting__body",
            "origin_resolution__minute__agenda_item__meeting",
            "taken_at__meeting__body",
            "taken_minute__meeting__body",
            "taken_minute__agenda_item__meeting",
        )
        .order_by("order", "pk")
    )
    for item in items:
        _programme_links(item, user)
    years = programme_years(body, user)
    return render(
        request,
        "tracker/work_programme.html",
        {
            "body": body,
            "municipal_year": municipal_year,
            "year": year,
            "groups": group_programme(items, year_meetings(body, year, user), can_read),
            "count": len(items),
            "other_years": [other for other in years if other != year],
            "can_read": can_read,
            "can_edit": user.is_authenticated and access.can_edit_body(user, body),
        },
    )


@login_required
def add_programme_item(request, slug, year: MunicipalYear):
    municipal_year = year.label
    body = editable_body(request, slug)
    meetings = year_meetings(body, year, request.user)
    if request.method == "POST":
        form = ProgrammeItemForm(request.POST, meetings=meetings)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                last = WorkProgrammeItem.objects.filter(
                    body=body, municipal_year=municipal_year
                ).aggregate(last=Max("order"))["last"]
                added = WorkProgrammeItem.objects.create(
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
                record_edit(request.user, added, ADDED, "Added to the work programme")
            messages.success(request, "The item has been added to the work programme.")
            return redirect(programme_url(body, year))
    else:
        form = ProgrammeItemForm(meetings=meetings)
    return render(
        request,
        "tracker/programme_item_form.html",
        {"body": body, "municipal_year": municipal_year, "year": year, "form": form},
    )


@login_required
def move_programme_item(request, slug, year: MunicipalYear, pk):
    municipal_year = year.label
    body = editable_body(request, slug)
    item = get_object_or_404(
        WorkProgrammeItem.objects.visible_to(request.user).select_related("meeting"),
        pk=pk,
        body=body,
        municipal_year=municipal_year,
    )
    meetings = year_meetings(body, year, request.user, also=item.meeting_id)
    stale = False
    if request.method == "POST":
        form = MoveProgrammeItemForm(request.POST, meetings=meetings)
        if form.is_valid():
            data = form.cleaned_data
            meeting, bucket = data["meeting"], data["bucket"]
            keep_label = meeting is None and bucket == item.bucket
            try:
                # The move and its line in the history together, or neither.
                with transaction.atomic():
                    workflow.bump_version(
                        item,
                        data["version"],
                        meeting=meeting,
                        bucket=bucket,
                        bucket_label=item.bucket_label if keep_label else "",
                        status=data["status"],
                    )
                    place = f"{meeting.date:%-d %B %Y}" if meeting else item.get_bucket_display()
                    said = f"Moved to {place}, status {item.get_status_display()}"
                    record_edit(request.user, item, CHANGED, said)
            except workflow.StaleEdit:
                stale = True
                form = form.with_version(item.version)
            else:
                messages.success(request, "The work programme item has been moved.")
                return redirect(programme_url(body, year) + f"#item-{item.pk}")
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
