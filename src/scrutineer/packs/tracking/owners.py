"""Who a case-review recommendation addresses, read from the sentence's subject."""

from __future__ import annotations

from .cells import first_upper

_MODALS = {"to", "should", "must", "will", "shall", "could", "may", "needs", "need"}
_PASSIVE = {"be", "is", "are", "was", "were", "been"}
_DETERMINERS = {"this", "these", "those", "its", "their"}
_COLLECTIVES = {"partners", "agencies"}
_CONNECTORS = {"and", "&", "of", "for", "in"}
# Lower-case nouns that end a named unit: "the Early Help team", "Health Visiting service".
_UNITS = {"team", "teams", "service", "services", "panel", "group", "unit"}
_MAX_OWNER_WORDS = 8
# Capitalised first words that open a sentence without naming anyone who owns it:
# "Consideration should be given ...", "All agencies should ...".
_NOT_OWNERS = {
    "consideration",
    "thought",
    "attention",
    "priority",
    "all",
    "each",
    "every",
    "any",
    "both",
    "there",
    "it",
    "further",
    "learning",
    "training",
    "guidance",
    "work",
}


def named_owners(sentence: str) -> list[str]:
    """Who a recommendation addresses, as written: "The LSCB to ensure" -> ["LSCB"];
    "That the LSCB and partners consider" -> ["LSCB", "partners"] (the partners are named
    as owners alongside the LSCB); "Coventry Children Social Care should" -> that service.

    The owner is the sentence's capitalised subject followed by "to", a modal ("should")
    or, after "The", a verb ("The LSCB share"). A subject that is a thing ("This SCR to be
    shared") or a passive ("to be") names no owner: nothing is returned rather than a guess.
    """
    words = sentence.replace("**", "").split()[: _MAX_OWNER_WORDS + 6]
    position = 1 if words[:1] and words[0].lower() == "that" else 0
    introduced = position < len(words) and words[position].lower() == "the"
    position += 1 if introduced else 0
    if position >= len(words) or words[position].lower() in _DETERMINERS:
        return []
    subject: list[str] = []
    while position < len(words) and len(subject) <= _MAX_OWNER_WORDS:
        word = words[position].strip(",;:")
        if not (first_upper(word) or _joins_subject(subject, word)):
            break
        subject.append(word)
        position += 1
    while subject and subject[-1].lower() in _CONNECTORS | {"the"}:
        subject.pop()
        position -= 1
    predicate = [w.lower() for w in words[position : position + 2]]
    if not subject or not predicate or len(subject) > _MAX_OWNER_WORDS:
        return []
    # "The Board and subgroup members will be …": the subject runs on past what was read.
    if predicate[0] in _PASSIVE or predicate == ["to", "be"] or predicate[0] in _CONNECTORS:
        return []
    if len(subject) == 1 and subject[0].lower() in _NOT_OWNERS:
        return []
    if predicate[0] not in _MODALS and not introduced:
        return []
    return _split_owners(subject)


def _joins_subject(subject: list[str], word: str) -> bool:
    """Lower-case words that carry a subject on: "and", "of", "in", "the" after "and", a
    collective such as "partners" after "and", and a unit ("team") after a name."""
    if not subject:
        return False
    lowered, previous = word.lower(), subject[-1].lower()
    return (
        lowered in _CONNECTORS
        or (lowered == "the" and previous in {"and", "&"})
        or (lowered in _COLLECTIVES and previous in {"and", "&", "the"})
        or (lowered in _UNITS and first_upper(subject[-1]))
    )


def _split_owners(subject: list[str]) -> list[str]:
    """ "LSCB and partners" is two owners; "Coventry and Warwickshire Partnership" is one,
    so "and" splits only before "the" or a lower-case collective."""
    owners: list[list[str]] = [[]]
    for position, word in enumerate(subject):
        following = subject[position + 1].lower() if position + 1 < len(subject) else ""
        if word.lower() in {"and", "&"} and (following == "the" or following in _COLLECTIVES):
            owners.append([])
        elif not (word.lower() == "the" and not owners[-1]):
            owners[-1].append(word)
    return [" ".join(owner) for owner in owners if owner]
