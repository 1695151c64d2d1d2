"""ParsedLearningReview → rows."""

from __future__ import annotations

from scrutineer.governance.models import Body
from scrutineer.packs.assurance.model import ParsedLearningReview


def load_reviews(loader, found: list[ParsedLearningReview], home_body: Body | None) -> None:
    pass
