"""One harvest run: fetch and read everything, then write it all in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scrutineer.contention import Contended, run_atomic
from scrutineer.packs import PackError
from scrutineer.packs.model import PackWarning, ParsedPack
from scrutineer.packs.moderngov import (
    Answer,
    ParsedCommittee,
    ParsedMeetingEntry,
    read_answer,
    read_committees,
    read_meeting,
    read_meetings,
)

from .client import HarvestError, ModernGovClient

WINDOW_DAYS = 365  # GetMeetings is asked a year at a time
DATE_FORMAT = "%d/%m/%Y"


@dataclass
class HarvestOptions:
    site: str
    council: str  # the council's slug: created, with the site's address, if new
    since: dt.date | None = None
    until: dt.date | None = None
    committees: list[str] = field(default_factory=list)
    documents: bool = False
    window_days: int = WINDOW_DAYS

    def span(self) -> tuple[dt.date, dt.date]:
        until = self.until or dt.date.today()
        since = self.since or until - dt.timedelta(days=self.window_days - 1)
        return since, until


@dataclass
class _Meeting:
    entry: ParsedMeetingEntry
    committee: ParsedCommittee
    answer: Answer
    pack: ParsedPack
    known: bool  # the same answer (sha256) is already stored: nothing to write
    papers: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # url -> (name, data)


@dataclass
class HarvestResult:
    committees: int = 0
    meetings: int = 0
    unchanged: int = 0
    answers_stored: int = 0
    papers: int = 0
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self, site: str) -> str:
        counted = ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items()) if n)
        return (
            f"Harvested {site}: {self.committees} committees, {self.meetings} meetings "
            f"({self.unchanged} unchanged, skipped), {self.answers_stored} new answers stored"
            + (f", {self.papers} papers read" if self.papers else "")
            + (f"; new records: {counted}" if counted else "")
            + (f"; {len(self.warnings)} warnings" if self.warnings else "")
        )


def windows(since: dt.date, until: dt.date, days: int) -> list[tuple[dt.date, dt.date]]:
    """[since, until] cut into windows of at most ``days`` days."""
    spans, start = [], since
    while start <= until:
        end = min(until, start + dt.timedelta(days=days - 1))
        spans.append((start, end))
        start = end + dt.timedelta(days=1)
    return spans


def _answer(client: ModernGovClient, method: str, **params) -> Answer:
    fetched = client.call(method, **params)
    try:
        return read_answer(fetched.text(), fetched.url)
    except PackError as error:
        raise HarvestError(fetched.url, error.problem) from None


def _read(address: str, reader: Callable, *args):
    try:
        return reader(*args)
    except PackError as error:
        raise HarvestError(address, error.problem) from None


@dataclass
class Index:
    """The committees and meetings lists of a run: what its meetings are."""

    committees_answer: Answer
    committees: list[ParsedCommittee]
    lists: list[Answer]
    entries: list[tuple[ParsedCommittee, ParsedMeetingEntry]]


def fetch_index(client: ModernGovClient, options: HarvestOptions) -> Index:
    """The committees, and each wanted committee's meetings in the period, a year at a time."""
    since, until = options.span()
    committees_answer = _answer(client, "GetCommittees")
    committees = _read(committees_answer.name, read_committees, committees_answer)
    wanted = [
        c for c in committees if not options.committees or c.external_id in options.committees
    ]
    if options.committees and len(wanted) < len(set(options.committees)):
        missing = sorted(set(options.committees) - {c.external_id for c in wanted})
        raise HarvestError(
            client.method_url("GetCommittees"), f"lists no committee with id {', '.join(missing)}"
        )
    index = Index(committees_answer, committees, [], [])
    seen: set[str] = set()
    for committee in wanted:
        for start, end in windows(since, until, options.window_days):
            answer = _answer(
                client,
                "GetMeetings",
                lCommitteeId=committee.external_id,
                sFromDate=start.strftime(DATE_FORMAT),
                sToDate=end.strftime(DATE_FORMAT),
            )
            index.lists.append(answer)
            for entry in _read(answer.name, read_meetings, answer):
                day = dt.date.fromisoformat(entry.date)
                if entry.external_id in seen or not since <= day <= until:
                    continue
                seen.add(entry.external_id)
                index.entries.append((committee, entry))
    return index


def fetch_meeting(
    client: ModernGovClient,
    committee: ParsedCommittee,
    entry: ParsedMeetingEntry,
    known_sha: Callable[[str], bool],
    have_paper: Callable[[str], bool] | None = None,
) -> _Meeting:
    """One meeting's answer, read; with ``have_paper``, its papers not yet read too."""
    answer = _answer(client, "GetMeeting", lMeetingId=entry.external_id)
    pack = _read(answer.name, read_meeting, answer, committee.title)
    meeting = _Meeting(entry, committee, answer, pack, known_sha(answer.sha256))
    if have_paper is not None:
        _fetch_papers(client, meeting, have_paper)
    return meeting


def fetch(
    client: ModernGovClient,
    options: HarvestOptions,
    known_sha: Callable[[str], bool],
    have_paper: Callable[[str], bool] = lambda url: False,
):
    """Phase one: every answer fetched and read; nothing written."""
    index = fetch_index(client, options)
    papers = have_paper if options.documents else None
    meetings = [
        fetch_meeting(client, committee, entry, known_sha, papers)
        for committee, entry in index.entries
    ]
    return index.committees_answer, index.committees, index.lists, meetings


def _fetch_papers(client: ModernGovClient, meeting: _Meeting, have_paper) -> None:
    """Each public linked paper not yet read, through the same client and limits."""
    for item in meeting.pack.meeting.agenda:
        for linked in item.documents:
            if linked.restricted or item.private or linked.url in meeting.papers:
                continue
            if have_paper(linked.url):
                continue
            fetched = client.get(linked.url)
            ident = linked.external_id or urlsplit(linked.url).query
            name = f"{client.host} paper {ident} {linked.title}".strip()[:200]
            meeting.papers[linked.url] = (name, fetched.data)


def stored_checks(council: str) -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """Is an answer (by sha256) stored, and is a paper (by address) read, for this council."""
    from scrutineer.governance.models import Document, LinkedDocument

    def known_sha(sha: str) -> bool:
        return Document.objects.filter(council__slug=council, sha256=sha).exists()

    def have_paper(url: str) -> bool:
        return LinkedDocument.objects.filter(
            agenda_item__meeting__body__council__slug=council, url=url, document__isnull=False
        ).exists()

    return known_sha, have_paper


def harvest(options: HarvestOptions, client: ModernGovClient | None = None) -> HarvestResult:
    """Harvest a site. Raises HarvestError, having written nothing, on any failure."""
    own = client is None
    client = client or ModernGovClient(options.site)
    try:
        fetched = fetch(client, options, *stored_checks(options.council))
    finally:
        if own:
            client.close()
    try:
        return run_atomic(lambda: _write(options, *fetched))
    except Contended as error:
        raise HarvestError(options.site, f"could not be written: {error}") from error


def write_index(options, committees_answer, committees, lists, result: HarvestResult):
    """The council, its committees as bodies, and the answers that list them."""
    from scrutineer.ingest.loader import _one_ingest_at_a_time
    from scrutineer.ingest.moderngov import answer_document, load_committees, site_council
    from scrutineer.ingest.names import NameResolver

    _one_ingest_at_a_time()
    council = site_council(options.council, options.site)
    names = NameResolver(council)
    _, new = answer_document(committees_answer, "ModernGov committees", council)
    result.answers_stored += int(new)
    bodies = load_committees(committees, council, names)
    for answer in lists:
        _, new = answer_document(answer, "ModernGov meetings list", council)
        result.answers_stored += int(new)
    return council, bodies, names


def _write(options, committees_answer, committees, lists, meetings) -> HarvestResult:
    result = HarvestResult(committees=len(committees), meetings=len(meetings))
    council, bodies, names = write_index(options, committees_answer, committees, lists, result)
    for meeting in meetings:
        if meeting.known and not meeting.papers:
            result.unchanged += 1
            continue
        body = bodies[meeting.committee.external_id]
        write_meeting(meeting, body, council, names, result)
    return result


def write_meeting(meeting: _Meeting, body, council, names, result: HarvestResult):
    """One meeting's answer and papers; the meeting row."""
    from scrutineer.governance.models import LinkedDocument
    from scrutineer.ingest.loader import ingest_bytes
    from scrutineer.ingest.moderngov import MeetingLoader, answer_document, attach_paper

    title = f"ModernGov meeting {meeting.entry.external_id}: {body.name}, {meeting.entry.date}"
    document, new = answer_document(meeting.answer, title, council)
    result.answers_stored += int(new)
    loader = MeetingLoader(meeting.pack, document, body, names)
    if new:
        record = loader.load_meeting()
        for what, n in loader.counts.items():
            result.counts[what] = result.counts.get(what, 0) + n
    else:
        result.unchanged += 1
        record = body.meetings.get(moderngov_id=int(meeting.entry.external_id))
    for url, (name, data) in meeting.papers.items():
        linked = LinkedDocument.objects.filter(agenda_item__meeting=record, url=url).first()
        if linked is None or linked.document_id:
            continue
        try:
            paper = ingest_bytes(data, name, council.slug, meeting=record).document
        except PackError as error:
            line = linked.first_line or 1
            message = f"The linked paper {url} could not be read: {error.problem}"
            loader.warn(PackWarning("paper-unreadable", message, (line, linked.last_line or line)))
            result.warnings.append(message)
            continue
        attach_paper(linked, paper)
        result.papers += 1
    return record
