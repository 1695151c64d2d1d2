"""Where figures are kept: scorecard sections, captioned figures and comparator tables;
each table found is read, then its drafts are named, given units and checked."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, deque

from ..figures import REPORTED, read_cell
from ..model import Component, PackWarning
from ..segment import BLANK_PAGE
from .areas import find_area
from .checks import check_groups, check_percents, check_prose, check_sums
from .headings import (
    CAPTION,
    PRIORITY,
    SCORECARD_HEADING,
    clean_heading,
    comparator_heading,
    component_end,
    heading_above,
    is_heading,
)
from .indicators import (
    Draft,
    ParsedIndicator,
    drop_duplicates,
    name_drafts,
    unit_of,
    warn_malformed,
)
from .periods import FINANCIAL_YEAR, fy_start, read_period
from .tables import Context, TableReader, footnotes_after, is_subheader, table_runs

MAX_CAPTION_CHARS = 250
CAPTION_GAP = 6  # blank lines allowed between a caption and its first table


def local_authority_name(lines: list[str]) -> str | None:
    """The council a document names most ("Coventry City Council"): the area of figures
    whose header names none."""
    pattern = re.compile(
        r"\b([A-Z][a-z]{2,20}(?:[ -][A-Z][a-z]{2,20}){0,2})\s(?:City|County|Borough|District)\s"
        r"Council\b"
    )
    counts: Counter = Counter()
    for line in lines:
        if "Council" in line:
            for match in pattern.finditer(line):
                if match.group(1) not in {"The", "This", "A"}:
                    counts[match.group(1)] += 1
    return counts.most_common(1)[0][0] if counts else None


def _comparator_header(lines: list[str], start: int, end: int, la: str) -> bool:
    """A header naming an area, with a period in it or in a second header row."""
    head = [c.strip() for c in lines[start].split("\t")]
    named = [c for c in head[1:] if c and find_area(c, la)]
    if not named:
        return False
    if any(read_period(c, None) for c in head[1:] if c):
        return True
    if start + 1 > end:
        return False
    following = [c.strip() for c in lines[start + 1].split("\t")]
    return is_subheader(following, 1) and any(read_period(c, None) for c in following[1:] if c)


def _has_figures(lines: list[str], start: int, end: int) -> bool:
    for index in range(start + 1, end + 1):
        for cell in lines[index].split("\t")[1:]:
            if read_cell(cell).status == REPORTED:
                return True
    return False


def extract_indicators(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedIndicator], list[PackWarning]]:
    """Indicators and observations from the scorecard and comparator tables of a document."""
    if not lines:
        return [], []
    regions = _Regions(lines, components)
    regions.read_scorecard_sections()
    regions.read_captioned_tables()
    regions.read_comparator_tables()
    return _indicators(regions.drafts, lines, components, regions.warnings)


class _Regions:
    """The places in one document that hold figures, found in turn (scorecard sections
    first, then captioned tables, then comparator tables), each table read once."""

    def __init__(self, lines: list[str], components: list[Component]):
        self.lines, self.components = lines, components
        self.la = local_authority_name(lines) or "Local authority"
        self.runs = table_runs(lines)
        self.used: set[int] = set()
        self.region = 0
        self.table_id = 0
        self.drafts: list[Draft] = []
        self.warnings: list[PackWarning] = []

    def read(self, run_index: int, ctx: Context) -> None:
        lines, runs = self.lines, self.runs
        start, end = runs[run_index]
        following = runs[run_index + 1][0] if run_index + 1 < len(runs) else len(lines)
        ctx.footnotes = footnotes_after(lines, end, following)
        self.table_id += 1
        reader = TableReader(lines, start, end, ctx, self.table_id, self.warnings)
        self.drafts.extend(reader.read())
        self.used.add(run_index)

    def read_scorecard_sections(self) -> None:
        lines, runs, components = self.lines, self.runs, self.components
        covered_until = -1
        run_starts = [start for start, _end in runs]
        component_starts = [component.lines[0] - 1 for component in components]
        priorities: deque[tuple[int, str]] = deque()
        for index, raw in enumerate(lines):
            text = raw.strip()
            if index < covered_until or "\t" in raw or not SCORECARD_HEADING.search(text):
                continue
            year = FINANCIAL_YEAR.search(text)
            if not year or not is_heading(text, 30) or fy_start(year) is None:
                continue
            self.region += 1
            stop = component_end(components, component_starts, index, len(lines))
            priority = None
            for position in range(index + 1, stop):
                text = lines[position].strip()
                if text.lower() == BLANK_PAGE:
                    stop = position
                    break
                if "\t" not in lines[position] and PRIORITY.match(text):
                    priorities.append((position, clean_heading(text)))
            covered_until = stop
            for run_index in range(bisect_right(run_starts, index), len(runs)):
                start = runs[run_index][0]
                if start >= stop:
                    break
                while priorities and priorities[0][0] < start:
                    priority = priorities.popleft()[1]
                heading = heading_above(lines, start, index, 30)
                ctx = Context(
                    "scorecard",
                    self.la,
                    self.region,
                    fy=fy_start(year),
                    priority=priority,
                    heading=heading,
                    title=heading,
                )
                self.read(run_index, ctx)

    def read_captioned_tables(self) -> None:
        lines, runs = self.lines, self.runs
        run_at = {start: n for n, (start, _end) in enumerate(runs)}
        for index, raw in enumerate(lines):
            if "\t" in raw or len(raw) > MAX_CAPTION_CHARS:
                continue
            caption = CAPTION.fullmatch(raw.strip())
            if not caption:
                continue
            members = []
            position = index + 1
            while (
                position < len(lines)
                and position - index <= CAPTION_GAP
                and not lines[position].strip()
            ):
                position += 1
            while position in run_at and run_at[position] not in self.used:
                run_index = run_at[position]
                if not _has_figures(lines, *runs[run_index]):
                    break
                members.append(run_index)
                position = runs[run_index][1] + 1
                while position < len(lines) and not lines[position].strip():
                    position += 1
            if not members:
                continue
            self.region += 1
            title = clean_heading(caption.group(2))
            for run_index in members:
                ctx = Context(
                    "figure",
                    self.la,
                    self.region,
                    heading=clean_heading(raw),
                    title=title,
                    several=len(members) > 1,
                )
                self.read(run_index, ctx)

    def read_comparator_tables(self) -> None:
        """Tables elsewhere whose header names an area."""
        lines = self.lines
        for run_index, (start, end) in enumerate(self.runs):
            if run_index in self.used:
                continue
            if not _comparator_header(lines, start, end, self.la):
                continue
            if not _has_figures(lines, start, end):
                continue
            self.region += 1
            heading = comparator_heading(lines, start)
            ctx = Context("comparator", self.la, self.region, heading=heading, title=heading)
            self.read(run_index, ctx)


def _indicators(drafts, lines, components, warnings) -> tuple[list[ParsedIndicator], list]:
    """The drafts with figures or caveats, named, given units and checked."""
    drafts = sorted((d for d in drafts if d.observations or d.caveats), key=lambda d: d.first)
    name_drafts(drafts)
    for draft in drafts:
        draft.unit = unit_of(draft)
        warn_malformed(draft, warnings)
    drop_duplicates(drafts, warnings)
    check_sums(drafts, warnings)
    check_groups(drafts, warnings)
    check_percents(drafts, warnings)
    check_prose(lines, components, drafts, warnings)
    indicators = [
        ParsedIndicator(
            name=d.name,
            unit=d.unit,
            lines=(d.first, d.last),
            priority=d.priority,
            group=d.group,
            definition=d.definition,
            caveats=list(dict.fromkeys(d.caveats)),
            footnotes=list(dict.fromkeys(d.footnotes)),
            observations=d.observations,
            polarity=d.polarity,
            target=d.target,
        )
        for d in drafts
    ]
    warnings.sort(key=lambda w: w.lines)
    return indicators, warnings
