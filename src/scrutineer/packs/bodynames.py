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


def printed_aliases(lines: list[str], name: str) -> list[str]:
    """Other names the paper gives the body ``name``: "X (CSCB)" where X is loosely the
    body's name gives X and CSCB, and the acronym of its name without the place ("LSCB" for
    "Coventry Local Safeguarding Children Board") when the paper prints that acronym."""
    key = loose_body_key(name)
    found: list[str] = []
    words = name.split()
    local = "".join(w[0] for w in words[1:] if w[:1].isupper()) if len(words) > 2 else ""
    local_seen = False
    for line in lines:
        text = line[:LINE_LIMIT]
        for match in _DEFINED_ACRONYM.finditer(text):
            full, acronym = match.group(1).strip(), match.group(2)
            full = full[4:] if full.startswith("The ") else full
            if loose_body_key(full) == key:
                found += [a for a in (full, acronym) if a != name and a not in found]
        if local and not local_seen and local in _ACRONYM_WORD.findall(text):
            local_seen = True
    if local_seen and local not in found and len(local) > 2:
        found.append(local)
    return found
