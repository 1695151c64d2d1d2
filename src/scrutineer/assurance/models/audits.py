"""Audits: Section 11, section 175/157, multi-agency thematic and single-agency."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from scrutineer.governance.models.sources import Sourced
from scrutineer.tracker.models import ActionPlan, TrackedItem

from .common import BodyRecord, SignsOfSafety


class Audit(BodyRecord):
    class Kind(models.TextChoices):
        SECTION_11 = "section-11", "Section 11 audit"
        SECTION_175 = "section-175", "Section 175/157 audit"
        MULTI_AGENCY = "multi-agency", "Multi-agency audit"
        SINGLE_AGENCY = "single-agency", "Single-agency audit"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.TextField()
    period = models.CharField(max_length=64, blank=True)
    scope = models.TextField(blank=True)
    standards = models.JSONField(default=list, blank=True, help_text="[{heading, text, lines}]")
    standards_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many standards it assesses, when they are not listed."
    )
    returned = models.JSONField(default=list, blank=True, help_text="Who returned it.")
    not_returned = models.JSONField(default=list, blank=True, help_text="Who did not.")
    returned_count = models.PositiveIntegerField(null=True, blank=True)
    not_returned_count = models.PositiveIntegerField(null=True, blank=True)
    recommendations = models.ManyToManyField(TrackedItem, blank=True, related_name="audits")
    action_plan = models.OneToOneField(
        ActionPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit"
    )

    class Meta:
        ordering = ["body", "title"]
        constraints = [
            models.UniqueConstraint(fields=["body", "title"], name="one_audit_per_title")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("audit", args=[self.pk])


class AuditFinding(Sourced):
    restricted_with = ("audit",)

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    heading = models.CharField(max_length=16, choices=SignsOfSafety.choices)
    printed_heading = models.CharField(max_length=255, blank=True)
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["audit", "order"]
