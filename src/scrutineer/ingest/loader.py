"""ParsedPack -> database. One file, one transaction: it all lands or nothing does.

Ingestion is a function of (file, database) so that it can run in any worker. Records are
upserted on natural keys (body and date, meeting and minute number...), so loading the
same file twice changes nothing, and minutes that reappear in a later pack enrich the
meeting they record instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from scrutineer.contention import Contended, run_atomic
from scrutineer.governance.minute_book import agreed_meeting, find_minute
from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BriefingNote,
    Council,
    Declaration,
    Document,
    Meeting,
    Minute,
    Original,
    Resolution,
    Section,
    Visibility,
    Warning,
)
from scrutineer.packs import PackError, ParsedPack, read_file
from scrutineer.packs.formats import Reading, original_type, parse_reading, read_document
from scrutineer.packs.model import (
    PackWarning,
    ParsedAgendaItem,
    ParsedAttendance,
    ParsedBriefingNote,
    ParsedDeclaration,
    ParsedMeeting,
    ParsedMinute,
    ParsedMinutes,
    ParsedResolution,
)
from scrutineer.packs.titles import is_procedural
from scrutineer.search.signals import deferred as search_deferred
from scrutineer.tracker.models import TrackedItem
from scrutineer.tracker.owners import link_parties_to_new_bodies

from .assurance import load_assurance
from .attendance import attendance_fields, written_name
from .body_records import load_body_record
from .councils import council_for
from .indicators import load_indicators
from .memberships import (
    add_roster,
    add_roster_entry,
    rederive_seated_bodies,
)
from .names import Ambiguity, NameResolver
from .programme_items import load_programme, mark_taken
from .records import fetch_or_create, upsert
from .tracked_items import follow_up_items, items_from_resolutions, load_parsed_items

NAME_LIMIT = 255  # the length of the name columns


@dataclass
class IngestResult:
    document: Document
    created: bool
    warnings: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def ingest_file(path: str | Path, council: str | None = None) -> IngestResult:
    return ingest_bytes(read_file(path), Path(path).name, council)


def ingest_bytes(
    data: bytes, name: str, council: str | None = None, *, meeting: Meeting | None = None
) -> IngestResult:
    """Parse and load one file into a council (the slug ``council``, else the one the paper
    names: ``ingest.councils``). Raises PackError, having written nothing, on bad input or
    when other processes kept the records it writes busy.

    ``meeting`` is the meeting a paper was published for (a harvested agenda item's linked
    paper): what the paper holds without a front sheet of its own (briefing notes, work
    programmes, tracked items) belongs to that meeting and its body.

    The file is parsed before the transaction, so that concurrent ingests parse in
    parallel and hold the database only while they write. Loading runs again from the
    start if it lost a race with another writer; it then finds that writer's rows."""
    reading = read_document(data, name)
    # The same bytes again are a no-op, unless they are now said to be another council's.
    existing = Document.objects.filter(sha256=reading.sha256)
    existing = existing.filter(council__slug=council).first() if council else existing.first()
    if existing:
        return IngestResult(document=existing, created=False)
    pack = parse_reading(reading)
    try:
        return run_atomic(lambda: _load(pack, reading, council, data, meeting))
    except Contended as error:
        raise PackError(name, f"could not be loaded: {error}; nothing was written") from error


def _load(
    pack: ParsedPack,
    reading: Reading,
    slug: str | None,
    data: bytes,
    meeting: Meeting | None = None,
) -> IngestResult:
    _one_ingest_at_a_time()
    council = council_for(pack, slug)
    existing = Document.objects.filter(council=council, sha256=pack.source.sha256).first()
    if existing:  # another process loaded the same file while this one parsed it
        return IngestResult(document=existing, created=False)
    # Indexed once, in the paper's transaction: what it saved, and all read from it (bulk
    # writes send no signals).
    with search_deferred() as indexed:
        result = _Loader(pack, reading.text, council, meeting, reading=reading, data=data).load()
        indexed.documents.add(result.document.pk)
    return result


# Any fixed 64-bit number, the same in every process: the key of the ingest lock.
INGEST_LOCK = 0x5C2071_1E57


def _one_ingest_at_a_time() -> None:
    """Wait until no other transaction is loading a file, and hold that turn until this
    transaction ends.

    Not every natural key has a unique constraint behind it (two papers naming a new
    person would otherwise both create them), and the loader reads before it writes, so
    ingests write one at a time, as SQLite's IMMEDIATE transactions already make them.
    On PostgreSQL this is a transaction-scoped advisory lock; parsing stays parallel."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INGEST_LOCK])


class _Loader:
    def __init__(
        self,
        pack: ParsedPack,
        text: str,
        council: Council,
        meeting: Meeting | None = None,
        reading: Reading | None = None,
        data: bytes | None = None,
    ):
        self.pack = pack
        self.text = text
        self.reading = reading  # what was read, and the original's bytes (``_document``)
        self.data = data
        self.council = council
        self.names = NameResolver(council)
        self.document: Document | None = None
        self.meeting: Meeting | None = meeting
        self.warnings: list[PackWarning] = list(pack.warnings)
        self.counts: dict[str, int] = {}
        self.minuted_meetings: list[Meeting] = []
        self.seated_bodies: set[Body] = set()  # bodies with new evidence of membership

    def load(self) -> IngestResult:
        self.document = self._document()
        if self.pack.meeting:
            self.meeting = self._front_sheet(self.pack.meeting)
        for minutes in self.pack.minutes:
            self._minutes(minutes)
        for note in self.pack.briefing_notes:
            self._briefing_note(note)
        for body in self.pack.bodies:
            load_body_record(self, body)
        home_body = self.meeting.body if self.meeting else None
        for programme in self.pack.work_programmes:
            load_programme(self, programme, home_body)
        load_parsed_items(self, self.pack.tracked_items, home_body)
        link_parties_to_new_bodies(self.names.created_bodies)
        load_indicators(self, self.pack.indicators, self._scorecard_body(home_body))
        load_assurance(self, self.pack.assurance, home_body)
        self._mark_programme_items_taken()
        rederive_seated_bodies(self)
        self._date_latest_papers()
        for ambiguity in self.names.ambiguous_bodies:
            message = f"{ambiguity}; it has been kept as a body of its own."
            self.warnings.append(PackWarning("ambiguous-body", message, (1, 1)))
        for warning in self.warnings:
            self.warn(warning)
        return IngestResult(self.document, True, len(self.warnings), self.counts)

    def warn(self, warning: PackWarning) -> None:
        """A warning on this paper's lines, stored once."""
        fetch_or_create(
            Warning,
            document=self.document,
            code=warning.code,
            first_line=warning.lines[0],
            message=warning.message,
            defaults={"last_line": warning.lines[1]},
        )

    def _name(self, value: str, lines) -> str:
        """Names are keys and are indexed; a "name" longer than any real one means the
        parser has misread the paper, so the whole file is refused rather than clipped."""
        if len(value) > NAME_LIMIT:
            raise PackError(
                self.pack.source.name,
                f"line {lines[0]}: a name of {len(value)} characters is too long to be a name "
                f"({value[:40]!r}...); is the file a real agenda pack?",
            )
        return value

    def _scorecard_body(self, home_body: Body | None) -> Body | None:
        """A pack's scorecard is its board's; an annual report's, the board it reports on."""
        if home_body is not None:
            return home_body
        if self.pack.bodies:
            return self.names.body(self.pack.bodies[0].name, tuple(self.pack.bodies[0].aliases))
        return None

    def _mark_programme_items_taken(self) -> None:
        """Agendas and minutes show which work programme items were taken."""
        if self.meeting:
            agenda = self.meeting.agenda_items.filter(parent=None)
            mark_taken(self, self.meeting, [a for a in agenda if not is_procedural(a.title)])
        for meeting in self.minuted_meetings:
            minutes = meeting.minutes.all()
            mark_taken(self, meeting, [m for m in minutes if not is_procedural(m.title)])

    @property
    def paper_date(self) -> dt.date | None:
        """The date of the paper: its own meeting's, else that of the latest minutes in it."""
        if self.meeting is not None:
            return self.meeting.date
        days = [m.start[:10] for m in self.pack.minutes if m.start]
        return dt.date.fromisoformat(max(days)) if days else None

    def _date_latest_papers(self) -> None:
        """This paper is the latest of its bodies unless a later one has been read."""
        day = self.paper_date
        if day is None:
            return
        bodies = set(
            TrackedItem.objects.filter(source=self.document).values_list("body_id", flat=True)
        )
        if self.meeting is not None:
            bodies.add(self.meeting.body_id)
        Body.objects.filter(pk__in=bodies).filter(
            Q(latest_paper__isnull=True) | Q(latest_paper__lt=day)
        ).update(latest_paper=day)

    def _count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    # Documents -------------------------------------------------------------------------

    def _document(self) -> Document:
        pack = self.pack
        kinds = {c.kind for c in pack.components}
        if pack.meeting:
            kind = Document.Kind.AGENDA_PACK
            page = pack.minutes and not kinds - {"minutes"}  # a ModernGov Agenda and minutes page
            paper = "agenda and minutes" if page else "agenda pack"
            title = f"{pack.meeting.body} {paper}, {_long_date(pack.meeting.start)}"
        elif "annual-report" in kinds:
            kind = Document.Kind.ANNUAL_REPORT
            title = next(c.title for c in pack.components if c.kind == "annual-report")
        elif kinds == {"minutes"}:
            kind, title = Document.Kind.MINUTES, pack.components[0].title
        else:
            kind, title = Document.Kind.REPORT, pack.components[0].title
        previous = (
            Document.objects.filter(council=self.council, name=pack.source.name)
            .order_by("-ingested_at")
            .first()
        )
        document = Document.objects.create(
            council=self.council,
            name=pack.source.name,
            title=title[:500],
            kind=kind,
            sha256=pack.source.sha256,
            text=self.text,
            size_bytes=pack.source.bytes,
            line_count=pack.source.line_count,
            supersedes=previous,
            format=pack.source.format or "text",
            page_starts=list(self.reading.page_starts) if self.reading else [],
        )
        if self.reading is not None and self.data is not None:  # the file, as published
            content_type = original_type(self.reading)
            Original.objects.create(document=document, content_type=content_type, data=self.data)
        Section.objects.bulk_create(
            Section(
                document=document,
                kind=c.kind,
                title=c.title[:500],
                first_line=c.lines[0],
                last_line=c.lines[1],
            )
            for c in pack.components
        )
        return document

    def _source_of(self, lines) -> dict:
        """Provenance fields for ``upsert``: this document and the line span."""
        first, last = (lines[0], lines[1]) if lines else (None, None)
        return {"source": self.document, "first_line": first, "last_line": last}

    def _sourced(self, record, lines) -> None:
        record.set_source(self.document, lines)

    # Meetings --------------------------------------------------------------------------

    def _meeting(self, body: Body, start: str | None, lines) -> Meeting | None:
        if not start:
            return None
        day = dt.date.fromisoformat(start[:10])
        meeting, created = fetch_or_create(Meeting, body=body, date=day)
        if "T" in start:
            meeting.start = timezone.make_aware(dt.datetime.fromisoformat(start))
        if created or meeting.source_id is None:
            self._sourced(meeting, lines)
        self._count("meetings", int(created))
        return meeting

    def _front_sheet(self, sheet: ParsedMeeting) -> Meeting | None:
        body = self.names.body(self._name(sheet.body, sheet.lines))
        meeting = self._meeting(body, sheet.start, sheet.lines)
        if meeting is None:
            self.warnings.append(
                PackWarning(
                    "meeting-without-date",
                    "The front sheet gives no date for the meeting.",
                    sheet.lines,
                )
            )
            return None
        self._sourced(meeting, sheet.lines)
        meeting.venue = sheet.venue or meeting.venue
        # A paper that does not say (an Agenda and minutes page) keeps what another said.
        if sheet.published:
            meeting.published = dt.date.fromisoformat(sheet.published)
        meeting.issued_by = sheet.issued_by or meeting.issued_by
        meeting.private_business = sheet.private_business
        meeting.save()
        for order, item in enumerate(sheet.agenda):
            self._agenda_item(meeting, item, None, order)
        if sheet.membership:
            # A front sheet lists every councillor, and every co-optee only if it names any.
            covers = ["members"] + (
                ["co-opted"] if any(m.role == "co-opted" for m in sheet.membership) else []
            )
            roster = add_roster(
                self, body, meeting.date, covers, [m.lines for m in sheet.membership]
            )
            for member in sheet.membership:
                written = f"{member.honorific} {member.name}" if member.honorific else member.name
                add_roster_entry(self, roster, member.role, member.lines, written=written)
        return meeting

    def _agenda_item(self, meeting: Meeting, item: ParsedAgendaItem, parent, order: int) -> None:
        first_page, last_page = item.pages or (None, None)
        key = {"meeting": meeting, "parent": parent, "number": item.number}
        if not item.number:
            key["title"] = item.title  # items printed with no number: one per title
        record, created = upsert(
            AgendaItem,
            key,
            order=order,
            **({"title": item.title} if item.number else {}),
            first_page=first_page,
            last_page=last_page,
            presenter=item.presenter or "",
            description=item.description or "",
            visibility=Visibility.RESTRICTED if item.private else Visibility.PUBLIC,
            **self._source_of(item.lines),
        )
        self._count("agenda items", int(created))
        for sub_order, sub in enumerate(item.subitems):
            self._agenda_item(meeting, sub, record, sub_order)

    def _person(self, written: str, body: Body | None, lines):
        person = self.names.person(self._name(written, lines), body)
        if isinstance(person, Ambiguity):
            candidates = ", ".join(p.display_name for p in person.candidates)
            self.warnings.append(
                PackWarning(
                    "ambiguous-name",
                    f'"{written}" could be any of {candidates}; it has not been merged with any.',
                    lines,
                )
            )
            return None
        return person

    # Minutes ---------------------------------------------------------------------------

    def _minutes(self, minutes: ParsedMinutes) -> None:
        body = self.names.body(self._name(minutes.body, minutes.lines))
        meeting = self._meeting(body, minutes.start, minutes.lines)
        if meeting is None:
            self.warnings.append(
                PackWarning(
                    "minutes-without-date", "These minutes give no meeting date.", minutes.lines
                )
            )
            return
        meeting.status = Meeting.Status.HELD
        self.minuted_meetings.append(meeting)
        if minutes.closed:
            meeting.closed_at = dt.time.fromisoformat(minutes.closed)
        meeting.save()
        for entry in minutes.attendance:
            self._attendance(meeting, body, entry)
        declaration_order = 0
        for item in minutes.items:
            if not item.number.isdigit():
                self.warnings.append(
                    PackWarning(
                        "minute-without-number",
                        f'The minute "{item.title}" has no number, so it is not stored as a '
                        "minute; its text stays in the document.",
                        item.lines,
                    )
                )
                continue
            minute, resolutions = self._minute(meeting, minutes.municipal_year or "", item)
            self._count(
                "tracked items", items_from_resolutions(minute, resolutions, self.paper_date)
            )
            for declaration in item.declarations:
                self._declaration(meeting, minute, body, declaration, declaration_order)
                declaration_order += 1

    def _attendance(self, meeting: Meeting, body: Body, entry: ParsedAttendance) -> None:
        self.seated_bodies.add(body)
        fields = attendance_fields(
            entry,
            person=self._person(written_name(entry), body, entry.lines),
            substitute_for=(
                self._person(entry.substitute_for, body, entry.lines)
                if entry.substitute_for
                else None
            ),
            organisation=(
                self.names.organisation(self._name(entry.organisation, entry.lines))
                if entry.organisation
                else None
            ),
        )
        key = {"meeting": meeting}
        key.update((name, fields.pop(name)) for name in ("name_as_written", "status"))
        _, created = upsert(Attendance, key, **fields, **self._source_of(entry.lines))
        self._count("attendance", int(created))

    def _minute(
        self, meeting: Meeting, year: str, item: ParsedMinute
    ) -> tuple[Minute, list[tuple[Resolution, ParsedResolution]]]:
        earlier = {ref: find_minute(meeting.body, ref) for ref in item.references}
        minute, created = upsert(
            Minute,
            {"meeting": meeting, "number": int(item.number)},
            municipal_year=year,
            title=item.title,
            **({"agenda_item": _agenda_item_of(meeting, item)} if meeting == self.meeting else {}),
            unresolved_references=[ref for ref, found in earlier.items() if found is None],
            **self._source_of(item.lines),
        )
        found = [minute for minute in earlier.values() if minute]
        minute.references.add(*found)
        if item.agrees:
            self._agree(minute, item.agrees)
        if followed := follow_up_items(minute, found, self.paper_date):
            self._count("follow-ups", followed)
        self._count("minutes", int(created))
        resolutions = []
        for order, resolution in enumerate(item.resolutions):
            record, new = upsert(
                Resolution,
                {"minute": minute, "order": order},
                text=resolution.text,
                part=resolution.part or "",
                **self._source_of(resolution.lines),
            )
            self._count("resolutions", int(new))
            resolutions.append((record, resolution))
        return minute, resolutions

    def _agree(self, minute: Minute, printed: str) -> None:
        """The minute agrees an earlier meeting's minutes: they are approved, unless already
        said to be approved elsewhere (by an officer, or by another paper)."""
        earlier = agreed_meeting(minute.meeting.body, minute.meeting.date, printed)
        if earlier is not None and earlier.minutes_approved_by_id is None:
            earlier.minutes_approved_by = minute
            earlier.save(update_fields=["minutes_approved_by"])
            self._count("minutes approved")

    def _declaration(self, meeting, minute, body, declaration: ParsedDeclaration, order) -> None:
        person = None
        if declaration.name:
            person = self._person(f"Councillor {declaration.name}", body, declaration.lines)
        _, created = upsert(
            Declaration,
            {"meeting": meeting, "order": order},
            minute=minute,
            person=person,
            text=declaration.text,
            none_declared=declaration.none_declared,
            **self._source_of(declaration.lines),
        )
        self._count("declarations", int(created))

    # Briefing notes and bodies ---------------------------------------------------------

    def _briefing_note(self, note: ParsedBriefingNote) -> None:
        record = BriefingNote(
            document=self.document,
            meeting=self.meeting,
            addressed_to=note.to or "",
            sender=note.sender or "",
            subject=note.subject or "",
            authors=note.authors,
            date=dt.date.fromisoformat(note.date) if note.date else None,
            recommendations=[
                {"number": r.number, "text": r.text, "lines": list(r.lines)}
                for r in note.recommendations
            ],
        )
        self._sourced(record, note.lines)
        record.save()
        self._count("briefing notes")


def _agenda_item_of(meeting: Meeting, item: ParsedMinute) -> AgendaItem | None:
    """The agenda item a minute records, when the same paper gives the agenda: printed
    "56" or "56/16"."""
    numbers = [item.number] + ([item.reference] if item.reference else [])
    return meeting.agenda_items.filter(parent=None, number__in=numbers).first()


def _long_date(start: str | None) -> str:
    return f"{dt.date.fromisoformat(start[:10]):%-d %B %Y}" if start else "undated"
