"""A programme phase's achievement, stated twice with different figures.

Reports on family programmes say what a phase achieved in more than one place: "During
Phase 1 'Strengthening Families' … successfully 'turned around' 905 complex families" in one
report, "Strengthening Families Programme … Phase 1 of the programme has supported 634
Coventry families" in an appendix. Each sentence that names a phase and a number of
families (or children, households, young people) reached with an achievement verb is read
as (programme, phase, figure); the same programme and phase with two figures is flagged
with both lines. Targets and claims ("identifying a further 3,130 families", "claiming for
27 families") are not achievements and are not compared.
"""

from __future__ import annotations

import re

from ..model import PackWarning

_SENTENCE = re.compile(r"[^.]{1,1200}")
_PHASE = re.compile(r"\bphase\s{1,3}(\d{1,2}|one|two|three)\b", re.IGNORECASE)
_ACHIEVED = re.compile(
    r"\b(?:turned around|turned round|supported|worked with|helped|engaged)\W{0,3}"
    r"((?:\d{1,3},)?\d{1,6})\s(?:[A-Za-z]{1,20}\s){0,2}"
    r"(families|children|households|young people)\b",
    re.IGNORECASE,
)
_PROGRAMME = (
    re.compile(r"['‘]([A-Z][A-Za-z]{1,30}(?: [A-Z][A-Za-z]{1,30}){1,5})['’]"),
    re.compile(r"\b([A-Z][A-Za-z]{1,30}(?: [A-Z][A-Za-z]{1,30}){1,5}) (?:Programme|\(formerly)"),
)
_WORD_NUMBERS = {"one": "1", "two": "2", "three": "3"}


def _programme(text: str) -> str | None:
    for pattern in _PROGRAMME:
        if found := pattern.search(text):
            return found.group(1).removesuffix(" Programme")
    return None


def phase_figures(lines: list[str]) -> list[PackWarning]:
    """Warnings for each programme phase whose achievement is printed with two figures."""
    seen: dict[tuple[str, str, str], tuple[str, int]] = {}
    warnings = []
    for number, line in enumerate(lines, start=1):
        if "phase" not in line.lower() or "\t" in line:
            continue
        programme_of_line = _programme(line)
        for sentence in _SENTENCE.findall(line):
            phase, achieved = _PHASE.search(sentence), _ACHIEVED.search(sentence)
            programme = _programme(sentence) or programme_of_line
            if not (phase and achieved and programme):
                continue
            key = (
                programme.casefold(),
                _WORD_NUMBERS.get(phase.group(1).lower(), phase.group(1)),
                achieved.group(2).lower(),
            )
            figure = achieved.group(1)
            if key not in seen:
                seen[key] = (figure, number)
            elif seen[key][0] != figure:
                first, at = seen[key]
                warnings.append(
                    PackWarning(
                        "programme-phase-figure",
                        f"{programme} phase {key[1]} {key[2]}: '{first}' (line {at}) against "
                        f"'{figure}' (line {number})",
                        (at, number),
                    )
                )
    return warnings
