"""Performance scorecards and comparator tables in a paper -> indicators and observations.

``extract_indicators`` finds the places that hold figures (``regions``), reads each table
(``tables``, with ``periods``, ``areas``, ``labels`` and the figure grammar of
``packs.figures``), names the indicators and gives them units (``indicators``), and flags
what does not add up (``checks``). docs/scorecard.md describes the rules.
"""

from .indicators import ParsedIndicator, ParsedObservation
from .polarity import HIGHER, LOWER, ParsedTarget
from .regions import extract_indicators

__all__ = [
    "HIGHER",
    "LOWER",
    "ParsedIndicator",
    "ParsedObservation",
    "ParsedTarget",
    "extract_indicators",
]
