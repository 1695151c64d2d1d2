"""ParsedAudit → rows."""

from __future__ import annotations

from scrutineer.governance.models import Body
from scrutineer.packs.assurance.model import ParsedAudit


def load_audits(loader, found: list[ParsedAudit], home_body: Body | None) -> None:
    pass
