"""Officers' pages for merging two records the papers name differently, and for undoing a
merge. The rule lives in ``governance.merging``; these pages only ask and show."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from scrutineer.governance import access
from scrutineer.governance.merging import KINDS, MergeRefused, merge, undo
from scrutineer.governance.models import Merge, in_council

CANDIDATES_SHOWN = 500  # the choice of the other record; people are narrowed by surname


def _officer(request) -> None:
    if not access.editable_bodies(request.user).exists():
        raise PermissionDenied("Only officers and administrators can merge records.")


def _records(request, kind: str):
    if kind not in KINDS:
        raise Http404("There is no such kind of record.")
    return in_council(KINDS[kind].objects.all(), request.council)


@login_required
def merge_record(request, kind: str, pk: int):
    """Choose the record to merge into this one, then confirm."""
    _officer(request)
    records = _records(request, kind)
    merged = get_object_or_404(records, pk=pk)
    candidates = records.exclude(pk=merged.pk).order_by("name")
    if kind == Merge.Kind.PERSON:
        alike = candidates.filter(surname_key=merged.surname_key)
        candidates = alike if alike.exists() else candidates
    candidates = list(candidates[:CANDIDATES_SHOWN])
    error = ""
    if request.method == "POST":
        kept = next((c for c in candidates if str(c.pk) == request.POST.get("kept")), None)
        if kept is None:
            error = "Choose the record to keep"
        else:
            try:
                done = merge(kept, merged, request.user)
            except MergeRefused as refused:
                error = str(refused)
            else:
                messages.success(request, f"{done}. You can undo this from the list of merges.")
                return redirect(
                    kept.get_absolute_url() if hasattr(kept, "get_absolute_url") else "merges"
                )
    return render(
        request,
        "web/merge_form.html",
        {"merged": merged, "kind": kind, "candidates": candidates, "error": error},
        status=400 if error else 200,
    )


@login_required
def merge_list(request):
    _officer(request)
    merges = in_council(Merge.objects.all(), request.council).select_related(
        "merged_by", "undone_by"
    )
    return render(request, "web/merges.html", {"merges": merges})


@login_required
def undo_merge(request, pk: int):
    _officer(request)
    if request.method != "POST":
        return redirect("merges")
    record = get_object_or_404(in_council(Merge.objects.all(), request.council), pk=pk)
    try:
        undo(record, request.user)
    except MergeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Undone: {record.merged_name} is a record of its own again.")
    return redirect("merges")
