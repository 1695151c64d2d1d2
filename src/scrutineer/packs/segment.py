"""Split a pack into its components: front sheet, minutes, briefing notes, reports...

Packs are PDF bundles turned into text, so a component starts at a recognisable cue:
a council name over "Minutes of the Meeting of" or "Briefing note", an "Agenda Item N"
stamp, the line after "This page is intentionally left blank", a work programme heading
or an appendix heading. Each segment is then classified by its first lines.
"""

from __future__ import annotations

import re

from scrutineer.periods import YEAR_PAIR

from .model import Component

BLANK_PAGE = "this page is intentionally left blank"
_COUNCIL = re.compile(r"^[A-Z][\w'’ &-]{0,60} (?:City|County|Borough|District)? ?Council$")
_MINUTES = re.compile(r"^minutes of (?:the|a) meeting\b", re.I)
_BRIEFING = re.compile(r"^briefing note$", re.I)
_AGENDA_STAMP = re.compile(r"^agenda item \d{1,3}$", re.I)
_WORK_PROGRAMME = re.compile(r"\bwork programme " + YEAR_PAIR + "$", re.I)
_APPENDIX = re.compile(r"^appendix [0-9A-Z]{1,3}\b", re.I)
_ANNUAL_REPORT = re.compile(r"\bannual report\b", re.I)
_HEADER = re.compile(r"^(to|date|subject|from)\b:?\s*", re.I)
_PAGE_SUFFIX = re.compile(r"\s\d{1,3}$")

HEAD_LINES = 8  # how many non-empty lines classify a segment


def nonempty(lines: list[str], start: int, stop: int, limit: int | None = None) -> list[int]:
    """Indexes of non-empty lines in lines[start:stop], at most ``limit`` of them."""
    found = []
    for index in range(start, min(stop, len(lines))):
        if lines[index].strip():
            found.append(index)
            if limit is not None and len(found) >= limit:
                break
    return found


def previous_nonempty(lines: list[str], index: int, reach: int = 3) -> int | None:
    for back in range(index - 1, max(index - 1 - reach, -1), -1):
        if lines[back].strip():
            return back
    return None


def _is_appendix_heading(lines: list[str], index: int) -> bool:
    """An appendix heading, not a line in a list of appendices or a contents entry."""
    text = lines[index]
    label = _APPENDIX.match(text.strip())
    if "\t" in text or len(text) > 120 or not label:
        return False
    if _PAGE_SUFFIX.search(text.strip()[label.end() :]):
        return False
    neighbours = [previous_nonempty(lines, index, 4)]
    following = nonempty(lines, index + 1, index + 4, 1)
    neighbours.extend(following)
    for other in neighbours:
        if other is None:
            continue
        other_text = lines[other].strip().lstrip("-• ").strip()
        if _APPENDIX.match(other_text):
            return False
    return True


def find_starts(lines: list[str]) -> list[int]:
    """0-based indexes where a new component begins, in order."""
    starts = {0}
    after_blank_page = False
    in_work_programme = False
    for index, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        lowered = text.lower()
        if lowered == BLANK_PAGE:
            after_blank_page = True
            in_work_programme = False
            continue
        start = None
        if after_blank_page:
            start = index
            after_blank_page = False
        following = nonempty(lines, index + 1, index + 3, 1)
        next_text = _plain(lines[following[0]]) if following else ""
        plain = _plain(text)  # a heading may be bold ("**Briefing note**" from a PDF)
        if _COUNCIL.match(plain) and (_MINUTES.match(next_text) or _BRIEFING.match(next_text)):
            start = index
        elif _MINUTES.match(plain) or _BRIEFING.match(plain) or _AGENDA_STAMP.match(text):
            council = previous_nonempty(lines, index, 2)
            stamp = previous_nonempty(lines, index, 4)
            if council is not None and _COUNCIL.match(_plain(lines[council])):
                start = start if start is not None else council
            elif stamp is not None and _AGENDA_STAMP.match(lines[stamp].strip()):
                pass
            else:
                start = start if start is not None else index
        elif _WORK_PROGRAMME.search(text) and "\t" not in raw and len(text) < 120:
            if not in_work_programme:
                title_line = previous_nonempty(lines, index, 3)
                stamp = previous_nonempty(lines, index, 4)
                if stamp is not None and _AGENDA_STAMP.match(lines[stamp].strip()):
                    pass
                elif title_line is not None and _is_short_title(lines[title_line]):
                    start = start if start is not None else title_line
                else:
                    start = start if start is not None else index
            in_work_programme = True
        elif _is_appendix_heading(lines, index):
            start = start if start is not None else index
        if start is not None:
            starts.add(start)
            if not _WORK_PROGRAMME.search(text):
                in_work_programme = False
    return sorted(starts)


def _is_short_title(line: str) -> bool:
    text = line.strip()
    return bool(text) and len(text) < 60 and "\t" not in line and text[-1] not in ".:;,"


def classify(lines: list[str], start: int, stop: int) -> Component | None:
    """The kind and title of lines[start:stop], or None for a segment of only blank lines."""
    head = [
        index
        for index in nonempty(lines, start, stop, HEAD_LINES + 1)
        if lines[index].strip().lower() != BLANK_PAGE
    ][:HEAD_LINES]
    if not head:
        return None
    texts = [lines[i].strip() for i in head]
    first, last = head[0] + 1, _last_line(lines, start, stop)
    if "time and date" in (t.lower() for t in texts):
        return Component("front-sheet", texts[0], (first, last))
    for text in texts[:4]:
        if _MINUTES.match(text):
            return Component("minutes", text, (first, last))
    for text in texts:
        if _WORK_PROGRAMME.search(text):
            return Component("work-programme", text, (first, last))
    headers = {}
    for text in texts:
        match = _HEADER.match(text)
        if match and len(text) > len(match.group(0)):
            headers.setdefault(
                match.group(1).lower(), text[match.end() :].replace("**", "").strip()
            )
    if any(_BRIEFING.match(_plain(t)) for t in texts[:3]):
        title = headers.get("subject") or "Briefing note"
        return Component("briefing-note", title, (first, last))
    if "subject" in headers and ("to" in headers or "date" in headers):
        return Component("report", headers["subject"], (first, last))
    if _APPENDIX.match(texts[0].lstrip("-• ")):
        title = texts[0] if len(texts[0]) > 12 or len(texts) == 1 else f"{texts[0]}: {texts[1]}"
        return Component("appendix", title, (first, last))
    for text in texts[:4]:
        if _ANNUAL_REPORT.search(text) and len(text) < 120:
            return Component("annual-report", _title_from(texts), (first, last))
    return Component("report", _title_from(texts), (first, last))


def _title_from(texts: list[str]) -> str:
    """A report's title: its first meaningful line or two, without stray glyphs."""
    meaningful = [t.lstrip("■•- ").strip() for t in texts]
    meaningful = [t for t in meaningful if len(t) > 3 and not _AGENDA_STAMP.match(t)]
    if not meaningful:
        return texts[0][:120]
    title = meaningful[0]
    if len(meaningful) > 1 and len(title) < 50 and len(meaningful[1]) < 70:
        title = f"{title}: {meaningful[1]}"
    return title[:200]


def _last_line(lines: list[str], start: int, stop: int) -> int:
    """1-based number of the last non-blank line before ``stop``, skipping blank-page stamps."""
    for index in range(min(stop, len(lines)) - 1, start - 1, -1):
        text = lines[index].strip()
        if text and text.lower() != BLANK_PAGE:
            return index + 1
    return start + 1


def segment(lines: list[str]) -> list[Component]:
    starts = find_starts(lines)
    bounds = list(zip(starts, starts[1:] + [len(lines)], strict=True))
    components = []
    for start, stop in bounds:
        component = classify(lines, start, stop)
        if component is not None:
            components.append(component)
    return components


def _plain(line: str) -> str:
    return line.replace("**", "").strip()
