"""What people type into the search box, read once and written for each engine.

The syntax is PostgreSQL's ``websearch_to_tsquery`` (what web search engines taught
everyone) plus a trailing ``*`` for a prefix: words (all must match), ``"a phrase"``,
``-word`` or ``-"a phrase"`` to leave out, ``meal*`` for words starting so. Anything else
(brackets, colons, ``OR``, ``NEAR``, stray quotes) is read as words, so no query is an
error and none reaches either engine as syntax: every word is quoted for FTS5, and for
PostgreSQL each clause is passed as a parameter to ``websearch_to_tsquery`` (or, for a
prefix, to ``to_tsquery`` as letters and digits only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Letters and digits: a word as both engines' tokenizers cut it.
WORD = re.compile(r"[^\W_]+")
# A clause: an optional minus, then a quoted phrase (closed or not) or a run of non-space.
CLAUSE = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
MAX_CLAUSES = 32
MAX_WORD = 64

# PostgreSQL's English stop words (its english.stop list): the English configuration leaves
# them out of queries and documents, so the SQLite query leaves them out too.
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing don down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own s same she should so some such t than that the their theirs
    them themselves then there these they this those through to too under until up very was
    we were what when where which while who whom why will with you your yours yourself
    yourselves""".split()
)


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]  # one word, or a phrase
    negated: bool = False
    prefix: bool = False  # the last word is a prefix


def parse(text: str) -> list[Clause]:
    """The clauses of a query, in order; words lower-cased; stop words left out of bare words
    (as PostgreSQL does); clauses beyond ``MAX_CLAUSES`` ignored."""
    clauses = []
    for minus, phrase, bare in CLAUSE.findall(text or ""):
        raw = phrase if bare == "" else bare
        words = tuple(w.lower()[:MAX_WORD] for w in WORD.findall(raw))
        if not words:
            continue
        prefix = bare.endswith("*") and len(words) == 1
        if bare and len(words) == 1 and not prefix and words[0] in STOP_WORDS:
            continue
        clauses.append(Clause(words, negated=bool(minus), prefix=prefix))
        if len(clauses) == MAX_CLAUSES:
            break
    return clauses


def searchable(clauses: list[Clause]) -> bool:
    """A query finds something only with a clause that is not left out."""
    return any(not c.negated for c in clauses)


def fts5_match(clauses: list[Clause]) -> str:
    """An FTS5 MATCH expression: every clause a quoted string (its words are letters and
    digits, so no quote can close it), joined by AND, the negated ones after NOT."""

    def quoted(clause: Clause) -> str:
        return '"' + " ".join(clause.words) + '"' + ("*" if clause.prefix else "")

    wanted = [quoted(c) for c in clauses if not c.negated]
    if not wanted:
        return ""
    unwanted = "".join(f" NOT {quoted(c)}" for c in clauses if c.negated)
    return "(" + " AND ".join(wanted) + ")" + unwanted


def tsquery_sql(clauses: list[Clause]) -> tuple[str, list[str]]:
    """A PostgreSQL tsquery expression and its parameters: ``websearch_to_tsquery`` of each
    clause as a quoted phrase, ``to_tsquery`` of a prefix (``meal:*``), joined by ``&&``,
    negated with ``!!``."""
    parts, params = [], []
    for clause in sorted(clauses, key=lambda c: c.negated):
        if clause.prefix:
            parts.append("to_tsquery('english', %s)")
            params.append(" <-> ".join(clause.words) + ":*")
        else:
            parts.append("websearch_to_tsquery('english', %s)")
            params.append('"' + " ".join(clause.words) + '"')
        if clause.negated:
            parts[-1] = f"(!!{parts[-1]})"
    return " && ".join(parts), params
