"""Officers' pages for what happened at a meeting: attendance, declarations of interest and
the minutes; and the generated minutes (DOCX, PDF) for anyone who may see the meeting.

Every page starts from ``editing.editable_meeting`` (404 if the meeting is not visible,
403 if the user is not an officer of its body), and every save is one transaction written
to the meeting's history (``governance.edits``)."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from scrutineer.governance.attachments import DOCX, PDF
from scrutineer.governance.edits import ADDED, CHANGED, history_of, record_edit
from scrutineer.governance.minute_book import (
    TrackedResolutionError,
    approve_with,
    record_minute,
)
from scrutineer.governance.models import AgendaItem, Meeting, Minute
from scrutineer.ingest.attendance import replace_attendance
from scrutineer.reports.clock import clock
from scrutineer.reports.minutes_document import minutes_docx, minutes_of, minutes_pdf

from .attendance_forms import AttendanceForm, DeclarationsForm, seats_of
from .downloads import download
from .editing import editable_meeting, officer_page, readable_meeting
from .minute_forms import ClosedForm, MinuteForm, tracked_message

NUMBER_TAKEN = (
    "The minute could not be numbered because another minute of this meeting already has "
    "its number: check the meeting's minutes and save again"
)


def _page(request, meeting: Meeting, template: str, context: dict):
    context = {"meeting": meeting, "edits": history_of(meeting)[:20], **context}
    return render(request, template, context)


@officer_page
def attendance_edit(request, slug, day):
    meeting = editable_meeting(request, slug, day)
    seats = seats_of(meeting)
    form = AttendanceForm(request.POST or None, meeting=meeting, seats=seats)
    if request.method == "POST" and form.is_valid():
        entries, known = form.entries()
        with transaction.atomic():
            replace_attendance(meeting, entries, known, shown=form.shown)
            record_edit(request.user, meeting, CHANGED, "Recorded attendance")
        messages.success(request, "The attendance is saved.")
        return redirect(meeting.get_absolute_url() + "#attendance")
    return _page(request, meeting, "web/attendance_form.html", {"form": form})


@officer_page
def declarations_edit(request, slug, day):
    meeting = editable_meeting(request, slug, day)
    form = DeclarationsForm(request.POST or None, meeting=meeting, seats=seats_of(meeting))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            declarations = form.save()
            none = declarations and declarations[0].none_declared
            message = "none declared" if none else f"{len(declarations)} declared"
            record_edit(request.user, meeting, CHANGED, f"Recorded declarations: {message}")
        messages.success(request, "The declarations are saved.")
        return redirect(meeting.get_absolute_url() + "#declarations")
    return _page(request, meeting, "web/declarations_form.html", {"form": form})


@officer_page
def minutes_edit(request, slug, day):
    """The agenda's items with their minutes, and when the meeting closed."""
    meeting = editable_meeting(request, slug, day)
    form = ClosedForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            closed = meeting.closed_at
            said = f"Meeting closed at {clock(closed)}" if closed else "Removed the closing time"
            record_edit(request.user, meeting, CHANGED, said)
        messages.success(request, f"The closing time is {'saved' if closed else 'removed'}.")
        return redirect("minutes-edit", slug=meeting.body.slug, day=meeting.date.isoformat())
    items = list(meeting.agenda_items.prefetch_related("minutes"))
    unlinked = meeting.minutes.filter(agenda_item=None)  # read from papers without an agenda
    context = {"form": form, "items": items, "unlinked": unlinked}
    return _page(request, meeting, "web/minutes_list.html", context)


@officer_page
def minute_edit(request, slug, day, item):
    meeting = editable_meeting(request, slug, day)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item)
    minute = item.minutes.filter(meeting=meeting).order_by("number").first()
    form = MinuteForm(request.POST or None, item=item, minute=minute)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_minute(request, meeting, item, form)
        except TrackedResolutionError as error:  # tracked while the form was open
            form.add_error("resolutions", tracked_message(error.resolutions))
        except IntegrityError:  # a number taken by a minute written without the book's lock
            form.add_error(None, NUMBER_TAKEN)
        else:
            messages.success(request, f"Minute {saved.reference} is saved.")
            return redirect("minutes-edit", slug=meeting.body.slug, day=meeting.date.isoformat())
    context = {"form": form, "item": item, "minute": minute}
    return _page(request, meeting, "web/minute_form.html", context)


def _save_minute(request, meeting: Meeting, item: AgendaItem, form: MinuteForm) -> Minute:
    data = form.cleaned_data
    with transaction.atomic():
        minute, created = record_minute(
            item,
            title=data["title"],
            html=data["text"],
            resolutions=data["resolutions"],
            references=data["references"],
        )
        before, now = approve_with(minute, form.approves())
        label = f"minute {minute.reference}: {minute.title}"
        message = f"Added {label}" if created else f"Changed {label}"
        if now is not None:
            message += f"; it agrees the minutes of {now.date:%-d %B %Y}"
        elif before is not None:
            message += f"; it no longer agrees the minutes of {before.date:%-d %B %Y}"
        record_edit(request.user, meeting, ADDED if created else CHANGED, message)
    return minute


def _file_name(meeting: Meeting, suffix: str) -> str:
    return f"{meeting.body.slug}-minutes-{meeting.date.isoformat()}.{suffix}"


def _content(request, slug, day):
    meeting = readable_meeting(request, slug, day, "body__council")
    content = minutes_of(meeting, request.user)
    if not content.minutes:
        raise Http404("No minutes of this meeting are recorded.")
    return meeting, content


def minutes_docx_view(request, slug, day):
    meeting, content = _content(request, slug, day)
    return download(minutes_docx(content), DOCX, _file_name(meeting, "docx"))


def minutes_pdf_view(request, slug, day):
    meeting, content = _content(request, slug, day)
    return download(minutes_pdf(content), PDF, _file_name(meeting, "pdf"))
