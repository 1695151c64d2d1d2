"""Learning reviews: serious case reviews, child safeguarding practice reviews, rapid
reviews, domestic homicide reviews and audit-led reviews."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from scrutineer.governance.models.sources import Visibility
from scrutineer.tracker.models import ActionPlan, TrackedItem

from .common import BodyRecord


class LearningReview(BodyRecord):
    class Kind(models.TextChoices):
        SCR = "scr", "Serious Case Review"
        CSPR = "cspr", "Child Safeguarding Practice Review"
        RAPID = "rapid-review", "Rapid review"
        LEARNING = "learning-review", "Learning review"
        DHR = "dhr", "Domestic Homicide Review"
        AUDIT_LED = "audit-led", "Audit-led review"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.TextField(
        help_text='As its recommendations name it: "Serious Case Review – Matt".'
    )
    subject = models.TextField(help_text='As published: "Child G, Child H …", "Matt".')
    trigger = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    appointed = models.CharField(max_length=64, blank=True, help_text='As printed: "June 2015".')
    chair = models.CharField(max_length=255, blank=True)
    author = models.CharField(max_length=255, blank=True)
    panel = models.JSONField(default=list, blank=True, help_text="Agencies on the panel.")
    timeline_from = models.CharField(max_length=64, blank=True)
    timeline_to = models.CharField(max_length=64, blank=True)
    scope = models.JSONField(default=list, blank=True, help_text="Scope questions.")
    findings = models.JSONField(default=list, blank=True, help_text="[{heading, text, lines}]")
    published_on = models.DateField(null=True, blank=True)
    not_published_reason = models.TextField(blank=True)
    status = models.CharField(max_length=64, blank=True)
    recommendations = models.ManyToManyField(
        TrackedItem, blank=True, related_name="learning_reviews"
    )
    action_plan = models.OneToOneField(
        ActionPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="review"
    )

    class Meta:
        ordering = ["body", "-decided_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["body", "title"], name="one_review_per_title")
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A review is public only once published: a draft is never public.
        if self.published_on is None:
            self.visibility = Visibility.RESTRICTED
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("learning-review", args=[self.pk])

    @property
    def published(self) -> bool:
        return self.published_on is not None

    def items(self):
        """Its recommendations and their parts (1a, 1b ...), as tracked items."""
        linked = self.recommendations.all()
        return TrackedItem.objects.filter(models.Q(pk__in=linked) | models.Q(parent__in=linked))

    def share_visibility(self) -> int:
        """The one rule for a review's recommendations: they, and their parts, are as
        restricted as the review, so a draft review's recommendations are never public, and
        publishing the review publishes them. Called whenever the review or its list of
        recommendations changes (import and the officers' forms); the number changed."""
        return self.items().exclude(visibility=self.visibility).update(visibility=self.visibility)
