"""Small text helpers shared by the extractors: dates, times, names, spans.

Every pattern here is linear: no nested or adjacent unbounded quantifiers that could
backtrack catastrophically on hostile input.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9}),?\s+(\d{4})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")
_TIME = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))?\s?([ap])\.?\s?m\b\.?", re.IGNORECASE)
_WEEKDAY = re.compile(r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s", re.I)

HONORIFICS = (
    "councillors",
    "councillor",
    "cllrs.",
    "cllr.",
    "cllrs",
    "cllr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "dr.",
    "professor",
    "prof",
    "prof.",
    "sir",
    "dame",
    "rev",
    "revd",
)
_INITIALS = re.compile(r"^[A-Z]\.?$")
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*$|^[A-Z][a-z]?'[A-Z][A-Za-z]+$")


def full_year(printed: str) -> int:
    """A year as printed: "2016", or "16", which is in this century."""
    return int(printed) + (2000 if len(printed) == 2 else 0)


def find_date(text: str) -> date | None:
    """The first written date in ``text``: "21st July, 2016", "16 June 2016" or "12/10/16"."""
    match = _DAY_MONTH_YEAR.search(text)
    if match:
        month = MONTHS.get(match.group(2).lower())
        if month:
            try:
                return date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                return None
    match = _NUMERIC_DATE.search(text)
    if match:
        try:
            return date(full_year(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            return None
    return None


def find_time(text: str) -> str | None:
    """The first clock time in ``text`` as "HH:MM": "2.00 pm", "4.00 p.m.", "12.43 pm"."""
    match = _TIME.search(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if not (1 <= hour <= 12 and minute < 60):
        return None
    if match.group(3).lower() == "p" and hour != 12:
        hour += 12
    if match.group(3).lower() == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def is_date_line(text: str) -> bool:
    """A line that is only a date, such as "Wednesday, 13 July 2016"."""
    stripped = _WEEKDAY.sub("", text.strip())
    match = _DAY_MONTH_YEAR.fullmatch(stripped.strip())
    return bool(match and MONTHS.get(match.group(2).lower()))


def strip_markup(text: str) -> str:
    """Remove the bold markers and list dashes that the PDF-to-text step leaves behind."""
    text = text.replace("**", "").strip()
    if text.startswith("- "):
        text = text[2:].strip()
    return text


def split_honorifics(name: str) -> tuple[str | None, str]:
    """("Councillor", "M Mutton") from "Councillor M Mutton"; titles may stack."""
    words = name.split()
    titles = []
    while words and words[0].lower().rstrip(".") in {h.rstrip(".") for h in HONORIFICS}:
        titles.append(words.pop(0))
    return (" ".join(titles) or None), " ".join(words)


def looks_like_listed_name(text: str) -> bool:
    """True for "M Mutton", "Councillor Gittins", "Mrs K Jones", but not "Jane Moore".

    In a comma list a bare "Firstname Surname" is indistinguishable from an organisation
    ("Rugby CCG"), so a listed name needs initials or a title.
    """
    honorific, rest = split_honorifics(text.strip())
    words = rest.split()
    if not words or len(words) > 4:
        return False
    *given, surname = words
    if not _NAME_WORD.match(surname):
        return False
    if all(_INITIALS.match(word) for word in given):
        return bool(given) or honorific is not None
    return honorific is not None and all(_NAME_WORD.match(word) for word in given)


def looks_like_full_name(text: str) -> bool:
    """ "Jane Moore", "Dr Adrian Canale-Parola": a personal name with no descriptor."""
    _, rest = split_honorifics(text.strip())
    words = rest.split()
    return 1 < len(words) <= 4 and all(
        _NAME_WORD.match(word) or _INITIALS.match(word) for word in words
    )


def split_name_list(text: str) -> list[str]:
    """ "A, B and C" -> ["A", "B", "C"]."""
    parts = []
    for chunk in text.split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        pieces = chunk.split(" and ")
        parts.extend(piece.strip() for piece in pieces if piece.strip())
    return parts


def name_key(name: str) -> tuple[str | None, str]:
    """A matching key: (first initial or None, surname in lower case)."""
    _, rest = split_honorifics(name)
    words = [w.strip(".") for w in rest.split() if w.strip(".")]
    if not words:
        return (None, "")
    surname = words[-1].lower()
    initial = words[0][0].upper() if len(words) > 1 else None
    return (initial, surname)


def names_match(a: tuple[str | None, str], b: tuple[str | None, str]) -> bool:
    """Same surname, and the initials agree wherever both are known."""
    return a[1] == b[1] and (a[0] is None or b[0] is None or a[0] == b[0])


COUNCILLOR_FORMS = {"councillor", "councillors", "cllr", "cllrs"}


def councillor_title(honorific: str | None) -> str:
    """ "Cllr", "Cllrs." and "Councillors" (a list's shared title) are all "Councillor";
    any other honorific stays as printed."""
    if not honorific:
        return ""
    first = honorific.split()[0]
    return "Councillor" if first.lower().rstrip(".") in COUNCILLOR_FORMS else honorific
