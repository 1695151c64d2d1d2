"""One call for every assurance reader of a paper."""

from __future__ import annotations

from ..model import Component, PackWarning
from ..scorecard.indicators import ParsedIndicator
from .activity import activity_figures
from .audits import audits
from .budgets import budgets
from .model import ParsedAssurance
from .phases import phase_figures
from .plans import plan_headers
from .priorities import priorities
from .reviews import learning_reviews
from .subgroups import subgroups
from .training import training


def read_assurance(
    lines: list[str], components: list[Component]
) -> tuple[ParsedAssurance, list[ParsedIndicator], list[PackWarning]]:
    """Every assurance record of a paper, the activity figures it prints as indicators,
    and the warnings about both."""
    found = ParsedAssurance()
    warnings: list[PackWarning] = []
    for name, reader in (
        ("reviews", learning_reviews),
        ("action_plans", plan_headers),
        ("audits", audits),
        ("training", training),
        ("budgets", budgets),
        ("priorities", priorities),
        ("subgroups", subgroups),
    ):
        records, raised = reader(lines, components)
        setattr(found, name, records)
        warnings.extend(raised)
    warnings.extend(phase_figures(lines))
    indicators, raised = activity_figures(lines, components)
    warnings.extend(raised)
    return found, indicators, warnings
