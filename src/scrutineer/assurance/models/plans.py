"""An action plan's header and the summary of progress levels printed under it. The plan
and its actions are the tracker's (``tracker.ActionPlan``, ``TrackedItem`` with ``plan``
set, ``topic`` its matrix area, ``progress_level`` 1–4); what the plan belongs to is the
review, audit or priority whose ``action_plan`` it is, else it is a service plan."""

from __future__ import annotations

from django.db import models

from scrutineer.governance.models.sources import Sourced
from scrutineer.tracker.models import ActionPlan


class PlanHeader(Sourced):
    """What the plan's title and header print: its period ("2015 – 2018")."""

    restricted_with = ("plan",)

    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="header")
    period = models.CharField(max_length=64, blank=True)
    facts = models.JSONField(
        default=dict, blank=True, help_text="Field name -> [first line, last line] in the source."
    )

    def __str__(self):
        return f"{self.plan} ({self.period})" if self.period else str(self.plan)


class PlanLevel(Sourced):
    """One printed cell of the summary: an area's count of actions at a level, or the level
    the table marks the area at (``marks``)."""

    restricted_with = ("plan",)

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="summary_levels")
    area = models.CharField(max_length=255)
    level = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()
    marks = models.BooleanField(
        default=False, help_text="The cell marks the area's level rather than counting actions."
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "area", "level"], name="one_level_cell")
        ]
