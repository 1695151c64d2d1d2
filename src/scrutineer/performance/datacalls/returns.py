"""Recording a partner's return (an upload, checked whole and written in one transaction)
and a figure an officer types in. A file already uploaded for the same call and
organisation writes nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from scrutineer.contention import Contended, run_atomic

from ..models import Area, DataCall, Indicator, Observation, Submission
from .checking import _check_identity, check_rows
from .reading import Figure, _reject, check_size, read_table
from .scope import Current, current_observations


def _unchanged(current: Current, figure: Figure, note: str) -> bool:
    return (
        current.status == figure.status
        and current.value == figure.value
        and current.value2 == figure.value2
        and current.note == note
    )


@dataclass
class Outcome:
    created: int = 0
    superseded: int = 0
    unchanged: int = 0
    already_uploaded: bool = False


def _write_figures(call, entries, user, submission=None) -> Outcome:
    """Write (indicator, area, breakdown, figure, note) entries against the current figures:
    new ones are added, changed ones supersede the current figure, the same ones are left.
    One query reads the current figures; the writes are bulk."""
    outcome = Outcome()
    current = current_observations(
        call,
        {entry[0].pk for entry in entries},
        {entry[1].pk for entry in entries},
        lock=True,
    )
    new, replaced = [], {}
    for indicator, area, breakdown, figure, note in entries:
        key = (indicator.pk, area.pk, breakdown.pk if breakdown else None)
        existing = current.get(key, [])
        if len(existing) == 1 and _unchanged(existing[0], figure, note):
            outcome.unchanged += 1
            continue
        new.append((key, indicator.visibility, figure, note))
        replaced[key] = [old.pk for old in existing]
    created = _insert_figures(call, new, submission, user)
    pairs = [(created[key], old) for key, earlier in replaced.items() for old in earlier]
    _supersede(pairs)
    outcome.created = len(new)
    outcome.superseded = len(pairs)
    return outcome


# The columns the fast insert writes, and those it leaves empty. If the model gains a
# column, the insert goes back to the ORM's bulk_create rather than miss it.
_INSERT_PARAMS = (
    "indicator", "area", "breakdown", "raw", "value", "value2", "status", "note",
    "visibility", "period", "submission", "entered_by", "recorded_at",
)  # fmt: skip
_INSERT_EMPTY = {
    "footnote": "''",
    "caveat": "''",
    "superseded_by": "NULL",
    "source": "NULL",
    "first_line": "NULL",
    "last_line": "NULL",
}


def _fast_insert_possible() -> bool:
    names = {f.name for f in Observation._meta.concrete_fields if not f.primary_key}
    return (
        names == set(_INSERT_PARAMS) | set(_INSERT_EMPTY)
        and connection.features.can_return_rows_from_bulk_insert
    )


def _insert_figures(call, new, submission, user) -> dict[tuple, int]:
    """Insert the new figures; returns the new pk for each (indicator, area, breakdown).

    A multi-row INSERT … RETURNING with only the changing values as parameters: Django's
    bulk_create prepares every field of every row and, on SQLite, sends 52 rows at a time,
    which is most of the time a 10,000-row return takes."""
    if not new:
        return {}
    now = timezone.now()
    if not _fast_insert_possible():
        Observation.objects.bulk_create(
            Observation(
                indicator_id=key[0], area_id=key[1], breakdown_id=key[2], period=call.period,
                raw=figure.raw, value=figure.value, value2=figure.value2, status=figure.status,
                submission=submission, note=note, entered_by=user, visibility=visibility,
            )
            for key, visibility, figure, note in new
        )  # fmt: skip
        return {
            key: figures[-1].pk
            for key, figures in current_observations(
                call, {k[0] for k, *_ in new}, {k[1] for k, *_ in new}
            ).items()
        }
    ops = connection.ops
    meta = Observation._meta
    quote = ops.quote_name
    columns = [meta.get_field(name).column for name in _INSERT_PARAMS]
    columns += [meta.get_field(name).column for name in _INSERT_EMPTY]
    column_sql = ", ".join(quote(c) for c in columns)
    row_sql = "(" + ", ".join(["%s"] * len(_INSERT_PARAMS) + list(_INSERT_EMPTY.values())) + ")"
    returning = ", ".join(
        quote(meta.get_field(name).column) for name in ("id", "indicator", "area", "breakdown")
    )
    recorded_at = ops.adapt_datetimefield_value(now)
    submission_id = submission.pk if submission else None
    user_id = user.pk if user else None

    def decimal(number):
        return None if number is None else ops.adapt_decimalfield_value(number, 14, 4)

    params_per_row = len(_INSERT_PARAMS)
    batch = max(1, min(1000, _max_query_params() // params_per_row))
    created = {}
    with connection.cursor() as cursor:
        for start in range(0, len(new), batch):
            chunk = new[start : start + batch]
            params = []
            for key, visibility, figure, note in chunk:
                params += [
                    key[0], key[1], key[2], figure.raw, decimal(figure.value),
                    decimal(figure.value2), figure.status, note, visibility, call.period_id,
                    submission_id, user_id, recorded_at,
                ]  # fmt: skip
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({column_sql}) VALUES "
                f"{', '.join([row_sql] * len(chunk))} RETURNING {returning}",
                params,
            )
            for pk, indicator, area, breakdown in cursor.fetchall():
                created[(indicator, area, breakdown)] = pk
    return created


def _max_query_params() -> int:
    """How many parameters one statement may carry: SQLite's own limit (Django assumes the
    old default of 999), PostgreSQL's 65,535."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:  # Python before 3.11
            return connection.features.max_query_params
    return connection.features.max_query_params or 65_535


def _supersede(pairs: list[tuple[int, int]]) -> None:
    """Point each earlier figure at the one that replaces it: (new pk, old pk) pairs, one
    UPDATE per 500 pairs or so (the ORM's bulk_update builds an expression per row, which is many
    times slower for a 10,000-row return)."""
    quote = connection.ops.quote_name
    table = quote(Observation._meta.db_table)
    column = quote(Observation._meta.get_field("superseded_by").column)
    key = quote(Observation._meta.pk.column)
    batch = max(1, min(500, _max_query_params() // 3))
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), batch):
            chunk = pairs[start : start + batch]
            cases = " ".join(["WHEN %s THEN %s"] * len(chunk))
            params = [value for new, old in chunk for value in (old, new)]
            params += [old for _, old in chunk]
            cursor.execute(
                f"UPDATE {table} SET {column} = CASE {key} {cases} END "
                f"WHERE {key} IN ({', '.join(['%s'] * len(chunk))})",
                params,
            )


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
        submission.outcome = _write_figures(call, entries, user, submission)
        return submission

    try:
        return run_atomic(write)
    except Contended as error:
        _reject(f"The file could not be imported: {error}. Nothing was imported")


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
        outcome = _write_figures(call, [(indicator, area, breakdown, figure, note)], _user(user))
    if not outcome.created:
        return None
    return (
        Observation.objects.filter(
            indicator=indicator,
            area=area,
            period=call.period,
            breakdown=breakdown,
            superseded_by__isnull=True,
        )
        .order_by("-pk")
        .first()
    )
