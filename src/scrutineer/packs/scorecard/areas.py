"""Areas and breakdowns: which area a header or row names ("All England", "Statutory
Neigh.", "Force-wide"), and what kind of row a label starts."""

from __future__ import annotations

import re

LOCAL_AUTHORITY = "local-authority"
_AREAS = [
    (
        re.compile(
            r"best\s{1,3}(?:performing\s{1,3})?stat(?:istical|\.)?\s{0,3}neigh\w{0,8}\.?", re.I
        ),
        None,
        "best-statistical-neighbour",
    ),
    (
        re.compile(
            r"(?:statistical|statutory|stat\.)\s{0,3}neigh\w{0,8}\.?(?:\s{1,3}average)?", re.I
        ),
        "Statistical neighbours",
        "statistical-neighbours",
    ),
    (re.compile(r"(?:all\s{1,3})?england(?:\s{1,3}average)?", re.I), "England", "england"),
    (re.compile(r"national(?:\s{1,3}average)?", re.I), "National", "england"),
    (re.compile(r"regional(?:\s{1,3}average)?", re.I), "Regional", "region"),
    (re.compile(r"west\s{1,3}midlands(?!\s{1,3}police)", re.I), "West Midlands", "region"),
    (re.compile(r"force[- ]wide", re.I), "Force-wide", "police-force-area"),
]
_AREA_END = re.compile(r"\s|$|[:,(]")
FORCE_WIDE = re.compile(r"\bforce[- ]wide\b", re.I)


def find_area(text: str, la: str) -> tuple[str | None, str, str] | None:
    """(area, kind, the rest of the text) when ``text`` starts with an area's name."""
    text = text.strip()
    for pattern, name, kind in _AREAS:
        match = pattern.match(text)
        if match and _AREA_END.match(text, match.end()):
            return name, kind, text[match.end() :].strip()
    if la and text.lower().startswith(la.lower()) and _AREA_END.match(text, len(la)):
        return la, LOCAL_AUTHORITY, text[len(la) :].strip()
    return None


STUB_DIMENSIONS = {
    "age": "age-band",
    "age group": "age-band",
    "age band": "age-band",
    "age range": "age-band",
    "category": "category",
    "plan category": "category",
    "category of abuse": "category",
    "category of plan": "category",
    "gender": "gender",
    "sex": "gender",
    "agency": "agency",
    "statutory agency": "agency",
    "partner": "agency",
    "partner agency": "agency",
    "organisation": "agency",
    "school category": "school-category",
    "school type": "school-category",
    "risk level": "risk-level",
    "risk": "risk-level",
}
PLAIN_STUBS = {"year", "years", "period", "quarter", "area", "indicator", "measure", "date"}
_AGE = re.compile(
    r"(?:aged?\s{1,3})?(?:unborn|under\s{1,3}\d{1,2}|\d{1,2}\s{0,3}(?:-|–|to)\s{0,3}\d{1,2}"
    r"|\d{1,2}\s{0,2}\+|\d{1,2}\s{1,3}and\s{1,3}(?:over|above))(?:\s{1,3}years?)?",
    re.I,
)
_RISK = re.compile(r"(?:low|medium|high|very\s{1,3}high)(?:\s{1,3}risk)?", re.I)
_GENDER = re.compile(r"male|female|boys?|girls?", re.I)
TOTAL = re.compile(r"(?:grand\s{1,3})?totals?", re.I)


def classify_row(label: str, stub_dimension: str | None, la: str) -> tuple[str, object]:
    """("total"|"breakdown"|"area"|"best"|"indicator", detail) for a row label."""
    if TOTAL.fullmatch(label):
        return "total", None
    if stub_dimension:
        return "breakdown", (stub_dimension, label)
    if _AGE.fullmatch(label):
        return "breakdown", ("age-band", label)
    if _RISK.fullmatch(label):
        return "breakdown", ("risk-level", label)
    if _GENDER.fullmatch(label):
        return "breakdown", ("gender", label)
    area = find_area(label, la)
    if area and not area[2].strip(" .:"):
        if area[1] == "best-statistical-neighbour":
            return "best", None
        return "area", (area[0], area[1])
    return "indicator", None
