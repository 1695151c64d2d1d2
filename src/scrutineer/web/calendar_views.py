"""The meetings page (a list, upcoming first, or a month's calendar) and the iCalendar
feeds of a council's and a body's meetings. Every one shows only the meetings the reader
may see, of the council the address names."""

from __future__ import annotations

import hashlib

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Max, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, quote_etag

from scrutineer.governance.models import Body, Meeting, in_council
from scrutineer.governance.models.meetings import AGENDA_PUBLISHED, NOT_SEEN

from . import meeting_calendar
from .forms import GovukMixin, page_of
from .meeting_calendar import DAY_NAMES, Month, icalendar_bytes, month_weeks

MEETINGS_PER_PAGE = 50
STANDINGS = [
    (Meeting.Status.SCHEDULED, "Scheduled, still to come"),
    (Meeting.Status.HELD, "Held"),
    (Meeting.Status.POSTPONED, "Postponed"),
    (Meeting.Status.CANCELLED, "Cancelled"),
    (AGENDA_PUBLISHED.code, AGENDA_PUBLISHED.label),
    (NOT_SEEN.code, NOT_SEEN.label),
]


class MeetingFilterForm(GovukMixin, forms.Form):
    """The meetings page's filters, read from the query string."""

    body = forms.ChoiceField(label="Body", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *STANDINGS]
    )
    month = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", "Every body")] + [(b.slug, b.name) for b in bodies]

    def clean_month(self) -> Month | None:
        text = self.cleaned_data["month"]
        month = Month.parse(text) if text else None
        if text and month is None:
            raise forms.ValidationError("Enter a month as a year and month, for example 2022-01")
        return month


def _readable_meetings(request):
    meetings = Meeting.objects.visible_to(request.user).select_related("body__council")
    return in_council(meetings, request.council)


def meetings(request):
    """Every meeting the reader may see, upcoming first (soonest first), then past (latest
    first); with ``?month=2022-01``, that month as a calendar."""
    today = timezone.localdate()
    bodies = in_council(Body.objects.all(), request.council)
    form = MeetingFilterForm(request.GET, bodies=bodies)
    form.is_valid()  # a value it refuses is shown as an error and left out of the filters
    chosen = form.cleaned_data
    found = _readable_meetings(request).with_evidence()
    if chosen.get("body"):
        found = found.filter(body__slug=chosen["body"])
    if chosen.get("status"):
        found = found.standing(chosen["status"], today)
    month = chosen.get("month")
    context = {"form": form, "today": today, "this_month": Month.of(today)}
    if month is not None:
        in_month = found.filter(date__range=(month.first, month.last)).order_by("date", "body")
        weeks = month_weeks(month, in_month)
        context.update(month=month, weeks=weeks, day_names=DAY_NAMES, count=len(in_month))
    else:
        upcoming = Case(When(date__gte=today, then=Value(0)), default=Value(1))
        soonest = Case(When(date__gte=today, then=F("date")))
        ordered = found.annotate(past=upcoming, upcoming_day=soonest).order_by(
            "past", F("upcoming_day").asc(nulls_last=True), "-date", "body__name"
        )
        page = page_of(Paginator(ordered, MEETINGS_PER_PAGE), request)
        rows = list(page.object_list)
        context.update(
            page=page,
            upcoming=[m for m in rows if m.date >= today],
            past=[m for m in rows if m.date < today],
        )
    return render(request, "web/meetings.html", context)


ICALENDAR = "text/calendar; charset=utf-8"


def _icalendar(request, meetings, name: str, filename: str) -> HttpResponse:
    # Calendar programs fetch a subscription every hour or so: its version (how many
    # meetings, when one or its body last changed) answers an unchanged one with 304 before
    # the calendar is made, which is the slow part.
    version = meetings.aggregate(
        count=Count("pk"), meetings=Max("updated_at"), bodies=Max("body__updated_at")
    )
    stamp = f"{request.get_host()}|{name}|{sorted(version.items())}"
    etag = quote_etag(hashlib.sha256(stamp.encode()).hexdigest()[:32])
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:
        return unchanged
    latest = meetings.order_by("-date", "-pk")[: meeting_calendar.CALENDAR_MEETINGS]
    data = icalendar_bytes(reversed(list(latest)), name, request.build_absolute_uri)
    response = HttpResponse(data, content_type=ICALENDAR)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    return response


def council_icalendar(request):
    council = request.council
    name = f"{council.name} meetings" if council is not None else "Meetings"
    return _icalendar(request, _readable_meetings(request), name, "meetings.ics")


def body_icalendar(request, slug):
    body = get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)
    meetings = _readable_meetings(request).filter(body=body)
    return _icalendar(request, meetings, f"{body.name} meetings", f"{body.slug}-meetings.ics")
