"""An action plan's page: the plan as one record, its actions with their milestones and
their latest progress, each traced to the paper."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from scrutineer.governance.models import in_council

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
    return render(request, "tracker/action_plan.html", {"plan": plan, "actions": actions})
