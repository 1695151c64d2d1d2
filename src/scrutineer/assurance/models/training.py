"""Training: courses with level, sessions and attendance, and people trained per period by
level and agency. Totals are derived from the rows, never stored; a printed total is kept
as printed so it can be checked."""

from __future__ import annotations

from django.db import models

from .common import BodyRecord


class TrainingCourse(BodyRecord):
    period = models.CharField(max_length=64, help_text='"2020/21"')
    name = models.TextField()
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    sessions = models.PositiveIntegerField(null=True, blank=True)
    attendees = models.PositiveIntegerField(null=True, blank=True)
    evaluation = models.JSONField(default=list, blank=True, help_text="[{heading, text, lines}]")

    class Meta:
        ordering = ["body", "period", "name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "period", "name"], name="one_course_per_period")
        ]

    def __str__(self):
        return f"{self.name} ({self.period})"


class TrainingCount(BodyRecord):
    period = models.CharField(max_length=64)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    agency = models.CharField(max_length=255, blank=True)
    count = models.PositiveIntegerField()
    printed_total = models.BooleanField(
        default=False, help_text="A total as the paper prints it, kept to check the sum."
    )

    class Meta:
        ordering = ["body", "period", "level", "agency"]
