"""One call for every assurance reader of a paper."""

from __future__ import annotations

from ..model import Component, PackWarning, ParsedPack
from .activity import activity_figures
from .audits import audits
from .budgets import budgets
from .model import ParsedAssurance
from .phases import phase_figures
from .plans import plan_headers
from .priorities import link_indicators, priorities
from .reviews import learning_reviews
from .subgroups import subgroups, with_member_chairs
from .training import training


def read_assurance(
    pack: ParsedPack, lines: list[str], components: list[Component]
) -> list[PackWarning]:
    """Every assurance record of a paper into ``pack.assurance``; the activity figures it
    prints join ``pack.indicators`` and audits' recommendations ``pack.tracked_items``, and
    priorities and subgroups are linked to the indicators and membership lists the pack
    already holds. Returns the warnings about all of it."""
    found = ParsedAssurance()
    warnings: list[PackWarning] = []
    for name, reader in (
        ("reviews", learning_reviews),
        ("action_plans", plan_headers),
        ("training", training),
        ("budgets", budgets),
        ("priorities", priorities),
        ("subgroups", subgroups),
    ):
        records, raised = reader(lines, components)
        setattr(found, name, records)
        warnings.extend(raised)
    found.audits, recommendations, raised = audits(lines, components)
    warnings.extend(raised)
    warnings.extend(phase_figures(lines))
    indicators, raised = activity_figures(lines, components)
    warnings.extend(raised)
    pack.assurance = found
    pack.tracked_items = sorted(pack.tracked_items + recommendations, key=lambda i: i.lines)
    pack.indicators.extend(indicators)
    with_member_chairs(found.subgroups, found.priorities, pack.bodies)
    link_indicators(found.priorities, pack.indicators)
    return warnings
