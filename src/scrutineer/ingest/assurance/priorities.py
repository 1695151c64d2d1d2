"""ParsedPriority and ParsedSubgroup → rows."""

from __future__ import annotations

from scrutineer.governance.models import Body
from scrutineer.packs.assurance.model import ParsedPriority, ParsedSubgroup


def load_priorities(loader, found: list[ParsedPriority], home_body: Body | None) -> None:
    pass


def load_subgroups(loader, found: list[ParsedSubgroup], home_body: Body | None) -> None:
    pass
