"""The names one body goes by: its name as printed, the same name with "Local" or an
apostrophe more or less, and the acronyms a paper defines for it.

"Coventry Local Safeguarding Children Board", "Coventry Safeguarding Children's Board" and
"Coventry Safeguarding Children Board (CSCB)" are one board; a paper that writes "LSCB"
throughout uses that acronym for it too. The comparison key (``loose_body_key``) drops only
what house styles vary, so two different boards never share a key by accident.
"""

from __future__ import annotations

import re

# Words a body's name gains or loses between papers without naming another body.
_OPTIONAL_WORDS = frozenset({"the", "local"})
_APOSTROPHE = re.compile(r"['’]s?\b")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# "Coventry Safeguarding Children Board (CSCB)": a capitalised name of 2 to 9 words, then its
# acronym in brackets. Bounded repetition of distinct tokens: no bad backtracking.
_DEFINED_ACRONYM = re.compile(r"((?:[A-Z][A-Za-z'’&-]*\s){1,8}[A-Z][A-Za-z'’-]*)\s\(([A-Z]{2,8})\)")
_ACRONYM_WORD = re.compile(r"\b[A-Z]{2,8}\b")
LINE_LIMIT = 2000  # characters of a line searched: names sit in ordinary sentences


def loose_body_key(name: str) -> str:
    """ "Coventry Local Safeguarding Children's Board" -> "coventry safeguarding children
    board"."""
    words = _NOT_WORD.sub(" ", _APOSTROPHE.sub("", name.lower())).split()
    return " ".join(word for word in words if word not in _OPTIONAL_WORDS)


def printed_aliases(lines: list[str], names: list[str]) -> dict[str, list[str]]:
    """Other names the paper gives each body of ``names``: "X (CSCB)" where X is loosely
    the body's name gives X and CSCB, and the acronym of its name without the place ("LSCB"
    for "Coventry Local Safeguarding Children Board") when the paper prints that acronym.

    The paper is read once, whatever the number of bodies."""
    defined: dict[str, list[str]] = {}
    wanted = {_local_acronym(name) for name in names} - {""}
    printed: set[str] = set()
    for line in lines:
        text = line[:LINE_LIMIT]
        if "(" in text:  # most lines define nothing: the pattern is not tried on them
            for match in _DEFINED_ACRONYM.finditer(text):
                full, acronym = match.group(1).strip(), match.group(2)
                full = full[4:] if full.startswith("The ") else full
                found = defined.setdefault(loose_body_key(full), [])
                found += [a for a in (full, acronym) if a not in found]
        for acronym in wanted - printed:
            if acronym in text and acronym in _ACRONYM_WORD.findall(text):
                printed.add(acronym)
    aliases: dict[str, list[str]] = {}
    for name in names:
        found = [a for a in defined.get(loose_body_key(name), []) if a != name]
        local = _local_acronym(name)
        if local in printed and local not in found:
            found.append(local)
        aliases[name] = found
    return aliases


def _local_acronym(name: str) -> str:
    """The initials of a name after its first word, the place: "Coventry Local Safeguarding
    Children Board" -> "LSCB"; "" when too short to mean anything."""
    words = name.split()
    if len(words) < 3:
        return ""
    acronym = "".join(word[0] for word in words[1:] if word[:1].isupper())
    return acronym if len(acronym) > 2 else ""
