"""Reading action plans' headers and summary tables of progress levels."""

from __future__ import annotations

from ..model import Component, PackWarning
from .model import ParsedActionPlan


def plan_headers(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedActionPlan], list[PackWarning]]:
    return [], []
