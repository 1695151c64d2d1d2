"""Trend and RAG for indicators. Derived every time from the figures and the rule, so a
rating can never disagree with the numbers it describes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from scrutineer.rag import Rag

HIGHER, LOWER = "higher-is-better", "lower-is-better"


@dataclass(frozen=True)
class Trend:
    arrow: str  # "↑", "↓", "→"
    words: str  # "improving", "worsening", "no change", "up", "down"

    @property
    def judged(self) -> bool:
        return self.words in {"improving", "worsening"}


def trend(latest: Decimal | None, previous: Decimal | None, polarity: str) -> Trend | None:
    """Direction from the previous period, judged by polarity, not by up or down: for a
    lower-is-better indicator a fall is "improving"."""
    if latest is None or previous is None:
        return None
    if latest == previous:
        return Trend("→", "no change")
    rising = latest > previous
    arrow = "↑" if rising else "↓"
    if polarity == HIGHER:
        return Trend(arrow, "improving" if rising else "worsening")
    if polarity == LOWER:
        return Trend(arrow, "worsening" if rising else "improving")
    return Trend(arrow, "up" if rising else "down")


def rag_against_target(
    value: Decimal | None, target: Decimal, tolerance: Decimal, polarity: str
) -> Rag | None:
    """Green on the right side of the target, amber within the tolerance on the wrong side,
    red beyond it. A neutral indicator has no right side, so it gets no rating."""
    if value is None or polarity not in {HIGHER, LOWER}:
        return None
    shortfall = (target - value) if polarity == HIGHER else (value - target)
    side = "below" if polarity == HIGHER else "above"
    if shortfall <= 0:
        return Rag("green", f"{_n(value)} meets the target of {_n(target)}")
    if shortfall <= tolerance:
        return Rag(
            "amber",
            f"{_n(value)} is {_n(shortfall)} {side} the target of "
            f"{_n(target)}, within the tolerance of {_n(tolerance)}",
        )
    return Rag(
        "red",
        f"{_n(value)} is {_n(shortfall)} {side} the target of {_n(target)}, "
        f"beyond the tolerance of {_n(tolerance)}",
    )


def rag_against_comparator(
    value: Decimal | None,
    comparator: Decimal | None,
    comparator_name: str,
    polarity: str,
    tolerance: Decimal = Decimal(0),
) -> Rag | None:
    """Green when at least as good as the comparator, amber within the tolerance of it,
    red when worse by more."""
    if value is None or comparator is None:
        return None
    rating = rag_against_target(value, comparator, tolerance, polarity)
    if rating is None:
        return None
    reason = rating.reason.replace("the target of", f"{comparator_name}'s").replace(
        "meets", "is at least as good as"
    )
    return Rag(rating.colour, reason)


def _n(number: Decimal) -> str:
    text = f"{number.normalize():f}" if isinstance(number, Decimal) else str(number)
    return text.rstrip("0").rstrip(".") if "." in text else text
