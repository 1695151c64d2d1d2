"""Reading audits (Section 11, section 175/157, multi-agency): scope, standards, returns
and findings, and their recommendations as tracked items.

An audit is a short heading that names one ("Babies at risk audit", "Section 11 Audit",
"Annual Section 175 audit of schools") and the paragraphs under it, up to the next heading.
Under it are read:

- the **scope**: the first sentence of its first paragraph;
- **facts** stated in its paragraphs: the audit's year ("the 2020 audit"), the number of
  standards ("against eight standards"), who returned it and who did not ("All schools
  completed the audit except for three", "38 of 41 agencies returned", "Not returned:
  A, B");
- **findings** under the Signs of Safety headings, as a two- or three-column table of
  headings over a row of bulleted cells, or as a heading line over paragraphs;
- **recommendations**: the bullets after a paragraph that introduces them ("The
  recommendations were as follows:"), or the paragraphs under "What needs to happen?
  (Recommendations)". Each is a ``ParsedTrackedItem`` with ``source_kind`` "audit" and
  ``audit`` naming the audit's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Component, PackWarning, ParsedTrackedItem
from ..tracking.cells import squash, without_tags
from ..tracking.owners import named_owners
from .model import ParsedAudit, ParsedStatement, Span, where
from .signs import signs_of_safety

MAX_SECTION = 120  # lines an audit's section may run to
_MAX_HEADING_WORDS = 10
_BULLETS = ("-", "•", "*")
_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER = r"(\d{1,4}|[a-z]{2,9})"
_YEAR = re.compile(r"\b[Tt]he ((?:19|20)\d\d(?:\s?[/–-]\s?\d\d){0,1}) audit\b")
_STANDARDS = re.compile(rf"\b(?:against|of|covers|covering|on) {_NUMBER} standards\b", re.I)
_ALL_EXCEPT = re.compile(
    r"\b[Aa]ll ([a-z]{2,20}(?: [a-z]{2,20}){0,2}) (?:completed|returned|submitted)"
    rf" (?:the|their) [a-z]{{2,20}}(?: [a-z]{{2,20}}){{0,2}} except (?:for )?{_NUMBER}\b"
)
_OUT_OF = re.compile(
    rf"\b{_NUMBER} (?:out )?of (?:the )?{_NUMBER} ([a-z]{{2,20}}(?: [a-z]{{2,20}}){{0,2}}) "
    r"(?:completed|returned|submitted)\b"
)
_NOT_RETURNED = re.compile(
    r"^(?:not returned|did not (?:return|respond|submit))[^:]{0,40}:\s?(.+)$", re.I
)
_RETURNED = re.compile(
    r"^(?:returned by|returns? (?:were )?received from)[^:]{0,40}:\s?(.+)$", re.I
)
_LIST_SPLIT = re.compile(r",\s|;\s|\sand\s")
_INTRODUCES = re.compile(r"recommendations?\b[^.]{0,120}(?::|\bbelow\b|\bfollows?\b)\s*$", re.I)


def _count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def is_audit_heading(text: str) -> bool:
    """A short line that names one audit: it ends with the word "audit" and is not a
    section about audits in general ("Quality assurance and audit")."""
    words = text.split()
    return (
        0 < len(words) <= _MAX_HEADING_WORDS
        and "\t" not in text
        and not text.startswith(_BULLETS)
        and text[0].isupper()
        and words[-1].lower() == "audit"
        and (len(words) < 2 or words[-2].lower() != "and")
    )


def _is_heading(text: str) -> bool:
    """A line that closes an audit's section: a short line without closing punctuation
    that is not a Signs of Safety heading nor a labelled list ("Not returned: A and B")."""
    words = text.split()
    return (
        0 < len(words) <= _MAX_HEADING_WORDS
        and "\t" not in text
        and ": " not in text
        and not text.startswith(_BULLETS)
        and text[0].isupper()
        and text[-1] not in ".:;,?!)"
        and signs_of_safety(text) is None
    )


@dataclass
class _Reading:
    audit: ParsedAudit
    items: list[ParsedTrackedItem] = field(default_factory=list)
    heading: str | None = None  # the Signs of Safety heading in force, as printed
    recommending: bool = False  # paragraphs and bullets are recommendations
    stated: tuple[int, int] | None = None  # "made two recommendations": (count, line)


def read_audits(
    lines: list[str],
) -> tuple[list[ParsedAudit], list[ParsedTrackedItem], list[PackWarning]]:
    """Every audit of a document and its recommendations, in line order, and a warning
    where an audit says how many recommendations it made and lists another number."""
    audits: list[ParsedAudit] = []
    items: list[ParsedTrackedItem] = []
    warnings: list[PackWarning] = []
    index = 0
    while index < len(lines):
        title = squash(lines[index].strip())
        if not is_audit_heading(title):
            index += 1
            continue
        end = _section_end(lines, index)
        reading = _read_section(lines, index, end, title)
        if reading.items or reading.audit.findings or reading.audit.scope:
            audits.append(reading.audit)
            items.extend(reading.items)
            warnings.extend(_count_warning(reading))
        index = end
    return audits, items, warnings


def _count_warning(reading: _Reading) -> list[PackWarning]:
    if reading.stated is None or reading.stated[0] == len(reading.items):
        return []
    count, at = reading.stated
    listed = [item.lines[0] for item in reading.items]
    printed = where((listed[0], listed[-1])) if listed else "none listed"
    return [
        PackWarning(
            "audit-recommendation-count",
            f"{reading.audit.title} says it made {count} recommendations (line {at}) but lists "
            f"{len(reading.items)} ({printed})",
            (at, listed[-1] if listed else at),
        )
    ]


def _section_end(lines: list[str], heading: int) -> int:
    stop = min(len(lines), heading + MAX_SECTION)
    for index in range(heading + 1, stop):
        text = lines[index].strip()
        if text and (_is_heading(text) or is_audit_heading(text)):
            return index
    return stop


def _read_section(lines: list[str], heading: int, end: int, title: str) -> _Reading:
    reading = _Reading(ParsedAudit(kind="multi-agency", title=title, lines=(heading + 1, end)))
    last = heading + 1
    index = heading + 1
    while index < end:
        text = lines[index].strip()
        number = index + 1
        index += 1
        if not text:
            continue
        last = number
        if "\t" in text:
            keys = [signs_of_safety(cell) for cell in text.split("\t")]
            if all(keys):
                index = _findings_table(lines, index, end, text.split("\t"), reading)
                last = index
            continue
        if signs_of_safety(text) and len(text.split()) <= _MAX_HEADING_WORDS:
            reading.heading = squash(text)
            reading.recommending = (
                signs_of_safety(text) == "needs-to-happen" or "recommend" in text.lower()
            )
            continue
        _line(reading, text, number)
    reading.audit.lines = (heading + 1, last)
    reading.audit.kind = _kind(title, reading.audit.scope or "")
    return reading


_NUMBERED = re.compile(r"\d{1,2}[a-z]?[.)]\s")
_STATED = re.compile(rf"\b{_NUMBER} (?:key |main )?recommendations\b")


def _line(reading: _Reading, text: str, number: int) -> None:
    audit = reading.audit
    bullet = text.startswith(_BULLETS) or bool(_NUMBERED.match(text))
    body = squash(text.lstrip("-•* ")) if bullet else squash(text)
    if reading.recommending and (bullet or reading.heading):
        _recommend(reading, body, number)
    elif reading.heading:
        audit.findings.append(ParsedStatement(reading.heading, body, (number, number)))
    elif not bullet:
        if audit.scope is None:
            audit.scope = re.split(r"(?<=\.)\s", body, maxsplit=1)[0]
            audit.facts["scope"] = (number, number)
        _facts(audit, body, number)
        reading.recommending = bool(_INTRODUCES.search(body))
        stated = _STATED.search(body) if reading.recommending else None
        if stated and _count(stated.group(1)) is not None:
            reading.stated = (_count(stated.group(1)), number)


def _recommend(reading: _Reading, text: str, number: int) -> None:
    numbered = re.match(r"(\d{1,2}[a-z]?|[a-z])[.)]\s", text)
    text = text[numbered.end() :] if numbered else text
    reading.items.append(
        ParsedTrackedItem(
            source_kind="audit",
            item_type="R",
            number=numbered.group(1) if numbered else None,
            text=text,
            lines=(number, number),
            owners=named_owners(text),
            audit=reading.audit.title,
        )
    )


def _findings_table(
    lines: list[str], index: int, end: int, headings: list[str], reading: _Reading
) -> int:
    """Rows under a table of Signs of Safety headings: each cell's bullets are findings."""
    while index < end and "\t" in lines[index]:
        for heading, cell in zip(headings, lines[index].split("\t"), strict=False):
            for part in without_tags(cell).split("•"):
                if part.strip():
                    reading.audit.findings.append(
                        ParsedStatement(squash(heading), squash(part), (index + 1, index + 1))
                    )
        index += 1
    return index


def _facts(audit: ParsedAudit, text: str, number: int) -> None:
    here = (number, number)
    if audit.period is None and (year := _YEAR.search(text)):
        audit.period, audit.facts["period"] = year.group(1), here
    if audit.standards_count is None and (standards := _STANDARDS.search(text)):
        audit.standards_count = _count(standards.group(1))
        audit.facts["standards"] = here
    if audit.not_returned_count is None and (found := _ALL_EXCEPT.search(text)):
        audit.returned = [f"All {found.group(1)} except {found.group(2)}"]
        audit.not_returned_count = _count(found.group(2))
        audit.facts["returned"] = audit.facts["not_returned"] = here
    if audit.returned_count is None and (found := _OUT_OF.search(text)):
        returned, total = _count(found.group(1)), _count(found.group(2))
        if returned is not None and total is not None and returned <= total:
            audit.returned_count, audit.not_returned_count = returned, total - returned
            audit.facts["returned"] = audit.facts["not_returned"] = here
    for pattern, names, key in (
        (_NOT_RETURNED, audit.not_returned, "not_returned"),
        (_RETURNED, audit.returned, "returned"),
    ):
        if found := pattern.match(text):
            names.extend(n.strip(" .") for n in _LIST_SPLIT.split(found.group(1)) if n.strip(" ."))
            audit.facts[key] = here


def _kind(title: str, scope: str) -> str:
    text = f"{title} {scope}".lower()
    if re.search(r"\bs(?:ection|\.)?\s?11\b", text):
        return "section-11"
    if re.search(r"\b(?:s(?:ection)?\s?)?(?:175|157)\b", text):
        return "section-175"
    if "single agency" in text or "single-agency" in text:
        return "single-agency"
    return "multi-agency"


_REPORT_OF = re.compile(r"^(.{3,120}?)\s(?:[Aa]nnual [Rr]eport|ANNUAL REPORT)\b")


def report_body(components: list[Component], line: int) -> tuple[str, Span] | None:
    """The body whose annual report holds ``line``, as its title names it: "Coventry
    Safeguarding Children's Partnership Annual report" on the report or on the briefing
    note just before it. None when the line is in no report or no title names a body."""
    for at, component in enumerate(components):
        first, last = component.lines
        if component.kind != "annual-report" or not first <= line <= last:
            continue
        for candidate in (component, components[at - 1] if at else None):
            if candidate and (named := _REPORT_OF.match(candidate.title)):
                return squash(named.group(1)), (candidate.lines[0], candidate.lines[0])
    return None


def audits(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedAudit], list[ParsedTrackedItem], list[PackWarning]]:
    """Every audit of a paper, the recommendations it makes (kept as tracked items, the
    tracker's spine) and the warnings about them."""
    found, items, warnings = read_audits(lines)
    for audit in found:
        if audit.body is None and (named := report_body(components, audit.lines[0])):
            audit.body, audit.facts["body"] = named
    return found, items, warnings
