"""Activity figures printed in prose or small tables rather than scorecards (LADO contacts
and referrals, CDOP meetings and deaths reviewed, missing children, rapid reviews per
quarter), read as indicators with observations."""

from __future__ import annotations

from ..model import Component, PackWarning
from ..scorecard.indicators import ParsedIndicator


def activity_figures(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedIndicator], list[PackWarning]]:
    return [], []
