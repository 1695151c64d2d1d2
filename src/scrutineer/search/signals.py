"""Keeping the index in step with edits made on the site: every save or delete of an
indexed record (or of a meeting or document, which decide who may read records) writes its
entries again, in the same transaction. A change of who may read a record also changes
which lines of its paper are withheld, so the paper's passages are written again too.

Bulk writers (``scrutineer.bulk``) send no signals: ingest reindexes what a paper wrote
itself (``ingest.loader``). Within ``deferred()`` (ingest, a synthetic load) the records
are gathered and written once, when the block ends without an error.
"""

from __future__ import annotations

import contextlib
import threading
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from scrutineer.governance.models import Document, Meeting, Visibility

from . import index
from .models import SearchEntry

_local = threading.local()


@contextlib.contextmanager
def deferred() -> Iterator[_Pending]:
    """Gather the records saved in this block and index them once at its end; ``.documents``
    of what it yields takes the papers to index whole (what bulk writes wrote)."""
    if getattr(_local, "pending", None) is not None:  # already gathering, or paused
        yield _local.pending
        return
    _local.pending = pending = _Pending()
    try:
        yield pending
    finally:
        _local.pending = None
    pending.write()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Index nothing saved in this block: for a bulk load followed by ``index.reindex_all``."""
    previous = getattr(_local, "pending", None)
    _local.pending = _Ignored()
    try:
        yield
    finally:
        _local.pending = previous


class _Ignored:
    @property
    def documents(self) -> set[int]:
        return set()  # forgotten

    def add(self, instance) -> None:
        pass


class _Pending:
    def __init__(self):
        self.records: dict[str, set[int]] = defaultdict(set)
        self.documents: set[int] = set()
        self.meetings: set[int] = set()

    def add(self, instance) -> None:
        if isinstance(instance, Document):
            self.documents.add(instance.pk)
        elif isinstance(instance, Meeting):
            self.meetings.add(instance.pk)
        else:
            self.records[index.KIND_OF_MODEL[type(instance)]].add(instance.pk)

    def write(self) -> None:
        moved: set[int] = set()  # papers whose withheld lines changed
        if self.meetings:
            # Who may read a meeting's records, and their dates and addresses, follow it.
            meetings = list(self.meetings)
            for kind, path in MEETING_RECORDS.items():
                index.reindex(kind, Q(**{f"{path}__in": meetings}), moved)
            moved |= _meetings_moved(meetings)
        for kind, pks in self.records.items():
            index.reindex(kind, Q(pk__in=pks), moved)
            if kind == index.Kind.AGENDA_ITEM:  # its sub-items and minutes follow it
                index.reindex(index.Kind.AGENDA_ITEM, Q(parent__in=pks), moved)
                index.reindex(index.Kind.MINUTE, Q(agenda_item__in=pks), moved)
            if kind == index.Kind.MINUTE:
                index.reindex(index.Kind.RESOLUTION, Q(minute__in=pks), moved)
        for document in sorted(self.documents | moved):
            index.reindex_document(document)


def _meetings_moved(meetings) -> set[int]:
    """The papers of these meetings whose passages over the meeting's own lines are not
    (or no longer) as restricted as the meeting."""
    found = set()
    rows = Meeting.objects.filter(pk__in=meetings, source__isnull=False, first_line__isnull=False)
    for meeting in rows:
        over = SearchEntry.objects.filter(
            kind=index.Kind.DOCUMENT,
            record_id=meeting.source_id,
            first_line__lte=meeting.last_line or meeting.first_line,
            last_line__gte=meeting.first_line,
        )
        if over.filter(restricted=meeting.visibility == Visibility.PUBLIC).exists():
            found.add(meeting.source_id)
    return found


# The records that follow a meeting, by the path from each to it.
MEETING_RECORDS = {
    index.Kind.AGENDA_ITEM: "meeting",
    index.Kind.MINUTE: "meeting",
    index.Kind.RESOLUTION: "minute__meeting",
    index.Kind.BRIEFING_NOTE: "meeting",
    index.Kind.TRACKED_ITEM: "meeting",
    index.Kind.PROGRAMME_ITEM: "meeting",
}


def _saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loading a fixture
        return
    pending = getattr(_local, "pending", None)
    if pending is not None:
        pending.add(instance)
        return
    with deferred():
        _local.pending.add(instance)


def _deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Document):
        SearchEntry.objects.filter(kind=index.Kind.DOCUMENT, record_id=instance.pk).delete()
        return
    restricted = isinstance(instance, Meeting)  # a meeting's own lines may have been withheld
    if not restricted:
        entries = SearchEntry.objects.filter(
            kind=index.KIND_OF_MODEL[type(instance)], record_id=instance.pk
        )
        restricted = entries.filter(restricted=True).exists()
        entries.delete()
    source = getattr(instance, "source_id", None)
    if restricted and source and Document.objects.filter(pk=source).exists():
        pending = getattr(_local, "pending", None)
        if pending is not None:
            pending.documents.add(source)
        else:
            index.reindex_document(source)


def connect() -> None:
    for model in (Document, Meeting, *index.KIND_OF_MODEL):
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-{model.__name__}")
