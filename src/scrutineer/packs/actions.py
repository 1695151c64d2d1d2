"""What a resolution asks for: is it a recommendation, an action or an information request,
and to whom is it addressed?

"Note the report" is a resolution and nothing more. "Write to the Cabinet Member (Education
and Skills) ..." is a recommendation addressed to that Cabinet Member. "Request an update
in 12 months" is an information request owned by the officers who reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LEAD = re.compile(
    r"^(?:RESOLVED,?\s)?(?:that\s)?(?:the\s[\w' -]{1,60}?\s(?:board|panel|group):?\s)?",
    re.IGNORECASE,
)
_WRITE_TO = re.compile(r"\bwrite to\s", re.IGNORECASE)
_ADDRESSEE_END = re.compile(
    r"\s(?:to|requesting|asking|regarding|about|raising|expressing|seeking|urging|and ask|"
    r"encouraging|inviting|highlighting)\s",
    re.IGNORECASE,
)
_RECOMMEND = re.compile(r"\brecommends?\b(?:\sto\s([^,.;]{3,120}))?", re.IGNORECASE)
_INFORMATION = re.compile(
    r"\b(?:update|further information|information|briefing|report back|progress report|data|"
    r"figures|details)\b",
    re.IGNORECASE,
)
_REQUEST = re.compile(r"\b(?:requests?|requested|asks?|asked)\b", re.IGNORECASE)
_ACTION = re.compile(
    r"\b(?:be circulated|circulate|be established|establish|be set up|be updated|be submitted|"
    r"be added|be arranged|arrange|be considered|be reviewed|be sought|undertake|invite|"
    r"be invited|be shared|share)\b",
    re.IGNORECASE,
)


@dataclass
class ResolutionAsk:
    item_type: str  # "R", "A" or "I"
    verb: str  # "write to", "recommend", "request", "circulate"...
    addressees: list[str] = field(default_factory=list)


def classify_resolution(text: str) -> ResolutionAsk | None:
    """The ask in a resolution, or None when it only notes, endorses or agrees."""
    body = _LEAD.sub("", text.strip(), count=1)
    write = _WRITE_TO.search(body)
    if write:
        rest = body[write.end() :]
        end = _ADDRESSEE_END.search(rest)
        return ResolutionAsk(
            "R", "write to", split_addressees(rest[: end.start()] if end else rest)
        )
    recommend = _RECOMMEND.search(body)
    if recommend:
        addressees = split_addressees(recommend.group(1)) if recommend.group(1) else []
        return ResolutionAsk("R", "recommend", addressees)
    if _REQUEST.search(body):
        kind = "I" if _INFORMATION.search(body) else "A"
        return ResolutionAsk(kind, "request")
    action = _ACTION.search(body)
    if action:
        verb = action.group(0).lower().removeprefix("be ")
        return ResolutionAsk("I" if _INFORMATION.search(body) else "A", verb)
    return None


def split_addressees(text: str) -> list[str]:
    """ "the LGA, Coventry's MPs and the Department for Education" -> three addressees.

    Commas and "and" inside brackets ("Cabinet Member (Strategic Finance and Resources)")
    do not split.
    """
    parts, current, depth = [], [], 0
    words = text.strip().rstrip(".").split(" ")
    for word in words:
        depth += word.count("(") - word.count(")")
        if depth <= 0 and word.lower() == "and" and current:
            parts.append(" ".join(current))
            current = []
            continue
        if depth <= 0 and word.endswith(","):
            current.append(word[:-1])
            parts.append(" ".join(current))
            current = []
            continue
        current.append(word)
    if current:
        parts.append(" ".join(current))
    return [_tidy(p) for p in parts if _tidy(p)]


def _tidy(addressee: str) -> str:
    addressee = addressee.strip(" ,;")
    for article in ("the ", "The "):
        if addressee.startswith(article):
            addressee = addressee[len(article) :]
    return addressee
