"""Reading subgroups with their chairs and workplans."""

from __future__ import annotations

from ..model import Component, PackWarning
from .model import ParsedSubgroup


def subgroups(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedSubgroup], list[PackWarning]]:
    return [], []
