"""The Work Programme document: a body's programme for one municipal year, as the
``Date | Title | Detail | Cabinet Member/ Lead Officer`` table, grouped by meeting (in date
order) and then by bucket (in the order of WorkProgrammeItem.Bucket)."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrutineer.governance.access import can_read_restricted
from scrutineer.governance.models import Body, Meeting
from scrutineer.governance.restriction import if_readable
from scrutineer.tracker.models import WorkProgrammeItem

from . import word
from .outstanding import long_date

HEADERS = ("Date", "Title", "Detail", "Cabinet Member/ Lead Officer")
WIDTHS_CM = (4.0, 6.5, 10.5, 5.7)
BUCKET_ORDER = {value: i for i, value in enumerate(WorkProgrammeItem.Bucket.values)}


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


@dataclass
class ProgrammeGroup:
    """The items for one meeting, or for one bucket such as "Date to be decided"."""

    label: str
    meeting: Meeting | None = None
    bucket: str = ""
    rows: list[ProgrammeRow] = field(default_factory=list)

    @property
    def postponed(self) -> bool:
        return self.meeting is not None and self.meeting.status == Meeting.Status.POSTPONED


@dataclass(frozen=True)
class ProgrammeDocument:
    body: Body
    year: str  # "2016/17"
    groups: list[ProgrammeGroup]

    @property
    def title(self) -> str:
        return f"{self.body.name}: Work Programme {self.year}"


def leads(item: WorkProgrammeItem) -> str:
    named = [*item.lead_officers, *item.cabinet_members]
    return ", ".join(named) if named else item.leads_as_written


def _group_key(item: WorkProgrammeItem, meeting: Meeting | None):
    """Meetings by date first, then buckets in their set order, then anything unplaced."""
    if meeting is not None:
        return (0, meeting.date.toordinal(), meeting.pk)
    if item.bucket:
        return (1, BUCKET_ORDER.get(item.bucket, len(BUCKET_ORDER)), 0)
    return (2, 0, 0)


def _group_label(item: WorkProgrammeItem, meeting: Meeting | None) -> str:
    if meeting is not None:
        label = long_date(meeting.date)
        if meeting.status in (Meeting.Status.POSTPONED, Meeting.Status.CANCELLED):
            label += f" ({meeting.status})"
        return label
    if item.bucket:
        return item.bucket_label or item.get_bucket_display()
    return item.bucket_label or "Not yet placed"


def build(body: Body, year: str, user) -> ProgrammeDocument:
    """The programme as this reader may see it: an item planned for a meeting they may
    not see is grouped as if it had no meeting."""
    can_read = can_read_restricted(user)
    placed = [
        (item, if_readable(item.meeting, can_read))
        for item in WorkProgrammeItem.objects.visible_to(user)
        .filter(body=body, municipal_year=year)
        .select_related("meeting")
    ]
    placed.sort(key=lambda pair: (_group_key(*pair), pair[0].order, pair[0].pk))
    groups: list[ProgrammeGroup] = []
    current = None
    for item, meeting in placed:
        key = _group_key(item, meeting)
        if key != current:
            current = key
            groups.append(
                ProgrammeGroup(_group_label(item, meeting), meeting=meeting, bucket=item.bucket)
            )
        groups[-1].rows.append(
            ProgrammeRow(item.pk, item.title, item.detail, leads(item), item.status)
        )
    return ProgrammeDocument(body=body, year=year, groups=groups)


def to_docx(programme: ProgrammeDocument) -> bytes:
    """One table; each group's Date cell is merged down its rows, as the papers print it."""
    document = word.new_document(programme.title)
    table = word.add_table(document, HEADERS, WIDTHS_CM)
    for group in programme.groups:
        first = None
        for row in group.rows:
            added = word.add_row(table, row.cells(group.label), WIDTHS_CM)
            first = first or added
        if first is not None and len(group.rows) > 1:
            merged = first.cells[0].merge(added.cells[0])
            merged.text = group.label
    if not programme.groups:
        document.add_paragraph("There are no items in this work programme.")
    return word.to_bytes(document)
