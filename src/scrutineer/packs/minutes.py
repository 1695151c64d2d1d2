"""Minutes: who attended, the numbered items, resolutions and cross-references.

Minutes in a pack record an earlier meeting. Attendance is a block of labelled groups
("Members:", "Co-Opted Members:", "Employees (by Directorate):", "Apologies:") whose
names run on over following lines, sometimes one per line and sometimes as a comma list.
"""

from __future__ import annotations

import datetime as dt
import re

from scrutineer.periods import MunicipalYear

from .asks import read_ask
from .model import (
    ParsedAttendance,
    ParsedDeclaration,
    ParsedMinute,
    ParsedMinutes,
    ParsedResolution,
)
from .text import (
    councillor_title,
    find_date,
    find_time,
    looks_like_listed_name,
    split_honorifics,
    split_name_list,
    strip_markup,
)

_HEADER = re.compile(r"^minutes of the meeting of (?:the )?", re.I)
_HELD = re.compile(r"\bheld at\b|\bheld on\b", re.I)
_ITEM = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_CLOSED = re.compile(r"^\(?meeting closed at\b", re.I)
_RESOLVED = re.compile(r"^(?:-\s)?\**RESOLVED\b")
_PART = re.compile(r"^[-•]?\s?\**\(?(\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+(\S.*)$")
_REFERENCE = re.compile(r"\bminutes?\s(?:no\.?\s?)?(\d{1,3}/\d{2})\b", re.I)
_INITIAL_SURNAME = re.compile(r"\b[A-Z]\.?\s[A-Z][A-Za-z'’-]+")
_PARENTHESES = re.compile(r"\(([^()]{1,120})\)")
_PRESENTED = re.compile(
    r"\b(?:considered|received|noted)\s(?:a\s|an\s|the\s)?(?:joint\s)?"
    r"(?:briefing note|report|presentation)\s(?:of|from)\s(?:the\s)?([^,.;]{3,80}?)"
    r"(?:\swhich\b|\sregarding\b|\sthat\b|\son\b|\sabout\b|,|\.|;|$)",
    re.IGNORECASE,
)
_NONE_DECLARED = re.compile(r"\bno\b[^.]{0,60}\b(?:interests?|declarations?)\b", re.I)

# Attendance group labels and the capacity (and status) each implies.
_GROUPS = [
    ("deputy cabinet members", "cabinet-member", "present"),
    ("cabinet members", "cabinet-member", "present"),
    ("cabinet member", "cabinet-member", "present"),
    ("co-opted members", "co-opted", "present"),
    ("co-opted member", "co-opted", "present"),
    ("board members", "member", "present"),
    ("other members", "other", "present"),
    ("members", "member", "present"),
    ("employees", "officer", "present"),
    ("officers", "officer", "present"),
    ("other representatives", "other", "present"),
    ("in attendance", "other", "present"),
    ("also present", "other", "present"),
    ("apologies", None, "apology"),
    ("apology", None, "apology"),
]


def is_minutes_header(text: str) -> bool:
    return bool(_HEADER.match(text))


def parse_minutes(lines: list[str], start: int, stop: int) -> ParsedMinutes:
    """Parse lines[start:stop] (0-based) of a minutes component."""
    texts = [(i, lines[i].strip()) for i in range(start, stop) if lines[i].strip()]
    pos = next(p for p, (_, t) in enumerate(texts) if is_minutes_header(t))
    header = texts[pos][1]
    if not _HELD.search(header) and pos + 1 < len(texts):
        header = f"{header} {texts[pos + 1][1]}"
    header_body = _HEADER.sub("", header)
    held = _HELD.search(header_body)
    body = (header_body[: held.start()] if held else header_body).strip()
    when = header_body[held.start() :] if held else ""
    day, clock = find_date(when), find_time(when)
    minutes = ParsedMinutes(
        body=body,
        start=(f"{day.isoformat()}T{clock}" if clock else day.isoformat()) if day else None,
        closed=None,
        lines=(texts[pos][0] + 1, texts[-1][0] + 1),
        municipal_year=MunicipalYear.of(day).label if day else None,
    )
    business = next(
        (p for p, (_, t) in enumerate(texts) if t.lower().rstrip(":") == "public business"),
        None,
    )
    present = next((p for p, (_, t) in enumerate(texts) if t.lower().startswith("present")), None)
    if present is not None:
        minutes.attendance = _attendance(texts[present + 1 : business])
    if business is not None:
        minutes.items = _items(texts[business + 1 :], minutes)
    _read_asks(minutes, day)
    return minutes


def _read_asks(minutes: ParsedMinutes, day: dt.date | None) -> None:
    """What each resolution asks, its owners guessed from these minutes' own attendance."""
    for item in minutes.items:
        for resolution in item.resolutions:
            resolution.ask = read_ask(
                resolution.text, day, item.title, item.presenter, minutes.attendance
            )


def _group_of(text: str) -> tuple[str | None, str, str, str] | None:
    """(capacity, status, label, rest) if the line opens an attendance group."""
    lowered = text.lower()
    for label, capacity, status in _GROUPS:
        if lowered.startswith(label):
            rest = text[len(label) :]
            rest = re.sub(r"^\s?\(by directorate\)", "", rest, flags=re.I)
            rest = rest.lstrip()
            if rest.startswith(":"):
                rest = rest[1:]
            elif rest.lower().startswith("and "):
                rest = rest[4:]  # "Cabinet Members and" wrapped before its second label
            elif rest and not rest.startswith(("Councillor", "Cllr")):
                return None
            return capacity, status, label, rest.strip()
    return None


def _attendance(texts: list[tuple[int, str]]) -> list[ParsedAttendance]:
    entries: list[ParsedAttendance] = []
    capacity, status = "member", "present"
    for index, text in texts:
        group = _group_of(text)
        if group:
            group_capacity, status, _, text = group
            capacity = group_capacity or capacity
            if status == "apology":
                capacity = None
            if not text:
                continue
        if text.startswith("(") and text.endswith(")") and entries:
            _apply_note(entries[-1], text[1:-1])
            continue
        entries.extend(_people(text, capacity, status, index + 1))
    return entries


def _people(text: str, capacity: str | None, status: str, line: int) -> list[ParsedAttendance]:
    """The people on one attendance line."""
    notes: list[str] = []

    def keep_note(match: re.Match) -> str:
        notes.append(match.group(1))
        return f"\x00{len(notes) - 1}\x00"

    masked = _PARENTHESES.sub(keep_note, text)
    directorate = None
    if capacity == "officer":
        directorate, masked = _split_directorate(masked)
    parts = [p for p in split_name_list(masked) if p.strip()]
    if parts and all(looks_like_listed_name(_unmask(p, [])) for p in parts):
        people = parts
        descriptor = None
    else:
        head, _, tail = masked.partition(",")
        people = [head]
        descriptor = tail.strip() or None
        if capacity == "officer" and descriptor and directorate is None:
            directorate, descriptor = descriptor, None
    entries = []
    shared_title = None  # "Councillors A, B and C": the plural title covers the whole list
    for part in people:
        own_notes = [notes[int(n)] for n in re.findall(r"\x00(\d{1,3})\x00", part)]
        honorific, name = split_honorifics(_unmask(part, []))
        if not name:
            continue
        if honorific and honorific.lower().rstrip(".") in {"councillors", "cllrs"}:
            honorific = shared_title = councillor_title(honorific)
        honorific = honorific or shared_title
        entry = ParsedAttendance(
            name=name,
            status=status,
            capacity=capacity or _capacity_from_title(honorific),
            lines=(line, line),
            honorific=honorific,
            directorate=directorate,
        )
        for note in own_notes:
            _apply_note(entry, note)
        if descriptor:
            _apply_descriptor(entry, _restore(descriptor, notes))
        entries.append(entry)
    return entries


def _unmask(text: str, _notes: list[str]) -> str:
    return re.sub(r"\x00\d{1,3}\x00", "", text).strip()


def _restore(text: str, notes: list[str]) -> str:
    return re.sub(r"\x00(\d{1,3})\x00", lambda m: f"({notes[int(m.group(1))]})", text)


def _split_directorate(text: str) -> tuple[str | None, str]:
    """ "People: S Brake, P Barnett" or "Children's Services S Bates, C Donovan,"."""
    label, colon, rest = text.partition(":")
    if colon and not _INITIAL_SURNAME.search(label):
        return label.strip(), rest.strip()
    first = _INITIAL_SURNAME.search(text)
    if first and first.start() > 0 and "," not in text[: first.start()]:
        return text[: first.start()].strip(), text[first.start() :].strip()
    return None, text


def _capacity_from_title(honorific: str | None) -> str:
    return (
        "member" if honorific and honorific.lower().startswith(("councillor", "cllr")) else "other"
    )


def _apply_note(entry: ParsedAttendance, note: str) -> None:
    """Act on "(Chair)", "(substitute for Councillor X)", "(Cabinet Member for ...)"."""
    lowered = note.lower().strip()
    if lowered in {"chair", "chairman", "chairperson"}:
        entry.chair = True
    elif lowered.startswith("substitute for") or lowered.startswith("substituting for"):
        _, name = split_honorifics(note.split("for", 1)[1].strip())
        entry.substitute_for = name
    else:
        entry.role = note.strip()
        if "cabinet member" in lowered and entry.capacity in {"other", "member"}:
            entry.capacity = "cabinet-member"


def _apply_descriptor(entry: ParsedAttendance, descriptor: str) -> None:
    """ "Director of Public Health" is a role; "Coventry and Rugby CCG" an organisation."""
    if entry.capacity == "officer":
        entry.directorate = entry.directorate or descriptor
        return
    head, comma, tail = descriptor.rpartition(",")
    if comma:
        entry.role, entry.organisation = head.strip(), tail.strip()
    elif re.search(
        r"\b(?:director|manager|officer|head|chief|executive|chair|lead)\b", descriptor, re.I
    ):
        entry.role = descriptor
    else:
        entry.organisation = descriptor


def _items(texts: list[tuple[int, str]], minutes: ParsedMinutes) -> list[ParsedMinute]:
    """Numbered items, accepted only in sequence so that numbered lists in the text are not
    mistaken for new minutes."""
    items: list[ParsedMinute] = []
    year = MunicipalYear.parse(minutes.municipal_year) if minutes.municipal_year else None
    year_suffix = year.short if year else None
    body_lines: list[tuple[int, str]] = []

    def finish() -> None:
        if items:
            _fill_item(items[-1], body_lines)

    for index, text in texts:
        if _CLOSED.match(text):
            finish()
            body_lines = []
            minutes.closed = find_time(text)
            continue
        match = _ITEM.match(text)
        if match and (not items or int(match.group(1)) == int(items[-1].number) + 1):
            finish()
            body_lines = []
            number = match.group(1)
            items.append(
                ParsedMinute(
                    number=number,
                    title=strip_markup(match.group(2)),
                    lines=(index + 1, index + 1),
                    reference=f"{number}/{year_suffix}" if year_suffix else None,
                )
            )
            continue
        if items and minutes.closed is None:
            body_lines.append((index, text))
    if minutes.closed is None:
        finish()
    return items


def _fill_item(item: ParsedMinute, body: list[tuple[int, str]]) -> None:
    if body:
        item.lines = (item.lines[0], body[-1][0] + 1)
    references: list[str] = []
    for _, text in body:
        for ref in _REFERENCE.findall(text):
            if ref not in references and ref != item.reference:
                references.append(ref)
    item.references = references
    item.resolutions = _resolutions(body)
    for _, text in body:
        presented = _PRESENTED.search(text)
        if presented:
            item.presenter = presented.group(1).strip()
            break
    if "declaration" in item.title.lower():
        item.declarations = _declarations(body)


def _resolutions(body: list[tuple[int, str]]) -> list[ParsedResolution]:
    """Each RESOLVED paragraph; a numbered RESOLVED gives one resolution per part."""
    resolutions: list[ParsedResolution] = []
    pos = 0
    while pos < len(body):
        index, text = body[pos]
        if not _RESOLVED.match(text):
            pos += 1
            continue
        lead = strip_markup(text)
        parts: list[ParsedResolution] = []
        follow = pos + 1
        while follow < len(body):
            part_index, part_text = body[follow]
            part = _PART.match(part_text)
            if part:
                parts.append(
                    ParsedResolution(
                        text=strip_markup(part.group(2)).rstrip("*").strip(),
                        lines=(part_index + 1, part_index + 1),
                        part=part.group(1),
                    )
                )
            elif (
                parts
                and part_text.startswith(("  ", "-")) is False
                and not _RESOLVED.match(part_text)
                and _continues(part_text)
            ):
                last = parts[-1]
                last.text = f"{last.text} {strip_markup(part_text)}".strip()
                last.lines = (last.lines[0], part_index + 1)
            else:
                break
            follow += 1
        if parts:
            resolutions.extend(parts)
        else:
            resolutions.append(ParsedResolution(text=lead, lines=(index + 1, index + 1)))
        pos = max(follow, pos + 1)
    return resolutions


def _continues(text: str) -> bool:
    """A wrapped line of a numbered resolution part starts in lower case."""
    return text[:1].islower()


def _declarations(body: list[tuple[int, str]]) -> list[ParsedDeclaration]:
    """ "There were no declarations of interest" is a record too."""
    declarations = []
    for index, text in body:
        if _NONE_DECLARED.search(text):
            declarations.append(
                ParsedDeclaration(lines=(index + 1, index + 1), text=text, none_declared=True)
            )
        elif "declared" in text.lower() or "interest" in text.lower():
            name = None
            match = re.search(r"\b(?:Councillor|Cllr\.?)\s(?:[A-Z]\.?\s)?[A-Z][A-Za-z'’-]+", text)
            if match:
                name = split_honorifics(match.group(0))[1]
            declarations.append(
                ParsedDeclaration(
                    lines=(index + 1, index + 1), text=text, none_declared=False, name=name
                )
            )
    return declarations


__all__ = ["is_minutes_header", "parse_minutes"]
