"""The ParsedPack: what the parser extracts from one agenda pack or report.

Plain dataclasses so that the result is JSON-serialisable and independent of Django.
Every element carries ``lines``: the 1-based first and last source lines it came from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from .assurance.model import ParsedAssurance

if TYPE_CHECKING:  # defined beside their extractors, which import this module
    from .scorecard import ParsedIndicator
    from .workprogramme import ParsedWorkProgramme

Span = tuple[int, int]


@dataclass
class Component:
    kind: (
        str  # front-sheet, minutes, briefing-note, report, work-programme, annual-report, appendix
    )
    title: str
    lines: Span


@dataclass
class ParsedAgendaItem:
    number: str
    title: str
    pages: tuple[int, int] | None
    presenter: str | None
    lines: Span
    description: str | None = None
    private: bool = False
    subitems: list[ParsedAgendaItem] = field(default_factory=list)
    documents: list[ParsedLinkedDocument] = field(default_factory=list)
    external_id: str | None = None  # the publisher's own id (ModernGov agendaitemid)


@dataclass
class ParsedLinkedDocument:
    """A paper an agenda item links to (a ModernGov linked document): fetched separately."""

    title: str
    url: str
    lines: Span
    published: str | None = None  # ISO date
    restricted: bool = False
    external_id: str | None = None


@dataclass
class ParsedMember:
    name: str
    role: str  # member, chair, co-opted, by-invitation
    lines: Span
    honorific: str | None = None


@dataclass
class ParsedMeeting:
    body: str
    start: str | None  # ISO local date-time, "2016-07-21T14:00"
    venue: str | None
    published: str | None  # ISO date
    issued_by: str | None
    private_business: bool
    lines: Span
    agenda: list[ParsedAgendaItem] = field(default_factory=list)
    membership: list[ParsedMember] = field(default_factory=list)
    status: str | None = None  # scheduled, held, postponed, cancelled, when the source says
    external_id: str | None = None  # the publisher's own id (ModernGov meetingid)
    attendance: list[ParsedAttendance] = field(default_factory=list)  # expected or recorded


@dataclass
class ParsedAttendance:
    name: str
    status: str  # present, apology
    capacity: str  # member, co-opted, cabinet-member, officer, other
    lines: Span
    chair: bool = False
    substitute_for: str | None = None  # whom a substitute replaced, when the source says
    honorific: str | None = None
    role: str | None = None
    organisation: str | None = None
    directorate: str | None = None
    party: str | None = None  # "LAB", as the source abbreviates it
    ward: str | None = None
    voting: bool | None = None  # False for a "non-voting" member, when the source says
    part_of_meeting: bool = False  # "(part of meeting)", "(for items 5 to 7)"
    items: list[str] = field(default_factory=list)  # an officer present for these items


@dataclass
class ParsedAsk:
    """What a resolution asks for, of whom and by when; see ``asks``."""

    item_type: str  # "R", "A" or "I"
    verb: str  # the request: "write to", "recommend", "request", "circulate"...
    addressees: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)  # who answers for an action or request
    due_date: str | None = None  # ISO, when the words give a period from the meeting
    due_basis: str | None = None  # the words and the day it is counted from


@dataclass
class ParsedResolution:
    text: str
    lines: Span
    part: str | None = None  # "1", "2" for numbered parts of one RESOLVED
    ask: ParsedAsk | None = None  # None when it only notes, endorses or agrees


@dataclass
class ParsedDeclaration:
    lines: Span
    text: str
    none_declared: bool
    name: str | None = None
    kind: str | None = None  # "personal", "disclosable pecuniary", as the text says
    role: str | None = None  # "Chair" when the declarer is named only by office


@dataclass
class ParsedMinute:
    number: str  # "" for an item with a title but no number
    title: str
    lines: Span
    reference: str | None = None  # "18/21": number/municipal-year
    presenter: str | None = None  # "Director of Education & Skills", whose report it was
    resolutions: list[ParsedResolution] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    amends: list[str] = field(default_factory=list)  # earlier minutes approved with amendment
    agrees: str | None = None  # the day of the meeting whose minutes it agrees ("--11-18": no year)
    declarations: list[ParsedDeclaration] = field(default_factory=list)
    html: str | None = None  # the minute's text as sanitised HTML, when the source is HTML


@dataclass
class ParsedMinutes:
    body: str
    start: str | None
    closed: str | None  # "HH:MM"
    lines: Span
    municipal_year: str | None = None  # "2021/22"
    attendance: list[ParsedAttendance] = field(default_factory=list)
    items: list[ParsedMinute] = field(default_factory=list)


@dataclass
class ParsedRecommendation:
    number: str | None
    text: str
    lines: Span


@dataclass
class ParsedBriefingNote:
    to: str | None
    date: str | None
    subject: str | None
    lines: Span
    sender: str | None = None
    recommendations: list[ParsedRecommendation] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


@dataclass
class ParsedBodyMember:
    name: str
    title: str | None
    vacant: bool
    lines: Span
    group: str | None = None  # e.g. "Officers to the Board"
    role: str = "member"  # chair, vice-chair, member, or officer (listed in a group)
    chairs: str | None = None  # the subgroup the title says they chair, as printed


@dataclass
class ParsedAttendanceRow:
    name: str  # organisation or post, as printed
    attended: int | None
    expected: int | None
    percent: str | None  # exactly as printed
    lines: Span
    group: str | None = None
    marks: dict[str, str] = field(default_factory=dict)  # meeting date -> cell text


@dataclass
class ParsedBody:
    name: str
    lines: Span
    aliases: list[str] = field(default_factory=list)
    as_at: str | None = None
    meeting_dates: list[str] = field(default_factory=list)
    members: list[ParsedBodyMember] = field(default_factory=list)
    attendance: list[ParsedAttendanceRow] = field(default_factory=list)


@dataclass
class ParsedResponse:
    text: str
    lines: Span
    date: str | None = None  # ISO date if the cell states one
    status: str | None = None  # "complete" when the cell says so


@dataclass
class ParsedMilestone:
    """A next step of an action-plan action, with its own lead and timescale when the
    plan's lists pair them."""

    text: str
    lines: Span
    owners: list[str] = field(default_factory=list)
    due: str | None = None
    due_date: str | None = None
    status: str | None = None  # "complete" when its timescale says so


@dataclass
class ParsedTrackedItem:
    source_kind: str  # "outstanding-issues", "case-review", "action-plan"
    item_type: str | None  # "R", "A" or "I"
    number: str | None  # "7.1", "1", "1a"; None when the source prints none
    text: str
    lines: Span
    owners: list[str] = field(default_factory=list)  # as written
    officer_contact: str | None = None
    meeting_date: str | None = None  # ISO: the Outstanding Issues "Meeting Date" column
    topic: str | None = None  # Outstanding Issues agenda item; action-plan theme
    due: str | None = None  # as written: "March 2017", "Ongoing"
    due_date: str | None = None  # ISO, when ``due`` reads as a date
    status: str | None = None  # "complete" when the row states it
    review: str | None = None  # case reviews: "Serious Case Review – Matt"
    audit: str | None = None  # audit recommendations: the audit's title
    progress_level: int | None = None  # action plans that grade progress (1–4) as printed
    plan: str | None = None  # action plans: its title, "Early Help … Action Plan 2015 – 2018"
    plan_lines: Span | None = None  # the plan's title and table
    milestones: list[ParsedMilestone] = field(default_factory=list)
    responses: list[ParsedResponse] = field(default_factory=list)
    subitems: list[ParsedTrackedItem] = field(default_factory=list)
    # Other spans where the source states the same item (a review's inline
    # "Recommendation:" paragraphs that its numbered list repeats); not counted again.
    also_stated_at: list[Span] = field(default_factory=list)


@dataclass
class PackWarning:
    code: str
    message: str
    lines: Span


@dataclass
class SourceInfo:
    name: str
    sha256: str
    bytes: int
    line_count: int
    format: str = "text"  # what was read: "text", "moderngov-getmeeting-xml", "pdf"...
    # for a paged original (a PDF), the first line of each page: line N is on the page
    # whose start is the last one at or before N
    page_starts: list[int] = field(default_factory=list)


@dataclass
class ParsedCouncil:
    """The publishing authority a paper names, as printed, and the line it was read from."""

    name: str
    lines: Span


@dataclass
class ParsedPack:
    source: SourceInfo
    components: list[Component] = field(default_factory=list)
    council: ParsedCouncil | None = None
    meeting: ParsedMeeting | None = None
    minutes: list[ParsedMinutes] = field(default_factory=list)
    briefing_notes: list[ParsedBriefingNote] = field(default_factory=list)
    bodies: list[ParsedBody] = field(default_factory=list)
    tracked_items: list[ParsedTrackedItem] = field(default_factory=list)
    work_programmes: list[ParsedWorkProgramme] = field(default_factory=list)
    indicators: list[ParsedIndicator] = field(default_factory=list)
    assurance: ParsedAssurance = field(default_factory=ParsedAssurance)
    warnings: list[PackWarning] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)
