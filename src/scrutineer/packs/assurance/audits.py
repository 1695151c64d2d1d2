"""Reading audits (Section 11, section 175/157, multi-agency): scope, standards, returns
and findings."""

from __future__ import annotations

from ..model import Component, PackWarning
from .model import ParsedAudit


def audits(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedAudit], list[PackWarning]]:
    return [], []
