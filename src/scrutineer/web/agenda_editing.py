"""Officers' pages for a meeting's agenda: its items and sub-items, and the files attached
to each; and the download of an attachment, for anyone who may read it.

Edits of the agenda are recorded against the meeting, naming the item, so the meeting's
history of edits tells the story of its papers. Page ranges are not typed: publishing the
agenda pack fills them in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from scrutineer.governance import access
from scrutineer.governance.agenda import next_number, renumber
from scrutineer.governance.edits import ADDED, CHANGED, DELETED, changed_fields_message, record_edit
from scrutineer.governance.models import AgendaItem, LinkedDocument, Meeting
from scrutineer.governance.restriction import readable
from scrutineer.reports.agenda_pack import withdraw_agenda_pack

from .downloads import stored_file
from .editing import editable_meeting, officer_page
from .forms import REQUEST_SLACK, SizeLimit, declared_size
from .meeting_forms import AgendaItemForm, AttachmentForm


def _agenda_url(meeting: Meeting) -> str:
    return reverse("agenda-edit", args=[meeting.body.slug, meeting.date.isoformat()])


def _item(meeting: Meeting, pk: int) -> AgendaItem:
    return get_object_or_404(meeting.agenda_items.select_related("parent"), pk=pk)


@officer_page
def agenda_edit(request, slug, day):
    meeting = editable_meeting(request, slug, day)
    items = list(
        meeting.agenda_items.filter(parent=None).prefetch_related(
            "linked_documents", "subitems__linked_documents"
        )
    )
    for item in items:
        item.rows = [item, *item.subitems.all()]
    return render(request, "web/agenda_edit.html", {"meeting": meeting, "items": items})


def _save_item(request, meeting: Meeting, form: AgendaItemForm, action: int) -> bool:
    """Save the item, put the agenda back in number order and record the edit; False with
    the form told why when another officer took the number at the same moment."""
    message = "Added agenda item" if action == ADDED else changed_fields_message(form).lower()
    try:
        with transaction.atomic():
            item = form.save()
            renumber(meeting)
            _agenda_changed(request, meeting)
            if action == ADDED:
                record_edit(request.user, meeting, ADDED, f"Added agenda item {item}")
            else:
                record_edit(request.user, meeting, CHANGED, f"Agenda item {item}: {message}")
    except IntegrityError:
        form.add_error("number", "That item number was taken meanwhile: enter another number")
        return False
    return True


@officer_page
def agenda_item_add(request, slug, day):
    meeting = editable_meeting(request, slug, day)
    form = AgendaItemForm(
        request.POST or None, meeting=meeting, initial={"number": next_number(meeting)}
    )
    if request.method == "POST" and form.is_valid():
        if _save_item(request, meeting, form, ADDED):
            messages.success(request, f"Item {form.instance.number} is added to the agenda.")
            return redirect(_agenda_url(meeting))
    return render(
        request,
        "web/agenda_item_form.html",
        {"form": form, "meeting": meeting, "heading": "Add an agenda item"},
    )


@officer_page
def agenda_item_edit(request, slug, day, item):
    meeting = editable_meeting(request, slug, day)
    item = _item(meeting, item)
    form = AgendaItemForm(request.POST or None, meeting=meeting, instance=item)
    if request.method == "POST" and form.is_valid():
        if _save_item(request, meeting, form, CHANGED):
            messages.success(request, f"Item {item.number} is saved.")
            return redirect(_agenda_url(meeting))
    return render(
        request,
        "web/agenda_item_form.html",
        {"form": form, "meeting": meeting, "item": item, "heading": f"Change item {item.number}"},
    )


def _agenda_changed(request, meeting: Meeting) -> None:
    """A published pack no longer matches the agenda: it is withdrawn in the same
    transaction, so a paper just made private is never served in it."""
    withdraw_agenda_pack(meeting, request.user, "the agenda changed; publish it again")


def _forget_files(papers) -> None:
    """Remove the stored files of deleted attachments once the deletion is committed, so a
    rolled-back deletion keeps its files."""
    files = [paper.file for paper in papers if paper.file]
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])


@officer_page
def agenda_item_delete(request, slug, day, item):
    meeting = editable_meeting(request, slug, day)
    item = _item(meeting, item)
    papers = list(LinkedDocument.objects.filter(agenda_item__in=[item, *item.subitems.all()]))
    if request.method == "POST":
        with transaction.atomic():
            name = str(item)
            item.delete()
            renumber(meeting)
            record_edit(request.user, meeting, DELETED, f"Deleted agenda item {name}")
            _agenda_changed(request, meeting)
            _forget_files(papers)
        messages.success(request, f"Item {name} is deleted.")
        return redirect(_agenda_url(meeting))
    return render(
        request,
        "web/agenda_item_delete.html",
        {
            "meeting": meeting,
            "item": item,
            "subitems": item.subitems.all(),
            "papers": papers,
        },
    )


# Exempt here so the size-limiting upload handler is installed before the CSRF check reads
# the body; _add_attachment is csrf_protect'ed, so the token is still checked.
@csrf_exempt
@officer_page
def attachment_add(request, slug, day, item):
    """The size is checked before the file is read: a request that says it is too large is
    refused unread, and one that turns out too large is dropped as it arrives."""
    meeting = editable_meeting(request, slug, day)
    item = _item(meeting, item)
    limit = settings.SCRUTINEER_ATTACHMENT_LIMIT
    if request.method == "POST" and declared_size(request) > limit + REQUEST_SLACK:
        form = AttachmentForm({}, {}, item=item)  # nothing read, nothing changed: no token
        form.refuse_as_too_large()
        context = {"form": form, "meeting": meeting, "item": item}
        return render(request, "web/attachment_form.html", context, status=413)
    handler = SizeLimit(request, limit)
    request.upload_handlers.insert(0, handler)
    return _add_attachment(request, meeting, item, handler)


@csrf_protect
def _add_attachment(request, meeting: Meeting, item: AgendaItem, handler: SizeLimit):
    form = AttachmentForm(request.POST or None, request.FILES or None, item=item)
    if request.method == "POST" and handler.exceeded:
        form.refuse_as_too_large()
    elif request.method == "POST" and form.is_valid():
        paper = None
        try:
            with transaction.atomic():
                paper = form.save()
                record_edit(
                    request.user,
                    meeting,
                    ADDED,
                    f"Attached {paper.title} ({form.cleaned_data['file'].name}) to item {item}",
                )
                _agenda_changed(request, meeting)
        except BaseException:
            if paper is not None and paper.file:
                paper.file.delete(save=False)  # the row is gone: so is its file
            raise
        messages.success(request, f"{paper.title} is attached to item {item.number}.")
        return redirect(_agenda_url(meeting))
    return render(
        request,
        "web/attachment_form.html",
        {"form": form, "meeting": meeting, "item": item},
    )


def _attachment(request, pk) -> LinkedDocument:
    papers = LinkedDocument.objects.exclude(file="").select_related(
        "agenda_item__meeting__body", "agenda_item__parent"
    )
    papers = papers.filter(agenda_item__meeting__body__council=request.council)
    return get_object_or_404(papers, pk=pk)


@officer_page
def attachment_delete(request, attachment):
    paper = _attachment(request, attachment)
    item = paper.agenda_item
    meeting = editable_meeting(request, item.meeting.body.slug, item.meeting.date.isoformat())
    if request.method == "POST":
        with transaction.atomic():
            paper.delete()
            record_edit(request.user, meeting, DELETED, f"Removed {paper.title} from item {item}")
            _forget_files([paper])
            _agenda_changed(request, meeting)
        messages.success(request, f"{paper.title} is removed from item {item.number}.")
        return redirect(_agenda_url(meeting))
    return render(
        request, "web/attachment_delete.html", {"meeting": meeting, "item": item, "paper": paper}
    )


def attachment(request, attachment):
    """An uploaded attachment, for a reader who may see it, its agenda item and its meeting:
    as a download (never shown in the browser) of the type its content was checked to be."""
    paper = _attachment(request, attachment)
    if not readable(
        paper, access.can_read_restricted(request.user, paper.agenda_item.meeting.body_id)
    ):
        raise Http404("No such attachment.")
    suffix = paper.file.name.rsplit(".", 1)[-1]
    return stored_file(paper.file, paper.media_type, f"{paper.title[:100]}.{suffix}")
