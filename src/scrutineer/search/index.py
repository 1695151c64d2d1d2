"""Building the search index: what each kind of record says, who may find it, and where it
links. Rows are written by the caller's transaction, so the index never holds what was
rolled back nor misses what was committed (``signals.py`` calls these on every edit; ingest
calls ``reindex_document`` for what a paper wrote).

A paper is indexed in passages (a section, or ``PASSAGE_LINES`` lines of a longer one), cut
wherever a restricted record's lines start or end: a passage of such lines is restricted to
that record's body, so its words never match nor reach a snippet for other readers. A
record's own text leaves out withheld lines that are not its body's.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Case, F, Max, Q, Value, When
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils.html import strip_tags

from scrutineer.assurance.models import LearningReview
from scrutineer.governance.models import (
    AgendaItem,
    Document,
    Meeting,
    Minute,
    Resolution,
    Section,
)
from scrutineer.governance.models.meetings import BriefingNote
from scrutineer.governance.restriction import restricted_q, withheld_spans_by_body
from scrutineer.packs.titles import most_alike
from scrutineer.performance.models import Indicator
from scrutineer.periods import MunicipalYear
from scrutineer.tracker.models import TrackedItem, WorkProgrammeItem

from .models import Kind, SearchEntry

PASSAGE_LINES = 40
ENTRY_CHARS = 400_000  # PostgreSQL's tsvector holds at most 1 MB
BATCH = 2000
# Section kinds that are a briefing note's attachments, read with it as its papers.
ATTACHMENTS = {"report", "appendix"}
# The marks snippets are cut with: never in indexed text (see ``_clean``).
START, STOP = "\x02", "\x03"


def _clean(text: str) -> str:
    return text.replace(START, " ").replace(STOP, " ")[:ENTRY_CHARS]


@contextlib.contextmanager
def _unprefixed() -> Iterator[None]:
    """Addresses as the index keeps them: without a council's prefix, added when shown."""
    previous = get_script_prefix()
    set_script_prefix("/")
    try:
        yield
    finally:
        set_script_prefix(previous)


def _restricted(model):
    q = restricted_q(model)
    return Case(When(q, then=Value(True)), default=Value(False)) if q else Value(False)


class Papers:
    """The lines of the papers some records come from, less what a reader of the record may
    not see; and each briefing note's papers (its lines and the reports and appendices after
    it), which are also the papers of the agenda item it is about."""

    def __init__(self, documents: Iterable[int]):
        ids = {pk for pk in documents if pk is not None}
        self.documents = {d.pk: d for d in Document.objects.filter(pk__in=ids)}
        self.spans = withheld_spans_by_body(ids)
        self.sections: dict[int, list] = defaultdict(list)
        for section in Section.objects.filter(document__in=ids):
            self.sections[section.document_id].append(section)

    def text(self, document_id, first, last, body_id=None, restricted=False) -> str:
        """Lines ``first`` to ``last``, less those withheld from a reader of the record:
        every restricted record's for a public record, other bodies' for a restricted one."""
        document = self.documents.get(document_id)
        if document is None or first is None:
            return ""
        lines = document.lines()
        last = min(last or first, len(lines))
        hidden = [
            (f, la)
            for f, la, body in self.spans.get(document_id, ())
            if not restricted or body is None or body != body_id
        ]
        return "\n".join(
            lines[n - 1]
            for n in range(first, last + 1)
            if not any(f <= n <= la for f, la in hidden)
        )

    def papers_of(self, note: BriefingNote) -> tuple[int, int] | None:
        """The lines of a briefing note and of the reports and appendices that follow it."""
        if note.first_line is None:
            return None
        last = note.last_line or note.first_line
        following = sorted(self.sections[note.document_id], key=lambda s: s.first_line)
        for section in following:
            if section.first_line <= last:
                continue
            if section.kind not in ATTACHMENTS:
                break
            last = section.last_line
        return note.first_line, last


def _entry(record, kind, council_id, body_id, title, text, date, url, **source) -> SearchEntry:
    return SearchEntry(
        council_id=council_id,
        body_id=body_id,
        kind=kind,
        record_id=record.pk,
        title=_clean(title),
        text=_clean(text),
        date=date,
        restricted=record.search_restricted,
        url=url,
        source_id=source.get("source_id", getattr(record, "source_id", None)),
        first_line=source.get("first_line", getattr(record, "first_line", None)),
        last_line=source.get("last_line", getattr(record, "last_line", None)),
    )


def _lines(papers: Papers, record, body_id) -> str:
    return papers.text(
        record.source_id, record.first_line, record.last_line, body_id, record.search_restricted
    )


def _minutes(rows, papers):
    for minute in rows:
        meeting = minute.meeting
        text = _lines(papers, minute, meeting.body_id) or strip_tags(minute.html)
        yield _entry(
            minute,
            Kind.MINUTE,
            meeting.body.council_id,
            meeting.body_id,
            f"Minute {minute.reference}: {minute.title}",
            text,
            meeting.date,
            minute.get_absolute_url(),
        )


def _resolutions(rows, papers):
    for resolution in rows:
        minute = resolution.minute
        meeting = minute.meeting
        yield _entry(
            resolution,
            Kind.RESOLUTION,
            meeting.body.council_id,
            meeting.body_id,
            f"Resolution of minute {minute.reference}: {minute.title}",
            resolution.text,
            meeting.date,
            minute.get_absolute_url(),
        )


def _agenda_papers(items, papers) -> dict[int, tuple[int, int, int]]:
    """Agenda item id -> (document, first, last) of the briefing note it is about: the note
    of its meeting whose subject is most like the item's title, with no tie."""
    by_meeting = defaultdict(list)
    for item in items:
        by_meeting[item.meeting_id].append(item)
    found = {}
    notes = BriefingNote.objects.filter(meeting__in=by_meeting).order_by("pk")
    for note in notes:
        best, ties = most_alike(note.subject, by_meeting[note.meeting_id], lambda i: i.title)
        span = papers.papers_of(note) if best is not None and not ties else None
        if span:
            found[best.pk] = (note.document_id, *span)
    return found


def _agenda_items(rows, papers):
    rows = list(rows)
    attached = _agenda_papers(rows, papers)
    for item in rows:
        meeting = item.meeting
        parts = [item.description, item.presenter, _lines(papers, item, meeting.body_id)]
        if item.pk in attached:
            document, first, last = attached[item.pk]
            parts.append(
                papers.text(document, first, last, meeting.body_id, item.search_restricted)
            )
        yield _entry(
            item,
            Kind.AGENDA_ITEM,
            meeting.body.council_id,
            meeting.body_id,
            f"{item.number}. {item.title}",
            "\n".join(p for p in parts if p),
            meeting.date,
            meeting.get_absolute_url(),
        )


def _briefing_notes(rows, papers):
    for note in rows:
        meeting = note.meeting
        body_id = meeting.body_id if meeting else None
        span = papers.papers_of(note)
        text = papers.text(note.document_id, *span, body_id, note.search_restricted) if span else ""
        url = meeting.get_absolute_url() if meeting else note.document.get_absolute_url()
        yield _entry(
            note,
            Kind.BRIEFING_NOTE,
            note.document.council_id,
            body_id,
            note.subject or note.document.title,
            text,
            note.date or (meeting.date if meeting else None),
            url,
        )


def _tracked_items(rows, papers):
    for item in rows:
        parts = [item.text, item.topic, item.source_reference]
        date = item.meeting.date if item.meeting else item.last_seen or item.created_at.date()
        yield _entry(
            item,
            Kind.TRACKED_ITEM,
            item.body.council_id,
            item.body_id,
            str(item),
            "\n".join(p for p in parts if p),
            date,
            item.get_absolute_url(),
        )


def _programme_items(rows, papers):
    for item in rows:
        year = MunicipalYear.parse(item.municipal_year)
        url = reverse("work-programme", args=[item.body.slug, year.slug]) + f"#item-{item.pk}"
        parts = [item.detail, item.leads_as_written, item.origin_text, item.bucket_label]
        yield _entry(
            item,
            Kind.PROGRAMME_ITEM,
            item.body.council_id,
            item.body_id,
            item.title,
            "\n".join(p for p in parts if p),
            item.meeting.date if item.meeting else None,
            url,
        )


def _reviews(rows, papers):
    for review in rows:
        findings = [f"{f.get('heading', '')} {f.get('text', '')}" for f in review.findings]
        parts = [review.subject, review.trigger, review.status, *findings]
        yield _entry(
            review,
            Kind.REVIEW,
            review.body.council_id,
            review.body_id,
            review.title,
            "\n".join(p for p in parts if p),
            review.decided_on or review.published_on,
            review.get_absolute_url(),
        )


def _indicators(rows, papers):
    for indicator in rows:
        parts = [indicator.definition, indicator.caveats, indicator.footnotes]
        yield _entry(
            indicator,
            Kind.INDICATOR,
            indicator.body.council_id,
            indicator.body_id,
            indicator.name,
            "\n".join(p for p in parts if p),
            None,
            indicator.get_absolute_url(),
        )


# Each kind: its model, what to load with it, and how it becomes entries.
KINDS = {
    Kind.MINUTE: (Minute, ("meeting__body",), _minutes),
    Kind.RESOLUTION: (Resolution, ("minute__meeting__body",), _resolutions),
    Kind.AGENDA_ITEM: (AgendaItem, ("meeting__body",), _agenda_items),
    Kind.BRIEFING_NOTE: (BriefingNote, ("meeting__body", "document"), _briefing_notes),
    Kind.TRACKED_ITEM: (TrackedItem, ("body", "meeting"), _tracked_items),
    Kind.PROGRAMME_ITEM: (WorkProgrammeItem, ("body", "meeting"), _programme_items),
    Kind.REVIEW: (LearningReview, ("body",), _reviews),
    Kind.INDICATOR: (Indicator, ("body",), _indicators),
}
KIND_OF_MODEL = {model: kind for kind, (model, _, _) in KINDS.items()}


def reindex(kind: str, records: Q | None = None, moved: set | None = None) -> int:
    """Write again the entries of the records of ``kind`` that ``records`` selects (every
    record of the kind with None); returns how many entries were written. ``moved``, when
    given, gathers the papers whose withheld lines changed: those of records restricted
    before or after whose restriction or lines changed."""
    model, related, build = KINDS[kind]
    rows = model.objects.filter(records or Q()).order_by("pk")
    if model is Indicator:
        rows = rows.filter(body__isnull=False)  # a council's records are of its bodies
    stale = SearchEntry.objects.filter(kind=kind)
    if records is not None:
        stale = stale.filter(record_id__in=model.objects.filter(records).values("pk"))
    before = {}
    if moved is not None:
        fields = ("record_id", "restricted", "source_id", "first_line", "last_line")
        before = {row[0]: row[1:] for row in stale.values_list(*fields)}
    stale.delete()
    rows = rows.select_related(*related).annotate(search_restricted=_restricted(model))
    written = 0
    with _unprefixed():
        for batch in _batches(rows.iterator(chunk_size=BATCH)):
            papers = Papers(r.source_id for r in batch)
            if model is BriefingNote:
                papers = Papers({r.document_id for r in batch} | {r.source_id for r in batch})
            elif model is AgendaItem:
                notes = BriefingNote.objects.filter(meeting__in={r.meeting_id for r in batch})
                papers = Papers(
                    {r.source_id for r in batch} | set(notes.values_list("document", flat=True))
                )
            entries = SearchEntry.objects.bulk_create(build(batch, papers), BATCH)
            written += len(entries)
            if moved is not None:
                moved |= _moved(before, entries)
    return written


def _moved(before: dict, entries) -> set[int]:
    """The papers whose withheld lines these rewritten entries change."""
    found = set()
    for entry in entries:
        now = (entry.restricted, entry.source_id, entry.first_line, entry.last_line)
        then = before.get(entry.record_id, (False, None, None, None))
        if now != then and (now[0] or then[0]):
            found |= {now[1], then[1]}
    return found - {None}


def _batches(rows) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def reindex_passages(document_ids: Iterable[int]) -> int:
    """Write again the passages of these documents (their lines, cut as the module says)."""
    ids = set(document_ids)
    SearchEntry.objects.filter(kind=Kind.DOCUMENT, record_id__in=ids).delete()
    papers = Papers(ids)
    bodies = _bodies_of(ids)
    dates = dict(
        # The meeting a paper is the agenda pack of: the one whose items it lists.
        Meeting.objects.filter(source__in=ids, agenda_items__source=F("source"))
        .values("source")
        .annotate(latest=Max("date"))
        .values_list("source", "latest")
    )
    entries = []
    with _unprefixed():
        for document in papers.documents.values():
            document.search_restricted = document.visibility != "public"
            date = dates.get(document.pk) or document.ingested_at.date()
            url = document.get_absolute_url()
            for first, last, title, bodies_here in _passages(document, papers):
                text = "\n".join(document.lines()[first - 1 : last])
                if not text.strip():
                    continue
                if document.search_restricted:
                    bodies_here = bodies_here | {bodies.get(document.pk)}
                restricted = document.search_restricted or bool(bodies_here)
                entry = _entry(
                    document,
                    Kind.DOCUMENT,
                    document.council_id,
                    next(iter(bodies_here)) if len(bodies_here) == 1 else None,
                    title,
                    text,
                    date,
                    url,
                    source_id=document.pk,
                    first_line=first,
                    last_line=last,
                )
                entry.restricted = restricted
                entries.append(entry)
    return len(SearchEntry.objects.bulk_create(entries, BATCH))


def _passages(document, papers: Papers):
    """(first, last, title, bodies) of each passage: cut at sections, at every
    ``PASSAGE_LINES`` lines, and where restricted records' lines start and end; ``bodies``
    holds the bodies of the restricted records whose lines the passage is."""
    count = len(document.lines())
    spans = papers.spans.get(document.pk, [])
    sections = sorted(papers.sections[document.pk], key=lambda s: s.first_line)
    cuts = {1, count + 1}
    for section in sections:
        cuts |= {section.first_line, section.last_line + 1}
    for first, last, _body in spans:
        cuts |= {first, last + 1}
    cuts = sorted(c for c in cuts if 1 <= c <= count + 1)
    for start, end in zip(cuts, cuts[1:], strict=False):
        for first in range(start, end, PASSAGE_LINES):
            last = min(first + PASSAGE_LINES, end) - 1
            bodies = {body for f, la, body in spans if f <= first and last <= la}
            section = next((s for s in sections if s.first_line <= first <= s.last_line), None)
            title = f"{document.title} – {section.title}" if section else document.title
            yield first, last, title, bodies


def _bodies_of(ids) -> dict[int, int]:
    """The body of each document that belongs to exactly one (through its meetings, its
    briefing notes or the agenda items linking it): the readers of a restricted paper."""
    found: dict[int, set[int]] = defaultdict(set)
    for document, body in Meeting.objects.filter(source__in=ids).values_list("source", "body"):
        found[document].add(body)
    notes = BriefingNote.objects.filter(document__in=ids, meeting__isnull=False)
    for document, body in notes.values_list("document", "meeting__body"):
        found[document].add(body)
    linked = Document.objects.filter(pk__in=ids, linked_from__isnull=False).values_list(
        "pk", "linked_from__agenda_item__meeting__body"
    )
    for document, body in linked:
        found[document].add(body)
    return {document: next(iter(b)) for document, b in found.items() if len(b) == 1}


def reindex_document(document_id: int) -> None:
    """Everything a paper's lines feed: its passages, the records read from it, and the
    agenda items its briefing notes are about."""
    reindex_passages([document_id])
    for kind in KINDS:
        if kind == Kind.BRIEFING_NOTE:
            reindex(kind, Q(document_id=document_id) | Q(source_id=document_id))
        elif kind == Kind.AGENDA_ITEM:
            about = BriefingNote.objects.filter(document_id=document_id).values("meeting")
            reindex(kind, Q(source_id=document_id) | Q(meeting__in=about))
        else:
            reindex(kind, Q(source_id=document_id))


def reindex_all() -> int:
    """The whole index, written again (after a bulk load: ``scrutineer synth``, a restore)."""
    SearchEntry.objects.all().delete()
    written = 0
    for start in range(0, Document.objects.aggregate(n=Max("pk"))["n"] or 0, 200):
        ids = Document.objects.filter(pk__gt=start, pk__lte=start + 200).values_list(
            "pk", flat=True
        )
        written += reindex_passages(list(ids))
    for kind in KINDS:
        written += reindex(kind)
    return written
