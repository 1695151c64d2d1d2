"""ParsedTraining → rows."""

from __future__ import annotations

from scrutineer.governance.models import Body
from scrutineer.packs.assurance.model import ParsedTraining


def load_training(loader, found: list[ParsedTraining], home_body: Body | None) -> None:
    pass
