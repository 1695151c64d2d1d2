"""Officers' pages to add a meeting of their body, change it, and postpone or cancel it.

Every page starts from ``web.editing`` (404 for what the reader may not see, 403 for who
may not edit the body) and every save is written to the meeting's history of edits.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render

from scrutineer.governance.edits import ADDED, CHANGED, changed_fields_message, record_edit
from scrutineer.governance.models import Meeting
from scrutineer.reports.agenda_pack import withdraw_agenda_pack

from .editing import editable_body, editable_meeting, officer_page
from .meeting_forms import MeetingForm, MeetingStatusForm


def _save_meeting(request, form: MeetingForm, action: int, message) -> Meeting | None:
    """The meeting saved and its edit recorded, or None with the form told why not: two
    officers adding a meeting on the same day at once meet the database's constraint."""
    try:
        with transaction.atomic():
            meeting = form.save()
            record_edit(request.user, meeting, action, message(form))
            if action == CHANGED and form.changed_data:  # the front sheet says otherwise
                withdraw_agenda_pack(meeting, request.user, "the meeting changed; publish again")
    except IntegrityError:
        form.add_error("date", form.taken_message(form.cleaned_data["date"]))
        return None
    return meeting


@officer_page
def meeting_add(request, slug):
    body = editable_body(request, slug)
    form = MeetingForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        meeting = _save_meeting(request, form, ADDED, lambda form: "Added the meeting")
        if meeting is not None:
            messages.success(request, f"The meeting on {meeting.date:%-d %B %Y} is added.")
            return redirect(meeting)
    return render(
        request,
        "web/meeting_form.html",
        {"form": form, "body": body, "heading": "Add a meeting", "back": body.get_absolute_url()},
    )


@officer_page
def meeting_edit(request, slug, day):
    meeting = editable_meeting(request, slug, day)
    form = MeetingForm(request.POST or None, instance=meeting, body=meeting.body)
    if request.method == "POST" and form.is_valid():
        saved = _save_meeting(request, form, CHANGED, changed_fields_message)
        if saved is not None:
            messages.success(request, "The meeting is saved.")
            return redirect(saved)
    return render(
        request,
        "web/meeting_form.html",
        {
            "form": form,
            "body": meeting.body,
            "meeting": meeting,
            "heading": "Change the meeting",
            "back": meeting.get_absolute_url(),
        },
    )


STATUS_DONE = {
    Meeting.Status.SCHEDULED: ("Marked the meeting as scheduled", "The meeting is scheduled."),
    Meeting.Status.POSTPONED: ("Postponed the meeting", "The meeting is postponed."),
    Meeting.Status.CANCELLED: ("Cancelled the meeting", "The meeting is cancelled."),
}


@officer_page
def meeting_status(request, slug, day):
    meeting = editable_meeting(request, slug, day)
    initial = {"status": meeting.status if meeting.status in STATUS_DONE else None}
    form = MeetingStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        status = form.cleaned_data["status"]
        if status != meeting.status:
            edit, done = STATUS_DONE[status]
            with transaction.atomic():
                meeting.status = status
                meeting.save(update_fields=["status"])
                record_edit(request.user, meeting, CHANGED, edit)
            messages.success(request, done)
        return redirect(meeting)
    return render(request, "web/meeting_status.html", {"form": form, "meeting": meeting})
