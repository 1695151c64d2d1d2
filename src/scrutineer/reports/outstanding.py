"""The Outstanding Issues report: a body's open tracked items, in the council's columns.

"Once a response has been accepted or an action dealt with, it is removed from this report
and kept in the full recommendations tracker." Items in DROPPED_STATUSES drop off the report;
nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F

from scrutineer.governance.access import can_read_restricted
from scrutineer.governance.models import Body, Meeting
from scrutineer.governance.restriction import if_readable
from scrutineer.tracker.filters import OUTSTANDING, TrackerFilters, filter_items
from scrutineer.tracker.models import Party, Response, TrackedItem
from scrutineer.tracker.queries import next_meeting
from scrutineer.tracker.resolutions import agenda_item_name
from scrutineer.tracker.rules import CLOSED_STATUSES, history_note, is_history

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
# How the text width is shared between the columns (proportions; Word and PDF scale them
# to the width between the margins).
WIDTHS_CM = (2.6, 3.8, 3.8, 2.0, 7.2, 3.0, 4.3)
# The statuses that take an item off the report, as INTRO says: nothing more is owed
# (tracker.rules.CLOSED_STATUSES), or the board has accepted the response, in whole or in
# part. An item whose response is received but not yet considered stays, showing it.
DROPPED_STATUSES = CLOSED_STATUSES | {
    TrackedItem.Status.ACCEPTED.value,
    TrackedItem.Status.PARTIALLY_ACCEPTED.value,
}
INTRO = (
    "When recommendations and actions are made they are circulated to the relevant "
    "Cabinet Member and officer and recorded on the recommendations tracker. Once a "
    "response has been accepted or an action dealt with, it is removed from this report "
    "and kept in the full recommendations tracker. Action plans and case reviews the board "
    "watches are tracked on their own pages, not here."
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
class HistorySection:
    """Open items last seen in the papers of one date, older than the body's latest."""

    last_seen: dt.date
    rows: list[OutstandingRow]

    @property
    def heading(self) -> str:
        count = len(self.rows)
        return f"{history_note(self.last_seen)} ({count} item{'' if count == 1 else 's'})"


@dataclass(frozen=True)
class OutstandingReport:
    body: Body
    next_meeting: Meeting | None
    rows: list[OutstandingRow]  # the board's own open items, tracked live
    history: list[HistorySection] = ()

    @property
    def title(self) -> str:
        when = (
            f"the meeting on {long_date(self.next_meeting.date)}"
            if self.next_meeting
            else "the next meeting"
        )
        return f"{self.body.name}: Outstanding Issues for {when}"


def open_items(body: Body, user, today: dt.date):
    """The body's own open items this user may read (the tracker list's filters: outstanding,
    the board's own), less those whose response was accepted (DROPPED_STATUSES), oldest
    meeting first, with only the columns the report shows."""
    outstanding = TrackerFilters(body=body, status=OUTSTANDING, scope="own")
    return (
        filter_items(TrackedItem.objects.visible_to(user), outstanding, today)
        .exclude(status__in=DROPPED_STATUSES)
        # Everything a resolution's readability follows (restricted_with), read with it.
        .select_related(
            "meeting",
            "officer_contact",
            "resolution__minute__meeting",
            "resolution__minute__agenda_item__meeting",
            "resolution__minute__agenda_item__parent",
        )
        .only(
            "item_type",
            "text",
            "topic",
            "source_reference",
            "officer_contact_text",
            "status",
            "last_seen",
            "meeting__date",
            "meeting__visibility",
            "officer_contact__name",
            "officer_contact__honorific",
            "resolution__minute__title",
            "resolution__minute__visibility",
            "resolution__minute__meeting__visibility",
            "resolution__minute__agenda_item__visibility",
            "resolution__minute__agenda_item__meeting__visibility",
            "resolution__minute__agenda_item__parent__visibility",
            "resolution__minute__agenda_item__parent__parent",
            "resolution__minute__agenda_item__parent__meeting",
        )
        .order_by(F("meeting__date").asc(nulls_last=True), "pk")
    )


def row_for(
    item: TrackedItem, responsible: list[str], response: str, show_restricted: bool
) -> OutstandingRow:
    """One item as a report row, named as everywhere (``tracker.resolutions``): its
    minute is withheld when restricted and the reader may not see restricted records."""
    meeting = if_readable(item.meeting, show_restricted)
    contact = item.officer_contact.display_name if item.officer_contact_id else ""
    return OutstandingRow(
        pk=item.pk,
        meeting_date=meeting.date if meeting else None,
        agenda_item=agenda_item_name(item, show_restricted),
        responsible=tuple(responsible),
        item_type=item.item_type,
        text=item.text,
        officer_contact=contact or item.officer_contact_text,
        response=response or item.get_status_display(),
    )


def responsible_by_item(items) -> dict[int, list[str]]:
    """Addressees, then owners, in the order recorded, without repeats: one query."""
    labels: dict[int, list[str]] = defaultdict(list)
    parties = Party.objects.filter(tracked_item__in=items.values("pk")).order_by("role", "pk")
    for item_id, label in parties.values_list("tracked_item_id", "label"):
        if label not in labels[item_id]:
            labels[item_id].append(label)
    return labels


def latest_responses(items) -> dict[int, str]:
    """Each item's most recent response: by its date, then the order recorded (undated
    counting as oldest). One query."""
    latest: dict[int, tuple] = {}
    responses = Response.objects.filter(tracked_item__in=items.values("pk"))
    for item_id, date, pk, text in responses.values_list("tracked_item_id", "date", "pk", "text"):
        key = (date is not None, date or dt.date.min, pk)
        if item_id not in latest or key > latest[item_id][0]:
            latest[item_id] = (key, text)
    return {item_id: text for item_id, (_, text) in latest.items()}


def build(body: Body, user, today: dt.date) -> OutstandingReport:
    """Items tracked live are the report; history (``rules.is_history``) follows in sections
    by the date of the paper that last showed them."""
    show_restricted = can_read_restricted(user, body)
    items = open_items(body, user, today)
    responsible = responsible_by_item(items)
    responses = latest_responses(items)
    rows: list[OutstandingRow] = []
    by_date: dict[dt.date, list[OutstandingRow]] = defaultdict(list)
    for item in items:
        row = row_for(
            item, responsible.get(item.pk, []), responses.get(item.pk, ""), show_restricted
        )
        if is_history(item.status, item.last_seen, body.latest_paper):
            by_date[item.last_seen].append(row)
        else:
            rows.append(row)
    history = [HistorySection(day, by_date[day]) for day in sorted(by_date, reverse=True)]
    return OutstandingReport(
        body=body, next_meeting=next_meeting(body, user, today), rows=rows, history=history
    )


def to_docx(report: OutstandingReport) -> bytes:
    """A heading, a sentence on what the report is, and ONE table in the council's columns."""
    document = word.new_document(report.title)
    document.add_paragraph(INTRO)
    table = word.add_table(document, HEADERS, WIDTHS_CM)
    for row in report.rows:
        word.add_row(table, row.cells())
    if not report.rows:
        document.add_paragraph("There are no outstanding items.")
    for section in report.history:
        document.add_heading(section.heading, level=2)
        table = word.add_table(document, HEADERS, WIDTHS_CM)
        for row in section.rows:
            word.add_row(table, row.cells())
    return word.to_bytes(document)


def to_pdf(report: OutstandingReport) -> bytes:
    sections = [(s.heading, [row.cells() for row in s.rows]) for s in report.history]
    return pdf.table_pdf(
        report.title, INTRO, HEADERS, [row.cells() for row in report.rows], WIDTHS_CM, sections
    )
