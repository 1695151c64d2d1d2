"""ParsedBudget → rows."""

from __future__ import annotations

from scrutineer.governance.models import Body
from scrutineer.packs.assurance.model import ParsedBudget


def load_budgets(loader, found: list[ParsedBudget], home_body: Body | None) -> None:
    pass
