"""Synthetic performance scorecards for the synthetic bodies that ``tracker.synth`` makes.

``generate(scale, seed=..., today=...)`` gives each synthetic partnership, Health and
Well-being Board and children's scrutiny board a scorecard: indicators with realistic names
spread over the body's priorities, in every unit (counts, percentages, rates, currency,
days, a count with a percentage, a count with a second count, and pairs such as arrests and
convictions), with polarities, responsible partners, caveats and RAG rules against targets
or comparator areas. Each indicator has figures for ten years of financial quarters (and
the financial years they make up) for five areas: the council, England, a region, its
statistical neighbours and a best statistical neighbour; some are broken down by age band
(or category of abuse, school category or gender). At scale 1 there are 200 indicators and
about 200,000 observations; scale N multiplies the indicators.

The last eight quarters come from quarterly data calls: partners' submissions are recorded,
and a partner that missed a call has its figures recorded as "Not received". Some figures
are blank or "n/a", and a few were corrected after submission: the corrected figure is
current and the earlier one is kept, superseded by it.

Like ``tracker.synth`` it writes in bulk inside one transaction, draws everything from
``random.Random(seed)`` and a fixed "today", and leaves every record without a source
document, so nothing can be mistaken for an ingested paper.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils.text import slugify

from scrutineer.governance.models import Body, Organisation, Visibility
from scrutineer.tracker import synth as tracker_synth

from .models import (
    Area,
    Breakdown,
    DataCall,
    Indicator,
    Observation,
    Period,
    RagRule,
    Submission,
)

INDICATORS_PER_SCALE = 200
MIN_INDICATORS = 10
QUARTERS = 40  # ten years
DATA_CALL_QUARTERS = 8  # the most recent quarters were collected through data calls
DEADLINE_DAYS = 42  # a data call's deadline, after the quarter's end
BATCH = 5_000
MAX_PARAMS = 60_000  # PostgreSQL takes at most 65,535 parameters in one statement

# Shares, tuned so scale 1 makes about 200,000 observations.
ANNUAL_SHARE = 0.1  # indicators reported for financial years only
BREAKDOWN_SHARE = 0.55  # indicators broken down (by age band, mostly) in every area
RESTRICTED_SHARE = 0.02
RAG_TARGET_SHARE = 0.3  # of judged (higher/lower is better) indicators
RAG_COMPARATOR_SHARE = 0.2
MISSED_CALL_SHARE = 0.12  # a partner's chance of missing one quarter's data call
NOT_RECEIVED_SHARE = 0.02  # outside data calls, a council figure not received
BLANK_SHARE = 0.01
NOT_APPLICABLE_SHARE = 0.01
COMPARATOR_NA_SHARE = 0.02  # "-": a comparator not published for the period
FOOTNOTE_SHARE = 0.03  # comparator figures that are last year's average ("*23.0")
CORRECTED_SHARE = 0.003  # reported council figures later corrected
MIN_CORRECTED = 3

Progress = Callable[[str, int, int], None]

# --- What the indicators measure -----------------------------------------------------------

U = Indicator.Unit
HIGHER, LOWER, NEUTRAL = (
    Indicator.Polarity.HIGHER,
    Indicator.Polarity.LOWER,
    Indicator.Polarity.NEUTRAL,
)
AGE, CATEGORY, SCHOOL, GENDER = "age", "category", "school", "gender"
ADULT_AGE, ADULT_CATEGORY = "adult-age", "adult-category"
AGENCY, RISK = "agency", "risk"
# An indicator broken down two ways has a set of figures for each ("+" joins them).
AGE_CATEGORY, AGE_GENDER = f"{AGE}+{CATEGORY}", f"{AGE}+{GENDER}"
ADULT_AGE_CATEGORY = f"{ADULT_AGE}+{ADULT_CATEGORY}"
ADULT_AGE_GENDER = f"{ADULT_AGE}+{GENDER}"

BREAKDOWNS = {
    AGE: (
        Breakdown.Dimension.AGE_BAND,
        ["Unborn", "Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"],
    ),
    ADULT_AGE: (
        Breakdown.Dimension.AGE_BAND,
        ["18 to 39", "40 to 64", "65 to 74", "75 to 84", "85 and over"],
    ),
    ADULT_CATEGORY: (
        Breakdown.Dimension.CATEGORY,
        [
            "Neglect and acts of omission",
            "Financial or material abuse",
            "Physical abuse",
            "Psychological abuse",
            "Self-neglect",
            "Domestic abuse",
        ],
    ),  # fmt: skip
    CATEGORY: (
        Breakdown.Dimension.CATEGORY,
        ["Neglect", "Physical abuse", "Sexual abuse", "Emotional abuse", "Multiple"],
    ),
    SCHOOL: (Breakdown.Dimension.SCHOOL_CATEGORY, ["Primary", "Secondary", "Special", "PRU"]),
    GENDER: (Breakdown.Dimension.GENDER, ["Female", "Male", "Not known"]),
    AGENCY: (
        Breakdown.Dimension.AGENCY,
        [
            "City Council",
            "Police",
            "Integrated Care Board",
            "Acute trust",
            "Community trust",
            "Probation",
        ],
    ),  # fmt: skip
    RISK: (Breakdown.Dimension.RISK_LEVEL, ["Low", "Medium", "High"]),
}


@dataclass(frozen=True)
class Measure:
    """A catalogue entry: what is measured, how, and who reports it."""

    name: str
    unit: str
    polarity: str
    priority: int  # index into the theme's priorities
    group: str
    agency: str  # key into an authority's organisations
    breakdown: str | None = None  # keys into BREAKDOWNS (joined by "+"), if broken down
    caveat: str = ""


def m(name, unit, polarity, priority, group, agency, breakdown=None, caveat=""):
    return Measure(name, unit, polarity, priority, group, agency, breakdown, caveat)


CHILDREN = [
    m("Children subject to a child protection plan", U.COUNT_PERCENT, NEUTRAL, 0,
      "Child protection", "council", AGE_CATEGORY),
    m("Child protection plans (Neglect) open at quarter end", U.COUNT_PERCENT, NEUTRAL, 0,
      "Child protection", "council", AGE),
    m("Rate of children subject to a child protection plan", U.RATE_10000, LOWER, 0,
      "Child protection", "council", AGE_CATEGORY),
    m("New child protection plans: % of all plans", U.PERCENT, NEUTRAL, 0,
      "Child protection", "council", CATEGORY),
    m("Child protection plans lasting two years or more", U.PERCENT, LOWER, 0,
      "Child protection", "council", AGE),
    m("Children becoming subject to a plan for a second or subsequent time", U.PERCENT,
      LOWER, 0, "Child protection", "council", AGE_CATEGORY),
    m("Initial child protection conferences within 15 working days of the strategy "
      "discussion", U.PERCENT, HIGHER, 0, "Child protection", "council"),
    m("Child protection reviews held in timescale", U.PERCENT, HIGHER, 0,
      "Child protection", "council"),
    m("Children in need (Abuse or Neglect)", U.COUNT_PERCENT, NEUTRAL, 0,
      "Children in need", "council", AGE_GENDER),
    m("Rate of children in need", U.RATE_10000, NEUTRAL, 0, "Children in need", "council",
      AGE),
    m("Children in need visited in timescale", U.PERCENT, HIGHER, 0, "Children in need",
      "council"),
    m("Health assessments for children in care completed on time", U.PERCENT, HIGHER, 0,
      "Health", "icb", caveat="Figures from the ICB's own system; not validated by the council."),
    m("Referrals to children's social care", U.COUNT, NEUTRAL, 2, "Front door", "council",
      AGE_GENDER),
    m("Rate of referrals to children's social care", U.RATE_10000, NEUTRAL, 2, "Front door",
      "council", AGE_GENDER),
    m("Re-referrals into MASH within 12 months (YTD)", U.PERCENT, LOWER, 2, "Front door",
      "council", AGE),
    m("Contacts to MASH progressed to referral", U.PERCENT, NEUTRAL, 2, "Front door",
      "council"),
    m("MASH decisions within 24 hours", U.PERCENT, HIGHER, 2, "Front door", "council"),
    m("Single assessments completed within 45 working days", U.PERCENT, HIGHER, 2,
      "Assessment", "council", AGE),
    m("Average days from referral to assessment completion", U.DAYS, LOWER, 2,
      "Assessment", "council"),
    m("Early help assessments started", U.COUNT, HIGHER, 2, "Early help", "council", AGE_GENDER),
    m("Families supported by Family Hubs", U.COUNT, HIGHER, 2, "Early help", "council"),
    m("Early help cases stepped up to social care", U.PERCENT, LOWER, 2, "Early help",
      "council", AGE),
    m("Domestic abuse notifications shared with schools (Operation Encompass)", U.COUNT,
      NEUTRAL, 2, "Domestic abuse", "police"),
    m("Cases heard at MARAC", U.COUNT_COUNT, NEUTRAL, 2, "Domestic abuse", "police",
      caveat="Cases (children in those households)."),
    m("Repeat MARAC referrals", U.PERCENT, LOWER, 2, "Domestic abuse", "police"),
    m("Children missing from home or care: episodes (children)", U.COUNT_COUNT, LOWER, 1,
      "Missing", "police", AGE_GENDER),
    m("Return home interviews completed within 72 hours (YTD)", U.PERCENT, HIGHER, 1,
      "Missing", "vcs", AGE_GENDER),
    m("Children missing from education", U.COUNT, LOWER, 1, "Missing", "council", SCHOOL),
    m("Children electively home educated", U.COUNT, NEUTRAL, 1, "Education", "council",
      SCHOOL),
    m("Children assessed as at risk of child sexual exploitation", U.COUNT, LOWER, 1,
      "Exploitation", "police", AGE_GENDER),
    m("Children who experienced a reduction in their exploitation risk level", U.COUNT,
      HIGHER, 1, "Exploitation", "council", RISK),
    m("Child exploitation arrests and convictions", U.RATIO, HIGHER, 1, "Exploitation",
      "police", caveat="Arrests/convictions in the quarter; convictions may relate to "
      "earlier arrests."),
    m("Regional child exploitation reports (Force-wide)", U.COUNT, NEUTRAL, 1,
      "Exploitation", "police"),
    m("Referrals to the National Referral Mechanism (under 18)", U.COUNT, NEUTRAL, 1,
      "Exploitation", "police", AGE_GENDER),
    m("First-time entrants to the youth justice system", U.RATE_100000, LOWER, 1,
      "Youth justice", "probation", GENDER),
    m("Young people in education, training or employment at the end of their order",
      U.PERCENT, HIGHER, 1, "Youth justice", "council"),
    m("Children looked after at quarter end", U.COUNT, NEUTRAL, 3, "Children in care",
      "council", AGE_GENDER),
    m("Rate of children looked after", U.RATE_10000, LOWER, 3, "Children in care",
      "council", AGE),
    m("Children in care with three or more placements in the year", U.PERCENT, LOWER, 3,
      "Children in care", "council", AGE),
    m("Children in care placed more than 20 miles from home", U.PERCENT, LOWER, 3,
      "Children in care", "council"),
    m("Average weekly cost of a residential placement", U.CURRENCY, LOWER, 3,
      "Children in care", "council", caveat="Gross cost, before health contributions."),
    m("Care leavers in suitable accommodation", U.PERCENT, HIGHER, 3, "Care leavers",
      "council", GENDER),
    m("Care leavers in education, employment or training", U.PERCENT, HIGHER, 3,
      "Care leavers", "council", GENDER),
    m("Average days between entering care and moving in with an adoptive family", U.DAYS,
      LOWER, 3, "Adoption", "council"),
    m("Persistent absence from school", U.PERCENT, LOWER, 1, "Attendance", "council",
      SCHOOL, caveat="Academic-year figures, reported in the quarter published."),
    m("Fixed-term suspensions", U.RATE_1000, LOWER, 1, "Attendance", "council", SCHOOL),
    m("Social worker vacancy rate", U.PERCENT, LOWER, 2, "Workforce", "council"),
    m("Agency social workers", U.PERCENT, LOWER, 2, "Workforce", "council"),
    m("Average social worker caseload", U.COUNT, LOWER, 2, "Workforce", "council"),
    m("Staff trained in safeguarding children (Level 3)", U.PERCENT, HIGHER, 2,
      "Training compliance", "hospital", AGENCY, caveat="Partners' own training records."),
    m("Section 11 audits returned", U.PERCENT, HIGHER, 2, "Training compliance", "council", AGENCY),
    m("Allegations against people who work with children referred to the LADO", U.COUNT,
      NEUTRAL, 2, "Allegations", "council"),
]  # fmt: skip
ADULTS = [
    m("Safeguarding concerns received", U.COUNT, NEUTRAL, 0, "Concerns and enquiries",
      "council", ADULT_AGE_CATEGORY),
    m("Concerns progressing to a Section 42 enquiry", U.PERCENT, NEUTRAL, 0,
      "Concerns and enquiries", "council", ADULT_CATEGORY),
    m("Section 42 enquiries concluded", U.COUNT_PERCENT, NEUTRAL, 0,
      "Concerns and enquiries", "council", ADULT_AGE_CATEGORY),
    m("Rate of Section 42 enquiries", U.RATE_100000, NEUTRAL, 0, "Concerns and enquiries",
      "council", ADULT_AGE),
    m("Enquiries where the person was asked about their desired outcomes", U.PERCENT,
      HIGHER, 0, "Making safeguarding personal", "council"),
    m("Desired outcomes fully or partly achieved", U.PERCENT, HIGHER, 0,
      "Making safeguarding personal", "council", ADULT_AGE_CATEGORY),
    m("Risk removed or reduced at the end of the enquiry", U.PERCENT, HIGHER, 0,
      "Making safeguarding personal", "council", ADULT_CATEGORY),
    m("Enquiries where the person lacked capacity and had an advocate", U.PERCENT, HIGHER, 0,
      "Making safeguarding personal", "vcs"),
    m("Self-neglect and hoarding referrals", U.COUNT, NEUTRAL, 1, "Self-neglect", "council",
      ADULT_AGE_GENDER),
    m("Fire safety visits to people at risk of self-neglect", U.COUNT, HIGHER, 1,
      "Self-neglect", "fire"),
    m("Deprivation of Liberty Safeguards applications awaiting assessment", U.COUNT, LOWER, 1,
      "Mental capacity", "council", ADULT_AGE),
    m("Average days to complete a DoLS assessment", U.DAYS, LOWER, 1, "Mental capacity",
      "council"),
    m("Safeguarding Adults Reviews commissioned and published", U.RATIO, NEUTRAL, 2,
      "Learning", "council", caveat="Commissioned/published in the year to date."),
    m("Care homes rated Good or Outstanding", U.PERCENT, HIGHER, 2, "Quality", "council"),
    m("Hospital discharges delayed over seven days", U.COUNT, LOWER, 2, "Quality",
      "hospital", ADULT_AGE),
    m("Staff trained in safeguarding adults (Level 2)", U.PERCENT, HIGHER, 2,
      "Training compliance", "mental-health", AGENCY, caveat="Partners' own training records."),
    m("Domestic abuse related incidents involving adults at risk", U.COUNT, NEUTRAL, 2,
      "Domestic abuse", "police", ADULT_AGE),
    m("Modern slavery referrals (adults)", U.COUNT, NEUTRAL, 2, "Exploitation", "police", GENDER),
    m("Average weekly cost of a nursing home placement", U.CURRENCY, NEUTRAL, 2, "Quality",
      "council"),
    m("Ambulance safeguarding referrals", U.COUNT, NEUTRAL, 0, "Concerns and enquiries",
      "ambulance"),
]  # fmt: skip
HEALTH = [
    m("Breastfeeding at 6 to 8 weeks", U.PERCENT, HIGHER, 0, "Best start", "mental-health"),
    m("Smoking at time of delivery", U.PERCENT, LOWER, 0, "Best start", "hospital"),
    m("Children receiving the 2½-year development review", U.PERCENT, HIGHER, 0,
      "Best start", "mental-health"),
    m("MMR vaccination (two doses by age 5)", U.PERCENT, HIGHER, 0, "Best start", "icb"),
    m("Infant mortality", U.RATE_1000, LOWER, 0, "Best start", "icb",
      caveat="Three-year rolling rate."),
    m("Under-18 conceptions", U.RATE_1000, LOWER, 0, "Best start", "icb"),
    m("Children achieving a good level of development at age 5", U.PERCENT, HIGHER, 0,
      "Best start", "council", GENDER),
    m("Reception children overweight or obese", U.PERCENT, LOWER, 1, "Healthy weight",
      "council", GENDER),
    m("Year 6 children overweight or obese", U.PERCENT, LOWER, 1, "Healthy weight",
      "council", GENDER),
    m("Adults physically active", U.PERCENT, HIGHER, 1, "Healthy weight", "council",
      ADULT_AGE_GENDER),
    m("Hospital admissions for self-harm (10 to 24 years)", U.RATE_100000, LOWER, 2,
      "Mental wellbeing", "hospital", GENDER),
    m("Referrals to children and young people's mental health services", U.COUNT, NEUTRAL, 2,
      "Mental wellbeing", "mental-health", AGE_GENDER),
    m("Average days waited for a first mental health appointment", U.DAYS, LOWER, 2,
      "Mental wellbeing", "mental-health"),
    m("Suicide rate", U.RATE_100000, LOWER, 2, "Mental wellbeing", "icb", GENDER,
      caveat="Three-year pooled rate."),
    m("People on a GP register for depression", U.PERCENT, NEUTRAL, 2, "Mental wellbeing",
      "icb"),
    m("Drug treatment: successful completions", U.PERCENT, HIGHER, 2, "Substance misuse",
      "vcs", GENDER),
    m("Alcohol-related hospital admissions", U.RATE_100000, LOWER, 2, "Substance misuse",
      "hospital", ADULT_AGE_GENDER),
    m("Smoking prevalence in adults", U.PERCENT, LOWER, 1, "Healthy weight", "council",
      ADULT_AGE_GENDER),
    m("Better Care Fund spend per head", U.CURRENCY, NEUTRAL, 1, "Integration", "council"),
    m("Emergency admissions of people aged 65 and over", U.RATE_100000, LOWER, 1,
      "Integration", "hospital", GENDER),
]  # fmt: skip

# Which bodies keep a scorecard, with their catalogue and priorities (by template index in
# tracker.synth.BODY_TEMPLATES).
THEMES = {
    1: (CHILDREN, ["Priority 1: Neglect", "Priority 2: Exploitation and missing children",
                   "Priority 3: Early help and the front door", "Priority 4: Children in care"]),
    0: (CHILDREN, ["Priority 1: Keeping children safe",
                   "Priority 2: Vulnerable children and young people",
                   "Priority 3: Effective services", "Priority 4: Corporate parenting"]),
    3: (HEALTH, ["Priority 1: Best start in life", "Priority 2: Healthy lives",
                 "Priority 3: Mental health and wellbeing"]),
    5: (ADULTS, ["Priority 1: Making safeguarding personal",
                 "Priority 2: Self-neglect and mental capacity",
                 "Priority 3: Quality and learning"]),
}  # fmt: skip
# When a body needs more indicators than its catalogue holds, further ones are variants.
VARIANTS = [
    "", " (rolling 12 months)", " (year to date)", " (in the quarter)", " (excluding UASC)",
    " (local measure)", " (validated)", " (provisional)",
]  # fmt: skip
DEFINITION = "{name}, as reported to the {body} by {agency}. {unit_text}"
UNIT_TEXT = {
    U.COUNT: "A count.",
    U.PERCENT: "A percentage.",
    U.RATE_1000: "A rate per 1,000 of the relevant population.",
    U.RATE_10000: "A rate per 10,000 children aged under 18.",
    U.RATE_100000: "A rate per 100,000 of the relevant population.",
    U.CURRENCY: "Pounds sterling.",
    U.DAYS: "Days, averaged over the cases in the period.",
    U.COUNT_PERCENT: "A count, with its percentage of the whole.",
    U.COUNT_COUNT: "A count, with a second count in brackets.",
    U.RATIO: "A pair of counts, written a/b.",
}
# Typical council levels by unit: (low, high).
LEVELS = {
    U.COUNT: (20, 1500),
    U.PERCENT: (15, 95),
    U.RATE_1000: (3, 40),
    U.RATE_10000: (30, 120),
    U.RATE_100000: (200, 900),
    U.CURRENCY: (500, 6000),
    U.DAYS: (8, 400),
    U.COUNT_PERCENT: (60, 1800),
    U.COUNT_COUNT: (40, 600),
    U.RATIO: (3, 30),
}
# Timeliness and coverage run high; failure rates low.
PERCENT_LEVELS = {HIGHER: (60, 97), LOWER: (8, 35), NEUTRAL: (15, 85)}
COUNTED = {U.COUNT, U.COUNT_PERCENT, U.COUNT_COUNT, U.RATIO}
# A comparator's figure for a count is for a larger population.
COUNT_FACTORS = {
    Area.Kind.ENGLAND: 110.0,
    Area.Kind.REGION: 11.0,
    Area.Kind.STATISTICAL_NEIGHBOURS: 1.0,
    Area.Kind.BEST_NEIGHBOUR: 0.9,
}
REGIONS = [
    "Middle Marches", "Northern Dales", "Western Vales", "Eastern Fens", "Southern Downs",
    "Severn and Shires", "Pennine North", "Channel Coast",
]  # fmt: skip
BEST_NEIGHBOURS = [
    "Hollinsford", "Marlbridge", "Stannington Vale", "Coldharbour", "Wrexley", "Amberhithe",
    "Blythe St Mary", "Kingsmoor", "Ravensholt", "Tilbury Magna",
]  # fmt: skip
CORRECTION_NOTES = [
    "Corrected by the partner after validation: the earlier figure double-counted transfers.",
    "Resubmitted: the first return used the previous quarter's cohort.",
    "Corrected after the performance subgroup queried the figure.",
]
NOT_APPLICABLE_RAW = ["n/a", "NA", "-"]


@dataclass(frozen=True)
class Scorecard:
    """A body and financial year with figures: where the scorecard page has something to
    show (``year`` is as the URL writes it, "2020-21")."""

    body_slug: str
    body_name: str
    year: str


@dataclass
class Result:
    counts: dict[str, int]
    scorecard: Scorecard | None


@dataclass
class AuthorityInfo:
    place: str
    organisations: dict[str, Organisation]
    bodies: list[tuple[Body, int]]  # (body, template index)
    areas: list[Area] = field(default_factory=list)  # council first, then comparators


@dataclass
class Series:
    """One indicator's council level and how it moves."""

    level: float
    trend: float  # change over the ten years, as a share of the level
    noise: float
    share: float  # for count-with-percent: the count's share of the whole, in %
    second: float  # for count-with-count and pairs: the second count's share of the first
    phase: float  # where in the year the seasonal peak falls


# --- Periods -------------------------------------------------------------------------------


def quarter_of(day: dt.date) -> tuple[int, int]:
    """(financial year start, quarter 1-4) that ``day`` falls in; April starts the year."""
    year = day.year if day.month >= 4 else day.year - 1
    return year, (day.month - 4) % 12 // 3 + 1


def quarter_dates(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    month = 4 + 3 * (quarter - 1)
    start = dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    after = dt.date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1)
    return start, after - dt.timedelta(days=1)


def year_label(year: int, sep: str = "/") -> str:
    return f"{year}{sep}{(year + 1) % 100:02d}"


def quarters_before(today: dt.date, count: int = QUARTERS) -> list[tuple[int, int]]:
    """The ``count`` most recent financial quarters that ended before ``today``, oldest
    first."""
    year, quarter = quarter_of(today)
    out = []
    for _ in range(count):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        out.append((year, quarter))
    return out[::-1]


# --- Helpers -------------------------------------------------------------------------------


def authorities_from(plan: tracker_synth.Plan) -> list[tuple[str, str]]:
    """(place, county) of each synthetic authority, named as ``tracker.synth`` names them."""
    places = tracker_synth.PLACES
    prefixes = tracker_synth.PREFIXES
    counties = tracker_synth.COUNTIES
    out = []
    for index in range(plan.authorities):
        place = places[index % len(places)]
        if index >= len(places):
            round_ = index // len(places)
            place = (
                f"{prefixes[round_ - 1]} {place}"
                if round_ <= len(prefixes)
                else (f"{place} {round_}")
            )
        county = counties[index % len(counties)]
        if index >= len(counties):
            county = f"{place} and {county}"
        out.append((place, county))
    return out


def organisation_names(place: str, county: str) -> dict[str, str]:
    return {
        "council": f"{place} City Council",
        "police": f"{county} Police",
        "icb": f"{place} and {county} Integrated Care Board",
        "hospital": f"University Hospitals {place} NHS Trust",
        "mental-health": f"{county} Partnership NHS Trust",
        "fire": f"{county} Fire and Rescue Service",
        "probation": f"{place} Probation Delivery Unit",
        "ambulance": f"{county} Ambulance Service",
        "vcs": f"{place} Voluntary Action",
    }


def existing_or_new(model, wanted: list, key) -> dict:
    """Rows of ``model`` for each of ``wanted`` (unsaved instances), reusing those already in
    the database (matched by ``key``) and creating the rest; by key."""
    found = {}
    keys = {key(obj) for obj in wanted}
    for obj in model.objects.all().iterator():
        if key(obj) in keys:
            found[key(obj)] = obj
    missing, seen = [], set()
    for obj in wanted:
        k = key(obj)
        if k not in found and k not in seen:
            seen.add(k)
            missing.append(obj)
    model.objects.bulk_create(missing, batch_size=BATCH)
    found.update({key(obj): obj for obj in missing})
    return found


def raw_text(unit: str, value: Decimal | None, value2: Decimal | None) -> str:
    """A figure as a paper prints it."""
    if unit == U.PERCENT:
        return f"{value:.1f}%"
    if unit == U.COUNT_PERCENT:
        return f"{value:.0f} ({value2:.1f}%)"
    if unit == U.COUNT_COUNT:
        return f"{value:.0f} ({value2:.0f})"
    if unit == U.RATIO:
        return f"{value:.0f}/{value2:.0f}"
    if unit == U.CURRENCY:
        return f"£{value:,.0f}"
    if unit == U.COUNT:
        return f"{value:.0f}"
    return f"{value:.1f}"


def decimal(number: float, places: int) -> Decimal:
    return Decimal(f"{number:.{places}f}")


# --- The generator -------------------------------------------------------------------------


class ScorecardSynthesiser:
    def __init__(self, scale: float, seed: int, today: dt.date, progress: Progress | None):
        self.plan = tracker_synth.Plan.for_scale(scale)
        self.scale = self.plan.scale
        self.rng = random.Random(f"performance-{seed}")
        self.today = today
        self.progress = progress or (lambda phase, done, total: None)
        self.counts: dict[str, int] = {}
        self.quarters = quarters_before(today)
        years = sorted({year for year, _ in self.quarters})
        whole = [y for y in years if sum(1 for q in self.quarters if q[0] == y) == 4]
        self.years = whole  # financial years with all four quarters

    # -- writing --

    def count(self, label: str, n: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + n

    def write_rows(self, model, names: list[str], rows: Iterable[tuple], **fixed) -> int:
        """Write rows (tuples of the ``names`` columns) without making model instances: COPY
        on PostgreSQL, ``executemany`` elsewhere. Other columns take ``fixed`` values or
        their model default; non-plain values are prepared by their field, as the ORM
        would."""
        fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
        rest = [n for n in fields if n not in names]
        constants = []
        for name in rest:
            f = fields[name]
            value = fixed[name] if name in fixed else f.get_default()
            constants.append(f.get_db_prep_save(value, connection))
        constants = tuple(constants)
        prepared = [
            (i, fields[name]) for i, name in enumerate(names)
            if fields[name].get_internal_type() in {"DateTimeField", "DateField"}
        ]  # fmt: skip
        memo: dict[tuple, object] = {}  # dates repeat: prepare each once

        def full(row: tuple) -> tuple:
            if prepared:
                row = list(row)
                for i, f in prepared:
                    key = (i, row[i])
                    if key not in memo:
                        memo[key] = f.get_db_prep_save(row[i], connection)
                    row[i] = memo[key]
            return (*row, *constants)

        quote = connection.ops.quote_name
        columns = ", ".join(quote(fields[n].column) for n in [*names, *rest])
        table = quote(model._meta.db_table)
        written = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(full(row))
                        written += 1
            else:
                places = ", ".join(["%s"] * (len(names) + len(rest)))
                sql = f"INSERT INTO {table} ({columns}) VALUES ({places})"
                chunk: list[tuple] = []
                for row in rows:
                    chunk.append(full(row))
                    if len(chunk) >= BATCH:
                        cursor.executemany(sql, chunk)
                        written += len(chunk)
                        chunk = []
                if chunk:
                    cursor.executemany(sql, chunk)
                    written += len(chunk)
        return written

    # -- the run --

    def run(self) -> Result:
        authorities = self.authorities()
        if not any(info.bodies for info in authorities):
            return Result(self.counts, None)
        self.periods()
        self.breakdowns()
        self.areas(authorities)
        indicators = self.indicators(authorities)
        self.rag_rules(indicators)
        self.data_calls(indicators)
        self.observations(indicators)
        return Result(self.counts, self.scorecard(indicators))

    def authorities(self) -> list[AuthorityInfo]:
        """The synthetic authorities' scorecard bodies and partner organisations, as
        ``tracker.synth`` made them."""
        infos = []
        bodies = {b.name: b for b in Body.objects.all()}
        organisations = {o.name: o for o in Organisation.objects.all()}
        for place, county in authorities_from(self.plan):
            names = organisation_names(place, county)
            orgs = {key: organisations[name] for key, name in names.items()
                    if name in organisations}  # fmt: skip
            found = []
            for index in THEMES:
                name = tracker_synth.BODY_TEMPLATES[index][0].format(place=place)
                if name in bodies:
                    found.append((bodies[name], index))
            found.sort(key=lambda pair: pair[0].pk)
            if found and "council" in orgs:
                infos.append(AuthorityInfo(place, orgs, found))
        return infos

    def periods(self) -> None:
        wanted = []
        for year, quarter in self.quarters:
            start, end = quarter_dates(year, quarter)
            label = f"{year_label(year)} Q{quarter}"
            wanted.append(Period(label=label, kind=Period.Kind.QUARTER, start=start, end=end))
        for year in self.years:
            start, end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
            wanted.append(
                Period(label=year_label(year), kind=Period.Kind.FINANCIAL_YEAR, start=start,
                       end=end)
            )  # fmt: skip
        found = existing_or_new(Period, wanted, lambda p: (p.kind, p.start, p.end, p.label))
        self.quarter_periods = [
            found[(w.kind, w.start, w.end, w.label)] for w in wanted if w.kind == "quarter"
        ]
        self.year_periods = [
            found[(w.kind, w.start, w.end, w.label)] for w in wanted if w.kind != "quarter"
        ]
        self.count("periods", len(wanted))

    def breakdowns(self) -> None:
        wanted = [
            Breakdown(dimension=dimension, value=value)
            for dimension, values in BREAKDOWNS.values()
            for value in values
        ]
        found = existing_or_new(Breakdown, wanted, lambda b: (b.dimension, b.value))
        self.breakdown_rows = {
            key: [found[(dimension, value)] for value in values]
            for key, (dimension, values) in BREAKDOWNS.items()
        }
        self.count("breakdowns", len(found))

    def areas(self, authorities: list[AuthorityInfo]) -> None:
        wanted: list[Area] = [Area(name="England", kind=Area.Kind.ENGLAND)]
        plans = []
        for index, info in enumerate(authorities):
            region = REGIONS[index % len(REGIONS)]
            best = BEST_NEIGHBOURS[index % len(BEST_NEIGHBOURS)]
            if index >= len(BEST_NEIGHBOURS):
                best = f"{best} {index // len(BEST_NEIGHBOURS) + 1}"
            own = [
                Area(name=info.place, kind=Area.Kind.LOCAL_AUTHORITY),
                Area(name="England", kind=Area.Kind.ENGLAND),
                Area(name=region, kind=Area.Kind.REGION),
                Area(name=f"{info.place} statistical neighbours",
                     kind=Area.Kind.STATISTICAL_NEIGHBOURS),
                Area(name=best, kind=Area.Kind.BEST_NEIGHBOUR),
            ]  # fmt: skip
            wanted.extend(own)
            plans.append((info, own))
        found = existing_or_new(Area, wanted, lambda a: (a.name, a.kind))
        for info, own in plans:
            info.areas = [found[(a.name, a.kind)] for a in own]
        self.count("areas", len(found))

    def indicators(self, authorities: list[AuthorityInfo]) -> list[IndicatorPlan]:
        """The plan's indicators, shared out over the scorecard bodies in turn."""
        rng = self.rng
        total = max(MIN_INDICATORS, round(INDICATORS_PER_SCALE * self.scale))
        slots = [(info, body, index) for info in authorities for body, index in info.bodies]
        per_body = [total // len(slots) + (1 if i < total % len(slots) else 0)
                    for i in range(len(slots))]  # fmt: skip
        plans: list[IndicatorPlan] = []
        slugs = set(Indicator.objects.values_list("slug", flat=True))
        # Chosen so that about BREAKDOWN_SHARE of each catalogue's indicators are broken down.
        breakdown_chance = {
            index: min(1.0, BREAKDOWN_SHARE * len(c) / sum(1 for x in c if x.breakdown))
            for index, (c, _) in THEMES.items()
        }
        uncovered = list(U.values)  # units no indicator has yet
        for (info, body, index), wanted in zip(slots, per_body, strict=True):
            catalogue, priorities = THEMES[index]
            order = list(range(len(catalogue)))
            rng.shuffle(order)
            # First one measure of each unit not yet used, so that even a small run has
            # every unit the catalogues hold.
            first = []
            for unit in uncovered:
                found = next((i for i in order if catalogue[i].unit == unit), None)
                if found is not None:
                    first.append(found)
            order = first + [i for i in order if i not in first]
            uncovered = [
                u for u in uncovered
                if u not in {catalogue[i].unit for i in order[:wanted]}
            ]  # fmt: skip
            for n in range(wanted):
                measure = catalogue[order[n % len(catalogue)]]
                variant = VARIANTS[(n // len(catalogue)) % len(VARIANTS)]
                round_ = n // (len(catalogue) * len(VARIANTS))
                name = measure.name + variant + (f" ({round_ + 1})" if round_ else "")
                base = slugify(f"{info.place} {name}")[:240]
                slug, k = base, 1
                while slug in slugs:
                    k += 1
                    slug = f"{base}-{k}"
                slugs.add(slug)
                agency = info.organisations.get(measure.agency, info.organisations["council"])
                annual = rng.random() < ANNUAL_SHARE
                breakdown = None
                if measure.breakdown and rng.random() < breakdown_chance[index]:
                    breakdown = measure.breakdown
                restricted = rng.random() < RESTRICTED_SHARE
                footnotes = ""
                if rng.random() < 0.1:
                    footnotes = "* Comparator figures marked * are the previous year's average."
                indicator = Indicator(
                    name=name,
                    slug=slug,
                    definition=DEFINITION.format(
                        name=measure.name, body=body.name, agency=agency.name,
                        unit_text=UNIT_TEXT[measure.unit],
                    ),
                    unit=measure.unit,
                    polarity=measure.polarity,
                    frequency=(Indicator.Frequency.ANNUAL if annual
                               else Indicator.Frequency.QUARTERLY),
                    body=body,
                    priority=priorities[min(measure.priority, len(priorities) - 1)],
                    group=measure.group,
                    source_agency=agency,
                    responsible_organisation=agency,
                    caveats=measure.caveat,
                    footnotes=footnotes,
                    visibility=Visibility.RESTRICTED if restricted else Visibility.PUBLIC,
                )  # fmt: skip
                low, high = LEVELS[measure.unit]
                if measure.unit == U.PERCENT:
                    low, high = PERCENT_LEVELS[measure.polarity]
                level = math.exp(rng.uniform(math.log(low), math.log(high)))
                series = Series(
                    level=level,
                    trend=rng.uniform(-0.35, 0.35),
                    noise=rng.uniform(0.02, 0.09),
                    share=rng.uniform(5, 95),
                    second=rng.uniform(0.15, 0.7),
                    phase=rng.uniform(0, 2 * math.pi),
                )
                plans.append(IndicatorPlan(indicator, info, body, series, breakdown))
        Indicator.objects.bulk_create([p.indicator for p in plans], batch_size=BATCH)
        self.count("indicators", len(plans))
        return plans

    def rag_rules(self, plans: list[IndicatorPlan]) -> None:
        rng, rules = self.rng, []
        for plan in plans:
            indicator = plan.indicator
            if indicator.polarity == NEUTRAL or indicator.unit in {U.COUNT_COUNT, U.RATIO}:
                continue
            roll = rng.random()
            places = 1 if indicator.unit not in {U.COUNT, U.CURRENCY} else 0
            if roll < RAG_TARGET_SHARE:
                # About where the figures are now: some meet it, some fall short.
                better = 1 if indicator.polarity == HIGHER else -1
                now = plan.series.level * (1 + plan.series.trend)
                target = now * (1 + better * rng.uniform(-0.08, 0.08))
                if indicator.unit in {U.PERCENT}:
                    target = min(target, 99.0)
                rules.append(
                    RagRule(
                        indicator=indicator,
                        kind=RagRule.Kind.TARGET,
                        target=decimal(target, places),
                        tolerance=decimal(target * rng.choice([0.02, 0.05, 0.1]), places),
                    )
                )
            elif roll < RAG_TARGET_SHARE + RAG_COMPARATOR_SHARE and indicator.unit not in COUNTED:
                comparator = rng.choice(plan.authority.areas[1:4])  # England, region or SN
                rules.append(
                    RagRule(
                        indicator=indicator,
                        kind=RagRule.Kind.COMPARATOR,
                        comparator=comparator,
                        tolerance=decimal(plan.series.level * 0.05, places),
                    )
                )
        RagRule.objects.bulk_create(rules, batch_size=BATCH)
        self.count("RAG rules", len(rules))

    def data_calls(self, plans: list[IndicatorPlan]) -> None:
        """Quarterly data calls for the most recent quarters, with the partners' returns.
        ``self.missed`` holds the (body, organisation, call period) with no return."""
        rng = self.rng
        by_body: dict[int, list[IndicatorPlan]] = {}
        for plan in plans:
            if plan.indicator.frequency == Indicator.Frequency.QUARTERLY:
                by_body.setdefault(plan.body.pk, []).append(plan)
        calls: list[DataCall] = []
        for body_pk, body_plans in by_body.items():
            body = body_plans[0].body
            for period in self.quarter_periods[-DATA_CALL_QUARTERS:]:
                deadline = period.end + dt.timedelta(days=DEADLINE_DAYS)
                closed = None
                if deadline < self.today:
                    closed = dt.datetime.combine(
                        deadline + dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC
                    )
                calls.append(
                    DataCall(
                        body_id=body_pk,
                        period=period,
                        deadline=deadline,
                        title=f"{body.name}: scorecard data call, {period.label}",
                        closed_at=closed,
                    )
                )
        DataCall.objects.bulk_create(calls, batch_size=BATCH)
        through = DataCall.indicators.through
        links = [
            through(datacall_id=call.pk, indicator_id=plan.indicator.pk)
            for call in calls
            for plan in by_body[call.body_id]
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
        # Returns: each responsible partner submits once per call, or misses it.
        self.missed: set[tuple[int, int, int]] = set()
        slugs = {
            org.pk: org.slug for plan in plans for org in plan.authority.organisations.values()
        }
        returns = []
        for call in calls:
            orgs = sorted({p.indicator.responsible_organisation_id for p in by_body[call.body_id]})
            for org in orgs:
                if rng.random() < MISSED_CALL_SHARE:
                    self.missed.add((call.body_id, org, call.period_id))
                    continue
                when = dt.datetime.combine(
                    call.period.end + dt.timedelta(days=rng.randint(10, DEADLINE_DAYS + 5)),
                    dt.time(rng.randint(8, 17), rng.randint(0, 59)),
                    tzinfo=dt.UTC,
                )
                returns.append(
                    (
                        call.pk,
                        org,
                        when,
                        f"scorecard-{call.period.label.replace('/', '-').replace(' ', '-')}"
                        f"-{slugs[org]}.xlsx",
                        f"{rng.getrandbits(256):064x}",
                        sum(
                            1 for p in by_body[call.body_id]
                            if p.indicator.responsible_organisation_id == org
                        ),
                    )
                )  # fmt: skip
        self.write_rows(
            Submission,
            ["data_call_id", "organisation_id", "submitted_at", "file_name", "sha256", "rows"],
            returns,
        )
        self.submissions = {
            (s.data_call.period_id, s.data_call.body_id, s.organisation_id): s.pk
            for s in Submission.objects.filter(data_call__in=[c.pk for c in calls])
            .select_related("data_call")
            .only("pk", "organisation_id", "data_call__period_id", "data_call__body_id")
        }
        self.count("data calls", len(calls))
        self.count("submissions", len(returns))

    # -- observations --

    def observations(self, plans: list[IndicatorPlan]) -> None:
        """Every figure, written as rows; then a few corrections, each superseding the
        figure first reported."""
        names = [
            "indicator_id", "area_id", "period_id", "breakdown_id", "raw", "value", "value2",
            "status", "footnote", "submission_id", "recorded_at", "visibility",
        ]  # fmt: skip
        self.corrections: list[tuple[tuple, Observation]] = []
        self.call_periods = {p.pk for p in self.quarter_periods[-DATA_CALL_QUARTERS:]}
        self.corrected = self.choose_corrections(plans)
        self.deadline_times = {
            p.pk: dt.datetime.combine(p.end + dt.timedelta(days=DEADLINE_DAYS), dt.time(12),
                                      tzinfo=dt.UTC)
            for p in [*self.quarter_periods, *self.year_periods]
        }  # fmt: skip

        def rows():
            for done, plan in enumerate(plans, start=1):
                yield from self.indicator_rows(plan, done - 1)
                self.progress("Scorecard observations", done, len(plans))

        written = self.write_rows(Observation, names, rows())
        # The corrections: the current figure (written here, to learn its pk) supersedes
        # the one first submitted.
        current = [new for _, new in self.corrections]
        Observation.objects.bulk_create(current, batch_size=BATCH)
        first = [(*old, new.pk) for old, new in self.corrections]
        self.write_rows(Observation, [*names, "superseded_by_id"], first)
        self.count("observations", written + 2 * len(self.corrections))
        self.count("corrected observations", len(self.corrections))

    def choose_corrections(self, plans: list[IndicatorPlan]) -> set[tuple[int, int]]:
        """(plan index, period pk) of the council figures that are later corrected: about
        CORRECTED_SHARE of them, and at least MIN_CORRECTED. A figure never received is
        never corrected."""
        rng = self.rng
        cells = len(plans) * (len(self.quarter_periods) + len(self.year_periods))
        wanted = max(MIN_CORRECTED, round(CORRECTED_SHARE * cells))
        chosen: set[tuple[int, int]] = set()
        for _ in range(wanted * 50):
            if len(chosen) >= wanted:
                break
            i = rng.randrange(len(plans))
            plan = plans[i]
            quarterly = plan.indicator.frequency == Indicator.Frequency.QUARTERLY
            period = rng.choice(
                [*self.quarter_periods, *self.year_periods] if quarterly else self.year_periods
            )
            key = (plan.body.pk, plan.indicator.responsible_organisation_id, period.pk)
            if period.pk in self.call_periods and key in self.missed:
                continue
            chosen.add((i, period.pk))
        return chosen

    def indicator_rows(self, plan: IndicatorPlan, index: int):
        rng, indicator, series = self.rng, plan.indicator, plan.series
        unit = indicator.unit
        areas = plan.authority.areas
        # Breakdown rows, each with its share of the whole within its dimension.
        bands: list[Breakdown] = []
        weights: list[float] = []
        for key in plan.breakdown.split("+") if plan.breakdown else []:
            rows = self.breakdown_rows[key]
            raw_weights = [rng.uniform(0.4, 1.6) for _ in rows]
            bands.extend(rows)
            weights.extend(w / sum(raw_weights) for w in raw_weights)
        # Each comparator sits near the council, a little better or worse throughout.
        offsets = [1.0] + [rng.uniform(0.8, 1.2) for _ in areas[1:]]
        quarterly = indicator.frequency == Indicator.Frequency.QUARTERLY
        call_periods, deadline_times = self.call_periods, self.deadline_times
        org = indicator.responsible_organisation_id
        visibility = indicator.visibility
        # Council levels for each quarter, then each financial year from its quarters.
        count_like = unit in COUNTED
        levels = []
        for i in range(QUARTERS):
            seasonal = 1 + 0.04 * math.sin(i * math.pi / 2 + series.phase)
            drift = 1 + series.trend * i / QUARTERS
            levels.append(series.level * drift * seasonal * (1 + rng.gauss(0, series.noise)))
        by_year = {p.label: [] for p in self.year_periods}
        for period, level in zip(self.quarter_periods, levels, strict=True):
            key = period.label.split(" ")[0]
            if key in by_year:
                by_year[key].append(level)
        year_levels = [
            sum(by_year[p.label]) if count_like and unit != U.COUNT_PERCENT
            else sum(by_year[p.label]) / 4
            for p in self.year_periods
        ]  # fmt: skip
        periods = list(zip(self.year_periods, year_levels, strict=True))
        if quarterly:
            periods = list(zip(self.quarter_periods, levels, strict=True)) + periods
        missed, corrected = self.missed, self.corrected
        indicator_pk, body_pk = indicator.pk, plan.body.pk
        band_pks = [None, *(band.pk for band in bands)]
        for p, (period, level) in enumerate(periods):
            period_pk = period.pk
            in_call = period_pk in call_periods
            for a, area in enumerate(areas):
                area_pk = area.pk
                factor = COUNT_FACTORS[area.kind] if count_like and a else 1.0
                value = level * offsets[a] * factor * (1 + rng.gauss(0, series.noise / 2))
                status, raw, footnote, submission = Observation.Status.REPORTED, None, "", None
                correct = a == 0 and (index, period_pk) in corrected
                if a == 0:
                    if in_call and (body_pk, org, period_pk) in missed:
                        status = Observation.Status.NOT_RECEIVED
                    elif correct:  # reported, then corrected
                        if in_call:
                            submission = self.submissions.get((period_pk, body_pk, org))
                    else:
                        roll = rng.random()
                        if roll < BLANK_SHARE:
                            status = Observation.Status.BLANK
                        elif roll < BLANK_SHARE + NOT_APPLICABLE_SHARE:
                            status = Observation.Status.NOT_APPLICABLE
                        elif not in_call and roll < (
                            BLANK_SHARE + NOT_APPLICABLE_SHARE + NOT_RECEIVED_SHARE
                        ):
                            status = Observation.Status.NOT_RECEIVED
                        elif in_call:
                            submission = self.submissions.get((period_pk, body_pk, org))
                else:
                    roll = rng.random()
                    if roll < COMPARATOR_NA_SHARE:
                        status = Observation.Status.NOT_APPLICABLE
                    elif roll < COMPARATOR_NA_SHARE + FOOTNOTE_SHARE and indicator.footnotes:
                        footnote = f"{year_label(period.start.year - 1)} average"
                when = deadline_times[period_pk]
                figures = self.figures(unit, value, series)
                for b, band_pk in enumerate(band_pks):
                    if status != Observation.Status.REPORTED:
                        raw = {
                            Observation.Status.NOT_RECEIVED: "Not received",
                            Observation.Status.BLANK: "",
                            Observation.Status.NOT_APPLICABLE: NOT_APPLICABLE_RAW[(p + a + b) % 3],
                        }[status]
                        v1 = v2 = None
                    else:
                        if band_pk is None:
                            v1, v2 = figures
                        else:
                            v1, v2 = self.band_figures(unit, figures, weights[b - 1], series)
                        raw = raw_text(unit, v1, v2)
                        if footnote:
                            raw = "*" + raw
                    row = (
                        indicator_pk, area_pk, period_pk, band_pk, raw, v1, v2, status,
                        footnote, submission, when, visibility,
                    )  # fmt: skip
                    if correct and band_pk is None:
                        self.correct(row, unit)
                        continue
                    yield row

    def correct(self, row: tuple, unit: str) -> None:
        """Keep ``row`` as a figure first submitted and make its corrected successor."""
        rng = self.rng
        (indicator, area, period, breakdown, raw, v1, v2, status, footnote, submission, when,
         visibility) = row  # fmt: skip
        factor = Decimal(str(round(rng.uniform(0.85, 0.97), 2)))
        places = 0 if unit in COUNTED or unit == U.CURRENCY else 1
        old1 = (v1 * factor).quantize(Decimal(1) if places == 0 else Decimal("0.1"))
        if old1 == v1:
            old1 = v1 - 1
        old2 = v2
        if unit in {U.COUNT_COUNT, U.RATIO} and v2 is not None:
            old2 = min(v2, old1)
        first = (
            indicator, area, period, breakdown, raw_text(unit, old1, old2), old1, old2, status,
            footnote, submission, when, visibility,
        )  # fmt: skip
        new = Observation(
            indicator_id=indicator, area_id=area, period_id=period, breakdown_id=breakdown,
            raw=raw, value=v1, value2=v2, status=status, footnote=footnote,
            submission_id=submission, visibility=visibility,
            note=rng.choice(CORRECTION_NOTES),
        )  # fmt: skip
        self.corrections.append((first, new))

    def figures(self, unit: str, value: float, series: Series) -> tuple[Decimal, Decimal | None]:
        value = max(value, 0.0)
        if unit == U.PERCENT:
            return decimal(min(value, 100.0), 1), None
        if unit == U.COUNT:
            return decimal(round(value), 0), None
        if unit == U.CURRENCY:
            return decimal(round(value), 0), None
        if unit == U.COUNT_PERCENT:
            share = min(100.0, series.share * (1 + self.rng.gauss(0, 0.03)))
            return decimal(round(value), 0), decimal(share, 1)
        if unit in {U.COUNT_COUNT, U.RATIO}:
            first = round(value)
            second = min(first, round(first * series.second * (1 + self.rng.gauss(0, 0.1))))
            return decimal(first, 0), decimal(max(second, 0), 0)
        return decimal(value, 1), None

    def band_figures(self, unit, figures, weight: float, series: Series):
        """A breakdown's figure: counts split the whole (with the band's percentage of it);
        rates and percentages vary around the whole's."""
        v1, v2 = figures
        rng = self.rng
        if unit in COUNTED:
            part = round(float(v1) * weight * rng.uniform(0.9, 1.1))
            if unit == U.COUNT_PERCENT:
                share = 100.0 * part / float(v1) if v1 else 0.0
                return decimal(part, 0), decimal(share, 1)
            if unit in {U.COUNT_COUNT, U.RATIO}:
                second = min(part, round(part * series.second))
                return decimal(part, 0), decimal(second, 0)
            return decimal(part, 0), None
        varied = float(v1) * rng.uniform(0.75, 1.25)
        if unit == U.PERCENT:
            varied = min(varied, 100.0)
        return decimal(varied, 0 if unit == U.CURRENCY else 1), None

    def scorecard(self, plans: list[IndicatorPlan]) -> Scorecard | None:
        """The body with the most public indicators, and the latest whole financial year."""
        counts: dict[int, int] = {}
        bodies = {}
        for plan in plans:
            if plan.indicator.visibility == Visibility.PUBLIC:
                counts[plan.body.pk] = counts.get(plan.body.pk, 0) + 1
                bodies[plan.body.pk] = plan.body
        if not counts or not self.years:
            return None
        body = bodies[min(counts, key=lambda pk: (-counts[pk], pk))]
        return Scorecard(body.slug, body.name, year_label(self.years[-1], "-"))


@dataclass
class IndicatorPlan:
    indicator: Indicator
    authority: AuthorityInfo
    body: Body
    series: Series
    breakdown: str | None


class ScorecardSynthRefused(Exception):
    """The database already holds synthetic scorecards."""


def generate(
    scale: float = 1.0,
    *,
    seed: int = 0,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Result:
    """Give the synthetic bodies (made first by ``tracker.synth.generate`` with the same
    scale) scorecards. Returns counts by record type and a body and year with figures.

    Runs in one transaction; with the same ``scale``, ``seed`` and ``today`` the data is the
    same.
    """
    synthesiser = ScorecardSynthesiser(scale, seed, today or dt.date.today(), progress)
    with transaction.atomic():
        existing = Area.objects.filter(
            kind=Area.Kind.STATISTICAL_NEIGHBOURS, name__endswith=" statistical neighbours"
        )
        if existing.filter(observations__isnull=False).exists():
            raise ScorecardSynthRefused(
                "The database already holds synthetic scorecards from an earlier run. "
                "Empty it first (scrutineer flush) and run synth again."
            )
        result = synthesiser.run()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Observation, Indicator, Period, Area, Breakdown, Submission):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return result


# --- A large data call, for the import benchmark -------------------------------------------


def bench_data_call(body_slug: str, rows: int, today: dt.date) -> tuple[DataCall, Organisation]:
    """A data call for the quarter ``today`` falls in, for the body's busiest responsible
    partner, whose template has at least ``rows`` rows: the partner's indicators with their
    breakdowns, and (where those are too few) copies of them marked "bench copy", each given
    its source's breakdowns in one earlier quarter so that the template lists them.

    For ``scrutineer bench`` in its throw-away database; it writes the copies it needs."""
    body = Body.objects.get(slug=body_slug)
    busiest = (
        Indicator.objects.filter(body=body, responsible_organisation__isnull=False)
        .values_list("responsible_organisation", flat=True)
        .order_by()
    )
    tally: dict[int, int] = {}
    for pk in busiest:
        tally[pk] = tally.get(pk, 0) + 1
    if not tally:
        raise ValueError(f"{body.name} has no indicators with a responsible partner")
    organisation = Organisation.objects.get(pk=min(tally, key=lambda pk: (-tally[pk], pk)))
    indicators = list(Indicator.objects.filter(responsible_organisation=organisation))
    breakdowns: dict[int, set[int]] = {}
    for indicator_id, breakdown_id in (
        Observation.objects.filter(indicator__in=indicators, breakdown__isnull=False)
        .values_list("indicator_id", "breakdown_id")
        .distinct()
    ):
        breakdowns.setdefault(indicator_id, set()).add(breakdown_id)
    areas = set(
        Observation.objects.filter(
            indicator__in=indicators, area__kind=Area.Kind.LOCAL_AUTHORITY
        ).values_list("area_id", flat=True).distinct()
    )  # fmt: skip
    per_area = max(len(areas), 1)
    capacity = sum(1 + len(breakdowns.get(i.pk, ())) for i in indicators) * per_area
    copies: list[Indicator] = []
    sources = sorted(indicators, key=lambda i: (-len(breakdowns.get(i.pk, ())), i.pk))
    n = 0
    while capacity < rows and sources:
        source = sources[n % len(sources)]
        n += 1
        copies.append(
            Indicator(
                name=f"{source.name} (bench copy {n})",
                slug=f"{source.slug[:200]}-bench-copy-{n}",
                definition=source.definition,
                unit=source.unit,
                polarity=source.polarity,
                frequency=source.frequency,
                body=source.body,
                priority=source.priority,
                group=source.group,
                source_agency=source.source_agency,
                responsible_organisation=organisation,
            )
        )
        copies[-1].copied_from = source
        capacity += (1 + len(breakdowns.get(source.pk, ()))) * per_area
    Indicator.objects.bulk_create(copies, batch_size=BATCH)
    if copies:
        # The copies' breakdown figures: their sources' in the sources' latest period.
        wanted = {c.copied_from.pk for c in copies}
        latest: dict[int, list[Observation]] = {}
        for o in (
            Observation.objects.current()
            .filter(indicator__in=wanted, breakdown__isnull=False, area_id__in=areas)
            .order_by("indicator_id", "-period__end", "pk")
        ):
            held = latest.setdefault(o.indicator_id, [])
            if not held or held[0].period_id == o.period_id:
                held.append(o)
        Observation.objects.bulk_create(
            [
                Observation(
                    indicator=copy,
                    area_id=o.area_id,
                    period_id=o.period_id,
                    breakdown_id=o.breakdown_id,
                    raw=o.raw,
                    value=o.value,
                    value2=o.value2,
                    status=o.status,
                )  # fmt: skip
                for copy in copies
                for o in latest.get(copy.copied_from.pk, [])
            ],
            batch_size=BATCH,
        )
    year, quarter = quarter_of(today)
    start, end = quarter_dates(year, quarter)
    period, _ = Period.objects.get_or_create(
        kind=Period.Kind.QUARTER, start=start, end=end, label=f"{year_label(year)} Q{quarter}"
    )
    call, _ = DataCall.objects.get_or_create(
        body=body,
        period=period,
        defaults={
            "deadline": end + dt.timedelta(days=DEADLINE_DAYS),
            "title": f"{body.name}: scorecard data call, {period.label}",
        },
    )
    call.indicators.add(*indicators, *copies)
    return call, organisation
