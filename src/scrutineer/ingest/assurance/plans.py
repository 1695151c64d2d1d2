"""ParsedActionPlan → rows."""

from __future__ import annotations

from scrutineer.governance.models import Body
from scrutineer.packs.assurance.model import ParsedActionPlan


def load_plan_headers(loader, found: list[ParsedActionPlan], home_body: Body | None) -> None:
    pass
