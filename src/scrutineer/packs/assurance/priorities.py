"""Reading priorities, the plan on a page and progress under the Signs of Safety headings."""

from __future__ import annotations

from ..model import Component, PackWarning
from .model import ParsedPriority


def priorities(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedPriority], list[PackWarning]]:
    return [], []
