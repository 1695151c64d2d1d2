"""Reading a year's budget: contributions by agency, expenditure, printed totals."""

from __future__ import annotations

from ..model import Component, PackWarning
from .model import ParsedBudget


def budgets(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedBudget], list[PackWarning]]:
    return [], []
