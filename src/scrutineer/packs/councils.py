"""Which council a paper is from: the publishing authority it names.

Papers print it as a heading on a line of its own ("Coventry City Council" above "Minutes of
the Meeting of ..." or a briefing note). Read in this order, the first that is found wins:

1. a council's name alone on a line, directly above a minutes heading, briefing note or
   agenda (how a council heads its own papers);
2. a council's name alone on a line anywhere;
3. the council named most often in the text ("... Coventry City Council has adopted ...").

A paper that names none has ``council = None``; ingest then decides (``--council``, or the
install's only council).
"""

from __future__ import annotations

import re
from collections import Counter

from .model import ParsedCouncil

# "Coventry City Council", "Exampleshire County Council", "Royal Borough of Kingston upon
# Thames Council" is rare; a name is one to six capitalised words ending in a kind of
# council. Bounded repetition of words separated by single spaces: no backtracking blow-up.
_KIND = r"(?:City|County|Borough|District|Town|Parish|Metropolitan Borough|County Borough)"
_WORD = r"[A-Z][A-Za-z'’&-]*"
NAME = re.compile(rf"\b((?:{_WORD} ){{1,6}}){_KIND} Council\b")
ALONE = re.compile(rf"^\s*((?:{_WORD} ){{1,6}}{_KIND} Council)\s*$")
HEADING_NEXT = re.compile(r"^\s*(?:Minutes of|Briefing [Nn]ote|Agenda\b|Notice of)")

# Words that open a sentence or a role, not a council's name: "The City Council", "Leader of".
NOT_A_NAME = {"The", "A", "An", "This", "Our", "Every", "Each", "Signed", "Leader", "Local"}


def _clean(name: str) -> str | None:
    words = name.split()
    while words and words[0] in NOT_A_NAME:
        words = words[1:]
    kind_words = 3 if words[-3:-1] in (["Metropolitan", "Borough"], ["County", "Borough"]) else 2
    return " ".join(words) if len(words) > kind_words else None


def _next_text(lines: list[str], index: int) -> str:
    for line in lines[index + 1 : index + 4]:
        if line.strip():
            return line
    return ""


def read_council(lines: list[str]) -> ParsedCouncil | None:
    """The council a paper names, with the line it was read from (1-based)."""
    alone: ParsedCouncil | None = None
    for index, line in enumerate(lines):
        if len(line) > 120 or "Council" not in line:
            continue
        match = ALONE.match(line)
        name = _clean(match.group(1)) if match else None
        if not name:
            continue
        found = ParsedCouncil(name=name, lines=(index + 1, index + 1))
        if HEADING_NEXT.match(_next_text(lines, index)):
            return found
        alone = alone or found
    if alone:
        return alone
    return _most_named(lines)


def _most_named(lines: list[str]) -> ParsedCouncil | None:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for index, line in enumerate(lines):
        if "Council" not in line:
            continue
        for match in NAME.finditer(line):
            name = _clean(match.group(0))
            if name:
                counts[name] += 1
                first.setdefault(name, index + 1)
    if not counts:
        return None
    name = min(counts, key=lambda n: (-counts[n], first[n]))
    return ParsedCouncil(name=name, lines=(first[name], first[name]))
