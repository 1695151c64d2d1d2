"""A ModernGov "Agenda and minutes" page, saved as HTML or as its text: the meeting and its
minutes together.

The layout: a heading "Body - Thursday, 9th February, 2017 2.00 pm", "Venue: …" (with
"View directions"), "Contact: …", then "Items" / "No. Item", and for each item its number
on its own line, its title, the agenda text, then "Decision:" and "Minutes:" and the
minute's text. Page furniture ("pdf icon PDF 67 KB", "Additional documents:", "Share this
item", "view the full minutes text for item 3") is not read. The minute text of each item
is read by the one minutes reader (``minutes.read_item``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrutineer.periods import MunicipalYear

from .councils import read_council
from .errors import PackError
from .htmltext import page_lines
from .minutes import read_asks, read_item, year_suffix
from .model import (
    Component,
    PackWarning,
    ParsedAgendaItem,
    ParsedMeeting,
    ParsedMinute,
    ParsedMinutes,
    ParsedPack,
    SourceInfo,
)
from .text import find_date, find_time, strip_markup

HTML_FORMAT = "moderngov-page-html"
TEXT_FORMAT = "moderngov-page-text"

RECOGNISE_LINES = 80  # the page's heading and "Items" come within its first lines
RECOGNISE_CHARS = 200_000  # how far into an HTML file its title and markers are looked for
TITLE_LOOKBACK = 10  # lines searched back for the title of an item printed with no number

_PAGE_TITLE = re.compile(
    r"^agenda(?:,\s(?:decisions?|draft\sminutes))?\s(?:and|&)\s(?:draft\s)?(?:minutes|decisions)$",
    re.I,
)
_HTML_TITLE = re.compile(
    r"agenda(?:,\s(?:decisions?|draft\sminutes))?\s(?:and|&amp;|&)\s(?:draft\s)?minutes", re.I
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_HEADING = re.compile(rf"^(.{{2,200}}?)\s[-–]\s({_WEEKDAY},?\s.{{4,60}})$")
_NUMBER = re.compile(r"^(\d{1,5})(?:/(\d{2}))?\.?$|^(\d{1,3}[a-z]|\d{1,3}\.\d{1,2})\.?$")
_NOISE_SUFFIX = re.compile(r"\s?(?:pdf|PDF|doc|DOCX?)\sicon\s.{0,30}$|\.?\s?View\sdirections\.?$")
_NOISE = re.compile(
    r"^(?:media|share\sthis\sitem|•\sshare"
    r"\sthis\sitem|view\sdirections\.?|webcast.{0,40}|item\s\d{1,3}\s?[.:]?|skip\s.{0,40}"
    r"|\.\.\.\s+view\sthe\sfull\s.{0,60}|print\s(?:this\s)?page|[-•]\s?)$",
    re.I,
)
_NOTHING = re.compile(r"^(?:there\swere\snone|none|nil|no\sdecision)\.?$", re.I)
_ITEMS_HEADER = {"items", "no. item", "no.\titem", "no.", "item", "no item"}
_SECTIONS = {
    "minutes:": "minutes",
    "decision:": "decision",
    "decisions:": "decision",
    "additional documents:": "documents",  # the item's linked papers: not read
    "supporting documents:": "documents",
}


@dataclass
class _Item:
    number: str
    title: str
    first: int  # 0-based line of the number (or title)
    agenda: list[tuple[int, str]] = field(default_factory=list)
    decision: list[tuple[int, str]] = field(default_factory=list)
    minutes: list[tuple[int, str]] = field(default_factory=list)
    state: str = "agenda"

    def section(self) -> list[tuple[int, str]]:
        if self.state == "documents":
            return []  # dropped
        return {"agenda": self.agenda, "decision": self.decision}.get(self.state, self.minutes)


def is_page_html(text: str) -> bool:
    """Recognised by content: HTML whose title and body show an Agenda and minutes page."""
    head = text[:RECOGNISE_CHARS]
    return (
        "<html" in head[:4000].lower()
        and bool(_HTML_TITLE.search(head))
        and "Minutes:" in head
        and ("mgItemNumberCell" in head or ">Items<" in head or "No. Item" in head)
    )


def is_page_text(text: str) -> bool:
    """Recognised by content: the text of such a page (its title, then "Items" and
    numbered items whose minutes follow "Minutes:")."""
    lines = [line.strip() for line in text[:RECOGNISE_CHARS].splitlines()[:RECOGNISE_LINES]]
    lines = [line for line in lines if line]
    return (
        any(_PAGE_TITLE.match(line) for line in lines)
        and any(line.lower() in _ITEMS_HEADER for line in lines)
        and any(line.startswith("Venue:") for line in lines)
        and "\nMinutes:" in text[:RECOGNISE_CHARS]
    )


def html_page_lines(text: str) -> list[str]:
    return page_lines(text)


def read_page(lines: list[str], name: str, sha256: str, size: int) -> ParsedPack:
    """A page's lines (of the HTML's text, or the saved text) as a ParsedPack."""
    texts = [(i, _clean(line)) for i, line in enumerate(lines)]
    texts = [(i, t) for i, t in texts if t and not _NOISE.match(t)]
    heading = next(
        ((p, m) for p, (_, t) in enumerate(texts[:RECOGNISE_LINES]) if (m := _HEADING.match(t))),
        None,
    )
    if heading is None:
        raise PackError(
            name, 'has no meeting heading ("Body - Thursday, 9th February, 2017 2.00 pm")'
        )
    at, match = heading
    body, when = match.group(1).strip(), match.group(2)
    day, clock = find_date(when), find_time(when)
    if day is None:
        raise PackError(name, f'gives no date a reader can use in its heading "{texts[at][1]}"')
    start = f"{day.isoformat()}T{clock}" if clock else day.isoformat()
    venue = next((t[6:].strip(" .") for _, t in texts if t.startswith("Venue:")), None)
    first_line, last_line = texts[at][0] + 1, texts[-1][0] + 1
    meeting = ParsedMeeting(
        body=body,
        start=start,
        venue=venue or None,
        published=None,
        issued_by=None,
        private_business=False,
        lines=(first_line, last_line),
    )
    minutes = ParsedMinutes(
        body=body,
        start=start,
        closed=None,
        lines=(first_line, last_line),
        municipal_year=MunicipalYear.of(day).label,
    )
    items = _items(texts[at + 1 :])
    warnings: list[PackWarning] = []
    suffix = year_suffix(start)
    for item in items:
        _read(item, meeting, minutes, warnings, suffix)
    read_asks(minutes, day)
    meeting.status = "held" if minutes.items else None
    pack = ParsedPack(
        source=SourceInfo(name=name, sha256=sha256, bytes=size, line_count=len(lines)),
        components=[Component("minutes", texts[at][1], (first_line, last_line))],
        council=read_council(lines),
        meeting=meeting,
        warnings=sorted(warnings, key=lambda w: w.lines),
    )
    if minutes.items:
        pack.minutes.append(minutes)
    return pack


def _clean(line: str) -> str:
    text = " ".join(line.split())
    return _NOISE_SUFFIX.sub("", text).strip()


def _items(texts: list[tuple[int, str]]) -> list[_Item]:
    start = next((p + 1 for p, (_, t) in enumerate(texts) if t.lower() in _ITEMS_HEADER), None)
    while start is not None and start < len(texts) and texts[start][1].lower() in _ITEMS_HEADER:
        start += 1
    if start is None:
        return []
    items: list[_Item] = []
    pos = start
    while pos < len(texts):
        index, text = texts[pos]
        following = texts[pos + 1][1] if pos + 1 < len(texts) else None
        number = _NUMBER.match(text)
        if number and following and _opens_item(number, items, following):
            items.append(_Item(_number_of(number), strip_markup(following), index))
            pos += 2
            continue
        section = _SECTIONS.get(text.lower())
        if section:
            if items and items[-1].state == "minutes" and section == "minutes":
                _unnumbered(items, index)  # a second "Minutes:": an item with no number
            elif not items:
                items.append(_Item("", "", index))
            items[-1].state = section
        elif items:
            items[-1].section().append((index, text))
        elif text == text.upper() and len(text) > 3:
            items.append(_Item("", text, index, state="minutes"))
        pos += 1
    return items


def _number_of(match: re.Match) -> str:
    return match.group(0).rstrip(".")


def _opens_item(number: re.Match, items: list[_Item], following: str) -> bool:
    """A number line opens an item when its title follows and the numbers go up."""
    if _SECTIONS.get(following.lower()) or _NUMBER.match(following):
        return False
    if not items or not items[-1].number:
        return True
    return _order(_number_of(number)) > _order(items[-1].number)


def _order(number: str) -> tuple[int, str]:
    digits = re.match(r"\d{1,4}", number)
    return (int(digits.group(0)) if digits else 0, number)


def _unnumbered(items: list[_Item], index: int) -> None:
    """The minute text of the last item ran into an item printed without a number: its
    title is the nearest short line above this "Minutes:"."""
    last = items[-1]
    for back in range(len(last.minutes) - 1, max(-1, len(last.minutes) - 1 - TITLE_LOOKBACK), -1):
        line_index, text = last.minutes[back]
        if len(text) <= 100 and not text.endswith((".", ":", ";", ",")):
            moved = last.minutes[back + 1 :]
            del last.minutes[back:]
            items.append(_Item("", text, line_index, agenda=moved))
            return
    items.append(_Item("", "", index))


def _read(item: _Item, meeting: ParsedMeeting, minutes: ParsedMinutes, warnings, suffix):
    number, _, printed_year = item.number.partition("/")
    last = max([item.first, *(i for i, _ in item.agenda + item.decision + item.minutes)])
    lines = (item.first + 1, last + 1)
    meeting.agenda.append(
        ParsedAgendaItem(
            number=item.number[:10],
            title=item.title,
            pages=None,
            presenter=None,
            lines=lines,
            description="\n".join(t for _, t in item.agenda) or None,
        )
    )
    if not (item.minutes or item.decision):
        return
    minute_number = number if number.isdigit() else ""
    reference = None
    if minute_number:
        reference = f"{minute_number}/{printed_year or suffix}" if printed_year or suffix else None
    minute = ParsedMinute(
        number=minute_number,
        title=item.title,
        lines=(item.first + 1, item.first + 1),
        reference=reference,
    )
    found = read_item(minute, item.minutes, minutes.attendance, printed_year or suffix)
    decided_nothing = all(_NOTHING.match(text) for _, text in item.decision)
    if not minute.resolutions and item.decision and not decided_nothing:
        decision = [(item.decision[0][0], "Decision:"), *item.decision]
        decided = ParsedMinute(number="", title=item.title, lines=minute.lines)
        read_item(decided, decision)
        minute.resolutions = decided.resolutions
    minute.lines = lines
    warnings.extend(found)
    minutes.items.append(minute)


def parse_page(lines: list[str], name: str, sha256: str, size: int, fmt: str) -> ParsedPack:
    pack = read_page(lines, name, sha256, size)
    pack.source.format = fmt
    return pack


__all__ = [
    "HTML_FORMAT",
    "TEXT_FORMAT",
    "html_page_lines",
    "is_page_html",
    "is_page_text",
    "parse_page",
    "read_page",
]
