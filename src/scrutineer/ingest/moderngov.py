"""ModernGov answers -> rows: committees to bodies, a GetMeeting ParsedPack to its meeting.

Called by ``scrutineer.harvest`` inside the one transaction of a harvest run. Every answer
is a source Document, stored verbatim with its sha256; every row links to its lines in
the answer it came from. Rows are upserted on natural keys (a body by its committee id,
a meeting by body and day, an item by meeting and number), so a second harvest of the same
answers changes nothing; a changed answer is a new Document that supersedes the old one.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from scrutineer.governance.changes import touch
from scrutineer.governance.models import (
    AgendaItem,
    Body,
    BodyAlias,
    Council,
    Document,
    LinkedDocument,
    Meeting,
    Minute,
    Visibility,
)
from scrutineer.packs.model import ParsedAgendaItem, ParsedPack
from scrutineer.packs.moderngov import Answer, ParsedCommittee
from scrutineer.periods import MunicipalYear

from .loader import _Loader
from .names import NameResolver, alias_key, kind_of_body
from .records import upsert

NAME_LIMIT = 255


def site_council(slug: str, site: str) -> Council:
    """The council of ``--council SLUG``, created if new, with its ModernGov address."""
    council = Council.objects.for_slug(slug)
    if not council.moderngov_url:
        council.moderngov_url = site
        council.save(update_fields=["moderngov_url"])
    return council


def answer_document(answer: Answer, title: str, council: Council) -> tuple[Document, bool]:
    """The Document holding this answer verbatim: the stored one when its sha256 is known,
    else a new one that supersedes the last answer of the same name."""
    existing = Document.objects.filter(council=council, sha256=answer.sha256).first()
    if existing:
        return existing, False
    name = answer.name[:NAME_LIMIT]
    previous = (
        Document.objects.filter(council=council, name=name).order_by("-ingested_at", "-pk").first()
    )
    document = Document.objects.create(
        council=council,
        name=name,
        title=title[:500],
        kind=Document.Kind.MODERNGOV_ANSWER,
        sha256=answer.sha256,
        text=answer.text,
        size_bytes=len(answer.text.encode("utf-8")),
        line_count=answer.line_count,
        supersedes=previous,
    )
    return document, True


def _committee_body(council: Council, committee: ParsedCommittee) -> Body:
    """The council's body for this committee: by its id, else by its name, else new."""
    body = Body.objects.filter(council=council, moderngov_id=int(committee.external_id)).first()
    if body is not None:
        return body
    name, key = committee.title[:NAME_LIMIT], alias_key(committee.title)
    alias = BodyAlias.objects.filter(council=council, key=key).select_related("body").first()
    if alias is not None:
        return alias.body
    body = Body.objects.create(council=council, name=name, kind=kind_of_body(name))
    BodyAlias.objects.create(council=council, body=body, alias=name, key=key)
    return body


def load_committees(
    committees: list[ParsedCommittee], council: Council, names: NameResolver
) -> dict[str, Body]:
    """Each committee as a body of the council (category, expired and deleted kept), by
    committee id."""
    bodies = {}
    for committee in committees:
        body = _committee_body(council, committee)
        names.bodies[alias_key(committee.title)] = body
        changed = {
            "moderngov_id": int(committee.external_id),
            "category": committee.category[:255],
            "expired": committee.expired,
            "deleted": committee.deleted,
        }
        changed = {k: v for k, v in changed.items() if getattr(body, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(body, key, value)
            body.save(update_fields=list(changed))
        bodies[committee.external_id] = body
    return bodies


class MeetingLoader(_Loader):
    """One GetMeeting answer's pack onto its meeting, with the shared loader's rules for
    agenda items, attendance, minutes, resolutions and declarations."""

    def __init__(self, pack: ParsedPack, document: Document, body: Body, names: NameResolver):
        super().__init__(pack, document.text, body.council)
        self.document = document
        self.body = body
        self.names = names
        names.bodies[alias_key(pack.meeting.body or body.name)] = body

    def load_meeting(self) -> Meeting:
        parsed = self.pack.meeting
        meeting = self._meeting(self.body, parsed.start, parsed.lines)
        self.meeting = meeting
        if "T" in parsed.start:
            meeting.start = timezone.make_aware(dt.datetime.fromisoformat(parsed.start))
        meeting.venue = parsed.venue or meeting.venue
        meeting.private_business = parsed.private_business
        meeting.moderngov_id = int(parsed.external_id) if parsed.external_id else None
        if parsed.status:
            meeting.status = parsed.status
        meeting.set_source(self.document, parsed.lines)
        meeting.save()
        for order, item in enumerate(parsed.agenda):
            self._agenda_item(meeting, item, None, order)
            self._linked_documents(meeting, item)
        for entry in parsed.attendance:
            self._attendance(meeting, self.body, entry)
        year = MunicipalYear.of(meeting.date).label
        for minutes in self.pack.minutes:
            minutes.municipal_year = year
            self._minutes(minutes)
            for parsed_minute in minutes.items:
                Minute.objects.filter(meeting=meeting, number=int(parsed_minute.number)).update(
                    html=parsed_minute.html or "",
                    updated_at=timezone.now(),
                    agenda_item=AgendaItem.objects.filter(
                        meeting=meeting, parent=None, number=parsed_minute.number
                    ).first(),
                )
        touch(Meeting, [meeting.pk])  # its minutes changed without save()
        for warning in self.warnings:
            self.warn(warning)
        return meeting

    def _linked_documents(self, meeting: Meeting, item: ParsedAgendaItem) -> None:
        record = AgendaItem.objects.get(meeting=meeting, parent=None, number=item.number)
        for linked in item.documents:
            restricted = linked.restricted or item.private
            _, created = upsert(
                LinkedDocument,
                {"agenda_item": record, "url": linked.url[:2000]},
                title=linked.title,
                published=dt.date.fromisoformat(linked.published) if linked.published else None,
                moderngov_id=int(linked.external_id) if linked.external_id else None,
                visibility=Visibility.RESTRICTED if restricted else Visibility.PUBLIC,
                **self._source_of(linked.lines),
            )
            self._count("linked documents", int(created))


def attach_paper(linked: LinkedDocument, paper: Document) -> None:
    """A downloaded and read paper, attached to the agenda item that links to it."""
    if linked.document_id != paper.pk:
        linked.document = paper
        linked.save(update_fields=["document"])
