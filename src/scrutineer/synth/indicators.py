"""What the synthetic indicators measure: a catalogue for children's, adults' and health
boards, with units, polarities, breakdowns, typical levels and the comparator areas."""

from __future__ import annotations

from dataclasses import dataclass

from scrutineer.performance.models import Area, Breakdown, Indicator

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
# synth.vocabulary.BODY_TEMPLATES).
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
