"""The Outstanding Issues report: a body's open tracked items, in the council's columns.

"Once a response has been received or an action dealt with, it will be removed from this
report and kept in the full recommendations tracker." Closed items (tracker.rules) drop off
the report; nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Prefetch

from scrutineer.governance.access import can_read_restricted
from scrutineer.governance.models import Body, Meeting, Visibility
from scrutineer.tracker.models import Party, TrackedItem

from . import pdf, word

HEADERS = (
    "Meeting Date",
    "Agenda Item",
    "Cabinet Member/ Responsible Officer",
    "Rec', Action or Information",
    "Recommendations/ Actions",
    "Officer contact",
    "Response/ Status",
)
# How the page width is shared between the columns in Word (cm) and PDF (proportions).
WIDTHS_CM = (2.6, 3.8, 3.8, 2.0, 7.2, 3.0, 4.3)
INTRO = (
    "When recommendations and actions are made they are circulated to the relevant "
    "Cabinet Member and officer and recorded on the recommendations tracker. Once a "
    "response has been received or an action dealt with, it is removed from this report "
    "and kept in the full recommendations tracker."
)


def long_date(day: dt.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


@dataclass(frozen=True)
class OutstandingRow:
    pk: int
    meeting_date: dt.date | None
    agenda_item: str
    responsible: tuple[str, ...]
    item_type: str
    text: str
    officer_contact: str
    response: str

    def cells(self) -> tuple[str, ...]:
        """The seven cells as text, in HEADERS order."""
        return (
            long_date(self.meeting_date),
            self.agenda_item,
            "\n".join(self.responsible),
            self.item_type,
            self.text,
            self.officer_contact,
            self.response,
        )


@dataclass(frozen=True)
class OutstandingReport:
    body: Body
    next_meeting: Meeting | None
    rows: list[OutstandingRow]

    @property
    def title(self) -> str:
        when = (
            f"the meeting on {long_date(self.next_meeting.date)}"
            if self.next_meeting
            else "the next meeting"
        )
        return f"{self.body.name}: Outstanding Issues for {when}"


def next_meeting(body: Body, user, today: dt.date) -> Meeting | None:
    """The body's next meeting on or after ``today`` that is still going ahead."""
    return (
        Meeting.objects.visible_to(user)
        .filter(body=body, date__gte=today)
        .exclude(status__in=[Meeting.Status.POSTPONED, Meeting.Status.CANCELLED])
        .order_by("date")
        .first()
    )


def open_items(body: Body, user):
    """The body's open items this user may read, oldest meeting first, in four queries."""
    return (
        TrackedItem.objects.visible_to(user)
        .filter(body=body)
        .open()
        .select_related("meeting", "officer_contact", "resolution__minute")
        .prefetch_related(
            # Addressees, then owners, in the order they were recorded.
            Prefetch("parties", queryset=Party.objects.order_by("role", "pk")),
            "responses",
        )
        .order_by(F("meeting__date").asc(nulls_last=True), "pk")
    )


def row_for(item: TrackedItem, show_restricted: bool) -> OutstandingRow:
    """One item as a report row; relations must be prefetched (see ``open_items``).

    The agenda item falls back to the title of the minute the item was resolved under,
    unless that minute is restricted and the reader may not see restricted records.
    """
    minute = item.resolution.minute if item.resolution_id else None
    if minute is not None and minute.visibility != Visibility.PUBLIC and not show_restricted:
        minute = None
    responsible: list[str] = []
    for party in item.parties.all():
        if party.label not in responsible:
            responsible.append(party.label)
    contact = item.officer_contact.display_name if item.officer_contact_id else ""
    return OutstandingRow(
        pk=item.pk,
        meeting_date=item.meeting.date if item.meeting_id else None,
        agenda_item=item.topic or (minute.title if minute else "") or item.source_reference,
        responsible=tuple(responsible),
        item_type=item.item_type,
        text=item.text,
        officer_contact=contact or item.officer_contact_text,
        response=latest_response_text(item) or item.get_status_display(),
    )


def latest_response_text(item: TrackedItem) -> str:
    """The most recent response: by its date, then the order it was recorded (undated first)."""
    responses = sorted(
        item.responses.all(), key=lambda r: (r.date is not None, r.date or dt.date.min, r.pk)
    )
    return responses[-1].text if responses else ""


def build(body: Body, user, today: dt.date) -> OutstandingReport:
    show_restricted = can_read_restricted(user)
    return OutstandingReport(
        body=body,
        next_meeting=next_meeting(body, user, today),
        rows=[row_for(item, show_restricted) for item in open_items(body, user)],
    )


def to_docx(report: OutstandingReport) -> bytes:
    """A heading, a sentence on what the report is, and ONE table in the council's columns."""
    document = word.new_document(report.title)
    document.add_paragraph(INTRO)
    table = word.add_table(document, HEADERS, WIDTHS_CM)
    for row in report.rows:
        word.add_row(table, row.cells(), WIDTHS_CM)
    if not report.rows:
        document.add_paragraph("There are no outstanding items.")
    return word.to_bytes(document)


def to_pdf(report: OutstandingReport) -> bytes:
    return pdf.table_pdf(
        report.title, INTRO, HEADERS, [row.cells() for row in report.rows], WIDTHS_CM
    )
