""" "Track this": a resolution becomes a tracked item in one step, prefilled with what
ingest would derive from it (``tracker.resolutions``), for an officer of its body to confirm.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from scrutineer.governance import access
from scrutineer.governance.edits import ADDED, CHANGED, record_edit
from scrutineer.governance.models import Resolution, Visibility
from scrutineer.governance.restriction import readable, readable_by

from .. import workflow
from ..forms import TrackResolutionForm
from ..models import Party, TrackedItem
from ..owners import add_parties, split_labels
from ..resolutions import (
    ask_of,
    is_proposed,
    item_fields,
    opening_note,
    parties_of,
    resolution_key,
)


def _editable_resolution(request, pk) -> Resolution:
    """404 when the reader may not see the resolution, 403 when they may not edit its body."""
    resolution = get_object_or_404(
        Resolution.objects.select_related("minute__meeting__body", "minute__agenda_item", "source"),
        pk=pk,
        minute__meeting__body__council=request.council,
    )
    if not readable_by(resolution, request.user):
        raise Http404("No such resolution.")
    if not access.can_edit_body(request.user, resolution.minute.meeting.body):
        raise PermissionDenied("Only officers of this body can track its resolutions.")
    return resolution


def _initial(resolution: Resolution) -> dict:
    ask = ask_of(resolution)
    fields = item_fields(resolution.minute, resolution, ask)
    due = fields["due_date"]
    labels = parties_of(ask) if ask else []
    return {
        "topic": fields["topic"],
        "text": fields["text"],
        "item_type": fields["item_type"],
        "addressees": ", ".join(label for role, label in labels if role == Party.Role.ADDRESSEE),
        "owners": ", ".join(label for role, label in labels if role == Party.Role.OWNER),
        "due_date": f"{due.day}/{due.month}/{due.year}" if due else "",
        "due_basis": fields["due_basis"],
        # as private as the minute or meeting it came from
        "visibility": Visibility.PUBLIC if readable(resolution, False) else Visibility.RESTRICTED,
    }


@transaction.atomic
def _track(resolution: Resolution, data: dict, user) -> TrackedItem:
    """The item, its parties and its first history entry, as ingest makes them, with what
    the officer confirmed; recorded against the item and the meeting."""
    minute, meeting = resolution.minute, resolution.minute.meeting
    fields = item_fields(minute, resolution, None)
    due_basis = workflow.hand_entry_basis(data["due_basis"], data["due_date"])
    fields.update(
        item_type=data["item_type"],
        text=data["text"].strip(),
        topic=data["topic"].strip(),
        due_date=data["due_date"],
        due_basis=due_basis,
    )
    item = TrackedItem.objects.create(
        body=meeting.body,
        import_key=resolution_key(minute, resolution),
        status=TrackedItem.Status.OPEN,
        visibility=data["visibility"],
        last_seen=meeting.date,
        **fields,
    )
    add_parties(
        item,
        [(Party.Role.ADDRESSEE, label) for label in split_labels(data["addressees"])]
        + [(Party.Role.OWNER, label) for label in split_labels(data["owners"])],
    )
    workflow.record_hand_entry(item, user, f"{opening_note(minute, None)[:-1]}: tracked by hand.")
    part = f", resolution {resolution.part}" if resolution.part else ""
    where = f"minute {minute.reference}{part}"
    record_edit(user, item, ADDED, f"Tracked {where}")
    record_edit(user, meeting, CHANGED, f"Tracked {where} as {item.get_item_type_display()}")
    return item


@login_required
def track_resolution(request, pk):
    resolution = _editable_resolution(request, pk)
    tracked = resolution.tracked_items.order_by("pk").first()
    if tracked is not None:  # already tracked, or a second press of the button
        messages.info(request, "This resolution is already tracked.")
        return redirect(tracked.get_absolute_url())
    if request.method == "POST":
        form = TrackResolutionForm(request.POST, private=not readable(resolution, False))
        if form.is_valid():
            try:
                item = _track(resolution, form.cleaned_data, request.user)
            except IntegrityError:  # the same resolution tracked at the same moment
                item = TrackedItem.objects.get(
                    body=resolution.minute.meeting.body,
                    import_key=resolution_key(resolution.minute, resolution),
                )
                return redirect(item.get_absolute_url())
            messages.success(request, "The resolution is now tracked.")
            return redirect(item.get_absolute_url())
    else:
        form = TrackResolutionForm(
            initial=_initial(resolution), private=not readable(resolution, False)
        )
    return render(
        request,
        "tracker/track_form.html",
        {
            "resolution": resolution,
            "minute": resolution.minute,
            "meeting": resolution.minute.meeting,
            "form": form,
            "proposed": is_proposed(resolution.text),
        },
    )
