"""A scorecard's "Target" and "Good is" columns: which way is better for an indicator and
what it aims for. Neither is a figure for a period: a "Target 2027" column is the aim
for 2027, not what happened in 2027."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..figures import REPORTED, read_cell
from ..model import PackWarning
from .labels import name_key
from .periods import read_period

# The values performance.models.Indicator.Polarity stores.
HIGHER, LOWER = "higher-is-better", "lower-is-better"

MAX_TARGET_HEAD = 60  # characters in a target column's header

# "Target", "Target 2025/26", "2025/26 Target", "Target for March 2027", "Targets"
_TARGET_HEAD = re.compile(r"(?:(.{0,30}?)\s{1,3})?targets?(?:\s{1,3}(?:for\s{1,3})?(.{1,30}))?")
_UNIT_AFTER = re.compile(r"\s{0,3}\((?:%|no\.?|number|days)\)\s{0,3}$", re.I)  # "Target (%)"
_POLARITY_HEADS = {
    "good is",
    "good performance is",
    "polarity",
    "higher or lower is better",
    "higher or lower better",
    "is higher or lower better",
    "is high or low good",
    "high or low is good",
    "better is",
    "aim",
}
_HIGHER_WORDS = {"high", "higher", "higher is better", "high is good", "up", "↑", "increase"}
_LOWER_WORDS = {"low", "lower", "lower is better", "low is good", "down", "↓", "decrease"}
_UNSTATED = {"", "-", "–", "—", "n/a", "na", "not applicable", "none", "neutral"}


@dataclass
class ParsedTarget:
    raw: str  # the cell as printed: "60.0", "75%"
    value: float
    period: str | None = None  # the period the header names: "2027", "2025/26"


def target_period(text: str) -> str | None | bool:
    """The period a target column's header names ("2027" of "Target 2027"), None for a
    plain "Target", False when the header is not a target's."""
    if len(text) > MAX_TARGET_HEAD:
        return False
    text = _UNIT_AFTER.sub("", text)
    match = _TARGET_HEAD.fullmatch(name_key(text))
    if not match:
        return False
    before, after = match.group(1), match.group(2)
    if before and after:
        return False
    period = after or before
    if period is None:
        return None
    start = text.lower().find(period)
    printed = text[start : start + len(period)] if start >= 0 else period
    found = read_period(printed, None)
    return found.label if found is not None else False


def is_polarity_head(text: str) -> bool:
    return name_key(text).rstrip("?") in _POLARITY_HEADS


def read_polarity(text: str) -> str | None | bool:
    """HIGHER or LOWER from "High", "Lower is better", "↑"; None when the cell states
    nothing ("-", "n/a"); False when it says something else."""
    key = name_key(text)
    if key in _UNSTATED:
        return None
    if key in _HIGHER_WORDS:
        return HIGHER
    if key in _LOWER_WORDS:
        return LOWER
    return False


def read_target(text: str, period: str | None) -> ParsedTarget | None | bool:
    """The printed target; None when the cell is blank or a dash; False when it is not
    a number."""
    cell = read_cell(text)
    if cell.status is None:
        return False
    if cell.status != REPORTED or cell.value is None or cell.shape not in {"number", "percent"}:
        return None if cell.status != REPORTED else False
    return ParsedTarget(text.strip(), cell.value, period)


def read_aims(
    label: str,
    line: int,
    polarity_cells: list[tuple[str, str]],
    target_cells: list[tuple[str, str | None, str]],
    warnings: list[PackWarning],
) -> tuple[str | None, ParsedTarget | None]:
    """A row's polarity and target from its (header, cell) and (header, period, cell)
    pairs; a cell that says neither is warned about, not guessed."""
    polarity, target = None, None
    for head, text in polarity_cells:
        found = read_polarity(text)
        if found is False:
            warnings.append(
                PackWarning(
                    "unread-polarity",
                    f"{label}: {text!r} under {head!r} on line {line} says neither higher "
                    "nor lower is better; the indicator is left without a polarity",
                    (line, line),
                )
            )
        elif found is not None and polarity is None:
            polarity = found
    for head, period, text in target_cells:
        found = read_target(text, period)
        if found is False:
            warnings.append(
                PackWarning(
                    "unread-target",
                    f"{label}: {text!r} under {head!r} on line {line} is not a number; "
                    "no target is taken from it",
                    (line, line),
                )
            )
        elif found is not None and target is None:
            target = found
    return polarity, target
