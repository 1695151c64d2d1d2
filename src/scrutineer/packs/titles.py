"""Titles across papers: how alike two are, and which are routine business.

Titles drift between papers ("Proposed changes to the Library Service" on the work
programme becomes "Library Service and Connecting Communities" on the agenda), so they
are compared on their significant words. Everything that matches titles or statements
by their words uses this module, so two matchers can never disagree on what "alike" is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

SAME_TITLE = 0.5  # similarity at which two titles name the same business
_WORD = re.compile(r"[a-z0-9]{3,}")
_STOPWORDS = {
    "the",
    "and",
    "for",
    "with",
    "from",
    "report",
    "update",
    "progress",
    "annual",
    "briefing",
    "note",
    "review",
    "item",
    "items",
    "proposed",
    "changes",
}
_PROCEDURAL = {
    "apologies",
    "substitutions",
    "declarations",
    "interests",
    "interest",
    "minutes",
    "matters",
    "arising",
    "any",
    "other",
    "business",
    "welcome",
    "evaluation",
    "meeting",
    "public",
    "items",
    "absence",
    "previous",
    "meetings",
}

_PORTFOLIO_WORD = re.compile(r"[a-z]{4,}")
# Words of titles and portfolios that say nothing about the business.
_PORTFOLIO_COMMON = {
    "cabinet",
    "member",
    "director",
    "services",
    "service",
    "board",
    "scrutiny",
    "with",
    "from",
    "that",
    "this",
    "their",
    "deputy",
    "children",
    "council",
}


def is_procedural(title: str) -> bool:
    """ "Apologies and Substitutions", "Minutes", "Any Other Business": every meeting has them."""
    words = set(_WORD.findall(title.lower())) - {"the", "and", "for", "of"}
    return bool(words) and words <= _PROCEDURAL


def significant_words(title: str) -> set[str]:
    """Words that carry the meaning of a title, with plurals folded: "reviews" -> "review",
    "activities" -> "activity"."""
    words = set(_WORD.findall(title.lower().replace("'", ""))) - _STOPWORDS
    return {_singular(word) for word in words}


def _singular(word: str) -> str:
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_ANY_WORD = re.compile(r"[A-Za-z0-9]+")


def spelt_out(title: str, other: str) -> str:
    """``title`` with each acronym followed by the words it stands for in ``other``, when
    ``other`` has consecutive words with those initials: "School holiday FSM" beside "Free
    School Meals Holiday Activities" reads "School holiday FSM free school meals"."""
    words = _ANY_WORD.findall(other)
    initials = "".join(word[0].lower() for word in words)
    extra = []
    for acronym in set(_ACRONYM.findall(title)):
        at = initials.find(acronym.lower())
        if at >= 0:
            extra += words[at : at + len(acronym)]
    return f"{title} {' '.join(extra)}" if extra else title


def overlap(a: set[str], b: set[str]) -> float:
    """The share of words two texts have in common (Jaccard similarity)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def title_similarity(a: str, b: str) -> float:
    """Shared words over all words (Jaccard); 1.0 when every word of a title of two or more
    words is in the other ("School Readiness" in "School Readiness - Impact of Covid-19")."""
    first, second = significant_words(spelt_out(a, b)), significant_words(spelt_out(b, a))
    if not first or not second:
        return 0.0
    shorter, longer = sorted((first, second), key=len)
    if len(shorter) >= 2 and shorter <= longer:
        return 1.0
    return overlap(first, second)


def most_alike(title: str, candidates: Iterable[T], title_of: Callable[[T], str]):
    """The candidate whose title is most like ``title`` (at least SAME_TITLE alike) and the
    candidates that tie with it: (None, []) when none is alike. A caller never picks among
    ties: it flags them, or matches nothing."""
    scored = [(title_similarity(title, title_of(c)), c) for c in candidates]
    scored = sorted((s for s in scored if s[0] >= SAME_TITLE), key=lambda s: -s[0])
    if not scored:
        return None, []
    best_score, best = scored[0]
    return best, [c for score, c in scored[1:] if score == best_score]


def portfolio_touches(portfolio: str, title: str) -> bool:
    """A Cabinet Member's portfolio ("Cabinet Member for Education and Skills") touches an
    item ("School Holiday Activities and Food", by the Director of Education and Skills)
    when they share a word that is not one every title or portfolio has."""
    words = set(_PORTFOLIO_WORD.findall(portfolio.lower())) - _PORTFOLIO_COMMON
    return bool(words & set(_PORTFOLIO_WORD.findall(title.lower())))
