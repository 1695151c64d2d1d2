"""One minute's text: its resolutions (with their parts), declarations of interest,
references to earlier minutes, and the contradictions worth a warning.

Every reader of minutes (a pack's text, a PDF's text, a ModernGov minute's HTML, a saved
"Agenda and minutes" page) gives this module the same thing: the minute's lines as
``(index, text)`` pairs, 0-based indexes into the lines the paper was read as.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import PackWarning, ParsedDeclaration, ParsedMinute, ParsedResolution
from .text import MONTHS, split_honorifics, strip_markup

Body = list[tuple[int, str]]

MAX_READ_CHARS = 4_000  # a line longer than this is read only as far as this
LEAD_WORDS = 4  # a RESOLVED line with no more words than this takes the next line's text

# How a resolution opens: "RESOLVED that", "RESOLVED:", "RESOLVED – That", "Resolved that",
# "It was RESOLVED that", "AGREED", "Decision:". Mid-line: "... and RESOLVED that".
_RESOLVED = re.compile(
    r"^(?:-\s)?\**(?:RESOLVED\b|Resolved\b|It\swas\s(?:RESOLVED|resolved|AGREED|agreed)\b"
    r"|AGREED\b|Agreed:|DECISION\b|Decision:)"
)
_RESOLVED_WITHIN = re.compile(r"\b(?:and|was|Committee|Board|Cabinet|Council)\sRESOLVED\b")
_THE_BODY_RESOLVED = re.compile(r"^The\s[A-Z][\w&'’-]{0,40}(?:\s[\w&'’-]{1,40}){0,5}\sRESOLVED\b")
# "Council resolved to approve …", "Members AGREED to …" ("Officers agreed to" is no decision).
_BODY_DECIDED = re.compile(
    r"^(?:The\s)?[A-Z][\w&'’-]{1,40}(?:\s[A-Z][\w&'’-]{1,40}){0,4}"
    r"\s(?:RESOLVED|resolved|AGREED)\s(?:unanimously\s)?(?:to|that)\b"
)
_PART = re.compile(r"^[-•]?\s?\**\(?(\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+(\S.*)$")
_INLINE_PART = re.compile(r"(?:^|\s)\(([a-z]|\d{1,2}|[ivx]{1,4})\)\s")
_BULLET = ("•", "·", "●", "▪", "◦", "o ", "– ")
_KEYWORD_ONLY = re.compile(r"[^A-Za-z]+")

_NONE_DECLARED = re.compile(r"\bno\b[^.]{0,60}\b(?:interests?|declarations?)\b", re.I)
_NONE = re.compile(r"^(?:there\swere\s)?none(?:\sdeclared)?\.?$", re.I)
_DECLARED = re.compile(r"\bdeclared\b|\bdeclaration\sof\b", re.I)
_DECLARER = re.compile(
    r"\b(?:Councillor|Cllr\.?|Mr|Mrs|Ms|Miss|Dr|Alderman|Deputy)\s"
    r"((?:[A-Z][\w.'’-]{0,30}\s){0,3}[A-Z][\w'’-]{1,30})\s(?:declared|made|had)\b"
)
_DECLARING_ROLE = re.compile(r"^The\s(Chair(?:man|person)?|Vice-Chair(?:man)?|Mayor)\sdeclared\b")
_KIND = re.compile(
    r"\b(disclosable\specuniary|other\sregistrable|other\ssignificant|non-registrable"
    r"|personal\sand\sprejudicial|prejudicial|personal|pecuniary|non-pecuniary)\b",
    re.I,
)

# "Minute 50/16", "Minute No. 21/21", "Min No. 136", "(Minute 51 refers)", "Minute 48(6)".
_REFERENCE = re.compile(
    r"\b(min(?:ute)?s?\.?)\s(no\.?\s?)?(\d{1,4})(?:/(\d{2}))?\b(\(\w{1,4}\))?(\s?refers?\b)?",
    re.I,
)
_AMENDMENT = re.compile(r"\bamendments?\sto\s(?:the\s)?min(?:ute)?s?\.?\s(?:no\.?\s?)?", re.I)

# "the minutes of the meeting held on 3 March", "minutes of the Cabinet meeting held 5th March
# 2024": what is named (before "held") and the day, month and year given.
_MONTH_NAMES = "|".join(sorted({m for m in MONTHS if len(m) > 3}, key=len, reverse=True))
_MINUTES_OF = re.compile(
    r"\bminutes\sof\s(?:the\s|a\s)?((?:[\w-]{1,30}\s){0,4}?)meeting\s(?:of\s[\w&' -]{1,60}?\s)?"
    r"held\s(?:on\s)?(?:[A-Z][a-z]{2,8}day,?\s)?(\d{1,2})(?:st|nd|rd|th)?\s"
    rf"({_MONTH_NAMES})\b,?(?:\s(\d{{4}}))?",
    re.I,
)


# "51.2    Apologies were received from …": a minute's paragraphs numbered within it.
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,3}\.\d{1,2}\.?\s+(?=\S)")


def without_paragraph_number(text: str) -> str:
    return _PARAGRAPH_NUMBER.sub("", text, count=1)


@dataclass
class MinuteText:
    """What one minute's lines say, besides its number and title."""

    resolutions: list[ParsedResolution]
    declarations: list[ParsedDeclaration]
    references: list[str]
    amends: list[str]
    warnings: list[PackWarning]
    agrees: str | None = None


def read_minute_body(
    body: Body,
    *,
    title: str = "",
    year: str | None = None,
    own: str | None = None,
    declarations_item: bool | None = None,
) -> MinuteText:
    """Everything read from one minute's lines. ``year`` ("16") qualifies a reference that
    gives no year; ``own`` ("56/16") is this minute, never a reference to itself."""
    body = [(index, without_paragraph_number(text[:MAX_READ_CHARS])) for index, text in body]
    if declarations_item is None:
        declarations_item = "declaration" in title.lower() or "interest" in title.lower()
    references, amends = references_in(body, year, own)
    return MinuteText(
        resolutions=resolutions_of(body),
        declarations=declarations_of(body, declarations_item),
        references=references,
        amends=amends,
        warnings=date_contradictions(body, title),
        agrees=agreed_minutes(body),
    )


def fill_minute(minute: ParsedMinute, body: Body, year: str | None = None) -> list[PackWarning]:
    """Put what ``body`` says into ``minute``; the warnings it raises are returned."""
    read = read_minute_body(body, title=minute.title, year=year, own=minute.reference)
    minute.resolutions = read.resolutions
    minute.declarations = read.declarations
    minute.references = read.references
    minute.amends = read.amends
    minute.agrees = read.agrees
    return read.warnings


# Resolutions ---------------------------------------------------------------------------


def opens_resolution(text: str) -> bool:
    return bool(
        _RESOLVED.match(text)
        or _RESOLVED_WITHIN.search(text[:200])
        or _THE_BODY_RESOLVED.match(text[:200])
        or _BODY_DECIDED.match(text[:200])
    )


def _is_bullet(text: str) -> bool:
    return text.startswith(_BULLET)


def _bare(lead: str) -> bool:
    """ "RESOLVED:", "Decision:", "RESOLVED: That the Committee:-": nothing decided yet."""
    words = _KEYWORD_ONLY.sub(" ", lead).split()
    return len(words) <= LEAD_WORDS or lead.rstrip().endswith((":", ":-", "–", "-"))


def _inline_parts(lead: str, line: int) -> list[ParsedResolution]:
    """ "RESOLVED: That the Committee:- (a) notes … (b) agrees …" on one line."""
    marks = list(_INLINE_PART.finditer(lead))
    labels = [m.group(1) for m in marks]
    if len(marks) < 2 or labels[0] not in {"a", "1", "i"}:
        return []
    parts = []
    for mark, after in zip(marks, [*marks[1:], None], strict=True):
        end = after.start() if after else len(lead)
        text = lead[mark.end() : end].strip()
        if text:
            parts.append(ParsedResolution(text=text, lines=(line, line), part=mark.group(1)))
    return parts


def resolutions_of(body: Body) -> list[ParsedResolution]:
    """Each resolution; a resolution in numbered parts gives one per part, and bullets
    under a part stay in that part."""
    resolutions: list[ParsedResolution] = []
    pos = 0
    while pos < len(body):
        index, text = body[pos]
        if not opens_resolution(text):
            pos += 1
            continue
        lead = strip_markup(text)
        parts = _inline_parts(lead, index + 1)
        follow = pos + 1
        while follow < len(body):
            part_index, part_text = body[follow]
            part = _PART.match(part_text)
            if part and not opens_resolution(part_text):
                parts.append(
                    ParsedResolution(
                        text=strip_markup(part.group(2)).rstrip("*").strip(),
                        lines=(part_index + 1, part_index + 1),
                        part=part.group(1),
                    )
                )
            elif parts and (_is_bullet(part_text) or _continues(part_text)):
                last = parts[-1]
                last.text = f"{last.text} {strip_markup(part_text)}".strip()
                last.lines = (last.lines[0], part_index + 1)
            else:
                break
            follow += 1
        if parts:
            resolutions.extend(parts)
        else:
            lines = (index + 1, index + 1)
            more = follow < len(body) and not opens_resolution(body[follow][1])
            if not more and len(_KEYWORD_ONLY.sub(" ", lead).split()) <= 1:
                pos = max(follow, pos + 1)  # "Decision:" then "AGREED: …": one resolution
                continue
            if _bare(lead) and more:
                lead = f"{lead} {strip_markup(body[follow][1])}"
                lines = (index + 1, body[follow][0] + 1)
                follow += 1
            resolution = ParsedResolution(text=lead, lines=lines)
            while follow < len(body) and _is_bullet(body[follow][1]):
                resolution.text = f"{resolution.text} {strip_markup(body[follow][1])}"
                resolution.lines = (lines[0], body[follow][0] + 1)
                follow += 1
            resolutions.append(resolution)
        pos = max(follow, pos + 1)
    return resolutions


def _continues(text: str) -> bool:
    """A wrapped line of a numbered resolution part starts in lower case."""
    return text[:1].islower() and not text.startswith(("- ", "o "))


# Declarations --------------------------------------------------------------------------


def declarations_of(body: Body, declarations_item: bool) -> list[ParsedDeclaration]:
    """ "There were no declarations of interest" is a record too. In an item about
    declarations every line that speaks of interests is one; elsewhere only a line saying
    that someone declared an interest."""
    declarations = []
    for index, text in body:
        lowered = text.lower()
        if declarations_item and (_NONE_DECLARED.search(text) or _NONE.match(text.strip())):
            declarations.append(
                ParsedDeclaration(lines=(index + 1, index + 1), text=text, none_declared=True)
            )
            continue
        speaks = "interest" in lowered and (declarations_item or _DECLARED.search(text))
        if declarations_item and "declared" in lowered:
            speaks = True
        if not speaks or _NONE_DECLARED.search(text) or text.rstrip().endswith(":"):
            continue  # "Councillors declared interests as follows:" introduces the list
        declarations.append(_declaration(index, text))
    return declarations


def _declaration(index: int, text: str) -> ParsedDeclaration:
    name = role = None
    match = _DECLARER.search(text)
    if match:
        name = split_honorifics(match.group(1))[1] or None
        if name and name.split()[0] in {"Councillor", "Cllr"}:
            name = split_honorifics(name)[1]
    else:
        chair = _DECLARING_ROLE.match(strip_markup(_strip_label(text)))
        role = chair.group(1) if chair else None
        legacy = re.search(r"\b(?:Councillor|Cllr\.?)\s(?:[A-Z]\.?\s)?[A-Z][A-Za-z'’-]+", text)
        if legacy:
            name = split_honorifics(legacy.group(0))[1]
    kind = _KIND.search(text)
    return ParsedDeclaration(
        lines=(index + 1, index + 1),
        text=text,
        none_declared=False,
        name=name,
        kind=" ".join(kind.group(1).lower().split()) if kind else None,
        role=role,
    )


def _strip_label(text: str) -> str:
    part = _PART.match(text)
    return part.group(2) if part else text


# References ----------------------------------------------------------------------------


def references_in(body: Body, year: str | None, own: str | None) -> tuple[list[str], list[str]]:
    """Earlier minutes this one names ("74/15"; a number alone takes this year's suffix),
    and which of them it amends."""
    references: list[str] = []
    amends: list[str] = []
    for _, text in body:
        for match in _REFERENCE.finditer(text):
            word, number_word, number, ref_year, _, refers = match.groups()
            if word.lower().startswith("minutes") and not (ref_year or refers):
                continue  # "the minutes 3 March": not a reference
            if not (ref_year or number_word or refers):
                continue
            reference = f"{int(number)}/{ref_year}" if ref_year else _qualified(number, year)
            if reference == own:
                continue
            if reference not in references:
                references.append(reference)
            before = text[max(0, match.start() - 60) : match.start() + len(match.group(1)) + 1]
            if _AMENDMENT.search(before + text[match.start() : match.end()]) and (
                reference not in amends
            ):
                amends.append(reference)
    return references, amends


def _qualified(number: str, year: str | None) -> str:
    return f"{int(number)}/{year}" if year else str(int(number))


# Approval of earlier minutes -------------------------------------------------------------

# "… be approved as a correct record", "were agreed as an accurate record and signed".
_AGREED_AS_RECORD = re.compile(
    r"\b(?:approved|agreed|confirmed|accepted|signed)\b[^.;]{0,40}?"
    r"\b(?:correct|accurate|true)\s(?:and\s\w+\s)?record\b",
    re.I,
)
# What may name this body's own earlier meeting: nothing, "last", "previous", "special".
_OWN_MEETING = {"", "last", "previous", "special", "extraordinary", "ordinary", "last ordinary"}


def agreed_minutes(body: Body) -> str | None:
    """The earlier meeting whose minutes this minute agrees as a correct record ("the
    minutes of the meeting held on 18 November 2021 be approved as a correct record"), as
    an ISO date, or "--11-18" when no year is printed. Minutes of another body's meeting
    ("of the Cabinet meeting", "meeting of the Board held") are not this body's to agree."""
    for _, text in body:
        for match in _MINUTES_OF.finditer(text):
            named = " ".join(match.group(1).lower().split())
            if named not in _OWN_MEETING or " of " in match.group(0)[len("minutes of") :]:
                continue
            if not _AGREED_AS_RECORD.search(text[match.end() : match.end() + 200]):
                continue
            day, month = int(match.group(2)), MONTHS[match.group(3).lower()]
            year = match.group(4)
            return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    return None


# Warnings ------------------------------------------------------------------------------


def date_contradictions(body: Body, title: str = "") -> list[PackWarning]:
    """Flag, don't fix: one item giving the earlier meeting's date two different ways."""
    seen: dict[str, tuple[int, int, str | None, int, str]] = {}
    warnings = []
    for index, text in [(-1, title), *body]:
        for match in _MINUTES_OF.finditer(text):
            named = " ".join(match.group(1).lower().split())
            day, month = int(match.group(2)), MONTHS[match.group(3).lower()]
            year = match.group(4)
            said = match.group(0)
            earlier = seen.get(named)
            if earlier is None:
                seen[named] = (day, month, year, index, said)
                continue
            e_day, e_month, e_year, e_index, e_said = earlier
            if (e_day, e_month) != (day, month) or (year and e_year and year != e_year):
                first = e_index + 1 if e_index >= 0 else index + 1
                warnings.append(
                    PackWarning(
                        "minutes-date-contradiction",
                        f'The earlier meeting\'s date is given two ways: "{e_said}" and "{said}".',
                        (max(first, 1), index + 1),
                    )
                )
            seen[named] = (day, month, year or e_year, e_index, e_said)
    return warnings


__all__ = [
    "MinuteText",
    "agreed_minutes",
    "date_contradictions",
    "declarations_of",
    "fill_minute",
    "opens_resolution",
    "read_minute_body",
    "references_in",
    "resolutions_of",
]
