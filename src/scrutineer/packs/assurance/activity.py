"""Activity figures printed in prose or small tables rather than scorecards (LADO contacts
and referrals, CDOP meetings and deaths reviewed, missing children, rapid reviews per
quarter), read as indicators with observations.

Each reader keys on the phrase that carries the figure ("1,085 contacts … in 2020/21",
"decreased by 21% from 400 in 2019/20 to 317 this year", "met 7 times … reviewed 39
deaths", "211 children … a total of 581 missing episodes in 2012-13") and on the service the
paragraph is about (LADO, CDOP, missing children). A figure's year is the one printed in its
clause, else the one that opens its sentence; "this year" is the latest year printed just
before. Rapid reviews per quarter are a scorecard row where a paper tables them, and the
scorecard reader keeps them; nothing here reads them again.

Checks, each naming both values and their lines: a printed change ("an increase of 3.5% on
the 1,048") that the two figures do not give, and a split of missing children or episodes
(out of the area, living in the area) that does not add up to the total."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..figures import read_amount
from ..model import Component, PackWarning
from ..scorecard.areas import LOCAL_AUTHORITY
from ..scorecard.indicators import ParsedIndicator, ParsedObservation
from ..scorecard.periods import FINANCIAL_YEAR, read_period
from ..scorecard.regions import local_authority_name
from .model import Span, where

N = r"(\d{1,3}(?:,\d{3})+|\d{1,7})"
YEAR = r"((?:19|20)\d{2}\s{0,2}[/–-]\s{0,2}(?:19|20)?\d{2})"
PCT = r"(\d{1,3}(?:\.\d{1,2})?)\s{0,2}%"
_WORD_NUMBERS = {
    "once": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_COMPARED = re.compile(r"\b(?:from|on|than|compared|since|last)\b", re.I)  # an earlier year
LOOK_BACK = 10  # lines searched for the year "this year" means
TOPIC_LINES = 4  # a paragraph this close after one naming the service is about it too
CLAUSE = 90  # characters after a figure searched for its year

_TOPICS = (
    ("LADO", re.compile(r"\bLADO\b|\bdesignated\s{1,3}officer\b", re.I)),
    ("CDOP", re.compile(r"\bCDOP\b|\bchild\s{1,3}death\s{1,3}(?:overview|review)\b", re.I)),
    ("Missing children", re.compile(r"\bmissing\s{1,3}episodes\b", re.I)),
)
_CONTACTS = re.compile(rf"\b{N}\s{{1,3}}contacts\b", re.I)
_CHANGE_ON = re.compile(
    rf"\b(increase|decrease|rise|fall|reduction)\s{{1,3}}of\s{{1,3}}{PCT}\s{{1,3}}on\s{{1,3}}"
    rf"(?:the\s{{1,3}})?{N}\b",
    re.I,
)
_FROM_TO = re.compile(
    rf"\bnumber\s{{1,3}}of\s{{1,3}}([a-z]{{3,20}})\s{{1,3}}(?:has\s{{1,3}})?(increased|decreased|"
    rf"risen|fallen|rose|fell)(?:\s{{1,3}}by\s{{1,3}}{PCT})?\s{{1,3}}from\s{{1,3}}{N}\s{{1,3}}"
    rf"in\s{{1,3}}{YEAR}\s{{1,3}}to\s{{1,3}}{N}(?:\s{{1,3}}in\s{{1,3}}{YEAR}|\s{{1,3}}(this\s{{1,3}}year))?",
    re.I,
)
_MET = re.compile(
    r"\bmet\s{1,3}(\d{1,3}|[a-z]{3,6})\s{1,3}times\b|\bmet\s{1,3}(once|twice)\b", re.I
)
_REVIEWED = re.compile(rf"\breviewed\s{{1,3}}{N}\s{{1,3}}(?:child\s{{1,3}})?deaths\b", re.I)
_MISSING = re.compile(
    rf"\b{N}\s{{1,3}}(?:children|young\s{{1,3}}people|C&YP)[^.;]{{0,80}}?\b{N}\s{{1,3}}missing"
    rf"\s{{1,3}}episodes\b",
    re.I,
)
_MISSING_BEFORE = re.compile(
    rf"\b{N}\s{{1,3}}(?:children|young\s{{1,3}}people|C&YP)\s{{1,3}}reported\s{{1,3}}missing"
    rf"\s{{1,3}}(?:for|in)\s{{1,3}}{YEAR}",
    re.I,
)
_PLACE = r"(?:city|area|county|borough|district|authority)"
_OUT_OF_AREA = re.compile(
    rf"\b{N}\s{{1,3}}(?:children|young\s{{1,3}}people|C&YP)[^.;]{{0,40}}?\bmissing\s{{1,3}}from"
    rf"\s{{1,3}}out\s{{1,3}}of\s{{1,3}}{_PLACE}[^.;]{{0,60}}?\b{N}\s{{1,3}}episodes\b",
    re.I,
)
_IN_AREA = re.compile(
    rf"\b{N}\s{{1,3}}(?:children|young\s{{1,3}}people|C&YP)[^.;]{{0,40}}?\blived\s{{1,3}}in"
    rf"\s{{1,3}}the\s{{1,3}}{_PLACE}[^.;]{{0,40}}?\b{N}\s{{1,3}}(?:occasions|episodes)\b",
    re.I,
)


@dataclass
class _Figure:
    name: str
    group: str
    period: str
    raw: str
    lines: Span


def activity_figures(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedIndicator], list[PackWarning]]:
    area = local_authority_name(lines) or "Local authority"
    figures: list[_Figure] = []
    warnings: list[PackWarning] = []
    topic, since = None, -LOOK_BACK
    for index, line in enumerate(lines):
        named = next((name for name, pattern in _TOPICS if pattern.search(line)), None)
        if named is not None:
            topic, since = named, index
        elif index - since > TOPIC_LINES:
            topic = None  # a paragraph a few lines on is about something else
        if topic is None or not re.search(r"\d", line):
            continue
        span = (index + 1, index + 1)
        reader = {"LADO": _lado, "CDOP": _cdop, "Missing children": _missing}[topic]
        reader(lines, index, span, figures, warnings)
    return _indicators(figures, area), warnings


# The readers -------------------------------------------------------------------------------


def _number(text: str) -> Decimal:
    amount = read_amount(text)
    return amount.value if amount else Decimal(_WORD_NUMBERS.get(text.lower(), 0))


def _year_of(text: str, start: int, end: int) -> str | None:
    """The year in the figure's clause, else the last one before it in its sentence."""
    clause = re.split(r"[;,.(]\s", text[end : end + CLAUSE].lstrip(" ,"), maxsplit=1)[0]
    after = FINANCIAL_YEAR.search(clause)
    if after and not _COMPARED.search(clause, 0, after.start()):
        return after.group(0)
    sentence_start = max(text.rfind(". ", 0, start), 0)
    before = list(FINANCIAL_YEAR.finditer(text, sentence_start, start))
    return before[-1].group(0) if before else None


def _this_year(lines: list[str], index: int, than: str) -> str | None:
    """The latest year printed on the figure's line or just above, later than ``than``."""
    floor = read_period(than, None)
    latest = None
    for line in lines[max(index - LOOK_BACK, 0) : index + 1]:
        for match in FINANCIAL_YEAR.finditer(line):
            period = read_period(match.group(0), None)
            if period and floor and period.start and period.start > (floor.start or ""):
                if latest is None or period.start > latest[0]:
                    latest = (period.start, match.group(0))
    return latest[1] if latest else None


def _lado(lines, index, span, figures, warnings) -> None:
    text = lines[index]
    found: list[tuple[Decimal, str, str]] = []  # value, period, raw
    for match in _CONTACTS.finditer(text):
        year = _year_of(text, match.start(), match.end())
        if year:
            figures.append(_Figure("LADO contacts", "LADO", year, match[1], span))
            found.append((_number(match[1]), year, match[1]))
    for match in _CHANGE_ON.finditer(text):
        earlier = next((f for f in found if f[2] == match[3]), None)
        later = next((f for f in found if f[2] != match[3]), None)
        if earlier and later:
            _check_change(match[1], match[2], earlier, later, span, "LADO contacts", warnings)
    for match in _FROM_TO.finditer(text):
        measure, direction, pct, old, old_year, new, new_year, this = match.groups()
        new_year = new_year or (this and _this_year(lines, index, old_year))
        name = f"LADO {measure.lower()}"
        figures.append(_Figure(name, "LADO", old_year, old, span))
        if new_year:
            figures.append(_Figure(name, "LADO", new_year, new, span))
            if pct:
                earlier, later = (_number(old), old_year, old), (_number(new), new_year, new)
                _check_change(direction, pct, earlier, later, span, name, warnings)


def _check_change(direction, pct, earlier, later, span, name, warnings) -> None:
    """A printed percentage change against the one the two figures give, to the printed
    decimal places; a rise printed as a fall is flagged too."""
    old, new = earlier[0], later[0]
    if not old:
        return
    places = Decimal(1).scaleb(-len(pct.split(".", 1)[1])) if "." in pct else Decimal(1)
    change = ((new - old) / old * 100).quantize(places, rounding=ROUND_HALF_UP)
    falling = direction.lower().startswith(("de", "fall", "fell", "red"))
    printed = Decimal(pct) * (-1 if falling else 1)
    if change != printed:
        warnings.append(
            PackWarning(
                "activity-change-differs",
                f"{name}: {later[2]} in {later[1]} against {earlier[2]} in {earlier[1]} is a "
                f"change of {change:+}%, not the {'-' if falling else '+'}{pct}% printed "
                f"({where(span)})",
                span,
            )
        )


def _cdop(lines, index, span, figures, warnings) -> None:
    text = lines[index]
    for match in _MET.finditer(text):
        raw = match[1] or match[2]
        year = _year_of(text, match.start(), match.end())
        if year and _number(raw):
            figures.append(_Figure("CDOP meetings", "CDOP", year, raw, span))
    for match in _REVIEWED.finditer(text):
        year = _year_of(text, match.start(), match.end())
        if year:
            figures.append(_Figure("Child deaths reviewed by CDOP", "CDOP", year, match[1], span))


def _missing(lines, index, span, figures, warnings) -> None:
    text = lines[index]
    total = _MISSING.search(text)
    if total is None:
        return
    year = _year_of(text, total.start(2), total.end())
    if year is None:
        return
    group = "Missing children"
    figures.append(_Figure("Children reported missing", group, year, total[1], span))
    figures.append(_Figure("Missing episodes", group, year, total[2], span))
    for match in _MISSING_BEFORE.finditer(text):
        figures.append(_Figure("Children reported missing", group, match[2], match[1], span))
    out = _OUT_OF_AREA.search(text)
    home = _IN_AREA.search(text)
    if out is None or home is None:
        return
    parts = (
        ("Children reported missing from placements out of the area", out[1]),
        ("Missing episodes of children placed from out of the area", out[2]),
        ("Children living in the area reported missing", home[1]),
        ("Missing episodes of children living in the area", home[2]),
    )
    for name, raw in parts:
        figures.append(_Figure(name, group, year, raw, span))
    for what, whole, away, here in (
        ("children", total[1], out[1], home[1]),
        ("missing episodes", total[2], out[2], home[2]),
    ):
        rest = _number(whole) - _number(away)
        if rest != _number(here):
            warnings.append(
                PackWarning(
                    "activity-sum-differs",
                    f"{whole} {what} in {_label(year)} less {away} from out of the area "
                    f"({where(span)}) is {rest:,}, not the {here} printed for those living in "
                    f"the area ({where(span)})",
                    span,
                )
            )


# The indicators ----------------------------------------------------------------------------


def _label(year: str) -> str:
    match = FINANCIAL_YEAR.search(year)
    period = read_period(year, None)
    if match and period and period.start:
        first = int(period.start[:4])
        return f"{first}/{(first + 1) % 100:02d}"
    return year


def _indicators(figures: list[_Figure], area: str) -> list[ParsedIndicator]:
    found: dict[str, ParsedIndicator] = {}
    for figure in figures:
        period = read_period(figure.period, None)
        if period is None or period.kind != "financial-year":
            continue
        indicator = found.setdefault(
            figure.name,
            ParsedIndicator(name=figure.name, unit="count", lines=figure.lines, group=figure.group),
        )
        if any(o.period_start == period.start for o in indicator.observations):
            continue  # the same figure printed again
        first, last = indicator.lines
        indicator.lines = (min(first, figure.lines[0]), max(last, figure.lines[1]))
        indicator.observations.append(
            ParsedObservation(
                area=area,
                area_kind=LOCAL_AUTHORITY,
                period=_label(figure.period),
                period_kind="financial-year",
                period_start=period.start,
                period_end=period.end,
                raw=figure.raw,
                status="reported",
                value=float(_number(figure.raw)),
                lines=figure.lines,
            )
        )
    for indicator in found.values():
        indicator.observations.sort(key=lambda o: o.period_start or "")
    return list(found.values())
