"""Reading learning reviews (SCR, CSPR, rapid reviews): title, subject, dates, panel,
chair and author, timeline and publication."""

from __future__ import annotations

from ..model import Component, PackWarning
from .model import ParsedLearningReview


def learning_reviews(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedLearningReview], list[PackWarning]]:
    return [], []
