"""Running a search: one council's entries this reader may find, ranked by the engine, with
counts by kind and by body, and highlighted snippets of the page shown.

Who may find what is decided in SQL (``restricted = false OR body_id IN readable bodies``),
so counts and facets count only what the reader may see. Snippets are cut by the engine
between control characters, then escaped, then the marks become ``<mark>``: ingested text
never reaches the page unescaped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from scrutineer.governance import access

from . import query as syntax
from .index import START, STOP
from .models import Kind

PER_PAGE = 20
SNIPPET_WORDS = 32
# Titles weigh more than text: FTS5 bm25 column weights; PostgreSQL weights title A, text B.
TITLE_WEIGHT = 4.0
HEADLINE = (
    f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


@dataclass
class Filters:
    body: int | None = None
    kind: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass
class Hit:
    id: int
    kind: str
    kind_label: str
    record_id: int
    body_id: int | None
    date: dt.date | None
    url: str
    source_id: int | None
    first_line: int | None
    last_line: int | None
    title: SafeString = SafeString("")
    snippet: SafeString = SafeString("")


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    kinds: dict[str, int] = field(default_factory=dict)  # counts regardless of the kind filter
    bodies: dict[int, int] = field(default_factory=dict)  # counts regardless of the body filter


def marked(text: str) -> SafeString:
    """Engine output with its marks: escaped, then the marks turned into ``<mark>``."""
    parts = escape(text).replace(STOP, START).split(START)
    out = []
    for n, part in enumerate(parts):
        if n:
            out.append("<mark>" if n % 2 else "</mark>")
        out.append(part)
    if len(parts) % 2 == 0:  # a mark the engine left open is closed
        out.append("</mark>")
    return mark_safe("".join(out))  # escaped above; only <mark> added


class _Where:
    """The conditions every query of one search shares, less the facet being counted."""

    def __init__(self, council, user, filters: Filters):
        self.council, self.filters = council, filters
        self.everything = access.reads_everything(user)
        self.bodies = sorted(access.read_body_ids(user))

    def sql(self, *, facets: bool = False) -> tuple[str, list]:
        """The WHERE clause; ``facets``: without the kind and body filters, which the facet
        counts leave out (each counts what the other filter lets through)."""
        parts, params = ["e.council_id = %s"], [self.council.pk]
        if not self.everything:
            if self.bodies:
                marks = ", ".join(["%s"] * len(self.bodies))
                parts.append(f"(e.restricted = %s OR e.body_id IN ({marks}))")
                params += [False, *self.bodies]
            else:
                parts.append("e.restricted = %s")
                params.append(False)
        f = self.filters
        if f.kind and not facets:
            parts.append("e.kind = %s")
            params.append(f.kind)
        if f.body and not facets:
            parts.append("e.body_id = %s")
            params.append(f.body)
        if f.since:
            parts.append("e.date >= %s")
            params.append(f.since)
        if f.until:
            parts.append("e.date <= %s")
            params.append(f.until)
        return " AND ".join(parts), params


def search(council, user, text: str, filters: Filters | None = None, page: int = 1) -> Results:
    clauses = syntax.parse(text)
    if not syntax.searchable(clauses):
        return Results()
    where = _Where(council, user, filters or Filters())
    engine = _Sqlite(clauses) if connection.vendor == "sqlite" else _Postgres(clauses)
    results = Results()
    with connection.cursor() as cursor:
        # One pass over the matches counts them by kind and body; the total and both facets
        # are read from it.
        counts = engine.counts(cursor, *where.sql(facets=True))
        if not counts:
            return results
        _count(results, counts, where.filters)
        offset = (max(page, 1) - 1) * PER_PAGE
        ranked = engine.ranked(cursor, *where.sql(), PER_PAGE, offset)
        marks = engine.marks(cursor, [row[0] for row in ranked])
    prefix = get_script_prefix()
    labels = dict(Kind.choices)
    for id_, kind, record_id, body_id, date, url, source_id, first, last in ranked:
        title, snippet = marks.get(id_, ("", ""))
        results.hits.append(
            Hit(
                id_,
                kind,
                labels.get(kind, kind),
                record_id,
                body_id,
                _date(date),
                prefix + url.lstrip("/"),
                source_id,
                first,
                last,
                marked(title),
                marked(snippet),
            )
        )
    return results


def _count(results: Results, counts, filters: Filters) -> None:
    """The total (both filters), the count of each kind (the body filter only) and of each
    body (the kind filter only), from the matches counted by (kind, body)."""
    for kind, body_id, count in counts:
        kind_passes = not filters.kind or kind == filters.kind
        body_passes = not filters.body or body_id == filters.body
        if kind_passes and body_passes:
            results.total += count
        if body_passes:
            results.kinds[kind] = results.kinds.get(kind, 0) + count
        if kind_passes and body_id is not None:
            results.bodies[body_id] = results.bodies.get(body_id, 0) + count


def explain(council, user, text: str) -> str:
    """PostgreSQL's plan for a search's ranked page (for the benchmark: it must use the GIN
    index)."""
    where = _Where(council, user, Filters())
    with connection.cursor() as cursor:
        return _Postgres(syntax.parse(text)).explain(cursor, *where.sql())


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


COLUMNS = (
    "e.id, e.kind, e.record_id, e.body_id, e.date, e.url, e.source_id, e.first_line, e.last_line"
)


class _Sqlite:
    """FTS5: MATCH on the external-content table, bm25() ranking, snippet() and highlight()."""

    def __init__(self, clauses):
        self.match = syntax.fts5_match(clauses)
        # CROSS JOIN keeps FTS5 the outer loop: SQLite would otherwise scan the entries and
        # run the MATCH once for each.
        self.join = "FROM search_fts CROSS JOIN search_searchentry e ON e.id = search_fts.rowid"

    def counts(self, cursor, where, params):
        cursor.execute(
            f"SELECT e.kind, e.body_id, COUNT(*) {self.join} WHERE search_fts MATCH %s "
            f"AND {where} GROUP BY e.kind, e.body_id",
            [self.match, *params],
        )
        return cursor.fetchall()

    def ranked(self, cursor, where, params, limit, offset):
        cursor.execute(
            f"SELECT {COLUMNS} {self.join} WHERE search_fts MATCH %s AND {where} "
            f"ORDER BY bm25(search_fts, {TITLE_WEIGHT}, 1.0), e.date DESC, e.id "
            "LIMIT %s OFFSET %s",
            [self.match, *params, limit, offset],
        )
        return cursor.fetchall()

    def marks(self, cursor, ids):
        if not ids:
            return {}
        cursor.execute(
            "SELECT rowid, highlight(search_fts, 0, char(2), char(3)), "
            f"snippet(search_fts, 1, char(2), char(3), ' … ', {SNIPPET_WORDS}) "
            "FROM search_fts WHERE search_fts MATCH %s AND rowid IN "
            f"({', '.join(['%s'] * len(ids))})",
            [self.match, *ids],
        )
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


class _Postgres:
    """A stored tsvector with a GIN index: ``@@``, ts_rank_cd() ranking, ts_headline()."""

    def __init__(self, clauses):
        self.query, self.params = syntax.tsquery_sql(clauses)
        self.join = f"FROM search_searchentry e, (SELECT {self.query}) AS q(query)"

    def counts(self, cursor, where, params):
        cursor.execute(
            f"SELECT e.kind, e.body_id, COUNT(*) {self.join} WHERE e.document @@ q.query "
            f"AND {where} GROUP BY e.kind, e.body_id",
            [*self.params, *params],
        )
        return cursor.fetchall()

    def ranked(self, cursor, where, params, limit, offset):
        cursor.execute(
            f"SELECT {COLUMNS} {self.join} WHERE e.document @@ q.query AND {where} "
            "ORDER BY ts_rank_cd(e.document, q.query, 1) DESC, e.date DESC NULLS LAST, e.id "
            "LIMIT %s OFFSET %s",
            [*self.params, *params, limit, offset],
        )
        return cursor.fetchall()

    def marks(self, cursor, ids):
        if not ids:
            return {}
        cursor.execute(
            f"SELECT e.id, ts_headline('english', e.title, q.query, %s), "
            f"ts_headline('english', e.text, q.query, %s) {self.join} "
            f"WHERE e.id IN ({', '.join(['%s'] * len(ids))})",
            [f"HighlightAll=true, StartSel={START}, StopSel={STOP}", HEADLINE, *self.params, *ids],
        )
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}

    def explain(self, cursor, where, params) -> str:
        cursor.execute(
            f"EXPLAIN SELECT {COLUMNS} {self.join} WHERE e.document @@ q.query AND {where} "
            "ORDER BY ts_rank_cd(e.document, q.query, 1) DESC LIMIT 20",
            [*self.params, *params],
        )
        return "\n".join(row[0] for row in cursor.fetchall())
