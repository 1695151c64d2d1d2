"""A body's minute book: how minutes are numbered, found by their reference, and approved.

Minute numbers run through the municipal year across all of a body's meetings ("23/21" is
the 23rd minute of 2021/22) and start again at 1 each May. Minutes are draft until a later
meeting's minute agrees them (``Meeting.minutes_approved_by``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max, Q

from scrutineer.packs.text import full_year
from scrutineer.periods import MunicipalYear

from .models import AgendaItem, Body, Meeting, Minute, Resolution


def municipal_year_of(day: dt.date) -> str:
    """ "2021/22": how Minute.municipal_year is stored."""
    return MunicipalYear.of(day).label


def next_minute_number(body: Body, day: dt.date) -> int:
    """The number after the highest this body has used in the municipal year of ``day``."""
    highest = Minute.objects.filter(
        meeting__body=body, municipal_year=municipal_year_of(day)
    ).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


def find_minute(body: Body, reference: str) -> Minute | None:
    """ "74/15": minute 74 of municipal year 2015/16 of the same body. A number with no
    year ("136") is not enough to find one."""
    number, _, year = reference.partition("/")
    if not year or not number.isdigit() or not year.isdigit():
        return None
    label = MunicipalYear(full_year(year)).label
    return Minute.objects.filter(
        meeting__body=body, number=int(number), municipal_year=label
    ).first()


def draft_meetings_before(meeting: Meeting, approving: Minute | None = None):
    """The body's earlier meetings whose minutes are still draft (any minute recorded, none
    agreeing them yet), latest first; with the one ``approving`` already agrees."""
    unapproved = Q(minutes_approved_by__isnull=True)
    if approving is not None and approving.pk:
        unapproved |= Q(minutes_approved_by=approving)
    return (
        Meeting.objects.filter(body=meeting.body, date__lt=meeting.date)
        .filter(unapproved, minutes__isnull=False)
        .distinct()
        .order_by("-date")
    )


def approve_with(minute: Minute, earlier: Meeting | None) -> tuple[Meeting | None, Meeting | None]:
    """Record that ``minute`` agrees ``earlier``'s minutes (None: it agrees none). Returns
    (the meeting it stopped agreeing, the meeting it now agrees), each None if unchanged."""
    before = Meeting.objects.filter(minutes_approved_by=minute).first()
    if before == earlier:
        return None, None
    if before is not None:
        before.minutes_approved_by = None
        before.save(update_fields=["minutes_approved_by"])
    if earlier is not None:
        earlier.minutes_approved_by = minute
        earlier.save(update_fields=["minutes_approved_by"])
    return before, earlier


class TrackedResolutionError(ValueError):
    """Resolutions tracked items were made from would be removed."""

    def __init__(self, resolutions: list[Resolution]):
        super().__init__(", ".join(tracked_label(row) for row in resolutions))
        self.resolutions = resolutions


def match_resolutions(
    minute: Minute | None, resolutions: list[tuple[str, str]]
) -> tuple[list[Resolution | None], list[Resolution]]:
    """Which stored resolution each typed (part, text) keeps, None for a new one; and the
    stored ones no typed part keeps. A row keeps its identity (and the tracked items made
    from it) by its part and text, then its text (a part renumbered), then its part (its
    text corrected), then, for unnumbered resolutions, its place: never another part's."""
    stored = list(minute.resolutions.order_by("order")) if minute and minute.pk else []
    rules = [
        lambda row, part, text, order: row.part == part and row.text == text,
        lambda row, part, text, order: row.text == text,
        lambda row, part, text, order: bool(part) and row.part == part,
        lambda row, part, text, order: not part and not row.part and row.order == order,
    ]
    kept: list[Resolution | None] = [None] * len(resolutions)
    for rule in rules:
        for order, (part, text) in enumerate(resolutions):
            if kept[order] is None:
                row = next((r for r in stored if rule(r, part, text, order)), None)
                if row is not None:
                    kept[order] = row
                    stored.remove(row)
    return kept, stored


def tracked_left_out(minute: Minute | None, resolutions: list[tuple[str, str]]) -> list[Resolution]:
    """The stored resolutions with a tracked item that ``resolutions`` would remove."""
    _, left = match_resolutions(minute, resolutions)
    return [row for row in left if row.tracked_items.exists()]


def tracked_label(resolution: Resolution) -> str:
    """ "Part (2)", or the start of an unnumbered resolution's text."""
    if resolution.part:
        return f"Part ({resolution.part})"
    text = resolution.text
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


def _write_resolutions(minute: Minute, resolutions: list[tuple[str, str]]) -> None:
    kept, left = match_resolutions(minute, resolutions)
    if tracked := [row for row in left if row.tracked_items.exists()]:
        raise TrackedResolutionError(tracked)
    Resolution.objects.filter(pk__in=[row.pk for row in left]).delete()
    # Out of the way first: two kept rows may swap places, and (minute, order) is unique.
    offset = len(resolutions) + max((row.order for row in kept if row), default=0) + 1
    for row in kept:
        if row is not None:
            row.order += offset
            row.save(update_fields=["order"])
    for order, ((part, text), row) in enumerate(zip(resolutions, kept, strict=True)):
        row = row or Resolution(minute=minute)
        row.order, row.part, row.text = order, part, text
        row.save()


def record_minute(
    item: AgendaItem,
    *,
    title: str,
    html: str,
    resolutions: list[tuple[str, str]],
    references: list[str],
) -> tuple[Minute, bool]:
    """Write an agenda item's minute as an officer typed it: (minute, created).

    A new minute takes the next number of the body's municipal year; it is as visible as
    its item. Resolutions keep their rows by part and text (``match_resolutions``), so a
    tracked item made from one stays linked to its own words; removing a tracked one is
    refused (``TrackedResolutionError``). ``references`` ("12/21") resolve within the
    body, the unresolved kept as typed. Recording minutes means the meeting was held.

    The body's row is locked first, in the transaction: two saves at once (of this item,
    or of two meetings of the body) would otherwise read the same highest number and
    both take the next."""
    meeting = item.meeting
    with transaction.atomic():
        Body.objects.select_for_update().only("pk").get(pk=meeting.body_id)
        minute = item.minutes.filter(meeting=meeting).order_by("number").first()
        created = minute is None
        if created:
            minute = Minute(
                meeting=meeting,
                agenda_item=item,
                number=next_minute_number(meeting.body, meeting.date),
                municipal_year=municipal_year_of(meeting.date),
            )
        minute.title = title
        minute.html = html
        minute.visibility = item.visibility
        found = {reference: find_minute(meeting.body, reference) for reference in references}
        found = {ref: m for ref, m in found.items() if m is None or m.pk != minute.pk}
        minute.unresolved_references = [ref for ref, m in found.items() if m is None]
        minute.save()
        minute.references.set([m for m in found.values() if m is not None])
        _write_resolutions(minute, resolutions)
        if meeting.status != Meeting.Status.HELD:
            meeting.status = Meeting.Status.HELD
            meeting.save(update_fields=["status"])
    return minute, created


def agreed_meeting(body: Body, day: dt.date, printed: str) -> Meeting | None:
    """The body's earlier meeting whose minutes a minute on ``day`` agrees: ``printed`` is
    the reader's "2021-11-18", or "--11-18" with no year (the latest such day before)."""
    earlier = Meeting.objects.filter(body=body, date__lt=day)
    if printed.startswith("--"):
        month, date = (int(part) for part in printed[2:].split("-"))
        earlier = earlier.filter(date__month=month, date__day=date)
    else:
        earlier = earlier.filter(date=dt.date.fromisoformat(printed))
    return earlier.order_by("-date").first()
