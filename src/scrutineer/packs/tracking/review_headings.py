"""Case-review recommendations printed under headings of their own:

    9.1 Recommendation 1
    Exampleshire Children's Services / Police
    The text of the recommendation, over one or more paragraphs or bullets.

and the variants reviews use: "Recommendation 3:" with the text on the same line ("The
Partnership should ..." names its owner in the sentence), "Agency: ..." owner lines,
"Recommendation One", and lettered parts ("a)", "(b)", "1c", or "Recommendation 1a") read
as parts of their recommendation, sharing its owners.

Every pattern is anchored and bounded, and every line is looked at a fixed number of
times, so hostile text cannot make the work explode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import ParsedTrackedItem
from .cells import squash
from .owners import named_owners
from .review_checks import is_owner_label, owner_line

_WORD_NUMBERS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_HEADING = re.compile(
    r"^(?:[-•]\s{1,3})?(?:(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s{1,4})?recommendation\s{1,3}"
    r"(\d{1,2}[a-z]?|[a-z]{3,9})(?![\w.])\s{0,3}[:.)\-–—]?\s{0,3}(.*)$",
    re.I,
)
_PART = re.compile(
    r"^(?:[-•]\s{1,3})?(?:\(([a-z])\)|([a-z])[.)]|(\d{1,2})([a-z])[.):]?)\s{1,4}(\S.*)$"
)
_PARAGRAPH_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s{1,4}\S")
_MAX_TEXT_LINES = 30
_MAX_HEADING_WORDS = 10


@dataclass
class _Part:
    letter: str
    text: list[str]
    first: int  # 1-based
    last: int


@dataclass
class _Heading:
    number: str
    first: int  # 1-based
    last: int
    owners: list[str]
    text: list[str] = field(default_factory=list)
    parts: list[_Part] = field(default_factory=list)


def heading_match(line: str) -> tuple[str | None, str, str] | None:
    """(section, number, rest) of a "9.1 Recommendation 1 ..." heading, or None."""
    found = _HEADING.match(line.replace("**", "").strip())
    if found is None:
        return None
    number = found.group(2).lower()
    if number.isalpha():
        if number not in _WORD_NUMBERS:
            return None
        number = str(_WORD_NUMBERS.index(number) + 1)
    return found.group(1), number, found.group(3).strip()


def review_headings(
    lines: list[str], start: int, stop: int, review: str
) -> list[ParsedTrackedItem]:
    """The recommendations under "Recommendation N" headings in lines[start:stop]."""
    headings: list[_Heading] = []
    index = start
    while index < stop:
        found = heading_match(lines[index]) if "\t" not in lines[index] else None
        if found is None:
            index += 1
            continue
        heading, index = _read_heading(lines, index, stop, found)
        if heading is not None:
            headings.append(heading)
    return _items(headings, review)


def _read_heading(
    lines: list[str], index: int, stop: int, found: tuple[str | None, str, str]
) -> tuple[_Heading | None, int]:
    section, number, rest = found
    heading = _Heading(number, index + 1, index + 1, [])
    position = index + 1
    if rest:
        bracketed = rest.startswith("(") and rest.endswith(")")
        owners = owner_line(rest.strip("()")) if not named_owners(rest) else None
        owners = owners if owners or not bracketed else [rest.strip("() ")]
        if owners:
            heading.owners = owners
        else:
            heading.text.append(rest)
    elif (following := _next_text(lines, position, stop)) is not None:
        owners = owner_line(lines[following])
        if owners is not None:
            heading.owners, heading.last, position = owners, following + 1, following + 1
    taken = 0
    while position < stop and taken < _MAX_TEXT_LINES:
        line = lines[position].replace("**", "").strip()
        if not line:
            position += 1
            continue
        if _ends_text(line, section, heading):
            break
        labelled = owner_line(line) if not heading.owners and is_owner_label(line) else None
        if labelled:
            heading.owners = labelled
        else:
            _take(heading, line, position + 1)
        heading.last = position + 1
        position += 1
        taken += 1
    if not heading.text and not heading.parts:
        return None, max(position, index + 1)
    # the first sentence that names an owner; a title line above it ("Professional
    # Curiosity") is not read into the sentence's subject
    owned = (named_owners(text) for text in heading.text)
    heading.owners = heading.owners or next((owners for owners in owned if owners), [])
    return heading, position


def _next_text(lines: list[str], position: int, stop: int) -> int | None:
    while position < stop:
        if lines[position].strip():
            return position
        position += 1
    return None


def _ends_text(line: str, section: str | None, heading: _Heading) -> bool:
    """A recommendation's text ends at the next heading: another recommendation, a numbered
    paragraph outside the heading's own section ("9.2 ...", "10. Conclusion"; a list inside
    the text, "1. ensure that ...", is kept), a table, or a short line printed as a heading
    ("Appendix 1", "GLOSSARY")."""
    if "\t" in line or heading_match(line) is not None:
        return True
    numbered = _PARAGRAPH_NUMBER.match(line)
    if numbered and _PART.match(line) is None:
        number = numbered.group(1)
        own = bool(section) and number.startswith(f"{section}.")
        if not own and ("." in number or _short_heading(line)):
            return True
    if line.startswith(("-", "•")) or _PART.match(line):
        return False
    return _short_heading(line) and bool(heading.text or heading.parts)


def _short_heading(line: str) -> bool:
    words = line.split()
    return (
        len(words) <= _MAX_HEADING_WORDS
        and line[-1] not in ".:;,?!)"
        and not line[0].islower()
        and (line.isupper() or len(words) <= 4 or line[0].isdigit())
    )


def _take(heading: _Heading, line: str, number: int) -> None:
    part = _PART.match(line)
    if part and (part.group(3) in (None, heading.number)):
        letter = (part.group(1) or part.group(2) or part.group(4)).lower()
        heading.parts.append(_Part(letter, [part.group(5)], number, number))
    elif heading.parts and not line.startswith(("-", "•")) and line[0].islower():
        heading.parts[-1].text.append(line)
        heading.parts[-1].last = number
    else:
        heading.text.append(line)


def _items(headings: list[_Heading], review: str) -> list[ParsedTrackedItem]:
    """Items in order; "Recommendation 1a" after "Recommendation 1" is its part."""
    items: list[ParsedTrackedItem] = []
    for heading in headings:
        item = ParsedTrackedItem(
            source_kind="case-review",
            item_type="R",
            number=heading.number,
            text="\n".join(squash(t) for t in heading.text),
            lines=(heading.first, heading.last),
            owners=heading.owners,
            review=review,
        )
        item.subitems = [
            ParsedTrackedItem(
                source_kind="case-review",
                item_type="R",
                number=f"{heading.number}{part.letter}",
                text=squash(" ".join(part.text)),
                lines=(part.first, part.last),
                owners=list(heading.owners),
                review=review,
            )
            for part in heading.parts
        ]
        parent = items[-1] if items else None
        if parent and heading.number[-1].isalpha() and heading.number[:-1] == parent.number:
            item.owners = item.owners or list(parent.owners)
            parent.subitems.append(item)
            parent.lines = (parent.lines[0], item.lines[1])
        else:
            items.append(item)
    return items
