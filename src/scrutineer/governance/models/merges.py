"""Merges of records the papers name differently: one person as "Cllr J Smith" and "Jane
Smith-Brown", one board under two names. Every merge is kept, with who made it and when,
and enough to undo it (``governance.merging``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .councils import Council


class Merge(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        BODY = "body", "Body"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="merges")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    kept_id = models.PositiveIntegerField()
    kept_name = models.CharField(max_length=255)
    merged_id = models.PositiveIntegerField()
    merged_name = models.CharField(max_length=255)
    snapshot = models.TextField(help_text="The merged record as it was (Django's JSON).")
    moved = models.JSONField(
        default=list, help_text="[model, field, [pk, …]]: the rows moved to the kept record."
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self):
        return f"{self.merged_name} merged into {self.kept_name}"
