"""Writing many rows fast: the one bulk writer for generators, data-call returns and loads.

Django's ``bulk_create`` makes a model instance per row and prepares every field of every row;
for tens of thousands of rows that work is most of the time a write takes. These functions send
plain values over the model's own columns instead (COPY on PostgreSQL), preparing only values
that are not plain strings, numbers or None, as the ORM would. Call them inside the caller's
transaction: they neither open nor commit one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection, models
from django.utils import timezone

BATCH = 2_000  # rows per executemany on SQLite; COPY streams everything at once
# Values the drivers take as they are; a Decimal's field would only copy it (Decimal counts
# as a number, and preparing each one made a million synthetic figures 8% slower to write).
PLAIN = (str, int, Decimal, type(None))


def max_query_params() -> int:
    """How many parameters one statement may carry: SQLite's own limit (Django assumes the
    old default of 999), PostgreSQL's 65,535."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65_535


def create(model, objs: Sequence) -> None:
    """``bulk_create`` in batches as large as one statement's parameters allow; the objects
    get their primary keys, so rows that point to them can be made next."""
    if objs:
        size = max(1, min(BATCH, max_query_params() // len(model._meta.concrete_fields)))
        model.objects.bulk_create(objs, batch_size=size)


def _fields(model) -> dict:
    return {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if hasattr(field, "bulk_default"):  # a default worked out when rows are written
        return field.bulk_default()
    return field.get_default()


def write_rows(model, names: Sequence[str], rows: Iterable[Sequence], **fixed) -> int:
    """Write rows (tuples of the ``names`` attributes, such as "meeting_id") that no row
    written in the same call points to; returns how many were written.

    Other columns take ``fixed`` values or their model default (``auto_now`` ones: now).
    """
    fields = _fields(model)
    unknown = [n for n in [*names, *fixed] if n not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}")
    now = timezone.now()
    rest = [n for n in fields if n not in names and not fields[n].has_db_default()]
    constants = tuple(
        fields[n].get_db_prep_save(fixed[n] if n in fixed else _default(fields[n], now), connection)
        for n in rest
    )
    prepared = [fields[n] for n in names]
    memo: dict[tuple, object] = {}  # dates and foreign objects repeat: prepare each once

    # Which positions hold values to prepare, by the row's types: rows come in a few shapes,
    # so most rows are only looked at in C (a per-value Python loop doubled the write time).
    shapes: dict[tuple, list[int]] = {}

    def full(row: Sequence) -> tuple:
        shape = tuple(map(type, row))
        odd = shapes.get(shape)
        if odd is None:
            odd = shapes[shape] = [i for i, t in enumerate(shape) if not issubclass(t, PLAIN)]
        if not odd:
            return (*row, *constants)
        values = list(row)
        for index in odd:
            key = (index, values[index])
            if key not in memo:
                memo[key] = prepared[index].get_db_prep_save(values[index], connection)
            values[index] = memo[key]
        return (*values, *constants)

    quote = connection.ops.quote_name
    columns = ", ".join(quote(fields[n].column) for n in [*names, *rest])
    table = quote(model._meta.db_table)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(full(row))
                    written += 1
            return written
        places = ", ".join(["%s"] * (len(names) + len(rest)))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({places})"
        chunk: list[tuple] = []
        for row in rows:
            chunk.append(full(row))
            if len(chunk) >= BATCH:
                cursor.executemany(sql, chunk)
                written += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            written += len(chunk)
    return written


def write_dicts(model, rows: Sequence[dict]) -> int:
    """``write_rows`` for rows given as dicts that all name the same attributes."""
    if not rows:
        return 0
    names = list(rows[0])
    return write_rows(model, names, ([row[n] for n in names] for row in rows))


def _literal(value) -> str:
    if value is None:
        return "NULL"
    return "''" if isinstance(value, str) and not value else "%s"


def insert_returning(
    model, names: Sequence[str], rows: Sequence[Sequence], returning: Sequence[str], **fixed
) -> list[tuple]:
    """Insert rows and return the ``returning`` attributes of each, in one multi-row
    INSERT … RETURNING per batch. Needs a database that returns rows from a bulk insert
    (SQLite 3.35+, PostgreSQL)."""
    if not rows:
        return []
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotImplementedError("this database cannot return rows from a bulk insert")
    fields = _fields(model)
    now = timezone.now()
    rest = [n for n in fields if n not in names and not fields[n].has_db_default()]
    constants = [
        fields[n].get_db_prep_save(fixed[n] if n in fixed else _default(fields[n], now), connection)
        for n in rest
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(fields[n].column) for n in [*names, *rest])
    back = ", ".join(
        quote(model._meta.pk.column if n in {"id", "pk"} else fields[n].column) for n in returning
    )
    # Empty constants are written into the statement (NULL, ''), the rest are parameters:
    # every placeholder costs, in the driver and in Django's rewriting of the statement.
    literals = [_literal(c) for c in constants]
    constants = [c for c, literal in zip(constants, literals, strict=True) if literal == "%s"]
    width = len(names) + len(constants)
    row_sql = "(" + ", ".join(["%s"] * len(names) + literals) + ")"
    batch = max(1, min(1_000, max_query_params() // max(width, 1)))
    named = [fields[n] for n in names]
    # A decimal for a decimal column goes to the driver as it is: the field would only
    # check it again and send it unchanged, which costs more than the rest of the row.
    ready = [PLAIN + (Decimal,) if isinstance(f, models.DecimalField) else PLAIN for f in named]
    out: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params: list = []
            for row in chunk:
                params += [
                    v if isinstance(v, plain) else f.get_db_prep_save(v, connection)
                    for f, plain, v in zip(named, ready, row, strict=True)
                ]
                params += constants
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
                f"{', '.join([row_sql] * len(chunk))} RETURNING {back}",
                params,
            )
            out += cursor.fetchall()
    return out


def set_column(model, name: str, pairs: Sequence[tuple[int, object]]) -> None:
    """Set one column of many rows: (primary key, value) pairs, one UPDATE … CASE per batch
    (``bulk_update`` builds an expression per row, many times slower for thousands)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    field = model._meta.get_field(name)
    column = quote(field.column)
    key = quote(model._meta.pk.column)
    batch = max(1, min(500, max_query_params() // 3))
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), batch):
            chunk = pairs[start : start + batch]
            cases = " ".join(["WHEN %s THEN %s"] * len(chunk))
            params = [
                v
                for pk, value in chunk
                for v in (
                    pk,
                    value
                    if isinstance(value, PLAIN)
                    else field.get_db_prep_save(value, connection),
                )
            ]
            params += [pk for pk, _ in chunk]
            cursor.execute(
                f"UPDATE {table} SET {column} = CASE {key} {cases} END "
                f"WHERE {key} IN ({', '.join(['%s'] * len(chunk))})",
                params,
            )
