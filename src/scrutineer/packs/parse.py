"""The parser's entry points: bytes or a file in, a ParsedPack out."""

from __future__ import annotations

from pathlib import Path

from .assurance.read import read_assurance
from .bodies import extract_bodies
from .briefing import parse_briefing_note
from .checks import check_pack
from .councils import read_council
from .errors import PackError
from .formats import parse_reading, read_document
from .frontsheet import parse_front_sheet
from .minutes import parse_minutes
from .model import ParsedPack, SourceInfo
from .reader import read_file
from .scorecard import extract_indicators
from .segment import segment
from .tracking import extract_tracked_items
from .workprogramme import extract_work_programmes

STRUCTURAL_KINDS = {"front-sheet", "minutes", "briefing-note", "work-programme", "annual-report"}


def parse_bytes(data: bytes, name: str = "<input>") -> ParsedPack:
    """Any file the parser knows (``formats``), recognised by content."""
    return parse_reading(read_document(data, name))


def parse_file(path: str | Path) -> ParsedPack:
    return parse_bytes(read_file(path), name=Path(path).name)


def parse_lines(lines: list[str], name: str, sha256: str, size: int) -> ParsedPack:
    components = segment(lines)
    if not any(c.kind in STRUCTURAL_KINDS for c in components):
        raise PackError(
            name,
            "has no agenda pack or report structure: no front sheet, minutes, briefing note, "
            "work programme or annual report was found",
        )
    pack = ParsedPack(
        source=SourceInfo(name=name, sha256=sha256, bytes=size, line_count=len(lines)),
        components=components,
        council=read_council(lines),
    )
    minute_warnings: list = []
    for component in components:
        first, last = component.lines[0] - 1, component.lines[1]
        if component.kind == "front-sheet" and pack.meeting is None:
            pack.meeting = parse_front_sheet(lines, first, last)
        elif component.kind == "minutes":
            pack.minutes.append(parse_minutes(lines, first, last, minute_warnings))
        elif component.kind == "briefing-note":
            pack.briefing_notes.append(parse_briefing_note(lines, first, last))
    title = next((c.title for c in components if c.kind == "annual-report"), None)
    pack.bodies, body_warnings = extract_bodies(lines, title)
    pack.work_programmes, programme_warnings = extract_work_programmes(lines, components)
    pack.tracked_items, tracking_warnings = extract_tracked_items(lines, components)
    pack.indicators, indicator_warnings = extract_indicators(lines, components)
    assurance_warnings = read_assurance(pack, lines, components)
    pack.warnings = (
        check_pack(pack)
        + body_warnings
        + programme_warnings
        + tracking_warnings
        + indicator_warnings
        + assurance_warnings
        + minute_warnings
    )
    pack.warnings.sort(key=lambda w: w.lines)
    return pack
