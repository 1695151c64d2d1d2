"""The words of the synthetic record: invented places, people and organisations, the bodies
each authority has, and the topics, actions and phrases that papers are made of.

Everything here is invented; the names only have to read like English local government.
"""

from __future__ import annotations

from scrutineer.governance.models import Body

# --- Invented names ------------------------------------------------------------------------

PLACES = [
    "Brindleford", "Carrowmere", "Dunholt", "Elmsworth", "Fennick", "Gallowby", "Harrowdene",
    "Ickleham", "Jessingford", "Kettlewick", "Lamberhurst Vale", "Marrowby", "Nettlecombe",
    "Orrinsfield", "Pellingham", "Quarrendon", "Rookhampton", "Saltmarsh", "Thistleby",
    "Ulverdale", "Varrowfield", "Wendlebury Cross", "Yarnhollow", "Ashcombe Magna",
    "Blackwater Leigh", "Cinderford Hythe", "Draycott Ferrers", "Eskerton", "Foxhollow",
    "Glenmoor",
]  # fmt: skip
COUNTIES = [
    "Wessmoor", "Calderby", "Northmere", "Eastwold", "Southavon", "Westmarch", "Highdown",
    "Lowfield",
]  # fmt: skip
PREFIXES = ["North", "South", "East", "West", "Upper", "Lower", "Great", "Little"]

FIRST_NAMES = [
    "Aisha", "Alan", "Amara", "Andrew", "Ann", "Beatrice", "Ben", "Bridget", "Callum",
    "Carol", "Chloe", "Colin", "Dana", "David", "Deepa", "Derek", "Eileen", "Elliot", "Emma",
    "Farah", "Fiona", "Gareth", "Gemma", "Graham", "Hannah", "Harpreet", "Hugh", "Imran",
    "Iris", "Jack", "Janet", "Jaspal", "Joanne", "Kamal", "Karen", "Keith", "Laura", "Leon",
    "Lorna", "Malcolm", "Maria", "Martin", "Mei", "Nadia", "Neil", "Nicola", "Olu", "Owen",
    "Patrick", "Priya", "Rachel", "Ravi", "Rhiannon", "Robert", "Ruth", "Sadia", "Sam",
    "Sandra", "Simon", "Sophie", "Stuart", "Tariq", "Teresa", "Tom", "Valerie", "Wendy",
    "Yusuf", "Zoe",
]  # fmt: skip
SURNAMES = [
    "Abbott", "Akhtar", "Appleby", "Ashworth", "Bainbridge", "Bancroft", "Barlow", "Bellamy",
    "Birch", "Blackwood", "Bramley", "Brennan", "Carver", "Chadha", "Chambers", "Chaudhry",
    "Clegg", "Corrigan", "Crossley", "Dalton", "Darby", "Dhillon", "Dunmore", "Eastwood",
    "Ellison", "Farrow", "Fenwick", "Fielding", "Fletcher", "Gale", "Garside", "Gill",
    "Goodall", "Greenhalgh", "Hadley", "Halloran", "Hargreaves", "Hartley", "Hayward",
    "Heaton", "Hewitt", "Holroyd", "Hussain", "Ingram", "Iqbal", "Jarvis", "Jennings",
    "Kaur", "Kendall", "Kershaw", "Khan", "Kirby", "Lambert", "Latham", "Lockwood", "Lyons",
    "McAllister", "Mahmood", "Marsden", "Metcalfe", "Mistry", "Moorcroft", "Nash", "Nolan",
    "Nowak", "Oakley", "Okafor", "Osborne", "Padgett", "Parekh", "Pearce", "Pickering",
    "Quinlan", "Radcliffe", "Rahman", "Ramsden", "Redfern", "Rowntree", "Sandhu", "Sayer",
    "Shackleton", "Sharma", "Singh", "Slater", "Stainton", "Sutcliffe", "Tanner", "Thornber",
    "Townend", "Uddin", "Varley", "Wainwright", "Walsh", "Webber", "Whitaker", "Wilde",
    "Winterbottom", "Yates", "Yeadon", "Zielinski",
]  # fmt: skip

PORTFOLIOS = [
    "Children and Young People", "Education and Skills", "Adult Services",
    "Public Health and Sport", "Strategic Finance and Resources", "Housing and Communities",
    "Policing and Equalities", "Jobs and Regeneration",
]  # fmt: skip
OFFICER_TITLES = [
    ("Director of Children's Services", "Children's Services"),
    ("Director of Adult Services", "Adult Services"),
    ("Director of Public Health", "Public Health"),
    ("Director of Education", "Education and Skills"),
    ("Head of Social Work", "Children's Services"),
    ("Head of Early Help", "Children's Services"),
    ("Head of Service, Children in Care", "Children's Services"),
    ("Head of SEND", "Education and Skills"),
    ("Head of Safeguarding Adults", "Adult Services"),
    ("Head of Commissioning", "Adult Services"),
    ("Principal Social Worker", "Children's Services"),
    ("Strategic Lead, Youth Justice", "Children's Services"),
    ("Service Manager, MASH", "Children's Services"),
    ("Safeguarding Partnership Business Manager", "Children's Services"),
    ("Safeguarding Adults Board Manager", "Adult Services"),
    ("Consultant in Public Health", "Public Health"),
    ("Scrutiny Co-ordinator", "Law and Governance"),
    ("Governance Services Officer", "Law and Governance"),
    ("Lead Accountant, People", "Finance"),
    ("Performance and Intelligence Manager", "Finance"),
    ("Head of Housing and Homelessness", "Housing"),
    ("Quality Assurance Manager", "Children's Services"),
    ("Workforce Development Lead", "Children's Services"),
    ("Programme Manager, Family Hubs", "Children's Services"),
    ("Virtual School Head", "Education and Skills"),
]
PARTNER_TITLES = [
    "Detective Superintendent", "Designated Nurse for Safeguarding", "Designated Doctor",
    "Head of Safeguarding", "Chief Nurse", "Associate Director of Safeguarding",
    "Independent Chair", "Independent Scrutineer", "Head of Probation Delivery",
    "Chief Executive", "Station Commander", "Lay Member", "Diocesan Representative",
    "Parent Governor Representative",
]  # fmt: skip

# (name pattern, kind, parent template index, alias patterns)
BODY_TEMPLATES = [
    ("{place} Children and Young People Scrutiny Board", Body.Kind.SCRUTINY_BOARD, None,
     ["{place} Scrutiny Board 2", "{place} CYP Scrutiny Board"]),
    ("{place} Safeguarding Children Partnership", Body.Kind.SAFEGUARDING_PARTNERSHIP, None,
     ["{place} SCP", "{place} Safeguarding Children Board", "{place} LSCB"]),
    ("{place} Safeguarding Children Partnership Learning and Improvement Subgroup",
     Body.Kind.SUBGROUP, 1, ["{place} SCP Learning and Improvement Group"]),
    ("{place} Health and Well-being Board", Body.Kind.HEALTH_WELLBEING_BOARD, None,
     ["{place} HWB", "{place} Health and Wellbeing Board"]),
    ("{place} Adult Social Care Scrutiny Board", Body.Kind.SCRUTINY_BOARD, None,
     ["{place} Scrutiny Board 5"]),
    ("{place} Safeguarding Adults Board", Body.Kind.SAFEGUARDING_PARTNERSHIP, None,
     ["{place} SAB"]),
    ("{place} Safeguarding Children Partnership Quality Assurance and Performance Subgroup",
     Body.Kind.SUBGROUP, 1, ["{place} SCP QA and Performance Subgroup"]),
    ("{place} Safeguarding Adults Review Subgroup", Body.Kind.SUBGROUP, 5,
     ["{place} SAB SAR Subgroup"]),
    ("{place} Scrutiny Co-ordination Committee", Body.Kind.SCRUTINY_BOARD, None,
     ["{place} SCRUCO", "{place} Scrutiny Board 1"]),
    ("{place} Youth Justice Task and Finish Group", Body.Kind.TASK_AND_FINISH, 0,
     ["{place} Youth Justice T&F Group"]),
]  # fmt: skip
REMIT = {
    Body.Kind.SCRUTINY_BOARD: "Scrutinises the council's policies, performance and decisions.",
    Body.Kind.SAFEGUARDING_PARTNERSHIP: "Co-ordinates and assures multi-agency safeguarding.",
    Body.Kind.SUBGROUP: "Carries out work delegated by its parent board.",
    Body.Kind.HEALTH_WELLBEING_BOARD: "Leads the joint health and well-being strategy.",
    Body.Kind.TASK_AND_FINISH: "Reviews one topic in depth and reports back.",
}
SYNTHETIC_NOTE = "Synthetic data generated by `scrutineer synth` (scale {scale}, seed {seed})."

TOPICS = [
    "Early Help and Prevention", "Children Missing Education", "Elective Home Education",
    "Child Exploitation", "Missing Children", "Placement Sufficiency",
    "Foster Carer Recruitment", "Care Leavers' Accommodation",
    "Special Educational Needs and Disabilities", "Home to School Transport",
    "Youth Justice Service", "Domestic Abuse", "Neglect Strategy",
    "Multi-Agency Safeguarding Hub", "Private Fostering", "Adoption Annual Report",
    "Fostering Service Annual Report", "Emotional Health of Young People", "School Attendance",
    "Exclusions and Alternative Provision", "Adult Safeguarding Annual Report",
    "Hospital Discharge", "Carers' Strategy", "Better Care Fund", "Healthy Weight",
    "Substance Misuse Services", "Suicide Prevention", "Homelessness Prevention",
    "Social Work Recruitment and Retention", "Social Work Caseloads",
    "Quality Assurance Framework", "Child Death Overview Panel Annual Report",
    "Allegations Management (LADO)", "Transitions to Adult Services",
    "Contextual Safeguarding", "Online Safety", "Serious Youth Violence", "Modern Slavery",
    "Self-neglect and Hoarding", "Mental Capacity Act", "Liberty Protection Safeguards",
    "Learning Disability Mortality Reviews", "Immunisation Uptake", "Family Hubs",
    "Youth Services", "Short Breaks", "Unaccompanied Asylum-Seeking Children", "Kinship Care",
    "Corporate Parenting", "Children in Care Council", "Thresholds Guidance",
    "Neglect Toolkit", "Safeguarding in Education", "Perinatal Mental Health",
]  # fmt: skip
ACTIONS = [
    "review the capacity of", "publish a timetable for improving", "strengthen oversight of",
    "commission an independent review of", "agree a multi-agency protocol for",
    "improve information sharing about", "set measurable targets for",
    "consult children, young people and families about", "increase investment in",
    "report the impact of training on", "refresh the strategy for",
    "align commissioning arrangements for", "seek assurance on the quality of",
    "reduce waiting times in", "extend the pilot of", "evaluate the outcomes of",
]  # fmt: skip
DOCUMENTS = [
    "performance scorecard", "briefing note", "action plan", "benchmarking data",
    "audit findings", "case study", "equality impact assessment", "budget breakdown",
]  # fmt: skip
METRICS = [
    "the number of referrals", "re-referral rates", "waiting times", "caseload figures",
    "the outcome of the consultation", "timeliness of assessments", "the cost per placement",
    "attendance figures by school", "the breakdown by ethnicity", "the number of vacancies",
]  # fmt: skip
REVIEW_NAMES = [
    "Child T", "Child M", "Child R", "Child W", "Child K", "Ruby", "Jacob", "Lily", "Noah",
    "Family A", "Family D", "Adult B", "Mr C", "Mrs E", "Sibling Group S",
]  # fmt: skip
LABEL_OWNERS = [
    "All agencies", "Social Care", "Children's Services", "Health partners",
    "Partner agencies", "Education settings", "Police", "Public Health",
]  # fmt: skip
# Months a resolution or plan gives for its action to be done.
DUE_MONTHS = [1, 2, 3, 3, 6, 6, 6, 9, 12, 12, 18]


def lower(topic: str) -> str:
    """A topic as it reads mid-sentence: "Early Help" -> "early help", "LADO" stays."""
    return " ".join(w.lower() if w[1:] == w[1:].lower() else w for w in topic.split())


def authority_places(count: int) -> list[tuple[str, str]]:
    """(place, county) of each of ``count`` synthetic authorities: the places in turn, then
    again with a prefix ("North Brindleford"), then numbered."""
    out = []
    for index in range(count):
        place = PLACES[index % len(PLACES)]
        if index >= len(PLACES):
            round_ = index // len(PLACES)
            place = (
                f"{PREFIXES[round_ - 1]} {place}"
                if round_ <= len(PREFIXES)
                else f"{place} {round_}"
            )
        county = COUNTIES[index % len(COUNTIES)]
        if index >= len(COUNTIES):
            county = f"{place} and {county}"
        out.append((place, county))
    return out


def organisation_specs(place: str, county: str) -> list[tuple[str, str, list[str]]]:
    """An authority's council and partners: (key, name, other names), council first."""
    return [
        ("council", f"{place} City Council", [f"{place} Council", f"{place} CC"]),
        ("police", f"{county} Police", [f"{county} Constabulary", f"{county} Police Force"]),
        (
            "icb",
            f"{place} and {county} Integrated Care Board",
            [f"{place} and {county} ICB", f"ICB ({place})"],
        ),
        ("hospital", f"University Hospitals {place} NHS Trust", [f"UH{place[:3].upper()}"]),
        ("mental-health", f"{county} Partnership NHS Trust", [f"{county} Partnership Trust"]),
        ("fire", f"{county} Fire and Rescue Service", [f"{county} FRS"]),
        ("probation", f"{place} Probation Delivery Unit", [f"Probation ({place})"]),
        ("ambulance", f"{county} Ambulance Service", [f"{county} Ambulance Services"]),
        ("vcs", f"{place} Voluntary Action", [f"{place} VA", f"{place} CVS"]),
    ]


def organisation_names(place: str, county: str) -> dict[str, str]:
    return {key: name for key, name, _ in organisation_specs(place, county)}
