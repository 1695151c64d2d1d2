"""Briefing notes: To/Date/Subject headers, the recommendations and the authors."""

from __future__ import annotations

import re

from .model import ParsedBriefingNote, ParsedRecommendation
from .text import find_date, looks_like_full_name, strip_markup

_HEADER = re.compile(r"^(to|date|subject|from)\b:?\s?", re.I)
_RECOMMENDATIONS = re.compile(r"^(?:\d{1,2}\.?\s)?recommendations?:?$", re.I)
_SECTION = re.compile(r"^\d{1,2}\.?\s[A-Z]")
_NUMBERED = re.compile(r"^-?\s?\(?(\d{1,2})\)\s+(\S.*)$")
_PARAGRAPH = re.compile(r"^-?\s?(\d{1,2}\.\d{1,2})\s+(\S.*)$")
_BULLET = re.compile(r"^[-•✓]\s+(\S.*)$")
_AUTHORS = re.compile(r"^(?:name of author|report authors?|authors?|queries to)\b:?\s?", re.I)
_STOP_AUTHORS = re.compile(r"^(?:contact|tel|telephone|e-?mail|job title|appendi)", re.I)
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}")


def parse_briefing_note(lines: list[str], start: int, stop: int) -> ParsedBriefingNote:
    """Parse lines[start:stop] (0-based) of a briefing-note component."""
    texts = [
        (i, plain) for i in range(start, stop) if (plain := lines[i].replace("**", "").strip())
    ]
    headers: dict[str, str] = {}
    loose_date = None
    for _, text in texts[:10]:
        match = _HEADER.match(text)
        if match and len(text) > match.end():
            headers.setdefault(match.group(1).lower(), strip_markup(text[match.end() :]))
        elif loose_date is None and find_date(text) and len(text) < 40:
            loose_date = text
    to = headers.get("to")
    when = find_date(headers.get("date") or loose_date or to or "")
    note = ParsedBriefingNote(
        to=to,
        date=when.isoformat() if when else None,
        subject=headers.get("subject"),
        sender=headers.get("from"),
        lines=(texts[0][0] + 1, texts[-1][0] + 1) if texts else (start + 1, start + 1),
    )
    note.recommendations = _recommendations(texts)
    note.authors = _authors(texts)
    return note


def _recommendations(texts: list[tuple[int, str]]) -> list[ParsedRecommendation]:
    """The numbered "recommended to: 1) ... 2) ..." items, or the bullets or paragraphs
    of the Recommendations section when nothing is numbered."""
    heading = next((p for p, (_, t) in enumerate(texts) if _RECOMMENDATIONS.match(t)), None)
    if heading is None:
        return []
    section = []
    for index, text in texts[heading + 1 :]:
        if _SECTION.match(text) or text.lower().rstrip(":") in {"appendices", "background"}:
            break
        section.append((index, text))
    for pattern, numbered in ((_NUMBERED, True), (_BULLET, False), (_PARAGRAPH, True)):
        found = _first_list(section, pattern, numbered)
        if found:
            return found
    return []


def _first_list(
    section: list[tuple[int, str]], pattern: re.Pattern, numbered: bool
) -> list[ParsedRecommendation]:
    """The first unbroken run of lines matching ``pattern``."""
    found: list[ParsedRecommendation] = []
    for index, text in section:
        match = pattern.match(text)
        if match and not (pattern is _BULLET and _PARAGRAPH.match(text)):
            number, body = (match.group(1), match.group(2)) if numbered else (None, match.group(1))
            found.append(ParsedRecommendation(number, strip_markup(body), (index + 1, index + 1)))
        elif found:
            break
    return found


def _authors(texts: list[tuple[int, str]]) -> list[str]:
    authors: list[str] = []

    def add(candidate: str) -> None:
        name = candidate.split(",")[0].split("\t")[-1].strip()
        if looks_like_full_name(name) and name not in authors:
            authors.append(name)

    for pos, (_, text) in enumerate(texts):
        match = _AUTHORS.match(text)
        if match:
            rest = text[match.end() :].strip(" :\t")
            if rest:
                add(rest)
            for _, follow in texts[pos + 1 : pos + 6]:
                if _STOP_AUTHORS.match(follow) or _EMAIL.search(follow):
                    break
                add(follow)
        elif text.lower().startswith("job title") and pos > 0:
            add(texts[pos - 1][1])
    if authors:
        return authors
    # A signature block: name, job title, e-mail address.
    for pos in range(len(texts) - 1, max(len(texts) - 40, 1), -1):
        if _EMAIL.search(texts[pos][1]):
            for back in (pos - 2, pos - 1):
                if back >= 0 and looks_like_full_name(texts[back][1]):
                    add(texts[back][1])
                    return authors
    return authors
