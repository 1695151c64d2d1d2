"""Recording a partner's return (an upload, checked whole and written in one transaction)
and a figure an officer types in. A file already uploaded for the same call and
organisation writes nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction

from scrutineer.contention import Contended, run_atomic
from scrutineer.packs.figures import Figure
from scrutineer.packs.spreadsheets import check_size, read_table, reject

from ..models import Area, DataCall, Indicator, Observation, Submission
from ..recording import NewFigure, Recorded, record_figures
from .checking import _check_identity, check_rows


@dataclass
class Outcome:
    created: int = 0
    superseded: int = 0
    unchanged: int = 0
    already_uploaded: bool = False


def _write_figures(call, entries, user, submission=None) -> Recorded:
    """Record (indicator, area, breakdown, figure, note) entries for the call's period under
    ``performance.recording``'s rule, holding the current figures they may replace."""
    figures = [
        NewFigure(
            indicator.pk, area.pk, call.period_id, breakdown.pk if breakdown else None,
            figure.status, figure.value, figure.value2, figure.raw, indicator.visibility, note,
        )
        for indicator, area, breakdown, figure, note in entries
    ]  # fmt: skip
    return record_figures(
        figures,
        lock=True,
        submission_id=submission.pk if submission else None,
        entered_by_id=user.pk if user else None,
    )


def _outcome(recorded: Recorded) -> Outcome:
    return Outcome(recorded.written, len(recorded.superseded), recorded.unchanged)


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def import_submission(
    call: DataCall, organisation, filename: str, data: bytes, user=None
) -> Submission:
    """Check an uploaded return whole, then write it in one transaction.

    Raises ``SubmissionRejected`` with every problem (by row and column) and writes nothing
    if anything is wrong. Uploading a file already uploaded for the same call and
    organisation returns the earlier submission and writes nothing. The returned
    submission's ``outcome`` says what was written.
    """
    check_size(data)
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = _already_uploaded(call, organisation, sha256)
    if earlier is not None:
        return earlier
    table = read_table(data)
    _check_identity(table, call, organisation)
    rows = check_rows(table, call, organisation)
    user = _user(user)

    def write() -> Submission:
        _hold_call(call)
        earlier = _already_uploaded(call, organisation, sha256)
        if earlier is not None:  # the same file, uploaded again while this one was read
            return earlier
        submission = Submission.objects.create(
            data_call=call,
            organisation=organisation,
            submitted_by=user,
            file_name=(filename or "")[:255],
            sha256=sha256,
            rows=len(rows),
        )
        entries = [(r.indicator, r.area, r.breakdown, r.figure, r.note) for r in rows]
        submission.outcome = _outcome(_write_figures(call, entries, user, submission))
        return submission

    try:
        return run_atomic(write)
    except Contended as error:
        reject(f"The file could not be imported: {error}. Nothing was imported")


def _already_uploaded(call: DataCall, organisation, sha256: str) -> Submission | None:
    earlier = Submission.objects.filter(
        data_call=call, organisation=organisation, sha256=sha256
    ).first()
    if earlier is not None:
        earlier.outcome = Outcome(already_uploaded=True)
    return earlier


def _hold_call(call: DataCall) -> None:
    """Lock the call's row until the transaction ends, so that figures for one call are
    written one upload (or typed figure, or closing) at a time: two uploads at once would
    each supersede only the figures they saw and leave two current figures for one key.
    SQLite's IMMEDIATE transactions already serialise writers; this is for PostgreSQL."""
    DataCall.objects.select_for_update().only("pk").get(pk=call.pk)


def record_figure(
    call: DataCall, indicator: Indicator, area: Area, breakdown, figure: Figure, note: str, user
) -> Observation | None:
    """A figure an officer typed in, with the note saying why. It supersedes the current
    figure for the same indicator, area, period and breakdown. ``None`` if it is the same as
    the current figure."""
    with transaction.atomic():
        _hold_call(call)
        recorded = _write_figures(call, [(indicator, area, breakdown, figure, note)], _user(user))
    pk = recorded.created[0]
    return None if pk is None else Observation.objects.get(pk=pk)
