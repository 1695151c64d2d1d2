"""What a resolution asks for: is it a recommendation, an action or an information request,
to whom is it addressed, who answers for it and by when?

"Note the report" is a resolution and nothing more. "Write to the Cabinet Member (Education
and Skills) ..." is a recommendation addressed to that Cabinet Member. "Request an update
in 12 months" is an information request owned by the officers who reported, due a year
after the meeting.
"""

from __future__ import annotations

import datetime as dt
import re

from .due import derive_due_date
from .model import ParsedAsk, ParsedAttendance
from .titles import portfolio_touches

# "RESOLVED that the Children's Services Scrutiny Board: ..." opens with who resolved; a
# body's name never holds "to", so "that the Director provide an update to the Board in six
# months" keeps its ask.
_LEAD = re.compile(
    r"^(?:RESOLVED,?\s)?(?:that\s)?(?:the\s(?:(?!to\s)[\w'-]+\s){0,8}?(?:board|panel|group):?\s)?",
    re.IGNORECASE,
)
_WRITE_TO = re.compile(r"\bwrite to\s", re.IGNORECASE)
_ADDRESSEE_END = re.compile(
    r"\s(?:to|that|requesting|asking|regarding|about|raising|expressing|seeking|urging|and ask|"
    r"encouraging|inviting|highlighting)\s",
    re.IGNORECASE,
)
_RECOMMEND = re.compile(r"\brecommends?\b(?:\sto\s([^,.;]{3,120}))?", re.IGNORECASE)
_RECOMMENDATION_END = re.compile(r"\sthat\s", re.IGNORECASE)
_INFORMATION = re.compile(
    r"\b(?:update|further information|information|briefing|report back|progress report|data|"
    r"figures|details)\b",
    re.IGNORECASE,
)
_REQUEST = re.compile(r"\b(?:requests?|requested|asks?|asked)\b", re.IGNORECASE)
_ACTION = re.compile(
    r"\b(?:be circulated|circulate|be established|establish|be set up|be updated|be submitted|"
    r"be added|be arranged|arrange|be considered|be reviewed|be sought|undertake|invite|"
    r"be invited|be shared|share|be provided|provide)\b",
    re.IGNORECASE,
)


def read_ask(
    text: str,
    meeting_day: dt.date | None,
    title: str,
    presenter: str | None,
    attendance: list[ParsedAttendance],
) -> ParsedAsk | None:
    """The ask of one resolution of a minute titled ``title``, with its owners (for an
    action or information request) and a due date counted from the meeting."""
    ask = classify_resolution(text)
    if ask is None:
        return None
    if ask.item_type in {"I", "A"}:
        ask.owners = guess_owners(title, presenter, attendance)
    derived = derive_due_date(text, meeting_day)
    if derived:
        ask.due_date, ask.due_basis = derived.date.isoformat(), derived.basis
    return ask


def guess_owners(
    title: str, presenter: str | None, attendance: list[ParsedAttendance]
) -> list[str]:
    """The officers who reported, and the Cabinet Members present whose portfolio the item
    touches: "owned by the officers and Cabinet Member of the item"."""
    owners = [presenter] if presenter else []
    topic = f"{title} {presenter or ''}"
    for entry in attendance:
        if entry.capacity != "cabinet-member" or entry.status != "present" or entry.substitute_for:
            continue
        if entry.role and portfolio_touches(entry.role, topic):
            owners.append(entry.role)
    return owners


def classify_resolution(text: str) -> ParsedAsk | None:
    """The ask in a resolution, or None when it only notes, endorses or agrees."""
    body = _LEAD.sub("", text.strip(), count=1)
    write = _WRITE_TO.search(body)
    if write:
        rest = body[write.end() :]
        end = _ADDRESSEE_END.search(rest)
        return ParsedAsk("R", "write to", split_addressees(rest[: end.start()] if end else rest))
    recommend = _RECOMMEND.search(body)
    if recommend:
        named = _RECOMMENDATION_END.split(recommend.group(1) or "", maxsplit=1)[0]
        return ParsedAsk("R", "recommend", split_addressees(named) if named else [])
    if _REQUEST.search(body):
        kind = "I" if _INFORMATION.search(body) else "A"
        return ParsedAsk(kind, "request")
    action = _ACTION.search(body)
    if action:
        verb = action.group(0).lower().removeprefix("be ")
        return ParsedAsk("I" if _INFORMATION.search(body) else "A", verb)
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
