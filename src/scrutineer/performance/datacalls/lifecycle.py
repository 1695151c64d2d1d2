"""Making a call for a quarter, and closing it: when a call closes (by hand, or by the
daily command once its deadline has passed), every figure still missing is recorded as
``not-received``."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from scrutineer.periods import Quarter

from ..models import DataCall, Observation, Period
from ..recording import NewFigure, record_figures
from .returns import _user
from .status import MISSING, call_status

Status = Observation.Status


def close_data_call(call: DataCall, *, user=None, now=None) -> int:
    """Record every missing return of the call as ``not-received`` (for the total of each
    indicator and local authority area) and mark the call closed. Closing a closed call
    does nothing. Returns how many figures were recorded."""
    now = now or timezone.now()
    with transaction.atomic():
        call = DataCall.objects.select_for_update().select_related("period").get(pk=call.pk)
        if call.closed_at is not None:
            return 0
        status = call_status(call)
        note = (
            f"No return by the deadline of {call.deadline:%-d %B %Y}; recorded when the data "
            "call closed."
        )
        missing = [
            NewFigure(
                row.indicator.pk, row.area.pk, call.period_id, None, Status.NOT_RECEIVED,
                None, None, "Not received", row.indicator.visibility, note,
            )
            for row in status.rows
            if row.state == MISSING
        ]  # fmt: skip
        user = _user(user)
        record_figures(missing, entered_by_id=user.pk if user else None)
        call.closed_at = now
        call.save(update_fields=["closed_at"])
    return len(missing)


def calls_due_to_close(today: dt.date):
    return DataCall.objects.filter(closed_at__isnull=True, deadline__lt=today).order_by(
        "deadline", "pk"
    )


def close_due_calls(today: dt.date, *, now=None) -> list[tuple[DataCall, int]]:
    """Close every call whose deadline has passed (the deadline day itself is still open)."""
    return [(call, close_data_call(call, now=now)) for call in calls_due_to_close(today)]


# Making a call -----------------------------------------------------------------------------


def quarter_period(label: str) -> Period | None:
    """The quarter period for a label, reusing one with the same dates if there is one."""
    quarter = Quarter.parse(label)
    if quarter is None:
        return None
    label, start, end = quarter.label, quarter.start, quarter.end
    existing = list(Period.objects.filter(kind=Period.Kind.QUARTER, start=start, end=end))
    if existing:
        return min(existing, key=lambda p: (p.label != label, p.pk))
    return Period.objects.create(kind=Period.Kind.QUARTER, label=label, start=start, end=end)
