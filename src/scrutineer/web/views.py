"""Public pages. Views choose what the user may see and fetch it in a fixed number of
queries; what the records mean lives on the models."""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from scrutineer.assurance.pages import assurance_pages
from scrutineer.governance import access
from scrutineer.governance.edits import history_of
from scrutineer.governance.models import (
    AgendaItem,
    Body,
    Document,
    LinkedDocument,
    Meeting,
    Minute,
    Original,
    Warning,
    in_council,
)
from scrutineer.governance.restriction import Withholding, readable_by
from scrutineer.tracker.queries import due_before_next_meeting, programme_years
from scrutineer.tracker.resolutions import mark_tracking
from scrutineer.web.forms import page_of

from .attendance import group_attendance
from .downloads import download
from .editing import readable_meeting

MEETINGS_ON_HOME_PAGE = 10
WARNINGS_PER_PAGE = 100
# How an original's type is named on its document's page, and how its file name ends.
FILE_TYPES = {
    "application/pdf": ("PDF", ".pdf"),
    "application/xml": ("XML", ".xml"),
    "text/html": ("HTML", ".html"),
    "text/plain": ("text", ".txt"),
}


def _file_type(content_type: str) -> tuple[str, str]:
    return FILE_TYPES.get(content_type.split(";")[0], ("file", ""))


def home(request):
    council = request.council
    if council is None and request.councils:  # several, and the address names none
        return render(request, "web/councils.html", {"councils": request.councils})
    today = timezone.localdate()
    meetings = Meeting.objects.visible_to(request.user).select_related("body").with_evidence()
    bodies = Body.objects.all()
    if council is None:  # an empty install
        meetings, bodies = meetings.none(), bodies.none()
    else:
        meetings, bodies = in_council(meetings, council), in_council(bodies, council)
    return render(
        request,
        "web/home.html",
        {
            "council": council,
            "several_councils": len(request.councils) > 1,
            "bodies": bodies,
            "today": today,
            "upcoming": meetings.filter(date__gte=today).order_by("date")[:MEETINGS_ON_HOME_PAGE],
            "recent": meetings.filter(date__lt=today).order_by("-date")[:MEETINGS_ON_HOME_PAGE],
        },
    )


def body(request, slug):
    body = get_object_or_404(
        in_council(Body.objects.select_related("parent", "successor"), request.council),
        slug=slug,
    )
    user = request.user
    members = list(body.memberships.current().select_related("person", "organisation"))
    return render(
        request,
        "web/body.html",
        {
            "body": body,
            "children": body.children.all(),
            "predecessors": body.predecessors.all(),
            "can_merge": access.editable_bodies(user).exists(),
            "can_edit": access.can_edit_body(user, body),
            "members": members,
            "members_as_of": max(
                (seat.last_seen for seat in members if seat.last_seen), default=None
            ),
            "past_members": body.memberships.past().select_related("person", "organisation"),
            "meetings": body.meetings.visible_to(user).with_evidence(),
            "reported_attendance": body.reported_attendance.all(),
            "due": due_before_next_meeting(body, user, timezone.localdate()),
            "programme_years": programme_years(body, user),
            "action_plans": body.action_plans.visible_to(user).select_related("meeting"),
            "assurance_pages": assurance_pages(body, user),
        },
    )


def meeting(request, slug, day):
    user = request.user
    meeting = readable_meeting(request, slug, day, "minutes_approved_by__meeting__body")
    visible_minutes = Minute.objects.visible_to(user).filter(
        meeting__in=Meeting.objects.visible_to(user)
    )
    agenda = list(
        meeting.agenda_items.visible_to(user)
        .filter(parent=None)
        .prefetch_related(Prefetch("subitems", queryset=AgendaItem.objects.visible_to(user)))
    )
    _attach_papers(agenda, meeting, user)
    minutes = list(
        meeting.minutes.visible_to(user).prefetch_related(
            "resolutions",
            Prefetch("references", queryset=visible_minutes.select_related("meeting__body")),
        )
    )
    # A declaration about a minute is shown with it, so only with a minute the reader sees.
    declarations = meeting.declarations.filter(
        Q(minute=None) | Q(minute__in=[minute.pk for minute in minutes])
    ).select_related("person", "minute")
    briefing_notes = meeting.briefing_notes.filter(document__in=Document.objects.visible_to(user))
    attendance = meeting.attendance.select_related("substitute_for", "organisation")
    can_edit = access.can_edit_body(user, meeting.body)
    if can_edit:  # officers see which resolutions are tracked, and "Track this" on the rest
        mark_tracking([r for minute in minutes for r in minute.resolutions.all()], user)
    # Warnings about the meeting and its minutes are in their own papers only, so only
    # those papers' withheld lines are read.
    papers = {record.source_id for record in (meeting, *minutes)}
    warnings = Warning.objects.visible_to(user, Withholding(user, documents=papers)).about(
        [meeting, *minutes]
    )
    return render(
        request,
        "web/meeting.html",
        {
            "meeting": meeting,
            "can_edit": can_edit,
            # The later meeting that agreed these minutes, named only to those who may see it.
            "approving": meeting.minutes_approved_by
            if readable_by(meeting.minutes_approved_by, user)
            else None,
            "agenda": agenda,
            "attendance": group_attendance(attendance),
            "declarations": declarations,
            "minutes": minutes,
            "briefing_notes": briefing_notes,
            "warnings": warnings.select_related("document").defer("document__text"),
            # Who changed the meeting is for those who may read restricted records.
            "edits": history_of(meeting)
            if access.can_read_restricted(user, meeting.body)
            else None,
        },
    )


def _attach_papers(agenda: list[AgendaItem], meeting: Meeting, user) -> None:
    """Each item's (and sub-item's) papers the reader may see, in one query: those linked
    on a publisher's site and those uploaded (offered by the ``attachment`` download)."""
    papers = LinkedDocument.objects.visible_to(user).filter(
        Q(document=None) | Q(document__in=Document.objects.visible_to(user)),
        agenda_item__meeting=meeting,
    )
    by_item: dict[int, list[LinkedDocument]] = {}
    for paper in papers:
        by_item.setdefault(paper.agenda_item_id, []).append(paper)
    for item in agenda:
        item.visible_papers = by_item.get(item.pk, [])
        for sub in item.subitems.all():
            sub.visible_papers = by_item.get(sub.pk, [])


def _readable_document(request, pk) -> Document:
    documents = in_council(Document.objects.visible_to(request.user), request.council)
    return get_object_or_404(documents.defer("text"), pk=pk)


def document(request, pk):
    user = request.user
    document = get_object_or_404(
        in_council(Document.objects.visible_to(user), request.council), pk=pk
    )
    withholding = Withholding(user)
    pages = document.page_marks()
    original = Original.objects.filter(document=document).values_list("content_type").first()
    return render(
        request,
        "web/document.html",
        {
            "document": document,
            "sections": withholding.exclude(document.sections.all(), contained=True),
            "warnings": Warning.objects.visible_to(user, withholding).filter(document=document),
            "lines": [(line, pages.get(line.number)) for line in withholding.lines(document)],
            "original": _file_type(original[0])[0] if original else None,
            "original_withheld": bool(withholding.of(document)),
        },
    )


def document_original(request, pk):
    """The file a document was read from, byte for byte. A paper with restricted parts is
    offered only to those who may read them: the original cannot be redacted."""
    document = _readable_document(request, pk)
    if Withholding(request.user).of(document):
        raise Http404("This paper has restricted parts")
    original = get_object_or_404(Original, document=document)
    # A ModernGov answer is named by its address: the file takes the address's last part.
    name = document.name.rsplit("/", 1)[-1] or f"document-{document.pk}"
    suffix = _file_type(original.content_type)[1]
    if suffix and not name.lower().endswith(suffix):
        name += suffix  # a PDF uploaded as "minutes.txt" downloads as a PDF
    return download(bytes(original.data), original.content_type, name)


def warnings(request):
    visible = in_council(Warning.objects.visible_to(request.user), request.council)
    code = request.GET.get("code", "")
    counts = list(visible.counts_by_code())
    errors = []
    if code and code not in {row["code"] for row in counts}:
        # An unknown code is said, not answered with an empty list: all warnings are shown.
        errors = [
            ("codes", f"There are no warnings with the code {code}. Choose a code from the list")
        ]
        code = ""
    listed = visible.filter(code=code) if code else visible
    page = page_of(
        Paginator(listed.select_related("document").defer("document__text"), WARNINGS_PER_PAGE),
        request,
    )
    return render(
        request,
        "web/warnings.html",
        {
            "code": code,
            "counts": counts,
            "errors": errors,
            "page": page,
        },
    )
