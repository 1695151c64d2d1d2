"""Publishing a meeting's agenda pack, and downloading it. Officers of the body check what
the pack will hold and what is left out, then publish; anyone who may see the meeting may
download the pack. The rules of what goes in are ``reports.agenda_pack``'s."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from scrutineer.governance.edits import history_of
from scrutineer.governance.models import Meeting, in_council
from scrutineer.reports.agenda_pack import (
    is_current,
    pack_file_name,
    plan_agenda_pack,
    publish_agenda,
)

from .editing import editable_meeting, meeting_day, officer_page

NO_AGENDA = "Add the agenda items before publishing the agenda"


@officer_page
@require_http_methods(["GET", "POST"])
def agenda_publish(request, slug, day):
    meeting = editable_meeting(request, slug, day)
    plan = plan_agenda_pack(meeting)
    errors = []
    if request.method == "POST":
        if plan.has_agenda:
            pack = publish_agenda(meeting, request.user, plan)
            messages.success(request, f"Published the agenda pack ({pack.pages} pages)")
            return redirect(meeting)
        errors = [("", NO_AGENDA)]
    return render(
        request,
        "web/agenda_publish.html",
        {
            "meeting": meeting,
            "plan": plan,
            "separately": [left for left in plan.left_out if left.separately],
            "kept_out": [left for left in plan.left_out if not left.separately],
            "errors": errors,
            "edits": history_of(meeting)[:10],
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "HEAD"])
def agenda_pack(request, slug, day):
    """The stored pack, shown in the browser; as restricted as its meeting."""
    meetings = in_council(Meeting.objects.visible_to(request.user), request.council)
    meeting = get_object_or_404(
        meetings.select_related("body"), body__slug=slug, date=meeting_day(day)
    )
    if not is_current(meeting):  # none published, or its agenda has changed since
        raise Http404("No agenda pack is published for this meeting's agenda as it stands.")
    try:
        handle = meeting.agenda_pack.open("rb")
    except FileNotFoundError:
        raise Http404("The agenda pack's file is missing.") from None
    response = FileResponse(
        handle, content_type="application/pdf", filename=pack_file_name(meeting)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
