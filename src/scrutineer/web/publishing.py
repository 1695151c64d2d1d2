"""Publishing a meeting's agenda pack, and downloading it. Officers of the body check what
the pack will hold and what is left out, then publish; anyone who may see the meeting may
download the pack. The rules of what goes in are ``reports.agenda_pack``'s."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from scrutineer.governance.attachments import PDF
from scrutineer.governance.edits import history_of
from scrutineer.reports.agenda_pack import (
    is_current,
    pack_file_name,
    plan_agenda_pack,
    publish_agenda,
)

from .downloads import stored_file
from .editing import editable_meeting, officer_page, readable_meeting

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
    meeting = readable_meeting(request, slug, day)
    if not is_current(meeting):  # none published, or its agenda has changed since
        raise Http404("No agenda pack is published for this meeting's agenda as it stands.")
    return stored_file(meeting.agenda_pack, PDF, pack_file_name(meeting), inline=True)
