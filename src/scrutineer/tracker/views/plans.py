"""An action plan's page: the plan as one record, its actions with their milestones and
their latest progress, each traced to the paper."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from scrutineer.governance.models import in_council
from scrutineer.packs.assurance.plans import derived_levels

from ..models import ActionPlan, Milestone, Response, TrackedItem
from ..queries import annotate_rows, party_prefetch


def action_plan(request, pk):
    user = request.user
    plan = get_object_or_404(
        in_council(ActionPlan.objects.visible_to(user), request.council).select_related(
            "body", "meeting", "source"
        ),
        pk=pk,
    )
    actions = annotate_rows(
        TrackedItem.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("body")
        .prefetch_related(
            party_prefetch(),
            Prefetch("milestones", queryset=Milestone.objects.order_by("order", "pk")),
            Prefetch("responses", queryset=Response.objects.order_by("-date", "-pk")),
        )
        .order_by("first_line", "pk"),
        timezone.localdate(),
    )
    return render(
        request,
        "tracker/action_plan.html",
        {
            "plan": plan,
            "actions": actions,
            "summary": _summary(plan, actions),
            "owner": _owner(plan, user),
        },
    )


LEVELS = (1, 2, 3, 4)


def _summary(plan, actions) -> list[dict]:
    """The summary of progress levels printed under the plan (``assurance`` keeps it as
    ``summary_levels``), each area's printed cells beside the counts of its actions at each
    level, derived from the actions' own levels."""
    cells = list(plan.summary_levels.all()) if hasattr(plan, "summary_levels") else []
    areas = list(dict.fromkeys(cell.area for cell in cells))
    derived = derived_levels(areas, actions)
    rows = []
    for area in areas:
        printed = {cell.level: cell for cell in cells if cell.area == area}
        rows.append(
            {
                "area": area,
                "cells": [(level, printed.get(level), derived[area][level]) for level in LEVELS],
                "source": next(iter(printed.values())),
                "marks": any(cell.marks for cell in printed.values()),
            }
        )
    return rows


def _owner(plan, user):
    """The review, audit or priority the plan belongs to, if the reader may see it; None
    for a service plan."""
    for name in ("audit", "review", "priority"):
        try:
            record = getattr(plan, name)
        except (AttributeError, ObjectDoesNotExist):
            continue
        if record is not None and type(record).objects.visible_to(user).filter(pk=record.pk):
            return record
    return None
