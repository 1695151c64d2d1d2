"""Flag, don't fix: breakdowns that do not add up, percents that disagree with count ÷
total, and prose that contradicts a table's total."""

from __future__ import annotations

import re

from .. import figures as units
from ..figures import REPORTED
from ..model import PackWarning
from .areas import LOCAL_AUTHORITY
from .headings import CAPTION, component_at
from .indicators import Draft, ParsedObservation, period_key
from .labels import match_words, number_text

SUM_TOLERANCE = 1e-6
PROSE_REACH = 60  # lines either side of a table searched for a contradicting count


_SUMMABLE = {units.COUNT, units.COUNT_PERCENT, units.COUNT_COUNT}
_DIMENSION_WORDS = {
    "age-band": "age bands",
    "category": "categories",
    "school-category": "school categories",
    "agency": "agencies",
    "risk-level": "risk levels",
    "gender": "genders",
}


def _breakdown_sums(draft: Draft) -> dict[tuple, tuple[str, float, int, int]]:
    """(area, period, dimension) -> (period label, sum, first line, last line), for breakdowns
    that are all reported."""
    sums: dict[tuple, list] = {}
    broken: set[tuple] = set()
    for observation in draft.observations:
        if observation.breakdown is None:
            continue
        key = (observation.area, period_key(observation), observation.breakdown_dimension)
        if observation.status != REPORTED or observation.value is None:
            broken.add(key)
            continue
        entry = sums.setdefault(key, [observation.period, 0.0, observation.lines[0], 0, 0])
        entry[1] += observation.value
        entry[3] = max(entry[3], observation.lines[1])
        entry[4] += 1
    return {k: (v[0], v[1], v[2], v[3]) for k, v in sums.items() if k not in broken and v[4] > 1}


def _totals(draft: Draft) -> dict[tuple, ParsedObservation]:
    return {
        (o.area, period_key(o)): o
        for o in draft.observations
        if o.breakdown is None and o.status == REPORTED and o.value is not None
    }


def _sum_warning(name, dimension, period, area, total_of, total, found, lines, warnings):
    where = "" if area is None else f" ({area})"
    warnings.append(
        PackWarning(
            "breakdown-sum-mismatch",
            f"{name}: {_DIMENSION_WORDS.get(dimension, dimension)} for {period}{where} sum to "
            f"{number_text(found)} but {total_of} is {number_text(total.value)} "
            f"(line {total.lines[0]})",
            lines,
        )
    )


def _compare_sums(draft, totals, total_of: str, warnings, *, span_total: bool) -> None:
    """Each all-reported set of ``draft``'s breakdowns against its total in ``totals``; the
    warning spans the total's lines too when ``span_total``."""
    for (area, period, dimension), (label, found, first, last) in _breakdown_sums(draft).items():
        total = totals.get((area, period))
        if total is None or abs(found - total.value) <= SUM_TOLERANCE:
            continue
        lines = (first, last)
        if span_total:
            lines = (min(first, total.lines[0]), max(last, total.lines[1]))
        _sum_warning(draft.name, dimension, label, area, total_of, total, found, lines, warnings)


def check_sums(drafts: list[Draft], warnings: list[PackWarning]) -> None:
    for draft in drafts:
        if draft.unit in _SUMMABLE:
            _compare_sums(draft, _totals(draft), "the printed Total", warnings, span_total=True)


def check_groups(drafts: list[Draft], warnings: list[PackWarning]) -> None:
    """Breakdown groups with no total of their own against the same-named indicator's total
    elsewhere in the section."""
    rows: dict[tuple, Draft] = {}
    for other in drafts:
        if other.kind == "row" and other.unit in _SUMMABLE:
            rows.setdefault((other.region, tuple(match_words(other.base))), other)
    for draft in drafts:
        if draft.kind != "group" or draft.unit not in _SUMMABLE or _totals(draft):
            continue
        partner = rows.get((draft.region, tuple(match_words(draft.base))))
        if partner is not None:
            _compare_sums(draft, _totals(partner), f"{partner.name!r}", warnings, span_total=False)


def check_percents(drafts: list[Draft], warnings: list[PackWarning]) -> None:
    for draft in drafts:
        pairs = []
        if draft.counts is not None:
            counts = {
                (o.area, period_key(o), o.breakdown): o
                for o in draft.counts.observations
                if o.status == REPORTED and o.value is not None
            }
            totals = _totals(draft.counts)
            for observation, cell in zip(draft.observations, draft.cells, strict=True):
                if observation.status != REPORTED or observation.value is None:
                    continue
                count = counts.get(
                    (observation.area, period_key(observation), observation.breakdown)
                )
                total = totals.get((observation.area, period_key(observation)))
                if count is not None and total is not None:
                    pairs.append(
                        (observation, observation.value, cell.decimals, count.value, total)
                    )
        elif draft.unit == units.COUNT_PERCENT:
            totals = _totals(draft)
            for observation, cell in zip(draft.observations, draft.cells, strict=True):
                total = totals.get((observation.area, period_key(observation)))
                if (
                    observation.breakdown is not None
                    and total is not None
                    and observation.value2 is not None
                    and total.value is not None
                ):
                    pairs.append(
                        (observation, observation.value2, cell.decimals, observation.value, total)
                    )
        for observation, percent, decimals, count, total in pairs:
            if not total.value:
                continue
            expected = count / total.value * 100
            if abs(expected - percent) > 0.5 * 10 ** (-decimals) + 1e-9:
                warnings.append(
                    PackWarning(
                        "percent-mismatch",
                        f"{draft.name}, {observation.breakdown or observation.area}, "
                        f"{observation.period}: {number_text(percent)}% is printed but "
                        f"{number_text(count)} of {number_text(total.value)} is {expected:.2f}%",
                        observation.lines,
                    )
                )


_PROSE_NUMBER = re.compile(r"(?<![\d.,£])(\d{1,3}(?:,\d{3}){1,3}|\d{1,7})(?![\d.,%])")
_SPACE_WORD = re.compile(r"\s{1,3}[A-Za-z]")
_CLAUSE_END = re.compile(r"[.;:,!?](?:\s|$)")
_LINKS = {"with": "on", "on": "on", "subject": "on", "having": "on"}


def _prose_words(text: str) -> list[str]:
    words = []
    for word in match_words(text):
        if word in {"a", "an", "the", "to"}:
            continue
        words.append(_LINKS.get(word, word))
    return words


def _current_total(draft: Draft) -> ParsedObservation | None:
    totals = [
        o
        for o in draft.observations
        if o.breakdown is None
        and o.area_kind == LOCAL_AUTHORITY
        and o.status == REPORTED
        and o.value is not None
    ]
    if not totals:
        return None
    preferred = [o for o in totals if o.period_kind in {"year-to-date", "snapshot"}]
    return max(preferred or totals, key=lambda o: (o.period_end or "", o.lines[0]))


def check_prose(lines, components, drafts, warnings, reach: int = PROSE_REACH) -> None:
    """A count stated in prose for the subject of a table with a Total, disagreeing with it."""
    reported: set[tuple] = set()
    starts = [component.lines[0] - 1 for component in components]
    for draft in drafts:
        if not draft.total_source or draft.unit not in _SUMMABLE or draft.measure == "percent":
            continue
        total = _current_total(draft)
        if total is None:
            continue
        subject = _prose_words(re.split(r"\s{1,3}by\s{1,3}", draft.base, maxsplit=1)[0])
        if len(subject) < 3:
            continue
        first, last = draft.first - 1, draft.last
        floor, ceiling = max(0, first - reach), min(len(lines), last + reach)
        component = component_at(components, starts, first)
        if component is not None:
            floor = max(floor, component.lines[0] - 1)
            ceiling = min(ceiling, component.lines[1])
        for index in range(floor, ceiling):
            raw = lines[index]
            if "\t" in raw or first <= index < last:
                continue
            if CAPTION.fullmatch(raw.strip()):
                continue
            for match in _PROSE_NUMBER.finditer(raw):
                if not _SPACE_WORD.match(raw, match.end()):
                    continue
                after = _prose_words(raw[match.end() : match.end() + 120])
                if after[: len(subject)] != subject:
                    continue
                number = float(match.group(1).replace(",", ""))
                key = (index, number, total.value)
                if number == total.value or key in reported:
                    continue
                reported.add(key)
                stated = _CLAUSE_END.split(raw[match.start() : match.start() + 120], maxsplit=1)[0]
                warnings.append(
                    PackWarning(
                        "contradiction",
                        f"line {index + 1} says {stated.strip()!r} but {draft.name!r} has a "
                        f"total of {number_text(total.value)} "
                        f"({total.period}, line {total.lines[0]})",
                        (min(index + 1, total.lines[0]), max(index + 1, total.lines[1])),
                    )
                )
