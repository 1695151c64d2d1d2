"""Thin views: find the body, let the report modules do the work, send the right file.

Every view reads through ``visible_to(request.user)``: restricted records reach only those
who may read them, and responses are marked private so no shared cache keeps a member's copy.
"""

from __future__ import annotations

import functools

from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from scrutineer.governance.attachments import DOCX, PDF, XLSX
from scrutineer.governance.models import Body, in_council
from scrutineer.tracker.filters import BadFilter
from scrutineer.tracker.queries import programme_years

from . import outstanding, tracker_tables, work_programme

private = cache_control(private=True, max_age=0)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _outstanding(request, slug):
    body = get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)
    report = outstanding.build(body, request.user, timezone.localdate())
    day = report.next_meeting.date if report.next_meeting else timezone.localdate()
    return report, f"{body.slug}-outstanding-issues-{day.isoformat()}"


@require_safe
@private
def outstanding_issues(request, slug):
    report, _ = _outstanding(request, slug)
    return render(
        request,
        "reports/outstanding_issues.html",
        {"body": report.body, "report": report, "headers": outstanding.HEADERS},
    )


@require_safe
@private
def outstanding_issues_docx(request, slug):
    report, name = _outstanding(request, slug)
    return _download(outstanding.to_docx(report), DOCX, f"{name}.docx")


@require_safe
@private
def outstanding_issues_pdf(request, slug):
    report, name = _outstanding(request, slug)
    return _download(outstanding.to_pdf(report), PDF, f"{name}.pdf")


def _programme(request, slug, year):
    body = get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)
    return work_programme.build(body, year.label, request.user)


@require_safe
@private
def programme_document(request, slug, year):
    document = _programme(request, slug, year)
    years = programme_years(document.body, request.user, newest_first=True)
    return render(
        request,
        "reports/programme_document.html",
        {
            "body": document.body,
            "programme": document,
            "headers": work_programme.HEADERS,
            "year": year,
            "other_years": [y for y in years if y.label != document.year],
        },
    )


@require_safe
@private
def programme_docx(request, slug, year):
    document = _programme(request, slug, year)
    filename = f"{document.body.slug}-work-programme-{year.slug}.docx"
    return _download(work_programme.to_docx(document), DOCX, filename)


def _tracker_export(write):
    """A view sending the tracker's tables as ``write(records, ctx, name)`` makes them, for
    the tracker list's filters; a filter that matches nothing is refused, saying what to use."""

    @require_safe
    @private
    @functools.wraps(write)
    def view(request):
        today = timezone.localdate()
        try:
            items = tracker_tables.export_queryset(
                request.user, request.GET, today, request.council
            )
        except BadFilter as problem:
            return HttpResponseBadRequest(str(problem), content_type="text/plain; charset=utf-8")
        body = request.GET.get("body", "").strip()
        name = f"tracker-{body + '-' if body else ''}{today.isoformat()}"
        ctx = tracker_tables.context_for(request.user, today)
        return write(tracker_tables.iter_records(items), ctx, name)

    return view


@_tracker_export
def tracker_csv(records, ctx, name):
    response = StreamingHttpResponse(
        tracker_tables.csv_lines(records, ctx), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@_tracker_export
def tracker_xlsx(records, ctx, name):
    return _download(tracker_tables.build_xlsx(records, ctx), XLSX, f"{name}.xlsx")
