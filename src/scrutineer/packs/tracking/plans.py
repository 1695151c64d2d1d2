"""Action plans: tables with "Lead" and "Timescale" columns whose cells hold parallel
lists, one entry per next step, written as HTML-like fragments (``<p>``, ``<ul>``).

An action plan is one plan of actions: each row is an action, its next steps are the
action's milestones and its achievement and progress cells are progress notes, never items
of their own. Lists that do not pair and missing action numbers are flagged; the cells are
kept whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..due import month_year, timescale_due_date
from ..model import PackWarning, ParsedMilestone, ParsedResponse, ParsedTrackedItem
from .cells import (
    BLOCK_TAGS,
    completion_status,
    header_columns,
    lowercase_start,
    squash,
    tokens,
)


@dataclass
class _Entry:
    """One paragraph or list block of a cell, with the lines it came from. ``open`` is
    True when the cell ended inside an unclosed block, so a continuation row carries it on."""

    parts: list[str]
    first: int
    last: int
    open: bool = False

    @property
    def text(self) -> str:
        return squash(" ".join(self.parts))


@dataclass
class _Action:
    """An action being assembled from its row and the continuation rows below it."""

    first: int
    last: int
    number: str | None
    cells: dict[str, list[_Entry]]


_PLAN_NEEDED = {"lead", "timescale", "steps"}
_PLAN_HINTS = (
    ("lead", "owner", "responsible"),
    ("timescale", "deadline", "by when", "target date"),
    ("next step", "action"),
)


def _plan_role(key: str) -> str | None:
    """Which action-plan column a header cell names; "Progress level" is a rating (1–4),
    read as the action's level, not as its progress column."""
    if key.startswith(("progress level", "level of progress")):
        return "level"
    checks = (
        ("number", "action no" in key or key in {"no", "ref", "action number"}),
        ("theme", key in {"matrix area", "area", "theme", "priority", "priority area"}),
        ("description", key.startswith("description")),
        ("achievement", key.startswith("achievement")),
        ("steps", key.startswith("next step") or key in {"action", "actions"}),
        ("lead", key.startswith("lead") or key in {"owner", "responsible"}),
        ("timescale", key.startswith(("timescale", "deadline", "by when", "target date"))),
        ("progress", key in {"progress", "progress update", "status", "update"}),
    )
    return next((role for role, matched in checks if matched), None)


def is_plan_header(line: str) -> bool:
    """Whether ``line`` heads an action plan, which this module reads."""
    return _PLAN_NEEDED <= header_columns(line, _plan_role, _PLAN_HINTS).keys()


def action_plans(lines: list[str]) -> tuple[list[ParsedTrackedItem], list[PackWarning]]:
    items: list[ParsedTrackedItem] = []
    warnings: list[PackWarning] = []
    index = 0
    while index < len(lines):
        columns = header_columns(lines[index], _plan_role, _PLAN_HINTS)
        if not _PLAN_NEEDED <= columns.keys():
            index += 1
            continue
        header = index
        actions, index = _plan_rows(lines, index, columns)
        title, first = plan_title(lines, header)
        topics = _topics(actions)
        for action, topic in zip(actions, topics, strict=True):
            item = _plan_item(action, topic, warnings)
            item.plan, item.plan_lines = title, (first, index)
            items.append(item)
        warnings.extend(_number_gaps(actions))
    return items, warnings


TITLE_LOOKBACK = 4  # non-blank lines above a plan's header searched for its title


def plan_title(lines: list[str], header: int) -> tuple[str, int]:
    """The plan's title: the nearest line above its header that names a plan ("Early Help
    and Prevention Action Plan 2015 – 2018"), with its 1-based line; else "Action plan" and
    the header's line."""
    seen = 0
    for index in range(header - 1, -1, -1):
        text = lines[index].strip()
        if not text:
            continue
        if "\t" not in text and "plan" in text.lower() and len(text) <= 200:
            return squash(text.strip("*")), index + 1
        seen += 1
        if seen >= TITLE_LOOKBACK:
            break
    return "Action plan", header + 1


def _plan_rows(lines: list[str], header: int, columns: dict[str, int]) -> tuple[list[_Action], int]:
    """The actions of the table whose header is at ``header``, and the index after it.

    The table ends at a line without tabs, a line of "--" rules, or a row whose shape
    does not fit the header. A row without an action number and without a description
    (or with one that starts in lower case) continues the action above it."""
    width = len(lines[header].split("\t"))
    actions: list[_Action] = []
    index = header + 1
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        cells = _aligned(lines[index].split("\t"), width, columns)
        if cells is None or all(c.strip() in {"", "--"} for c in cells):
            break
        parsed = {role: _entries(cells[at], index + 1) for role, at in columns.items()}
        if actions and _continues(parsed, actions[-1]):
            _carry_on(actions[-1], parsed, index + 1)
        else:
            if actions:
                _carry_lower_case_starts(actions[-1], parsed)
            number = " ".join(e.text for e in parsed.get("number", [])).rstrip(".") or None
            actions.append(_Action(index + 1, index + 1, number, parsed))
        index += 1
    return actions, index


def _aligned(cells: list[str], width: int, columns: dict[str, int]) -> list[str] | None:
    """Cells placed under the header. Two faults occur in converted tables: a row one cell
    short has lost its (empty) action-number cell, and a row whose number sits one cell
    early has lost its leading theme cell, pushing an empty cell onto the end."""
    number = columns.get("number")
    if number is not None and len(cells) == width - 1:
        return cells[:number] + [""] + cells[number:]
    if len(cells) != width:
        return None
    if (
        number
        and cells[number].strip()
        and not _is_number(cells[number])
        and _is_number(cells[number - 1])
        and not cells[-1].strip()
    ):
        return [""] + cells[:-1]
    return cells


def _is_number(cell: str) -> bool:
    text = cell.strip().rstrip(".")
    return text.isascii() and text.isdigit() and len(text) <= 3


def _continues(parsed: dict[str, list[_Entry]], above: _Action) -> bool:
    """A row carries on the action above when it has no number and no description of its
    own (or one that starts in lower case), or when it has neither number nor theme and
    the action above is numbered: a numbered action broken over a page ("Step up and down
    …" under action 7) rather than one of a theme's unnumbered actions."""
    if parsed.get("number"):
        return False
    description = parsed.get("description", [])
    if not description or lowercase_start(description[0].text):
        return True
    return not parsed.get("theme") and above.number is not None


def _carry_on(action: _Action, parsed: dict[str, list[_Entry]], number: int) -> None:
    """Append a continuation row: a fragment joins the entry it continues when it starts in
    lower case or that entry was left open; otherwise it is a further entry."""
    for role, entries in parsed.items():
        if not entries:
            continue
        existing = action.cells.setdefault(role, [])
        if existing and (existing[-1].open or lowercase_start(entries[0].parts[0])):
            _join_entry(existing[-1], entries.pop(0))
        existing.extend(entries)
    action.last = number


def _carry_lower_case_starts(action: _Action, parsed: dict[str, list[_Entry]]) -> None:
    """A new row whose cell starts in lower case ("breadth of support ...") holds the end
    of the previous action's cell, broken over a page: give that fragment back."""
    for role, entries in parsed.items():
        if role in {"number", "description"} or not entries or not action.cells.get(role):
            continue
        if lowercase_start(entries[0].parts[0]):
            _join_entry(action.cells[role][-1], entries.pop(0))
            action.last = max(action.last, action.cells[role][-1].last)


def _join_entry(entry: _Entry, more: _Entry) -> None:
    entry.parts.extend(more.parts)
    entry.last = more.last
    entry.open = more.open


def _topics(actions: list[_Action]) -> list[str | None]:
    """The theme in force for each action: its own theme cell, or the last one above it.
    A theme printed over several rows ("INTEGRATED PERFORMANCE MONITORING", then "Data and
    intelligence") reads as one label."""
    topics: list[str | None] = []
    current = None
    for action in actions:
        current = " ".join(entry.text for entry in action.cells.get("theme", [])) or current
        topics.append(current)
    return topics


def _entries(cell: str, number: int) -> list[_Entry]:
    """A cell's paragraphs and list blocks. ``<p>``, ``<li>`` and list openings start an
    entry; an ``<i>`` run outside a paragraph is a paragraph too (the plans use it so). A
    list whose items are not tagged stays one entry: its numbering is not split on. The
    last entry is open when the cell ends inside a block that was never closed."""
    entries: list[_Entry] = []
    current: _Entry | None = None
    block: str | None = None  # the tag whose block the text is in, if any
    for kind, value in tokens(cell):
        if kind == "text":
            if value.strip():
                if current is None:
                    current = _Entry([], number, number)
                    entries.append(current)
                current.parts.append(value.strip())
        elif value in BLOCK_TAGS or (value == "i" and block in {None, "i", "ul", "ol"}):
            current = None
            block = value if kind == "open" else None
    if current is not None and block is not None:
        current.open = True
    return entries


def _plan_item(
    action: _Action, topic: str | None, warnings: list[PackWarning]
) -> ParsedTrackedItem:
    """One action: its description is the text, its leads the owners, its timescale cell
    the due; each next step is a milestone, given its own lead and timescale only when the
    lists pair by position."""
    cells = action.cells
    steps, leads, times = cells.get("steps", []), cells.get("lead", []), cells.get("timescale", [])
    item = ParsedTrackedItem(
        source_kind="action-plan",
        item_type="A",
        number=action.number,
        text=_joined(cells.get("description", [])) or _joined(steps),
        lines=(action.first, action.last),
        owners=list(dict.fromkeys(entry.text for entry in leads)),
        topic=topic,
        due=_joined(times) or None,
        due_date=timescale_due_date(times[0].text) if len(times) == 1 else None,
    )
    item.progress_level = _level(cells.get("level", []))
    item.responses = [
        _plan_response(cells[r], r) for r in ("achievement", "progress") if cells.get(r)
    ]
    item.status = next((r.status for r in item.responses if r.status), None)
    paired = _pairs(len(steps), len(leads), len(times))
    if not paired:
        warnings.append(_unpaired_warning(item, len(steps), len(leads), len(times)))
    for position, step in enumerate(steps):
        milestone = ParsedMilestone(step.text, (step.first, step.last))
        if paired:
            _assign(milestone, item, position, len(steps), leads, times)
        item.milestones.append(milestone)
    warnings.extend(_lead_warnings(leads))
    return item


def _level(entries: list[_Entry]) -> int | None:
    """The progress level printed for an action (1–4), or None when the cell is empty or
    holds anything else: a blank level is not inherited from the row above."""
    text = " ".join(entry.text for entry in entries).strip()
    return int(text) if len(text) == 1 and text in "1234" else None


def _joined(entries: list[_Entry]) -> str:
    return "\n".join(entry.text for entry in entries)


def _plan_response(entries: list[_Entry], role: str) -> ParsedResponse:
    """ "Achievement to date" and "Progress" cells are the action's responses. They are
    not dated: they mention many dates, and none of them says when the response was made."""
    text = _joined(entries)
    status = completion_status(text) if role == "progress" else None
    return ParsedResponse(text, (entries[0].first, entries[-1].last), status=status)


def _pairs(steps: int, leads: int, times: int) -> bool:
    """Lists pair by position when each has one entry per step, or a single entry that
    covers them all; one step takes every lead and the whole timescale."""
    return steps <= 1 or (leads in {0, 1, steps} and times in {0, 1, steps})


def _assign(
    sub: ParsedMilestone,
    item: ParsedTrackedItem,
    position: int,
    steps: int,
    leads: list[_Entry],
    times: list[_Entry],
) -> None:
    """A paired step's own lead and timescale, or the action's when one covers all."""
    one_each = steps > 1
    sub.owners = [leads[position].text] if one_each and len(leads) == steps else list(item.owners)
    if one_each and len(times) == steps:
        sub.due = times[position].text
        sub.due_date, sub.status = timescale_due_date(sub.due), completion_status(sub.due)
    else:
        sub.due, sub.due_date = item.due, item.due_date


def _unpaired_warning(item: ParsedTrackedItem, steps: int, leads: int, times: int) -> PackWarning:
    first, last = item.lines
    return PackWarning(
        "action-plan-unpaired",
        f"{_action_name(item)} (lines {first}-{last}) has {steps} next steps, {leads} leads and "
        f"{times} timescales, which do not pair by position; the leads and the timescale "
        "are kept whole on the action",
        item.lines,
    )


def _action_name(item: ParsedTrackedItem) -> str:
    if item.number:
        return f"Action {item.number}"
    first_line = item.text.partition("\n")[0]
    return f'The unnumbered action "{first_line[:60]}"'


def _lead_warnings(leads: list[_Entry]) -> list[PackWarning]:
    """A lead that reads as a date ("Review June 16") is probably a timescale that slipped
    a column in conversion; it is kept as the lead and flagged."""
    return [
        PackWarning(
            "action-plan-lead-is-timescale",
            f'The lead "{entry.text}" at line {entry.first} reads as a timescale',
            (entry.first, entry.last),
        )
        for entry in leads
        if month_year(entry.text.split()) is not None
    ]


def _number_gaps(actions: list[_Action]) -> list[PackWarning]:
    """Action numbers that skip ("7" then "9"): a missing action is flagged, not invented."""
    warnings = []
    numbered = [a for a in actions if a.number and _is_number(a.number)]
    for before, after in zip(numbered, numbered[1:], strict=False):
        low, high = int(before.number), int(after.number)
        if high > low + 1:
            missing = (
                f"action {low + 1} is" if high == low + 2 else f"actions {low + 1}-{high - 1} are"
            )
            warnings.append(
                PackWarning(
                    "action-plan-number-gap",
                    f"Action numbers jump from {low} (line {before.first}) to {high} "
                    f"(line {after.first}): {missing} missing",
                    (after.first, after.first),
                )
            )
    return warnings
