"""Lead officers and Cabinet Members from a work programme's leads cell, where names run
together: "John Gregg Fran Doyle Cllr Ruane"."""

from __future__ import annotations

import re

_INITIAL = re.compile(r"[A-Z]\.?")
_NAME_WORD = re.compile(r"[A-Z][A-Za-z'’\-]{0,40}")
_COUNCILLOR_TITLES = {"cllr", "councillor"}
_OTHER_TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "rev", "revd"}
_LEAD_SEPARATORS = str.maketrans({"/": "\n", ",": "\n", ";": "\n", "&": "\n"})


def split_leads(text: str) -> tuple[list[str], list[str]] | None:
    """(officers, councillors) from a leads cell whose names run together: "John Gregg Fran
    Doyle Cllr Ruane" is John Gregg, Fran Doyle and Cllr Ruane. "/", "," and ";" separate
    names too. A councillor is a title, any initials and one surname; anyone else is
    "Firstname Surname" or initials and a surname, after an optional title such as Dr.
    None when any part does not fit, because guessing where a name ends is worse than
    keeping the cell whole. Names are kept as printed, titles included."""
    officers: list[str] = []
    councillors: list[str] = []
    for part in text.translate(_LEAD_SEPARATORS).split("\n"):
        words = part.split()
        position = 0
        while position < len(words):
            taken = _take_name(words, position)
            if taken is None:
                return None
            end, councillor = taken
            (councillors if councillor else officers).append(" ".join(words[position:end]))
            position = end
    return (officers, councillors) if officers or councillors else None


def _take_name(words: list[str], start: int) -> tuple[int, bool] | None:
    """(end, is councillor) for the name beginning at words[start], or None. A titled
    officer may be "Dr Smith"; an untitled one needs a first name or initials."""
    title = words[start].lower().rstrip(".")
    councillor = title in _COUNCILLOR_TITLES
    titled = councillor or title in _OTHER_TITLES
    position = start + 1 if titled else start
    initials = position
    while initials < len(words) and _INITIAL.fullmatch(words[initials]):
        initials += 1
    if initials >= len(words) or not _is_name_word(words[initials]):
        return None
    if councillor or initials > position:
        return initials + 1, councillor
    if initials + 1 < len(words) and _is_name_word(words[initials + 1]):
        return initials + 2, False
    return (initials + 1, False) if titled else None


def _is_name_word(word: str) -> bool:
    """ "Gregg", "Ellison-Hay", "O'Neill"; not "LSCB", "and" or a title."""
    lowered = word.lower().rstrip(".")
    if lowered in _COUNCILLOR_TITLES or lowered in _OTHER_TITLES:
        return False
    return bool(_NAME_WORD.fullmatch(word)) and any(c.islower() for c in word)
