"""The search index: one row per searchable record (or per passage of a document), written
in the same transaction as the records it is made from (``index.py``)."""

from __future__ import annotations

from django.db import models

from scrutineer.governance.models import Body, Council, Document


class Kind(models.TextChoices):
    DOCUMENT = "document", "Document"
    AGENDA_ITEM = "agenda-item", "Agenda item"
    MINUTE = "minute", "Minute"
    RESOLUTION = "resolution", "Resolution"
    BRIEFING_NOTE = "briefing-note", "Briefing note"
    TRACKED_ITEM = "tracked-item", "Tracked item"
    PROGRAMME_ITEM = "programme-item", "Work programme item"
    REVIEW = "review", "Review"
    INDICATOR = "indicator", "Indicator"


class SearchEntry(models.Model):
    """What one record says, as the full-text engine reads it. ``restricted`` entries are
    found only by readers of ``body`` (or of everything, when ``body`` is empty): a
    restricted record, or the passage of a public paper holding a restricted record's lines.

    The engine's own structures live beside the table and are made by the migration: an
    FTS5 table kept in step by triggers on SQLite, a stored ``tsvector`` column with a GIN
    index on PostgreSQL."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(Body, null=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    record_id = models.PositiveIntegerField(help_text="The record's id (the document's).")
    title = models.TextField()
    text = models.TextField()
    date = models.DateField(null=True)
    restricted = models.BooleanField(default=False)
    url = models.CharField(max_length=500, help_text="The record's address, less any prefix.")
    source = models.ForeignKey(Document, null=True, on_delete=models.SET_NULL, related_name="+")
    first_line = models.PositiveIntegerField(null=True)
    last_line = models.PositiveIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "record_id"]),
            models.Index(fields=["source"]),
            models.Index(fields=["council", "kind"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title[:60]}"
