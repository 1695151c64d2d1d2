"""The forms officers use to keep tracked items up to date: record a response, change the
status, add an item by hand.

Writing goes through ``tracker.workflow``, so that every change leaves a history entry and
no edit silently overwrites someone else's.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutineer.governance import access
from scrutineer.governance.edits import ADDED, CHANGED, record_edit
from scrutineer.governance.models import Meeting, Visibility, in_council
from scrutineer.governance.restriction import readable

from .. import workflow
from ..forms import ResponseForm, StatusForm, TrackedItemForm
from ..models import Party, TrackedItem
from ..owners import add_parties, split_labels
from ..resolutions import resolution_named


def _editable_item(request, pk) -> TrackedItem:
    item = get_object_or_404(
        in_council(TrackedItem.objects.visible_to(request.user), request.council).select_related(
            "body"
        ),
        pk=pk,
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
        record_edit(request.user, item, CHANGED, "Recorded a response")
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
        label = TrackedItem.Status(data["status"]).label
        record_edit(request.user, item, CHANGED, f"Changed the status to {label}")
        return f"The status is now {TrackedItem.Status(data['status']).label}."

    return _edit_item(
        request,
        pk,
        StatusForm,
        "tracker/status_form.html",
        save,
        form_kwargs=lambda item: {"current_status": item.status},
    )


@login_required
def add_tracked_item(request):
    bodies = list(in_council(access.editable_bodies(request.user), request.council))
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
    due_basis = workflow.hand_entry_basis(data["due_basis"], data["due_date"])
    reference = data["source_reference"].strip()
    # "Minute 41/26, resolution 2" of the chosen meeting: linked as "Track this" links it.
    minute, resolution = resolution_named(meeting, reference) if meeting else (None, None)
    # A public item does not take the title of a minute the public may not read.
    if minute and data["visibility"] == Visibility.PUBLIC and not readable(minute, False):
        minute = None
    item = TrackedItem.objects.create(
        item_type=data["item_type"],
        text=data["text"].strip(),
        number=data["number"].strip(),
        source_kind=data["source_kind"],
        source_reference=reference,
        topic=minute.title if minute else "",
        body=data["body"],
        meeting=meeting,
        resolution=resolution,
        due_date=data["due_date"],
        due_basis=due_basis,
        officer_contact_text=data["officer_contact_text"].strip(),
        visibility=data["visibility"],
    )
    add_parties(
        item,
        [
            (role, label)
            for role, name in [(Party.Role.OWNER, "owners"), (Party.Role.ADDRESSEE, "addressees")]
            for label in split_labels(data[name])
        ],
    )
    workflow.record_hand_entry(item, user)
    record_edit(user, item, ADDED, "Added the item by hand")
    return item


@login_required
def settle_history(request):
    """Officers close, carry forward or re-open, in one go, the history items they ticked
    on the tracker list (``seen=history``); items of bodies they are not officers of, and
    items that are no longer history, are left alone and counted."""
    if not in_council(access.editable_bodies(request.user), request.council).exists():
        raise PermissionDenied("Only officers can settle tracked items.")
    if request.method != "POST":
        return redirect("tracker")
    action = request.POST.get("action", "")
    back = request.POST.get("back", "")
    back = back if back.startswith("?") else ""
    if action not in workflow.HISTORY_ACTIONS:
        messages.error(request, "Choose what to do with the ticked items.")
        return redirect(f"{reverse('tracker')}{back}")
    ids = [int(pk) for pk in request.POST.getlist("item") if pk.isdigit()]
    items = (
        in_council(TrackedItem.objects.visible_to(request.user), request.council)
        .history()
        .filter(pk__in=ids)
        .select_related("body")
    )
    done = 0
    with transaction.atomic():
        for item in items:
            if access.can_edit_body(request.user, item.body):
                workflow.settle_history(item, action, request.user)
                record_edit(request.user, item, CHANGED, workflow.HISTORY_ACTIONS[action])
                done += 1
    skipped = len(ids) - done
    label = workflow.HISTORY_ACTIONS[action].split(":")[0].lower()
    message = f"{done} item{'' if done == 1 else 's'}: {label}."
    if skipped:
        message += f" {skipped} left alone: not history, or not your body's."
    messages.success(request, message)
    return redirect(f"{reverse('tracker')}{back}")
