"""Reading training: courses with level, sessions and attendance, and people trained by
level and agency per period."""

from __future__ import annotations

from ..model import Component, PackWarning
from .model import ParsedTraining


def training(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedTraining], list[PackWarning]]:
    return [], []
