"""The Work Programme document: a body's programme for one municipal year, as the
``Date | Title | Detail | Cabinet Member/ Lead Officer`` table, grouped by meeting (in date
order) and then by bucket (in the order of WorkProgrammeItem.Bucket)."""

from __future__ import annotations

from dataclasses import dataclass

from scrutineer.governance.access import can_read_restricted
from scrutineer.governance.models import Body
from scrutineer.tracker.models import WorkProgrammeItem
from scrutineer.tracker.programme_groups import ProgrammeGroup, group_programme

from . import word
from .outstanding import long_date

HEADERS = ("Date", "Title", "Detail", "Cabinet Member/ Lead Officer")
WIDTHS_CM = (4.0, 6.5, 10.5, 5.7)


@dataclass(frozen=True)
class ProgrammeRow:
    pk: int
    title: str
    detail: str
    leads: str
    status: str

    def cells(self, label: str) -> tuple[str, str, str, str]:
        return (label, self.title_as_shown, self.detail, self.leads)

    @property
    def title_as_shown(self) -> str:
        """Postponed and deferred items say so next to their title."""
        if self.status in (WorkProgrammeItem.Status.POSTPONED, WorkProgrammeItem.Status.DEFERRED):
            return f"{self.title} ({self.status})"
        return self.title


@dataclass(frozen=True)
class DocumentGroup:
    """The rows for one meeting, or for one bucket such as "Date to be decided"."""

    label: str
    rows: list[ProgrammeRow]


@dataclass(frozen=True)
class ProgrammeDocument:
    body: Body
    year: str  # "2016/17"
    groups: list[DocumentGroup]

    @property
    def title(self) -> str:
        return f"{self.body.name}: Work Programme {self.year}"


def leads(item: WorkProgrammeItem) -> str:
    named = [*item.lead_officers, *item.cabinet_members]
    return ", ".join(named) if named else item.leads_as_written


def _label(group: ProgrammeGroup) -> str:
    """A meeting's date, saying so when it will not go ahead on it; a bucket's heading."""
    meeting = group.meeting
    if meeting is None:
        return group.heading
    label = long_date(meeting.date)
    if group.called_off:
        label += f" ({meeting.status})"
    return label


def build(body: Body, year: str, user) -> ProgrammeDocument:
    """The programme as this reader may see it, laid out as the work programme page lays
    it out (``tracker.programme_groups``), without the meetings that have nothing planned."""
    items = (
        WorkProgrammeItem.objects.visible_to(user)
        .filter(body=body, municipal_year=year)
        .select_related("meeting")
        .order_by("order", "pk")
    )
    groups = [
        DocumentGroup(
            _label(group),
            [ProgrammeRow(i.pk, i.title, i.detail, leads(i), i.status) for i in group.items],
        )
        for group in group_programme(items, can_read=can_read_restricted(user, body))
    ]
    return ProgrammeDocument(body=body, year=year, groups=groups)


def to_docx(programme: ProgrammeDocument) -> bytes:
    """One table; each group's Date cell is merged down its rows, as the papers print it."""
    document = word.new_document(programme.title)
    table = word.add_table(document, HEADERS, WIDTHS_CM)
    for group in programme.groups:
        first = None
        for row in group.rows:
            added = word.add_row(table, row.cells(group.label))
            first = first or added
        if first is not None and len(group.rows) > 1:
            merged = first.cells[0].merge(added.cells[0])
            merged.text = group.label
    if not programme.groups:
        document.add_paragraph("There are no items in this work programme.")
    return word.to_bytes(document)
