"""What every assurance record shares: the body it belongs to, where it was read from, and
the lines of each fact read from elsewhere in the paper."""

from __future__ import annotations

from django.db import models

from scrutineer.governance.models import Body
from scrutineer.governance.models.sources import (
    PublicQuerySet,
    Sourced,
    Visibility,
    visibility_field,
)


class SignsOfSafety(models.TextChoices):
    """The three headings partnerships write progress and findings under."""

    WORKING_WELL = "working-well", "What's working well"
    WORRIED = "worried", "What we are worried about"
    NEEDS_TO_HAPPEN = "needs-to-happen", "What needs to happen"
    OTHER = "other", "Other"


class BodyRecord(Sourced):
    """A record of one body's assurance work, as restricted as it says."""

    council_path = "body__council"
    body_path = "body"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    visibility = visibility_field()
    facts = models.JSONField(
        default=dict, blank=True, help_text="Field name -> [first line, last line] in the source."
    )

    objects = PublicQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def restricted(self) -> bool:
        return self.visibility == Visibility.RESTRICTED
