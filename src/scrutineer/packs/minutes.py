"""Minutes: the one reader of minutes, whatever the council's house style.

Every source of minutes comes here as lines: a pack's text, a PDF's text, a ModernGov
minute's HTML (``moderngov``) and a saved "Agenda and minutes" page (``moderngovpage``).
This module finds the items ("56. Title", "65/08 TITLE", "Minute 21/21", a title in
capitals with no number) and hands each item's lines to ``minutetext`` (resolutions,
declarations, references, warnings) and the attendance block and any "Apologies" item to
``attendance``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from scrutineer.periods import MunicipalYear

from .asks import read_ask
from .attendance import attendance_of, attendance_sentences, is_attendance_item, merge
from .minutetext import fill_minute, opens_resolution
from .model import PackWarning, ParsedAttendance, ParsedMinute, ParsedMinutes
from .text import find_date, find_time, strip_markup

MAX_TITLE_CHARS = 160  # a longer line is not an item's title
MAX_CAPS_TITLE_CHARS = 90  # an unnumbered title in capitals is short

_HEADER = re.compile(r"^minutes\sof\s(?:the|a)\smeeting(?:\sof)?\s?(?:the\s)?", re.I)
_HELD = re.compile(r"\bheld\s(?:at|on|in|via|remotely)\b", re.I)
_ITEM = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_ITEM_YEAR = re.compile(r"^(\d{1,4})/(\d{2})\.?\s+(\S.*)$")
_MINUTE_WORD = re.compile(r"^Minute\s(?:No\.?\s)?(\d{1,4})/(\d{2})\.?(?:\s?[-–:]?\s(\S.*))?$")
_NUMBER_CAPITALS = re.compile(r"^(\d{1,3})\s+([A-Z][^a-z]{2,100})$")
_NUMBER_ALONE = re.compile(r"^(\d{1,3})\.$")
_CLOSED = re.compile(
    r"^\(?(?:the\s)?meeting\s(?:closed|ended|finished|concluded|terminated)\b", re.I
)
_NOT_A_TITLE = ("RESOLVED", "AGREED", "DECISION", "RECOMMENDED", "NOTE", "NOTED", "PRESENT")


@dataclass
class ItemHeading:
    number: str  # "" when the item has no number
    title: str
    reference: str | None  # "65/08" when printed with the number


def is_minutes_header(text: str) -> bool:
    return bool(_HEADER.match(text))


def year_suffix(start: str | None) -> str | None:
    """ "16" for a meeting in municipal year 2016/17."""
    if not start:
        return None
    return MunicipalYear.of(dt.date.fromisoformat(start[:10])).short


def parse_minutes(
    lines: list[str], start: int, stop: int, warnings: list[PackWarning] | None = None
) -> ParsedMinutes:
    """Parse lines[start:stop] (0-based) of a minutes component; warnings are added to
    ``warnings`` when given."""
    texts = [(i, lines[i].strip()) for i in range(start, stop) if lines[i].strip()]
    pos = next(p for p, (_, t) in enumerate(texts) if is_minutes_header(t))
    header = texts[pos][1]
    if not _HELD.search(header) and pos + 1 < len(texts):
        header = f"{header} {texts[pos + 1][1]}"
    header_body = _HEADER.sub("", header)
    held = _HELD.search(header_body)
    body = (header_body[: held.start()] if held else header_body).strip()
    if not body and pos > 0:
        body = texts[pos - 1][1]  # "Licensing Committee" above "Minutes of the meeting held"
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
    present = next(
        (p for p, (_, t) in enumerate(texts) if p > pos and t.lower().startswith("present")),
        None,
    )
    found: list[PackWarning] = []
    if business is not None:  # the Coventry layout: attendance, then "Public Business"
        if present is not None:
            minutes.attendance = attendance_of(texts[present + 1 : business])
        minutes.items = read_items(texts[business + 1 :], minutes, found, capitals=False)
    else:
        first = _first_item(texts, (present if present is not None else pos) + 1)
        if present is not None:
            minutes.attendance = attendance_of(texts[present:first])
        minutes.items = read_items(texts[first:], minutes, found, capitals=True)
    read_asks(minutes, day)
    if warnings is not None:
        warnings.extend(found)
    return minutes


def _first_item(texts: list[tuple[int, str]], start: int) -> int:
    for p in range(start, len(texts)):
        if item_heading(texts[p][1], None, True, _next(texts, p)):
            return p
    return len(texts)


def _next(texts: list[tuple[int, str]], p: int) -> str | None:
    return texts[p + 1][1] if p + 1 < len(texts) else None


def read_asks(minutes: ParsedMinutes, day: dt.date | None) -> None:
    """What each resolution asks, its owners guessed from these minutes' own attendance."""
    for item in minutes.items:
        for resolution in item.resolutions:
            resolution.ask = read_ask(
                resolution.text, day, item.title, item.presenter, minutes.attendance
            )


def is_capitals_title(text: str) -> bool:
    """ "APOLOGIES FOR ABSENCE": a title in capitals, with no number."""
    letters = [c for c in text if c.isalpha()]
    return (
        2 < len(text) <= MAX_CAPS_TITLE_CHARS
        and len(letters) >= 4
        and text == text.upper()
        and not text.endswith((".", ",", ";"))
        and not text.startswith(_NOT_A_TITLE)
        and not opens_resolution(text)
        and text[:1].isalpha()
    )


def item_heading(
    text: str, previous: str | None, capitals: bool, following: str | None = None
) -> ItemHeading | None:
    """The item a line opens, if any. "N." items are taken only in sequence (after
    ``previous``), so that numbered lists in the text are not mistaken for new items."""
    if len(text) > MAX_TITLE_CHARS + 12:
        return None
    after = int(previous) if previous and previous.isdigit() else None
    match = _ITEM.match(text)
    if match and (after is None or int(match.group(1)) == after + 1):
        return ItemHeading(match.group(1), strip_markup(match.group(2)), None)
    match = _ITEM_YEAR.match(text)
    if match and (after is None or int(match.group(1)) > after):
        number = str(int(match.group(1)))
        return ItemHeading(number, strip_markup(match.group(3)), f"{number}/{match.group(2)}")
    match = _MINUTE_WORD.match(text)
    if match and (after is None or int(match.group(1)) > after):
        number = str(int(match.group(1)))
        title = strip_markup(match.group(3) or "")
        return ItemHeading(number, title, f"{number}/{match.group(2)}")
    if not capitals:
        return None
    match = _NUMBER_CAPITALS.match(text)  # "44    MINUTES", a title in capitals
    if match and (after is None or int(match.group(1)) == after + 1):
        title = match.group(2).rstrip(" -–:")
        if is_capitals_title(title):
            return ItemHeading(match.group(1), title, None)
    match = _NUMBER_ALONE.match(text)
    if (
        match
        and following
        and (after is None or int(match.group(1)) == after + 1)
        and len(following) <= MAX_TITLE_CHARS
        and not opens_resolution(following)
    ):
        return ItemHeading(match.group(1), "", None)
    if is_capitals_title(text):
        return ItemHeading("", text, None)
    return None


def read_items(
    texts: list[tuple[int, str]],
    minutes: ParsedMinutes,
    warnings: list[PackWarning],
    capitals: bool = True,
) -> list[ParsedMinute]:
    """The items of minutes' text, each read by ``read_item``; the meeting's close."""
    suffix = year_suffix(minutes.start)
    items: list[ParsedMinute] = []
    bodies: list[list[tuple[int, str]]] = []
    previous: str | None = None
    pos = 0
    while pos < len(texts):
        index, text = texts[pos]
        if _CLOSED.match(text):
            minutes.closed = find_time(text)
            break
        heading = item_heading(text, previous, capitals, _next(texts, pos))
        if heading:
            if not heading.title and pos + 1 < len(texts):
                pos += 1  # the number on its own line, the title on the next
                heading.title = strip_markup(texts[pos][1])
            reference = heading.reference
            if reference is None and heading.number and suffix:
                reference = f"{heading.number}/{suffix}"
            items.append(
                ParsedMinute(
                    number=heading.number,
                    title=heading.title,
                    lines=(index + 1, texts[pos][0] + 1),
                    reference=reference,
                )
            )
            bodies.append([])
            previous = heading.number or previous
        elif items:
            bodies[-1].append((index, text))
        pos += 1
    for item, body in zip(items, bodies, strict=True):
        warnings.extend(read_item(item, body, minutes.attendance, suffix))
    return items


def read_item(
    item: ParsedMinute,
    body: list[tuple[int, str]],
    attendance: list[ParsedAttendance] | None = None,
    suffix: str | None = None,
) -> list[PackWarning]:
    """Fill one item from its lines: resolutions, declarations, references, who presented;
    apologies and substitutes from an attendance item go to ``attendance``."""
    if body:
        item.lines = (item.lines[0], max(item.lines[1], body[-1][0] + 1))
    warnings = fill_minute(item, body, suffix)
    for _, text in body:
        presented = _PRESENTED.search(text)
        if presented:
            item.presenter = presented.group(1).strip()
            break
    if attendance is not None and is_attendance_item(item.title):
        for index, text in body:
            entries = attendance_sentences(text, index)
            if entries:
                merge(attendance, entries)
    return warnings


_PRESENTED = re.compile(
    r"\b(?:considered|received|noted)\s(?:a\s|an\s|the\s)?(?:joint\s)?"
    r"(?:briefing note|report|presentation)\s(?:of|from)\s(?:the\s)?([^,.;]{3,80}?)"
    r"(?:\swhich\b|\sregarding\b|\sthat\b|\son\b|\sabout\b|,|\.|;|$)",
    re.IGNORECASE,
)


__all__ = [
    "is_minutes_header",
    "item_heading",
    "parse_minutes",
    "read_item",
    "read_items",
    "year_suffix",
]
