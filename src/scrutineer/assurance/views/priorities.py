"""A body's priorities: the periods it has priorities for, and for each period the plan on a
page (why, metrics, outcomes), progress under the Signs of Safety headings, the indicators
each priority is measured by with their latest figure, and the subgroups that carry the
work. Officers add and change priorities and progress statements.

Every list is read through ``visible_to``: a restricted priority, its statements and a
restricted indicator or figure never reach a reader who may not see them."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from scrutineer.governance import access
from scrutineer.governance.edits import ADDED, CHANGED, changed_fields_message, record_edit
from scrutineer.governance.models import Body, in_council
from scrutineer.performance.models import Indicator, Observation
from scrutineer.web.editing import editable_body, officer_page

from ..models import Priority, ProgressStatement, Subgroup
from ..models.common import SignsOfSafety
from ..priority_forms import PriorityForm, ProgressStatementForm

HEADINGS = [SignsOfSafety.WORKING_WELL, SignsOfSafety.WORRIED, SignsOfSafety.NEEDS_TO_HAPPEN]


def _body(request, slug) -> Body:
    return get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)


def _periods(priorities) -> list[dict]:
    seen: dict[str, dict] = {}
    for priority in priorities:
        entry = seen.setdefault(
            priority.period_slug,
            {"label": priority.period, "slug": priority.period_slug, "count": 0},
        )
        entry["count"] += 1
    return list(seen.values())


def priorities_index(request, slug):
    body = _body(request, slug)
    found = Priority.objects.visible_to(request.user).filter(body=body).order_by("period")
    return render(
        request,
        "assurance/priorities_index.html",
        {
            "body": body,
            "periods": _periods(found),
            "subgroups": Subgroup.objects.visible_to(request.user).filter(body=body),
            "can_edit": access.can_edit_body(request.user, body),
        },
    )


def priorities_period(request, slug, period):
    body = _body(request, slug)
    user = request.user
    indicators = Indicator.objects.visible_to(user).order_by("name")
    everything = Priority.objects.visible_to(user).filter(body=body)
    found = [p for p in everything.select_related("body") if p.period_slug == period]
    if not found:
        raise Http404("No priorities for that period.")
    priorities = list(
        everything.filter(pk__in=[p.pk for p in found])
        .select_related("source")
        .prefetch_related(
            Prefetch("progress", queryset=ProgressStatement.objects.select_related("source")),
            Prefetch("indicators", queryset=indicators),
        )
        .order_by("number", "first_line", "title")
    )
    latest = _latest_figures([i for p in priorities for i in p.indicators.all()], user)
    for priority in priorities:
        statements = list(priority.progress.all())
        priority.sections = [
            {"heading": heading, "statements": [s for s in statements if s.heading == heading]}
            for heading in HEADINGS
        ]
        priority.other_statements = [s for s in statements if s.heading not in HEADINGS]
        priority.measures = [(i, latest.get(i.pk)) for i in priority.indicators.all()]
    return render(
        request,
        "assurance/priorities.html",
        {
            "body": body,
            "period": found[0].period,
            "priorities": priorities,
            "plan": [p for p in priorities if p.on_plan_on_a_page],
            "periods": _periods(everything.order_by("period")),
            "subgroups": Subgroup.objects.visible_to(user).filter(body=body),
            "can_edit": access.can_edit_body(user, body),
        },
    )


def _latest_figures(indicators, user) -> dict[int, Observation]:
    """Each indicator's latest current figure for the local area, as the reader may see it."""
    latest: dict[int, Observation] = {}
    figures = (
        Observation.objects.visible_to(user)
        .current()
        .filter(indicator__in=indicators, breakdown=None, area__kind="local-authority")
        .select_related("period", "area")
        .order_by("indicator", "-period__end", "-period__start")
    )
    for figure in figures:
        latest.setdefault(figure.indicator_id, figure)
    return latest


# Officers' forms ---------------------------------------------------------------------------


def _priority(body, pk) -> Priority:
    return get_object_or_404(Priority.objects.filter(body=body), pk=pk)


@officer_page
def priority_add(request, slug):
    body = editable_body(request, slug)
    form = PriorityForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        priority = form.save()
        record_edit(request.user, priority, ADDED, "Added the priority")
        messages.success(request, "The priority is added.")
        return redirect(priority.get_absolute_url())
    return render(
        request,
        "assurance/priority_form.html",
        {"form": form, "body": body, "heading": "Add a priority"},
    )


@officer_page
def priority_edit(request, slug, pk):
    body = editable_body(request, slug)
    priority = _priority(body, pk)
    form = PriorityForm(request.POST or None, body=body, instance=priority)
    if request.method == "POST" and form.is_valid():
        message = changed_fields_message(form)
        priority = form.save()
        record_edit(request.user, priority, CHANGED, message)
        messages.success(request, "The priority is saved.")
        return redirect(priority.get_absolute_url())
    return render(
        request,
        "assurance/priority_form.html",
        {"form": form, "body": body, "priority": priority, "heading": "Change a priority"},
    )


@officer_page
def progress_add(request, slug, pk):
    return _progress_form(request, slug, pk, None)


@officer_page
def progress_edit(request, slug, pk, statement):
    return _progress_form(request, slug, pk, statement)


def _progress_form(request, slug, pk, statement_pk):
    body = editable_body(request, slug)
    priority = _priority(body, pk)
    statement = (
        get_object_or_404(priority.progress.all(), pk=statement_pk) if statement_pk else None
    )
    form = ProgressStatementForm(request.POST or None, priority=priority, instance=statement)
    if request.method == "POST" and form.is_valid():
        action = CHANGED if statement else ADDED
        message = (
            f"Progress statement: {changed_fields_message(form).lower()}"
            if statement
            else "Added a progress statement"
        )
        form.save()
        record_edit(request.user, priority, action, message)
        messages.success(request, "The progress statement is saved.")
        return redirect(priority.get_absolute_url())
    heading = "Change a progress statement" if statement else "Add a progress statement"
    return render(
        request,
        "assurance/priority_progress_form.html",
        {"form": form, "body": body, "priority": priority, "heading": heading},
    )


PRIORITIES = "bodies/<slug:slug>/priorities/"

urlpatterns = [
    path(PRIORITIES, priorities_index, name="priorities"),
    path(f"{PRIORITIES}new/", priority_add, name="priority-add"),
    path(f"{PRIORITIES}<int:pk>/edit/", priority_edit, name="priority-edit"),
    path(f"{PRIORITIES}<int:pk>/progress/new/", progress_add, name="progress-add"),
    path(
        f"{PRIORITIES}<int:pk>/progress/<int:statement>/edit/",
        progress_edit,
        name="progress-edit",
    ),
    path(f"{PRIORITIES}<slug:period>/", priorities_period, name="priorities-period"),
]
