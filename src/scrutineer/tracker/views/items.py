"""The tracker's reading pages: the list of tracked items and one item's page.

Reading follows the rules of the public pages: each page fetches what the user may see in
a fixed number of queries, however many rows there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from scrutineer.governance import access
from scrutineer.governance.models import Body, Warning, in_council
from scrutineer.governance.restriction import SourceLine, Withholding, readable_by
from scrutineer.web.forms import page_of

from .. import workflow
from ..filters import filter_items
from ..forms import SORTS, TrackerFilterForm
from ..models import Party, TrackedItem
from ..queries import annotate_rows, count_label, edits_of, party_prefetch, sorted_rows
from .programme import programme_url

ITEMS_PER_PAGE = 50
EXCERPT_MAX_LINES = 60


def tracker_list(request):
    user = request.user
    today = timezone.localdate()
    bodies = list(in_council(Body.objects.only("pk", "slug", "name"), request.council))
    form = TrackerFilterForm(request.GET, bodies=bodies)
    form.is_valid()  # filters that are wrong are shown as errors; the rest still apply
    chosen = form.cleaned_data
    filters = form.filters(request.council)
    sort = chosen.get("sort") or "due"
    items = sorted_rows(
        filter_items(TrackedItem.objects.visible_to(user), filters, today), sort, filters.dated
    )
    page = page_of(Paginator(items, ITEMS_PER_PAGE), request)
    # The exports take the same filters; only those that were valid, in the form they expect.
    export_query = filters.as_query()
    rows = annotate_rows(page.object_list, today)
    count = page.paginator.count
    return render(
        request,
        "tracker/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "count_label": count_label(count),
            "sort": sort,
            "sort_label": SORTS[sort],
            "export_query": f"?{export_query}" if export_query else "",
            "today": today,
            "filtered": bool(export_query),
            "can_add": user.is_authenticated and access.editable_bodies(user).exists(),
            # Officers settle history in bulk: ticked rows of the history filter.
            "settling": filters.seen == "history"
            and user.is_authenticated
            and access.editable_bodies(user).exists(),
            "history_actions": workflow.HISTORY_ACTIONS,
            "back": f"?{request.GET.urlencode()}" if request.GET else "",
        },
    )


@dataclass
class FollowUpRow:
    kind: str
    label: str
    url: str | None
    note: str = ""


def _follow_up_rows(item, programme_items, user) -> list[FollowUpRow]:
    rows = []
    follow_ups = item.follow_ups.select_related(
        "programme_item__meeting",
        "programme_item__body",
        "agenda_item__meeting__body",
        "minute__meeting__body",
    )
    for follow_up in follow_ups:
        programme, agenda, minute = (
            follow_up.programme_item,
            follow_up.agenda_item,
            follow_up.minute,
        )
        if readable_by(programme, user):
            rows.append(
                FollowUpRow(
                    "Work programme item",
                    programme.title,
                    programme_url(programme.body, programme.municipal_year),
                    follow_up.note,
                )
            )
        if readable_by(agenda, user):
            rows.append(
                FollowUpRow(
                    "Agenda item",
                    f"{agenda} ({agenda.meeting})",
                    agenda.meeting.get_absolute_url(),
                    follow_up.note,
                )
            )
        if readable_by(minute, user):
            rows.append(
                FollowUpRow(
                    "Minute",
                    f"{minute} ({minute.meeting})",
                    minute.get_absolute_url(),
                    follow_up.note,
                )
            )
        if programme is None and agenda is None and minute is None and follow_up.note:
            rows.append(FollowUpRow("Note", follow_up.note, None))
    for programme in programme_items:
        rows.append(
            FollowUpRow(
                "Work programme item",
                programme.title,
                programme_url(programme.body, programme.municipal_year),
                "Put on the work programme from this item.",
            )
        )
    return rows


def source_excerpt(record, withholding: Withholding, user) -> list[SourceLine]:
    """The numbered source lines of a record, when its document may be shown."""
    document = record.source
    if record.first_line is None or not readable_by(document, user):
        return []
    first = record.first_line
    last = min(record.last_line or first, first + EXCERPT_MAX_LINES - 1)
    return withholding.lines(document, first, last)


def tracked_item(request, pk):
    user = request.user
    today = timezone.localdate()
    item = get_object_or_404(
        in_council(TrackedItem.objects.visible_to(user), request.council).select_related(
            "body",
            "meeting__body",
            "resolution__minute__meeting__body",
            "parent",
            "plan",
            "officer_contact",
            "source",
        ),
        pk=pk,
    )
    # The item's own records are of its body; its links to others are decided one by one.
    can_read = access.can_read_restricted(user, item.body_id)
    parties = list(item.parties.select_related("person", "organisation", "body"))
    subitems = annotate_rows(
        item.subitems.visible_to(user)
        .select_related("body")
        .prefetch_related(party_prefetch())
        .order_by("number", "pk"),
        today,
    )
    programme_items = item.programme_items.visible_to(user).select_related("body")
    resolution = item.resolution
    resolution_visible = readable_by(resolution, user)
    withholding = Withholding(user, documents={item.source_id})  # the one paper it quotes
    changes = list(item.status_changes.select_related("changed_by"))
    responses = list(item.responses.select_related("recorded_by"))
    context = {
        "item": item,
        "today": today,
        "overdue": item.is_overdue(today),
        "rag": item.rag(today),
        "addressees": [p for p in parties if p.role == Party.Role.ADDRESSEE],
        "owners": [p for p in parties if p.role == Party.Role.OWNER],
        "meeting_visible": readable_by(item.meeting, user),
        "resolution": resolution if resolution_visible else None,
        "parent": item.parent if readable_by(item.parent, user) else None,
        "plan": item.plan if readable_by(item.plan, user) else None,
        "also_stated": [
            s for s in item.sources.select_related("source") if readable_by(s.source, user)
        ],
        "milestones": item.milestones.all() if item.plan_id else (),
        "subitems": subitems,
        "excerpt": source_excerpt(item, withholding, user),
        "source_visible": readable_by(item.source, user),
        "history": changes,
        "responses": responses,
        "edits": edits_of(item, changes, responses) if can_read else None,  # signed-in readers
        "follow_ups": _follow_up_rows(item, programme_items, user),
        "warnings": Warning.objects.visible_to(user, withholding)
        .about([item])
        .select_related("document")
        .defer("document__text"),
        "can_edit": user.is_authenticated and access.can_edit_body(user, item.body),
    }
    return render(request, "tracker/item.html", context)
