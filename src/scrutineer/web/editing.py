"""The shared start of every officer's page about a body's meetings: find the body or the
meeting the address names, as the reader may see it, and refuse (403) anyone who may not
edit that body's records. One rule, so no edit page forgets the check."""

from __future__ import annotations

from datetime import date
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from scrutineer.governance import access
from scrutineer.governance.models import Body, Meeting, in_council


def meeting_day(day: str) -> date:
    """The day a meeting's address names ("2026-03-17"); any other text is not found."""
    try:
        return date.fromisoformat(day)
    except ValueError:
        raise Http404("No meeting on that day.") from None


def editable_body(request, slug: str) -> Body:
    body = get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)
    if not access.can_edit_body(request.user, body):
        raise PermissionDenied("Only officers of this body can change its records.")
    return body


def readable_meeting(request, slug: str, day: str, *related: str) -> Meeting:
    """The meeting the address names, in the request's council, if this reader may see it
    (else not found); ``related``: more relations to read with it than its body."""
    meetings = in_council(Meeting.objects.visible_to(request.user), request.council)
    return get_object_or_404(
        meetings.select_related("body", *related), body__slug=slug, date=meeting_day(day)
    )


def editable_meeting(request, slug: str, day: str) -> Meeting:
    meeting = readable_meeting(request, slug, day)
    if not access.can_edit_body(request.user, meeting.body):
        raise PermissionDenied("Only officers of this body can change its meetings.")
    return meeting


def officer_page(view):
    """An edit page's view, for officers: a reader not signed in is sent to sign in, but
    only once the page has shown they may see what it is about, so the sign-in address
    never repeats the address of a restricted meeting (a 404 says nothing of it)."""

    @wraps(view)
    def page(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            if request.user.is_authenticated:
                raise
            return redirect_to_login(request.get_full_path())

    return page
