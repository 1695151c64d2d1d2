"""The ingest job: a stored upload through the same path as `scrutineer ingest`."""

from __future__ import annotations

from scrutineer.jobs.models import StoredFile
from scrutineer.jobs.tasks import job_kind

from .loader import ingest_bytes

INGEST = "ingest"


# ingest_bytes writes the whole paper in one transaction of its own, and runs it again when
# it loses a race with another writer, so the runner adds no transaction around it.
@job_kind(INGEST, atomic=False)
def ingest_stored_file(job, progress, *, file: int) -> dict:
    stored = StoredFile.objects.get(pk=file)
    progress(0, 1, f"Reading {stored.name}")
    result = ingest_bytes(bytes(stored.data), stored.name)
    document = result.document
    progress(1, 1, f"Read {stored.name}")
    return {
        "file": stored.name,
        "created": result.created,
        "document": {
            "id": document.pk,
            "title": document.title,
            "url": document.get_absolute_url(),
        },
        "counts": {what: n for what, n in result.counts.items() if n},
        "warnings": result.warnings,
    }
