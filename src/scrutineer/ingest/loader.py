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
from django.utils import timezone

from scrutineer.contention import Contended, run_atomic
from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BriefingNote,
    Council,
    Declaration,
    Document,
    Meeting,
    Membership,
    Minute,
    Original,
    ReportedAttendance,
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
    ParsedBody,
    ParsedBriefingNote,
    ParsedDeclaration,
    ParsedMeeting,
    ParsedMinute,
    ParsedMinutes,
    ParsedResolution,
)
from scrutineer.packs.text import full_year
from scrutineer.packs.titles import is_procedural
from scrutineer.periods import MunicipalYear
from scrutineer.tracker.owners import link_parties_to_new_bodies

from .councils import council_for
from .indicators import load_indicators
from .names import Ambiguity, NameResolver
from .programme_items import load_programme, mark_taken
from .records import fetch_or_create, upsert
from .tracked_items import items_from_resolutions, load_parsed_items

NAME_LIMIT = 255  # the length of the name columns


@dataclass
class IngestResult:
    document: Document
    created: bool
    warnings: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def ingest_file(path: str | Path, council: str | None = None) -> IngestResult:
    return ingest_bytes(read_file(path), Path(path).name, council)


def ingest_bytes(data: bytes, name: str, council: str | None = None) -> IngestResult:
    """Parse and load one file into a council (the slug ``council``, else the one the paper
    names: ``ingest.councils``). Raises PackError, having written nothing, on bad input or
    when other processes kept the records it writes busy.

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
        return run_atomic(lambda: _load(pack, reading, council, data))
    except Contended as error:
        raise PackError(name, f"could not be loaded: {error}; nothing was written") from error


def _load(pack: ParsedPack, reading: Reading, slug: str | None, data: bytes) -> IngestResult:
    _one_ingest_at_a_time()
    council = council_for(pack, slug)
    existing = Document.objects.filter(council=council, sha256=pack.source.sha256).first()
    if existing:  # another process loaded the same file while this one parsed it
        return IngestResult(document=existing, created=False)
    return _Loader(pack, reading.text, council, reading=reading, data=data).load()


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
        self.meeting: Meeting | None = None
        self.warnings: list[PackWarning] = list(pack.warnings)
        self.counts: dict[str, int] = {}
        self.minuted_meetings: list[Meeting] = []

    def load(self) -> IngestResult:
        self.document = self._document()
        if self.pack.meeting:
            self.meeting = self._front_sheet(self.pack.meeting)
        for minutes in self.pack.minutes:
            self._minutes(minutes)
        for note in self.pack.briefing_notes:
            self._briefing_note(note)
        for body in self.pack.bodies:
            self._body_record(body)
        home_body = self.meeting.body if self.meeting else None
        for programme in self.pack.work_programmes:
            load_programme(self, programme, home_body)
        load_parsed_items(self, self.pack.tracked_items, home_body)
        link_parties_to_new_bodies(self.names.created_bodies)
        load_indicators(self, self.pack.indicators, self._scorecard_body(home_body))
        self._mark_programme_items_taken()
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

    def _count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    # Documents -------------------------------------------------------------------------

    def _document(self) -> Document:
        pack = self.pack
        kinds = {c.kind for c in pack.components}
        if pack.meeting:
            kind = Document.Kind.AGENDA_PACK
            title = f"{pack.meeting.body} agenda pack, {_long_date(pack.meeting.start)}"
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
        content_type = original_type(self.reading) if self.reading else None
        if content_type and self.data is not None:
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
        meeting.published = dt.date.fromisoformat(sheet.published) if sheet.published else None
        meeting.issued_by = sheet.issued_by or ""
        meeting.private_business = sheet.private_business
        meeting.save()
        for order, item in enumerate(sheet.agenda):
            self._agenda_item(meeting, item, None, order)
        for member in sheet.membership:
            self._membership(
                body,
                member.name,
                member.role,
                member.lines,
                meeting.date,
                honorific=member.honorific,
            )
        return meeting

    def _agenda_item(self, meeting: Meeting, item: ParsedAgendaItem, parent, order: int) -> None:
        first_page, last_page = item.pages or (None, None)
        record, created = upsert(
            AgendaItem,
            {"meeting": meeting, "parent": parent, "number": item.number},
            order=order,
            title=item.title,
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

    def _membership(
        self,
        body: Body,
        name: str,
        role: str,
        lines,
        since: dt.date | None,
        honorific: str | None = None,
        title: str = "",
    ) -> None:
        written = f"{honorific} {name}" if honorific else name
        person = self._person(written, body, lines)
        if person is None:
            return
        current = Membership.objects.filter(body=body, person=person, end_date=None).first()
        start = current.start_date if current else None
        if since and (start is None or since < start):
            start = since
        _, created = upsert(
            Membership,
            {"body": body, "person": person, "end_date": None},
            role=role,
            title=title or (current.title if current else ""),
            start_date=start,
            **self._source_of(lines),
        )
        self._count("memberships", int(created))

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
            minute, resolutions = self._minute(meeting, minutes.municipal_year or "", item)
            self._count("tracked items", items_from_resolutions(minute, resolutions))
            for declaration in item.declarations:
                self._declaration(meeting, minute, body, declaration, declaration_order)
                declaration_order += 1

    def _attendance(self, meeting: Meeting, body: Body, entry: ParsedAttendance) -> None:
        written = f"{entry.honorific} {entry.name}" if entry.honorific else entry.name
        person = self._person(written, body, entry.lines)
        status = entry.status
        substitute_for = None
        if entry.substitute_for:
            status = Attendance.Status.SUBSTITUTE
            substitute_for = self._person(entry.substitute_for, body, entry.lines)
        organisation = (
            self.names.organisation(self._name(entry.organisation, entry.lines))
            if entry.organisation
            else None
        )
        _, created = upsert(
            Attendance,
            {"meeting": meeting, "name_as_written": entry.name, "status": status},
            person=person,
            capacity=entry.capacity,
            chair=entry.chair,
            substitute_for=substitute_for,
            role=entry.role or "",
            directorate=entry.directorate or "",
            organisation=organisation,
            party=entry.party or "",
            ward=entry.ward or "",
            **self._source_of(entry.lines),
        )
        self._count("attendance", int(created))

    def _minute(
        self, meeting: Meeting, year: str, item: ParsedMinute
    ) -> tuple[Minute, list[tuple[Resolution, ParsedResolution]]]:
        earlier = {ref: _find_minute(meeting.body, ref) for ref in item.references}
        minute, created = upsert(
            Minute,
            {"meeting": meeting, "number": int(item.number)},
            municipal_year=year,
            title=item.title,
            unresolved_references=[ref for ref, found in earlier.items() if found is None],
            **self._source_of(item.lines),
        )
        minute.references.add(*[found for found in earlier.values() if found])
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

    def _body_record(self, record: ParsedBody) -> None:
        body = self.names.body(
            self._name(record.name, record.lines),
            tuple(self._name(alias, record.lines) for alias in record.aliases),
        )
        as_at = _date_or_none(record.as_at)
        for day in record.meeting_dates:
            meeting = self._meeting(body, day, record.lines)
            if meeting.status == Meeting.Status.SCHEDULED:
                meeting.status = Meeting.Status.HELD
                meeting.save()
        for member in record.members:
            if member.vacant:
                seat, created = fetch_or_create(
                    Membership,
                    body=body,
                    vacant=True,
                    title=member.title or "",
                    end_date=None,
                    defaults={"start_date": as_at},
                )
                self._sourced(seat, member.lines)
                seat.save()
                self._count("memberships", int(created))
                continue
            self._membership(
                body, member.name, member.role, member.lines, as_at, title=member.title or ""
            )
        dates = sorted(record.meeting_dates)
        for row in record.attendance:
            _, created = upsert(
                ReportedAttendance,
                {
                    "body": body,
                    "name": self._name(row.name, row.lines),
                    "period_start": _date_or_none(dates[0] if dates else None),
                    "period_end": _date_or_none(dates[-1] if dates else None),
                },
                organisation=None if row.group else self.names.organisation(row.name),
                group=row.group or "",
                attended=row.attended,
                expected=row.expected,
                percent_printed=row.percent or "",
                marks=row.marks,
                **self._source_of(row.lines),
            )
            self._count("reported attendance", int(created))


def _find_minute(body: Body, reference: str) -> Minute | None:
    """Resolve "74/15" to minute 74 of municipal year 2015/16 of the same body."""
    number, _, year = reference.partition("/")
    label = MunicipalYear(full_year(year)).label
    return Minute.objects.filter(
        meeting__body=body, number=int(number), municipal_year=label
    ).first()


def _date_or_none(value: str | None) -> dt.date | None:
    if not value:
        return None
    if len(value) == 7:  # "2013-03": a month
        value = f"{value}-01"
    return dt.date.fromisoformat(value[:10])


def _long_date(start: str | None) -> str:
    return f"{dt.date.fromisoformat(start[:10]):%-d %B %Y}" if start else "undated"
