"""Answers of a ModernGov web service (``mgWebService.asmx``), read into Parsed* records.

Pure: XML text in, dataclasses out; no Django and no HTTP (``scrutineer.harvest`` fetches).
The XML comes from another site, so it is parsed with defusedxml (no DTD, no entity
expansion, no external entities). Every record carries the lines of the answer it was read
from. Text fields hold HTML escaped once or more: it is unescaped as often as it was
escaped, sanitised with nh3 for display, and turned into lines of plain text for reading.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from scrutineer.lines import split_lines

from .errors import PackError
from .htmltext import DISPLAY_TAGS as DISPLAY_TAGS  # re-exported for older callers
from .htmltext import display_html as display_html
from .htmltext import html_lines as html_lines
from .htmltext import unescape_fully as unescape_fully
from .minutes import read_item
from .model import (
    ParsedAgendaItem,
    ParsedAttendance,
    ParsedLinkedDocument,
    ParsedMeeting,
    ParsedMinute,
    ParsedMinutes,
    ParsedPack,
    SourceInfo,
    Span,
)

FORMAT = "moderngov-getmeeting-xml"

_TIME = re.compile(r"^(\d{1,2})[.:](\d{2})\s*([ap])\.?m\.?$", re.I)
_NUMBER = re.compile(r"^\s*(\d{1,3})")
_ATTENDANCE = {
    "expected": "expected",
    "present": "present",
    "apologies": "apology",
    "apology": "apology",
    "absent": "absent",
    "present as substitute": "substitute",
    "in attendance": "in-attendance",
}


# Answers -------------------------------------------------------------------------------


@dataclass
class ParsedCommittee:
    external_id: str
    title: str
    lines: Span
    category: str = ""
    expired: bool = False
    deleted: bool = False


@dataclass
class ParsedMeetingEntry:
    """One meeting in a ``GetMeetings`` answer."""

    external_id: str
    committee_id: str
    date: str  # ISO
    lines: Span
    status: str | None = None
    time: str | None = None  # "HH:MM"


@dataclass
class Answer:
    """An answer's XML root, with the span of every element."""

    name: str
    text: str
    root: Element
    sha256: str
    line_count: int
    spans: dict[int, Span] = field(default_factory=dict)

    def lines_of(self, element: Element) -> Span:
        return self.spans.get(id(element), (1, self.line_count))


class _SpanBuilder(TreeBuilder):
    def __init__(self, spans: dict[int, Span]):
        super().__init__()
        self.spans = spans
        self.parser: DefusedXMLParser | None = None
        self._open: list[int] = []

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self._open.append(self.parser.parser.CurrentLineNumber)
        return element

    def end(self, tag):
        element = super().end(tag)
        self.spans[id(element)] = (self._open.pop(), self.parser.parser.CurrentLineNumber)
        return element


def read_answer(text: str, name: str) -> Answer:
    """Parse one answer's XML safely, or raise a PackError naming it and the problem."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")) or "<html" in head:
        raise PackError(name, "is an HTML page, not the XML of a ModernGov web service")
    spans: dict[int, Span] = {}
    builder = _SpanBuilder(spans)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(text.encode("utf-8"))
        root = parser.close()
    except DefusedXmlException as error:
        raise PackError(name, f"is unsafe XML, refused: {error}") from None
    except ParseError as error:
        raise PackError(name, f"is not well-formed XML (truncated or malformed): {error}") from None
    lines = split_lines(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Answer(name, text, root, digest, len(lines), spans)


def _text(element: Element | None, tag: str) -> str:
    found = element.find(tag) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _flag(element: Element, tag: str) -> bool:
    return _text(element, tag).lower() == "true"


def iso_date(value: str) -> str | None:
    """ "10/02/2026" (dd/mm/yyyy, as the service writes dates) to "2026-02-10"."""
    try:
        return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date().isoformat()
    except ValueError:
        return None


def clock_time(value: str) -> str | None:
    """ "10.00 am" or "2.00 pm" to "10:00" or "14:00"; None when it is not a time."""
    match = _TIME.match(value.strip())
    if not match:
        return None
    hour, minute, half = int(match.group(1)) % 12, int(match.group(2)), match.group(3).lower()
    if hour > 11 or minute > 59:
        return None
    return f"{hour + (12 if half == 'p' else 0):02d}:{minute:02d}"


def _expect(answer: Answer, tag: str) -> None:
    if answer.root.tag != tag:
        raise PackError(
            answer.name, f"is a <{answer.root.tag}> answer, not the expected <{tag}> answer"
        )


def read_committees(answer: Answer) -> list[ParsedCommittee]:
    _expect(answer, "committees")
    committees = []
    for element in answer.root.iter("committee"):
        ident, title = _text(element, "committeeid"), _text(element, "committeetitle")
        if not ident or not title:
            continue
        committees.append(
            ParsedCommittee(
                external_id=ident,
                title=title,
                lines=answer.lines_of(element),
                category=_text(element, "committeecategory"),
                expired=_flag(element, "committeeexpired"),
                deleted=_flag(element, "committeedeleted"),
            )
        )
    return committees


def read_meetings(answer: Answer) -> list[ParsedMeetingEntry]:
    _expect(answer, "getmeetings")
    entries = []
    for committee in answer.root.iter("committee"):
        committee_id = _text(committee, "committeeid")
        for element in committee.iter("meeting"):
            day = iso_date(_text(element, "meetingdate"))
            ident = _text(element, "meetingid")
            if not ident or not day:
                continue
            entries.append(
                ParsedMeetingEntry(
                    external_id=ident,
                    committee_id=committee_id,
                    date=day,
                    lines=answer.lines_of(element),
                    status=_text(element, "meetingstatus") or None,
                    time=clock_time(_text(element, "meetingtime")),
                )
            )
    return entries


# GetMeeting ---------------------------------------------------------------------------


def read_minute_text(lines: list[str], span: Span, title: str = "") -> ParsedMinute:
    """Resolutions, declarations and references in one item's minute text, read by the
    one minutes reader (``minutes.read_item``); each finding is placed at the span of the
    minute's element in the answer."""
    minute = ParsedMinute(number="", title=title, lines=span)
    read_item(minute, list(enumerate(lines)))
    minute.lines = span
    for record in (*minute.resolutions, *minute.declarations):
        record.lines = span
    return minute


def meeting_status(status: str, minutes_published: bool) -> str:
    """ModernGov's status word to ours: a Cancelled meeting is cancelled."""
    word = status.strip().lower()
    if word in {"cancelled", "canceled"}:
        return "cancelled"
    if word in {"postponed", "adjourned"}:
        return "postponed"
    return "held" if minutes_published else "scheduled"


def _attendee(answer: Answer, element: Element) -> ParsedAttendance | None:
    name = (element.get("name") or "").strip()
    if not name:
        return None
    honorific = None
    if name.lower().startswith("councillor "):
        honorific, name = "Councillor", name[len("Councillor ") :].strip()
    role = (element.get("roledescription") or "").strip()
    written = (element.get("attendance") or "").strip().lower()
    return ParsedAttendance(
        name=name,
        status=_ATTENDANCE.get(written, "expected"),
        capacity="officer" if "officer" in role.lower() else "member",
        lines=answer.lines_of(element),
        chair=role.lower() in {"chair", "chairman", "chairperson"},
        honorific=honorific,
        role=role or None,
        party=(element.get("politicalparty") or "").strip() or None,
        ward=(element.get("ward") or "").strip() or None,
    )


def _linked_document(answer: Answer, element: Element) -> ParsedLinkedDocument | None:
    url = _text(element, "url")
    if not url:
        return None
    return ParsedLinkedDocument(
        title=_text(element, "title") or url,
        url=url,
        lines=answer.lines_of(element),
        published=iso_date(_text(element, "publicationdate")),
        restricted=_flag(element, "isrestricted"),
        external_id=_text(element, "attachmentid") or None,
    )


def _agenda_item(
    answer: Answer, element: Element, minutes: ParsedMinutes
) -> ParsedAgendaItem | None:
    title = _text(element, "agendaitemtitle")
    printed = _text(element, "fulldisplaynumberformat").rstrip(".").strip()
    number = printed or _text(element, "agendaitemnumber")
    if not title or not number:
        return None
    agenda_html = element.find("agendatext")
    description = "\n".join(html_lines(agenda_html.text or "")) if agenda_html is not None else ""
    item = ParsedAgendaItem(
        number=number[:10],
        title=title,
        pages=None,
        presenter=None,
        lines=answer.lines_of(element),
        description=description or None,
        private=_flag(element, "isrestricted") or _text(element, "isdisplayallowed") == "False",
        external_id=_text(element, "agendaitemid") or None,
    )
    for linked in element.iter("linkeddoc"):
        document = _linked_document(answer, linked)
        if document:
            item.documents.append(document)
    minute_element = element.find("minutesnonemptyhtmlbody")
    minute_number = _NUMBER.match(_text(element, "minutesitemnumber") or number)
    if minute_element is not None and (minute_element.text or "").strip() and minute_number:
        span = answer.lines_of(minute_element)
        raw = minute_element.text or ""
        minute = read_minute_text(html_lines(raw), span, title)
        minute.number, minute.title, minute.html = minute_number.group(1), title, display_html(raw)
        minutes.items.append(minute)
    return item


def read_meeting(answer: Answer, body: str | None = None) -> ParsedPack:
    """A ``GetMeeting`` answer as a ParsedPack: the meeting, its agenda with linked
    documents, who is expected, and the minutes of each item when published.

    The answer does not name its committee except on its items; ``body`` gives it."""
    _expect(answer, "meeting")
    root = answer.root
    day = iso_date(_text(root, "meetingdate"))
    if day is None:
        raise PackError(answer.name, "gives no meeting date (meetingdate, dd/mm/yyyy)")
    time = clock_time(_text(root, "meetingtime"))
    named = _text(root.find("agendaitems/agendaitem"), "refertocommittee")
    body = body or named or ""
    published = _flag(root, "minutepublished")
    span = (1, answer.line_count)
    meeting = ParsedMeeting(
        body=body,
        start=f"{day}T{time}" if time else day,
        venue=_text(root, "meetinglocation") or None,
        published=None,
        issued_by=None,
        private_business=False,
        lines=span,
        status=meeting_status(_text(root, "meetingstatus"), published),
        external_id=_text(root, "meetingid") or None,
    )
    minutes = ParsedMinutes(body=body, start=meeting.start, closed=None, lines=span)
    for element in root.iter("agendaitem"):
        item = _agenda_item(answer, element, minutes)
        if item:
            meeting.agenda.append(item)
    for element in root.iter("attendee"):
        attendee = _attendee(answer, element)
        if attendee:
            meeting.attendance.append(attendee)
    meeting.private_business = any(item.private for item in meeting.agenda)
    pack = ParsedPack(
        source=SourceInfo(
            name=answer.name,
            sha256=answer.sha256,
            bytes=len(answer.text.encode("utf-8")),
            line_count=answer.line_count,
            format=FORMAT,
        ),
        meeting=meeting,
    )
    if minutes.items and published:
        pack.minutes.append(minutes)
    return pack


def is_getmeeting(text: str) -> bool:
    """Recognised by content: an XML answer whose root element is <meeting>."""
    head = text.lstrip("\ufeff \t\r\n")[:400]
    return head.startswith("<?xml") and bool(re.search(r"<meeting>\s*<meetingid>", text[:2000]))


def parse_getmeeting(text: str, name: str, body: str | None = None) -> ParsedPack:
    return read_meeting(read_answer(text, name), body)
