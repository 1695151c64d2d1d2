"""Priorities for a period (the "plan on a page": why, metrics, outcomes), progress
statements under the Signs of Safety headings, and the subgroups that carry the work."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from scrutineer.governance.models.sources import Sourced
from scrutineer.performance.models import Indicator
from scrutineer.tracker.models import ActionPlan

from .common import BodyRecord, SignsOfSafety


def period_slug(period: str) -> str:
    """ "2017/18" -> "2017-18", "2020–2022" -> "2020-2022", "since April 2015" ->
    "since-april-2015": the period's part of a priorities page's address."""
    return slugify(period.replace("/", "-").replace("–", "-").replace("—", "-")) or "undated"


class Priority(BodyRecord):
    period = models.CharField(max_length=64, help_text='"2020–2022", "2017/18"')
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.TextField()
    why = models.JSONField(default=list, blank=True)
    metrics = models.JSONField(default=list, blank=True)
    outcomes = models.JSONField(default=list, blank=True)
    on_plan_on_a_page = models.BooleanField(default=False)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="priorities")
    action_plan = models.OneToOneField(
        ActionPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="priority"
    )

    class Meta:
        ordering = ["body", "period", "number", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "period", "title"], name="one_priority_per_period"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def period_slug(self) -> str:
        return period_slug(self.period)

    def get_absolute_url(self):
        return reverse("priorities-period", args=[self.body.slug, self.period_slug]) + (
            f"#priority-{self.pk}"
        )


class ProgressStatement(Sourced):
    restricted_with = ("priority",)

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="progress")
    heading = models.CharField(max_length=16, choices=SignsOfSafety.choices)
    printed_heading = models.CharField(max_length=255, blank=True)
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["priority", "order"]


class Subgroup(BodyRecord):
    name = models.CharField(max_length=255)
    chair = models.CharField(max_length=255, blank=True, help_text="As printed.")
    workplan = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["body", "name"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="one_subgroup_name")]

    def __str__(self):
        return self.name
