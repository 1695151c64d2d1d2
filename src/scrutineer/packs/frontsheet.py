"""The front sheet: body, time and place, the agenda, who issued it, and the membership."""

from __future__ import annotations

import re

from .model import ParsedAgendaItem, ParsedMeeting, ParsedMember
from .text import (
    find_date,
    find_time,
    is_date_line,
    split_honorifics,
    split_name_list,
    strip_markup,
)

_ITEM = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_SUBITEM = re.compile(r"^-?\s?\(?([a-z]{1,2})\)\s+(\S.*)$")
_PAGES = re.compile(r"\(Pages?\s(\d{1,4})(?:\s?[-–]\s?(\d{1,4}))?\)", re.I)
_PRESENTER = re.compile(
    r"^(?:joint\s|verbal\s)?(?:briefing\snotes?|reports?|presentation|update)\b"
    r"|\bwill (?:report|present|attend)\b",
    re.I,
)
_ROLE_MARKER = re.compile(r"\(([^()]{1,60})\)\s*$")
_MEMBERSHIP_GROUP = re.compile(r"^(by invitation|co-opted members?)\b:?\s*", re.I)
_SECTION_END = {"private business", "public access", "please note", "notes", "note"}


def parse_front_sheet(lines: list[str], start: int, stop: int) -> ParsedMeeting:
    """Parse lines[start:stop] (0-based) of a front-sheet component."""
    texts = [(i, lines[i].strip()) for i in range(start, stop) if lines[i].strip()]
    body = texts[0][1]
    labels = {text.lower(): pos for pos, (_, text) in enumerate(texts)}

    def after(label: str) -> tuple[int, str] | None:
        pos = labels.get(label)
        return texts[pos + 1] if pos is not None and pos + 1 < len(texts) else None

    when = after("time and date")
    start_iso = None
    if when:
        day, clock = find_date(when[1]), find_time(when[1])
        if day:
            start_iso = f"{day.isoformat()}T{clock}" if clock else day.isoformat()
    place = after("place")
    meeting = ParsedMeeting(
        body=body,
        start=start_iso,
        venue=place[1] if place else None,
        published=None,
        issued_by=None,
        private_business=False,
        lines=(start + 1, texts[-1][0] + 1),
    )
    public_pos = labels.get("public business")
    private_pos = labels.get("private business")
    if public_pos is not None:
        agenda_end = private_pos if private_pos is not None else len(texts)
        meeting.agenda = _agenda_items(lines, texts[public_pos + 1 : agenda_end], private=False)
    tail_from = (private_pos if private_pos is not None else public_pos or 0) + 1
    if private_pos is not None:
        private_texts = _private_block(texts[private_pos + 1 :])
        if private_texts and private_texts[0][1].lower() not in {"nil", "none"}:
            private_items = _agenda_items(lines, private_texts, private=True)
            meeting.agenda.extend(private_items)
            meeting.private_business = bool(private_items)
        tail_from = private_pos + 1 + len(private_texts)
    _issuer_and_date(meeting, texts[tail_from:])
    meeting.membership = _membership(texts)
    return meeting


def _private_block(texts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The private agenda, up to the issuing officer's line (which names the Council House)."""
    block = []
    for index, text in texts:
        if is_date_line(text) or "council house" in text.lower() or "county hall" in text.lower():
            break
        block.append((index, text))
    return block


def _agenda_items(
    lines: list[str], texts: list[tuple[int, str]], private: bool
) -> list[ParsedAgendaItem]:
    items: list[ParsedAgendaItem] = []
    for pos, (index, text) in enumerate(texts):
        item_match = _ITEM.match(text)
        sub_match = _SUBITEM.match(text) if items else None
        if item_match:
            title, pages = _title_and_pages(item_match.group(2))
            if pages is None and pos + 1 < len(texts):
                next_index, next_text = texts[pos + 1]
                lone = _PAGES.fullmatch(next_text)
                if lone:
                    pages = _page_range(lone)
            items.append(_item(item_match.group(1), title, pages, index, private))
        elif sub_match and lines[index].startswith((" ", "-", "(")):
            title, pages = _title_and_pages(sub_match.group(2))
            parent = items[-1]
            parent.subitems.append(_item(sub_match.group(1), title, pages, index, private))
            parent.lines = (parent.lines[0], index + 1)
        elif items and _PAGES.fullmatch(text):
            items[-1].lines = (items[-1].lines[0], index + 1)
        elif items:
            item = items[-1]
            item.lines = (item.lines[0], index + 1)
            if _PRESENTER.search(text) and item.presenter is None:
                item.presenter = text
            else:
                item.description = f"{item.description} {text}" if item.description else text
    return items


def _item(number: str, title: str, pages, index: int, private: bool) -> ParsedAgendaItem:
    return ParsedAgendaItem(
        number=number,
        title=title,
        pages=pages,
        presenter=None,
        lines=(index + 1, index + 1),
        private=private,
    )


def _title_and_pages(text: str) -> tuple[str, tuple[int, int] | None]:
    match = _PAGES.search(text)
    pages = _page_range(match) if match else None
    if match:
        text = text[: match.start()] + text[match.end() :]
    return strip_markup(text), pages


def _page_range(match: re.Match) -> tuple[int, int]:
    first = int(match.group(1))
    return (first, int(match.group(2) or first))


def _issuer_and_date(meeting: ParsedMeeting, texts: list[tuple[int, str]]) -> None:
    """The issuing officer's line, then the publication date on its own line."""
    for pos, (_, text) in enumerate(texts[:6]):
        if is_date_line(text):
            day = find_date(text)
            meeting.published = day.isoformat() if day else None
            if pos > 0:
                meeting.issued_by = texts[pos - 1][1]
            return


def _membership(texts: list[tuple[int, str]]) -> list[ParsedMember]:
    """Members from "Membership: Councillors A, B (Chair), C (Co-opted Member) and D"."""
    members: list[ParsedMember] = []
    for pos, (index, text) in enumerate(texts):
        if not text.lower().startswith("membership:"):
            continue
        paragraphs = [(index, text[len("membership:") :].strip())]
        for follow_index, follow in texts[pos + 1 :]:
            first_word = follow.lower().rstrip(":")
            if first_word in _SECTION_END or any(
                first_word.startswith(end) for end in _SECTION_END
            ):
                break
            if not (
                follow.lower().startswith(("councillor", "cllr")) or _MEMBERSHIP_GROUP.match(follow)
            ):
                break
            paragraphs.append((follow_index, follow))
        for line_index, paragraph in paragraphs:
            members.extend(_members_in(paragraph, line_index + 1))
        break
    return members


def _members_in(paragraph: str, line: int) -> list[ParsedMember]:
    group_role = "member"
    group = _MEMBERSHIP_GROUP.match(paragraph)
    if group:
        group_role = "by-invitation" if "invitation" in group.group(1).lower() else "co-opted"
        paragraph = paragraph[group.end() :]
    members = []
    for part in split_name_list(paragraph):
        role = group_role
        marker = _ROLE_MARKER.search(part)
        if marker:
            role = _role_from_marker(marker.group(1)) or role
            part = part[: marker.start()].strip()
        honorific, name = split_honorifics(part)
        if not name:
            continue
        members.append(ParsedMember(name=name, role=role, lines=(line, line), honorific=honorific))
    return members


def _role_from_marker(marker: str) -> str | None:
    lowered = marker.lower()
    if lowered == "chair" or lowered == "chairman":
        return "chair"
    if "co-opted" in lowered:
        return "co-opted"
    if "invitation" in lowered:
        return "by-invitation"
    return None
