"""The search box's syntax, read once and written for FTS5 and for PostgreSQL: whatever is
typed, the translation never raises, never hangs, and never reaches an engine as syntax."""

from __future__ import annotations

import re
import sqlite3

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutineer.search.query import Clause, fts5_match, parse, searchable, tsquery_sql

# The characters that mean something to FTS5 or to tsquery, with words and spaces.
SYNTAX = st.text(
    alphabet=st.sampled_from(list("\"*-:()^+&|!<>'.,/ \t\nabcMEAL0123éß_{}[]NEARORNOT")),
    max_size=80,
)
TYPED = st.one_of(SYNTAX, st.text(max_size=80))


@pytest.fixture(scope="module")
def fts5():
    """An FTS5 table like the index's, in memory, with one row to match."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize='porter unicode61')")
    db.execute("INSERT INTO t VALUES ('Free School Meals', 'holiday activities fund')")
    yield db
    db.close()


def test_a_query_reads_as_clauses():
    assert parse('free "school meals" -holiday meal* -"food bank" the') == [
        Clause(("free",)),
        Clause(("school", "meals")),
        Clause(("holiday",), negated=True),
        Clause(("meal",), prefix=True),
        Clause(("food", "bank"), negated=True),
    ]
    assert parse("21/21") == [Clause(("21", "21"))]
    assert not searchable(parse("-holiday"))
    assert parse("") == [] and parse("the of and") == []


def test_fts5_quotes_every_word():
    assert fts5_match(parse('free "school meals" -holiday meal*')) == (
        '("free" AND "school meals" AND "meal"*) NOT "holiday"'
    )
    # Words joined by punctuation are a phrase, as both tokenizers read them; OR is a word
    # (a stop word, left out).
    assert fts5_match(parse('NEAR(a b) OR title:x "')) == '("near a" AND "b" AND "title x")'


def test_postgresql_gets_parameters_not_syntax():
    sql, params = tsquery_sql(parse('meal* -"food bank" free'))
    assert sql == (
        "to_tsquery('english', %s) && websearch_to_tsquery('english', %s) && "
        "(!!websearch_to_tsquery('english', %s))"
    )
    assert params == ["meal:*", '"free"', '"food bank"']


@settings(max_examples=400, deadline=200)
@given(TYPED)
def test_no_typed_query_breaks_fts5(fts5, typed):
    match = fts5_match(parse(typed))
    if match:
        fts5.execute(
            "SELECT rowid, bm25(t), snippet(t, 1, '[', ']', '…', 8) FROM t WHERE t MATCH ?", [match]
        ).fetchall()


@settings(max_examples=400, deadline=200)
@given(TYPED)
def test_no_typed_query_gives_postgresql_syntax(typed):
    _sql, params = tsquery_sql(parse(typed))
    for param in params:
        if param.endswith(":*"):
            assert re.fullmatch(r"[^\W_]+( <-> [^\W_]+)*:\*", param)
        else:
            assert re.fullmatch(r'"[^\W_]+( [^\W_]+)*"', param)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(TYPED)
def test_no_typed_query_breaks_the_database_engine(typed):
    """The translation run by the configured engine (FTS5 or PostgreSQL) itself."""
    clauses = parse(typed)
    if not searchable(clauses):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s", [fts5_match(clauses)]
            )
        else:
            sql, params = tsquery_sql(clauses)
            cursor.execute(f"SELECT ({sql})::text", params)
        cursor.fetchone()
