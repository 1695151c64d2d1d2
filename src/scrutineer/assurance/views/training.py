"""Training pages: a body's periods with their totals, each period's totals derived from
the rows with the printed totals beside them, charts with their tables, and the officers'
forms to add or change a course or a count."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.safestring import mark_safe

from scrutineer.governance import access
from scrutineer.governance.edits import ADDED, CHANGED, changed_fields_message, record_edit
from scrutineer.governance.models import Body, Warning, in_council
from scrutineer.performance import charts
from scrutineer.web.editing import editable_body, officer_page

from ..models import TrainingCount, TrainingCourse
from ..money_forms import CountForm, CourseForm
from ..training import period_of_slug, period_slug, training_periods, training_totals


def readable_body(request, slug: str) -> Body:
    return get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)


def bar_chart(rows: list[tuple[str, int]], *, chart_id: str, title: str, x_label: str):
    """A bar per row, labelled with its figure; the page puts the rows in a table under it."""
    if not rows:
        return None
    desc = "One bar for each row of the table after the chart: " + "; ".join(
        f"{label}: {value:,}" for label, value in rows
    )
    return mark_safe(  # charts escapes every piece of text it draws
        charts.breakdown_svg(
            [charts.Bar(label, value, f"{value:,}") for label, value in rows],
            chart_id=chart_id,
            title=title,
            desc=desc,
            x_label=x_label,
        )
    )


def training_index(request, slug):
    body = readable_body(request, slug)
    periods = [
        (period, period_slug(period), training_totals(body, period, request.user))
        for period in training_periods(body, request.user)
    ]
    rows = [(period, totals.total) for period, _, totals in periods]
    return render(
        request,
        "assurance/training_index.html",
        {
            "body": body,
            "periods": periods,
            "chart": bar_chart(
                rows,
                chart_id="chart-training",
                title=f"People trained by period, {body.name}",
                x_label="People trained",
            ),
            "can_edit": access.can_edit_body(request.user, body),
        },
    )


def _printed(rows) -> list:
    return [row for row in rows if row.printed_total]


def training_period(request, slug, period):
    body = readable_body(request, slug)
    label = period_of_slug(body, period, request.user)
    if label is None:
        raise Http404("No training records for that period.")
    user = request.user
    totals = training_totals(body, label, user)
    counts = list(TrainingCount.objects.visible_to(user).filter(body=body, period=label))
    courses = list(TrainingCourse.objects.visible_to(user).filter(body=body, period=label))
    courses.sort(key=lambda course: (course.first_line or 0, course.name))
    sources = {row.source_id for row in [*counts, *courses] if row.source_id}
    warnings = [
        w
        for w in Warning.objects.visible_to(user).filter(
            document_id__in=sources, code__startswith="training"
        )
        if f"Training {label}:" in w.message
        or f"Training {label}," in w.message
        or f"({label}):" in w.message
    ]
    by_agency_level = [c for c in counts if c.agency and c.level is not None]
    context = {
        "body": body,
        "period": label,
        "slug": period,
        "totals": totals,
        "agency_total": sum(totals.by_agency.values()),
        "course_total": sum(totals.by_course.values()),
        "level_rows": [
            c for c in counts if c.level is not None and not c.agency and not c.printed_total
        ],
        "agency_rows": [c for c in counts if c.agency and c.level is None and not c.printed_total],
        "agency_level_rows": by_agency_level,
        "printed": _printed(counts),
        "courses": courses,
        "warnings": warnings,
        "can_edit": access.can_edit_body(user, body),
        "level_chart": bar_chart(
            [(f"Level {level}", n) for level, n in totals.by_level.items()],
            chart_id="chart-levels",
            title=f"People trained by level, {label}",
            x_label="People trained",
        ),
        "agency_chart": bar_chart(
            sorted(totals.by_agency.items(), key=lambda item: -item[1]),
            chart_id="chart-agencies",
            title=f"People trained by agency, {label}",
            x_label="People trained",
        ),
        "course_chart": bar_chart(
            [(c.name, c.attendees) for c in courses if c.attendees is not None],
            chart_id="chart-courses",
            title=f"Attendance by course, {label}",
            x_label="Attendees",
        ),
    }
    return render(request, "assurance/training_period.html", context)


def _after_save(request, body, record) -> str:
    url = reverse("training-period", args=[body.slug, period_slug(record.period)])
    return url


def _edit(request, slug, model, form_class, pk, noun):
    body = editable_body(request, slug)
    record = get_object_or_404(model, pk=pk, body=body) if pk else None
    form = form_class(request.POST or None, instance=record, body=body)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.body = body
        saved.save()
        if record is None:
            record_edit(request.user, saved, ADDED, f"Added the {noun} {saved}")
            messages.success(request, f"The {noun} is added.")
        else:
            record_edit(request.user, saved, CHANGED, changed_fields_message(form))
            messages.success(request, f"The {noun} is saved.")
        return redirect(_after_save(request, body, saved))
    heading = f"Change the {noun}" if record else f"Add a {noun}"
    return render(
        request,
        "assurance/training_form.html",
        {"form": form, "body": body, "heading": heading, "record": record},
    )


@officer_page
def course_add(request, slug):
    return _edit(request, slug, TrainingCourse, CourseForm, None, "course")


@officer_page
def course_edit(request, slug, pk):
    return _edit(request, slug, TrainingCourse, CourseForm, pk, "course")


@officer_page
def count_add(request, slug):
    return _edit(request, slug, TrainingCount, CountForm, None, "count")


@officer_page
def count_edit(request, slug, pk):
    return _edit(request, slug, TrainingCount, CountForm, pk, "count")


BODY = "bodies/<slug:slug>/training/"
urlpatterns = [
    path(BODY, training_index, name="training"),
    path(f"{BODY}courses/new/", course_add, name="training-course-add"),
    path(f"{BODY}courses/<int:pk>/edit/", course_edit, name="training-course-edit"),
    path(f"{BODY}counts/new/", count_add, name="training-count-add"),
    path(f"{BODY}counts/<int:pk>/edit/", count_edit, name="training-count-edit"),
    path(f"{BODY}<slug:period>/", training_period, name="training-period"),
]
