"""Checks on a review's recommendations, and the owner lines they are addressed by.

Flag, don't fix: a recommendation no one owns, a number the sequence skips, a number used
twice for different recommendations, and one recommendation printed twice in different
words are warnings; the items are kept as printed (a repeat of the same recommendation
is linked to the first statement, not counted again).
"""

from __future__ import annotations

import re

from ..model import PackWarning, ParsedTrackedItem
from ..titles import overlap
from .cells import key, squash

SAME_WORDING = 0.6  # share of words two statements must have in common to be one item
_OWNER_LABEL = re.compile(
    r"^(?:(?:lead|responsible|owning|accountable)\s{1,3})?"
    r"(?:agency|agencies|organisation|organisations|owner|owners|lead|responsible|"
    r"for|to|addressed\s{1,3}to|recommendation\s{1,3}for)\s{0,3}[:\-–]\s{0,3}(\S.*)$",
    re.I,
)
_OWNER_SPLIT = re.compile(r"\s{0,3}[/;,]\s{0,3}")
_MAX_OWNER_WORDS = 12
_MAX_OWNER_CHARS = 120


def owner_line(text: str) -> list[str] | None:
    """The owners an owner line names, as written, or None when the line is not one.

    "Agency: Police" and "Lead agency – Exampleshire Council" name theirs after the label;
    a line that is only a short name ("Children's Services / Police") names several,
    split at "/", "," and ";". A sentence is not an owner line."""
    text = squash(text.replace("**", "")).strip()
    labelled = _OWNER_LABEL.match(text)
    if labelled:
        text = labelled.group(1).strip()
    elif not _looks_like_a_name(text):
        return None
    owners = [part.strip(" .") for part in _OWNER_SPLIT.split(text)]
    return [owner for owner in owners if owner] or None


_AGENCY_WORDS = frozenset(
    "academy academies agency agencies ambulance authority board boards cafcass care ccg "
    "children's college commissioner commissioners court courts directorate federation "
    "hospice leads nursery office panel prison prisons surgery "
    "commissioning constabulary council department education fire foundation gp gps group "
    "health hospital hospitals housing icb midwifery nhs partners partnership police practice "
    "practices probation provider providers school schools service services social team trust "
    "trusts unit visiting".split()
)
_CONNECTORS = frozenset({"and", "of", "the", "for", "&", "in", "on", "with"})


def is_owner_label(text: str) -> bool:
    """ "Lead agency: Police": a line that says it names the owners."""
    return _OWNER_LABEL.match(squash(text.replace("**", "")).strip()) is not None


def _looks_like_a_name(text: str) -> bool:
    """A short line of capitalised words naming an agency ("Police", "Exampleshire
    Children's Services", "NHS Exampleshire ICB"): a topic title ("Professional
    Curiosity") names none, and a sentence is not a name."""
    words = text.split()
    if not (0 < len(words) <= _MAX_OWNER_WORDS and len(text) <= _MAX_OWNER_CHARS):
        return False
    if not text[0].isupper() or text[-1] in ".:;?!" or "\t" in text:
        return False
    bare = [w.strip("()[],;/").lower() for w in words]
    if any(w in {"should", "must", "will", "shall", "to", "is", "are"} for w in bare):
        return False
    long_words = [w for w in words if len(w) > 3 and w.lower() not in _CONNECTORS]
    capitalised = sum(1 for w in long_words if w[0].isupper() or not w[0].isalpha())
    if long_words and capitalised * 2 <= len(long_words):
        return False
    acronyms = (w.strip("()[],;/") for w in words)
    return any(w in _AGENCY_WORDS for w in bare) or any(
        len(w) > 1 and w.isalpha() and w.isupper() for w in acronyms
    )


def words(text: str) -> set[str]:
    return set(key(text).split())


def merge_repeats(
    items: list[ParsedTrackedItem],
) -> tuple[list[ParsedTrackedItem], list[PackWarning]]:
    """One item per recommendation: a number printed again with much the same words (in a
    summary and again in the body) is linked to its first statement; differing wording is
    flagged. A number used again for a different recommendation is flagged and both kept."""
    kept: list[ParsedTrackedItem] = []
    warnings: list[PackWarning] = []
    first: dict[str, ParsedTrackedItem] = {}
    for item in items:
        earlier = first.get(item.number or "") if item.number else None
        if earlier is None:
            if item.number:
                first[item.number] = item
            kept.append(item)
            continue
        line = item.lines[0]
        if overlap(words(item.text), words(earlier.text)) < SAME_WORDING:
            warnings.append(
                PackWarning(
                    "review-recommendation-number-repeated",
                    f"Recommendation {item.number} at line {line} repeats the number of a "
                    f"different recommendation at line {earlier.lines[0]}",
                    (earlier.lines[0], line),
                )
            )
            kept.append(item)
            continue
        earlier.also_stated_at.append(item.lines)
        earlier.owners = earlier.owners or item.owners
        if squash(earlier.text) != squash(item.text):
            warnings.append(
                PackWarning(
                    "review-recommendation-differs",
                    f"Recommendation {item.number} (line {earlier.lines[0]}) is worded "
                    f"differently where it is printed again at line {line}",
                    (earlier.lines[0], line),
                )
            )
    return kept, warnings


_LAST_NUMBER = re.compile(r"(\d{1,3})$")


def sequence_warnings(items: list[ParsedTrackedItem]) -> list[PackWarning]:
    """Numbers the sequence skips ("1, 2, 4") and recommendations that name no owner."""
    warnings: list[PackWarning] = []
    previous = 0
    for item in items:
        found = _LAST_NUMBER.search(item.number or "")
        if found:
            number = int(found.group(1))
            if number > previous + 1:
                missing = (
                    str(previous + 1)
                    if number == previous + 2
                    else f"{previous + 1} to {number - 1}"
                )
                warnings.append(
                    PackWarning(
                        "review-recommendation-number-gap",
                        f"Recommendation {item.number} at line {item.lines[0]} follows "
                        f"{previous or 'the start of the list'}: {missing} is not printed",
                        item.lines,
                    )
                )
            previous = max(previous, number)
        if not item.owners:
            warnings.append(
                PackWarning(
                    "review-recommendation-no-owner",
                    f"Recommendation {item.number or ''} at line {item.lines[0]} names no "
                    "agency or owner".replace("  ", " "),
                    item.lines,
                )
            )
    return warnings
