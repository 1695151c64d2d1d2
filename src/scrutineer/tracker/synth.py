"""Synthetic data: a realistic, fictitious governance record at any scale.

``generate(scale, seed=...)`` fills the database with invented councils and partnerships:
bodies with subgroups, people and organisations with aliases, memberships, ten municipal
years of meetings with agendas, minutes, resolutions, declarations and attendance, the
recommendations tracker (items with owners, due dates, status histories, responses and
sub-items) and work programmes. At scale 1 there are about 10 bodies, 500 meetings and
20,000 tracked items; scale N multiplies everything, and fractions are allowed.

It exists to measure the pages at the sizes DESIGN.md section 6 expects, so it writes with
``bulk_create`` in large batches inside one transaction: if it fails, nothing is written.

Everything comes from ``random.Random(seed)`` and a fixed "today", so the same arguments
give the same data. Places, people and organisations are invented. Synthetic records have
no source document (``Sourced.source`` is empty) and each synthetic body's remit says that
it was generated, so they cannot be mistaken for ingested papers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyAlias,
    Declaration,
    Document,
    Meeting,
    Membership,
    Minute,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Post,
    Resolution,
    Visibility,
    alias_key,
)
from scrutineer.packs.due import derive_due_date
from scrutineer.periods import add_months as add_calendar_months

from .models import FollowUp, Party, Response, StatusChange, TrackedItem, WorkProgrammeItem

# What scale 1 means.
BODIES_PER_SCALE = 10
MEETINGS_PER_SCALE = 500
ITEMS_PER_SCALE = 20_000
YEARS = 10
BATCH = 5_000
# PostgreSQL takes at most 65,535 parameters in one statement.
MAX_PARAMS = 60_000

RESTRICTED_SHARE = 0.03
# Of the items past "sent" (about nine in ten), the share with a recorded response.
RESPONSE_SHARE = 0.54
LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC

# How counts are named in the summary, where Django's plural would read oddly.
COUNT_LABELS = {
    "Party": "parties",
    "Attendance": "attendance records",
    "OrganisationAlias": "organisation aliases",
    "PersonAlias": "person aliases",
    "BodyAlias": "body aliases",
}

Progress = Callable[[str, int, int], None]


class SynthRefused(Exception):
    """The database holds data that synthetic rows must not be mixed into."""


@dataclass(frozen=True)
class Plan:
    """The target sizes for a scale."""

    scale: float
    bodies: int
    meetings: int
    tracked_items: int

    @classmethod
    def for_scale(cls, scale: float) -> Plan:
        if not (scale > 0 and math.isfinite(scale)):
            raise ValueError(f"The scale must be a positive number, not {scale!r}.")
        bodies = max(3, round(BODIES_PER_SCALE * scale))
        meetings = max(bodies, round(MEETINGS_PER_SCALE * scale))
        items = max(10, round(ITEMS_PER_SCALE * scale))
        return cls(scale, bodies, meetings, items)

    @property
    def authorities(self) -> int:
        return math.ceil(self.bodies / len(BODY_TEMPLATES))


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
STATUS_NOTES = {
    "open": ["Recorded at the meeting.", "Entered from the minutes."],
    "sent": ["Sent to the Cabinet Member and officer.", "Circulated to the owners."],
    "response-received": ["Response received.", "Written response received from the owner."],
    "accepted": ["Recommendation accepted.", "Accepted by the Cabinet Member."],
    "partially-accepted": ["Accepted in part; see the response."],
    "rejected": ["Not accepted; reasons given in the response."],
    "in-progress": ["Work under way.", "Included in the service plan."],
    "complete": ["Completed; evidence received.", "Reported complete at the meeting."],
    "impact-reviewed": ["Impact reviewed by the board.", "Dip sample confirmed the change."],
}
RESPONSE_TEXTS = [
    "The service has reviewed {topic} and a revised approach was agreed in {month}.",
    "An update on {topic} was circulated to members; the figures are in the appendix.",
    "Partners have agreed a joint protocol for {topic}, which takes effect from {month}.",
    "Training on {topic} has been delivered to {n} practitioners across agencies.",
    "The recommendation is accepted. Funding for {topic} has been identified for {month}.",
    "Audit of {n} cases found improved practice in {topic}; a further audit is planned.",
]  # fmt: skip

# Status histories that end in each status: 1 to 5 entries, each a plausible workflow.
HISTORIES = {
    "open": [("open",)],
    "sent": [("open", "sent")],
    "response-received": [("open", "sent", "response-received")],
    "accepted": [("open", "sent", "response-received", "accepted"), ("open", "accepted")],
    "partially-accepted": [("open", "sent", "response-received", "partially-accepted")],
    "rejected": [("open", "sent", "response-received", "rejected"), ("open", "rejected")],
    "in-progress": [
        ("open", "in-progress"),
        ("open", "sent", "accepted", "in-progress"),
        ("open", "sent", "response-received", "accepted", "in-progress"),
    ],
    "complete": [
        ("open", "complete"),
        ("open", "in-progress", "complete"),
        ("open", "sent", "response-received", "complete"),
        ("open", "sent", "response-received", "accepted", "complete"),
        ("open", "sent", "accepted", "in-progress", "complete"),
    ],
    "impact-reviewed": [
        ("open", "in-progress", "complete", "impact-reviewed"),
        ("open", "sent", "accepted", "complete", "impact-reviewed"),
        ("open", "sent", "response-received", "complete", "impact-reviewed"),
    ],
}
OPEN_STATUSES = (
    ["open"] * 12 + ["sent"] * 18 + ["response-received"] * 15 + ["accepted"] * 12
    + ["partially-accepted"] * 5 + ["in-progress"] * 38
)  # fmt: skip
CLOSED_CHOICES = ["complete"] * 76 + ["impact-reviewed"] * 12 + ["rejected"] * 12
ANSWERED = frozenset(HISTORIES) - {"open", "sent"}
DUE_MONTHS = [1, 2, 3, 3, 6, 6, 6, 9, 12, 12, 18]

# Which kinds of source each kind of body produces, with weights; and group sizes.
SOURCE_MIX = {
    Body.Kind.SCRUTINY_BOARD: [
        ("briefing-note", 4), ("outstanding-issues", 3), ("peer-review", 1),
        ("action-plan", 3), ("manual", 1),
    ],
    Body.Kind.SAFEGUARDING_PARTNERSHIP: [
        ("case-review", 4), ("audit", 3), ("action-plan", 3), ("peer-review", 1), ("manual", 1),
    ],
    Body.Kind.SUBGROUP: [("case-review", 4), ("audit", 4), ("action-plan", 2)],
    Body.Kind.HEALTH_WELLBEING_BOARD: [
        ("action-plan", 4), ("briefing-note", 2), ("audit", 1), ("peer-review", 1),
        ("manual", 1),
    ],
    Body.Kind.TASK_AND_FINISH: [("briefing-note", 3), ("action-plan", 2), ("manual", 1)],
}  # fmt: skip
GROUP_SIZES = {
    "briefing-note": (2, 5),
    "outstanding-issues": (3, 8),
    "peer-review": (4, 10),
    "action-plan": (8, 25),
    "case-review": (4, 8),
    "audit": (3, 8),
    "manual": (1, 3),
}


# --- Working records kept between phases ---------------------------------------------------


@dataclass
class Authority:
    place: str
    county: str
    council: Organisation | None = None
    partners: list[Organisation] = field(default_factory=list)
    councillors: list[Person] = field(default_factory=list)
    cabinet: list[tuple[str, Person]] = field(default_factory=list)
    officers: list[tuple[Person, str, str]] = field(default_factory=list)
    partner_people: list[tuple[Person, Organisation, str]] = field(default_factory=list)


@dataclass
class Seat:
    person: Person | None
    organisation: Organisation | None
    capacity: str
    start: dt.date
    end: dt.date | None
    chair: bool = False


@dataclass
class BodyInfo:
    body: Body
    authority: Authority
    seats: list[Seat] = field(default_factory=list)
    meetings: list[MeetingInfo] = field(default_factory=list)


@dataclass
class Request:
    """A resolution that asks for something, and the tracked item it becomes."""

    resolution: Resolution | None
    item_type: str
    text: str
    topic: str
    due_months: int | None


@dataclass
class MeetingInfo:
    meeting: Meeting
    year: str
    topics: list[tuple[AgendaItem, str]] = field(default_factory=list)
    minutes: dict[int, Minute] = field(default_factory=dict)  # agenda item id -> minute
    requests: list[Request] = field(default_factory=list)


def lower(topic: str) -> str:
    """A topic as it reads mid-sentence: "Early Help" -> "early help", "LADO" stays."""
    return " ".join(w.lower() if w[1:] == w[1:].lower() else w for w in topic.split())


def municipal_year_start(day: dt.date) -> int:
    return day.year if day.month >= 5 else day.year - 1


def year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def add_months(day: dt.date, months: int) -> dt.date:
    return add_calendar_months(day, months)


class Synthesiser:
    def __init__(self, scale: float, seed: int, today: dt.date, progress: Progress | None):
        self.plan = Plan.for_scale(scale)
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.progress = progress or (lambda phase, done, total: None)
        self.counts: dict[str, int] = {}
        self.first_year = municipal_year_start(today) - (YEARS - 1)
        self.period_start = dt.date(self.first_year, 5, 15)
        self.period_end = dt.date(self.first_year + YEARS, 4, 30)
        self.authorities: list[Authority] = []
        self.bodies: list[BodyInfo] = []
        self.origins: dict[tuple[int, str], list[tuple[TrackedItem, dt.date]]] = {}
        self.minute_numbers: dict[tuple[int, str], int] = {}  # numbered through the year
        self.has_taken_minute = any(
            f.name == "taken_minute" for f in WorkProgrammeItem._meta.get_fields()
        )

    # -- writing --

    def insert(self, model, objs: list) -> None:
        if not objs:
            return
        size = min(BATCH, MAX_PARAMS // len(model._meta.concrete_fields))
        model.objects.bulk_create(objs, batch_size=size)
        key = COUNT_LABELS.get(model.__name__, str(model._meta.verbose_name_plural))
        self.counts[key] = self.counts.get(key, 0) + len(objs)

    def insert_rows(self, model, rows: list[dict]) -> None:
        """Write rows that no other row points to, without making model instances: COPY on
        PostgreSQL, ``executemany`` elsewhere, over the model's own columns. The generator
        spends most of its time in the ORM's per-object work, and these tables (parties,
        status changes, responses) hold most of the rows.

        Fields a row leaves out take their model default (``auto_now`` ones: now); values
        that are not plain strings, numbers or None are prepared by their field, as the ORM
        would."""
        if not rows:
            return
        now = timezone.now()
        columns = []
        for f in model._meta.concrete_fields:
            if f.primary_key or f.has_db_default():
                continue
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            columns.append((f, f.attname, now if auto else f.get_default()))
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        names = ", ".join(quote(f.column) for f, _, _ in columns)
        plain = (str, int, type(None))
        values = []
        for row in rows:
            line = []
            for f, name, default in columns:
                value = row.get(name, default)
                line.append(
                    value if isinstance(value, plain) else f.get_db_prep_save(value, connection)
                )
            values.append(line)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: one statement for all the rows, not one INSERT each.
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for line in values:
                        copy.write_row(line)
            else:
                places = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({names}) VALUES ({places})"
                for start in range(0, len(values), BATCH):
                    cursor.executemany(sql, values[start : start + BATCH])
        key = COUNT_LABELS.get(model.__name__, str(model._meta.verbose_name_plural))
        self.counts[key] = self.counts.get(key, 0) + len(rows)

    def run(self) -> dict[str, int]:
        self.people_and_organisations()
        self.bodies_and_memberships()
        self.meetings()
        self.tracked_items()
        self.work_programmes()
        return self.counts

    # -- people and organisations --

    def person(self, first: str, surname: str, honorific: str = "") -> Person:
        return Person(
            name=f"{first} {surname}",
            honorific=honorific,
            surname_key=surname.lower(),
            initial=first[0],
        )

    def people_and_organisations(self) -> None:
        rng = self.rng
        organisations, aliases, people, posts = [], [], [], []
        seen_keys: set[str] = set()

        def alias(org: Organisation, text: str) -> None:
            key = alias_key(text)
            if key not in seen_keys:
                seen_keys.add(key)
                aliases.append(OrganisationAlias(organisation=org, alias=text, key=key))

        for index in range(self.plan.authorities):
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
            authority = Authority(place, county)
            specs = [
                (f"{place} City Council", [f"{place} Council", f"{place} CC"]),
                (f"{county} Police", [f"{county} Constabulary", f"{county} Police Force"]),
                (
                    f"{place} and {county} Integrated Care Board",
                    [f"{place} and {county} ICB", f"ICB ({place})"],
                ),
                (f"University Hospitals {place} NHS Trust", [f"UH{place[:3].upper()}"]),
                (f"{county} Partnership NHS Trust", [f"{county} Partnership Trust"]),
                (f"{county} Fire and Rescue Service", [f"{county} FRS"]),
                (f"{place} Probation Delivery Unit", [f"Probation ({place})"]),
                (f"{county} Ambulance Service", [f"{county} Ambulance Services"]),
                (f"{place} Voluntary Action", [f"{place} VA", f"{place} CVS"]),
            ]
            for name, others in specs:
                org = Organisation(name=name, slug=slugify(name)[:255])
                organisations.append(org)
                alias(org, name)
                for other in others:
                    alias(org, other)
            authority.council, authority.partners = organisations[-9], organisations[-8:]

            names = rng.sample(range(len(FIRST_NAMES) * len(SURNAMES)), 36 + 25 + 24)
            pairs = [
                (FIRST_NAMES[n % len(FIRST_NAMES)], SURNAMES[n // len(FIRST_NAMES)]) for n in names
            ]
            for first, surname in pairs[:36]:
                person = self.person(first, surname, "Councillor")
                authority.councillors.append(person)
            authority.cabinet = list(zip(PORTFOLIOS, authority.councillors[:8], strict=True))
            for (first, surname), (title, directorate) in zip(
                pairs[36:61], OFFICER_TITLES, strict=True
            ):
                person = self.person(first, surname)
                authority.officers.append((person, title, directorate))
                posts.append(
                    Post(
                        person=person,
                        organisation=authority.council,
                        title=title,
                        directorate=directorate,
                    )
                )
            for i, (first, surname) in enumerate(pairs[61:]):
                person = self.person(first, surname, rng.choice(["", "", "Dr"]))
                org = authority.partners[i % len(authority.partners)]
                title = PARTNER_TITLES[i % len(PARTNER_TITLES)]
                authority.partner_people.append((person, org, title))
                posts.append(Post(person=person, organisation=org, title=title))
            group = (
                authority.councillors
                + [p for p, _, _ in authority.officers]
                + [p for p, _, _ in authority.partner_people]
            )
            people.extend(group)
            self.authorities.append(authority)
            self.progress("People and organisations", index + 1, self.plan.authorities)

        self.insert(Organisation, organisations)
        self.insert(OrganisationAlias, aliases)
        self.insert(Person, people)
        person_aliases = []
        for person in people:
            first, surname = person.name.split(" ", 1)
            forms = [person.name, f"{first[0]} {surname}", f"{first[0]}. {surname}"]
            if person.honorific == "Councillor":
                forms += [f"Cllr {person.name}", f"Councillor {surname}"]
            for form in forms[: 2 + rng.randrange(len(forms) - 1)]:
                person_aliases.append(PersonAlias(person=person, alias=form))
        self.insert(PersonAlias, person_aliases)
        self.insert(Post, posts)

    # -- bodies and memberships --

    def bodies_and_memberships(self) -> None:
        rng = self.rng
        infos: list[BodyInfo] = []
        note = SYNTHETIC_NOTE.format(scale=f"{self.plan.scale:g}", seed=self.seed)
        for index in range(self.plan.bodies):
            authority = self.authorities[index // len(BODY_TEMPLATES)]
            pattern, kind, _, _ = BODY_TEMPLATES[index % len(BODY_TEMPLATES)]
            name = pattern.format(place=authority.place)
            body = Body(
                name=name, slug=slugify(name)[:255], kind=kind, remit=f"{REMIT[kind]} {note}"
            )
            infos.append(BodyInfo(body, authority))
        for index, info in enumerate(infos):
            parent = BODY_TEMPLATES[index % len(BODY_TEMPLATES)][2]
            if parent is not None:
                info.body.parent = infos[index - index % len(BODY_TEMPLATES) + parent].body
        self.insert(Body, [i.body for i in infos if i.body.parent is None])
        self.insert(Body, [i.body for i in infos if i.body.parent is not None])
        aliases = []
        for index, info in enumerate(infos):
            for pattern in [info.body.name, *BODY_TEMPLATES[index % len(BODY_TEMPLATES)][3]]:
                text = pattern.format(place=info.authority.place)
                aliases.append(BodyAlias(body=info.body, alias=text, key=alias_key(text)))
        self.insert(BodyAlias, aliases)

        memberships = []
        for index, info in enumerate(infos):
            info.seats = self.seats(info)
            for seat in info.seats:
                role = Membership.Role.MEMBER
                if seat.chair:
                    role = Membership.Role.CHAIR
                elif seat.capacity in {"co-opted", "officer"}:
                    role = seat.capacity
                memberships.append(
                    Membership(
                        body=info.body,
                        person=seat.person,
                        organisation=seat.organisation,
                        role=role,
                        title=seat.organisation.name if seat.organisation else "",
                        start_date=seat.start,
                        end_date=seat.end,
                    )
                )
            if rng.random() < 0.2:
                memberships.append(
                    Membership(body=info.body, vacant=True, title="Vacancy", role="member")
                )
            self.progress("Bodies and memberships", index + 1, len(infos))
        # A Vice Chair for each body: the first plain member seat still held.
        for info in infos:
            for membership in memberships:
                if (
                    membership.body is info.body
                    and membership.role == Membership.Role.MEMBER
                    and membership.person is not None
                    and membership.end_date is None
                ):
                    membership.role = Membership.Role.VICE_CHAIR
                    break
        self.insert(Membership, memberships)
        self.bodies = infos

    def seats(self, info: BodyInfo) -> list[Seat]:
        """Who sits on a body, with some turnover during the ten years."""
        rng, authority, kind = self.rng, info.authority, info.body.kind
        start = self.period_start
        seats: list[Seat] = []
        if kind in {Body.Kind.SCRUTINY_BOARD, Body.Kind.TASK_AND_FINISH}:
            pool = authority.councillors[8:]  # cabinet members do not sit on scrutiny
            size = 9 if kind == Body.Kind.SCRUTINY_BOARD else 5
            chosen = rng.sample(pool, size + 3)
            for i, person in enumerate(chosen[:size]):
                seats.append(Seat(person, None, "member", start, None, chair=i == 0))
            extras = chosen[size:]
            if kind == Body.Kind.SCRUTINY_BOARD:
                for person, _, _ in rng.sample(authority.partner_people[-6:], 2):
                    seats.append(Seat(person, None, "co-opted", start, None))
        elif kind == Body.Kind.HEALTH_WELLBEING_BOARD:
            for i, (_, person) in enumerate(authority.cabinet[:4]):
                seats.append(Seat(person, None, "member", start, None, chair=i == 0))
            for person, _, _ in authority.officers[:3]:
                seats.append(Seat(person, None, "member", start, None))
            for person, org, _ in authority.partner_people[:4]:
                seats.append(Seat(person, org, "member", start, None))
            extras = [p for p, _, _ in authority.partner_people[8:12]]
        else:  # partnerships and subgroups: agencies, represented by people
            partners = authority.partner_people
            chair = rng.choice(partners)
            seats.append(Seat(chair[0], None, "member", start, None, chair=True))
            for person, org, _ in rng.sample(partners, 7):
                if person is not chair[0]:
                    seats.append(Seat(person, org, "member", start, None))
            for person, _, _ in rng.sample(authority.officers[:16], 3):
                seats.append(Seat(person, authority.council, "member", start, None))
            extras = [p for p, _, _ in rng.sample(partners, 4)]
        officer = authority.officers[16 if kind == Body.Kind.SCRUTINY_BOARD else 13][0]
        seats.append(Seat(officer, None, "officer", start, None))
        # Turnover: some members leave part-way and someone else takes the seat.
        span = (self.period_end - self.period_start).days
        for seat in list(seats):
            if seat.capacity == "member" and not seat.chair and extras and rng.random() < 0.3:
                change = self.period_start + dt.timedelta(days=rng.randrange(180, span - 180))
                seat.end = change
                seats.append(Seat(extras.pop(), seat.organisation, "member", change, None))
        return seats

    # -- meetings, agendas, minutes, attendance --

    def meeting_dates(self, count: int) -> list[dt.date]:
        span = (self.period_end - self.period_start).days
        dates: list[dt.date] = []
        used: set[dt.date] = set()
        for j in range(count):
            day = self.period_start + dt.timedelta(
                days=int((j + 0.5) * span / count) + self.rng.randint(-6, 6)
            )
            while day.weekday() >= 4 or day in used:  # Monday to Thursday
                day += dt.timedelta(days=1)
            used.add(day)
            dates.append(day)
        return dates

    def meetings(self) -> None:
        rng, today = self.rng, self.today
        total = self.plan.meetings
        per_body = [total // len(self.bodies)] * len(self.bodies)
        for i in range(total % len(self.bodies)):
            per_body[i] += 1
        meetings: list[MeetingInfo] = []
        for info, count in zip(self.bodies, per_body, strict=True):
            venues = [
                f"Committee Room {n}, Council House, {info.authority.place}" for n in (1, 2, 3)
            ] + [f"Diamond Room, Council House, {info.authority.place}", "Online (Microsoft Teams)"]
            for day in self.meeting_dates(count):
                if day > today:
                    status = "postponed" if rng.random() < 0.05 else "scheduled"
                else:
                    roll = rng.random()
                    status = "cancelled" if roll < 0.03 else "postponed" if roll < 0.06 else "held"
                hour = rng.choice([10, 10, 14, 14, 16])
                meeting = Meeting(
                    body=info.body,
                    date=day,
                    start=dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON),
                    closed_at=dt.time(hour + 2, rng.choice([0, 15, 30, 45]))
                    if status == "held"
                    else None,
                    venue=rng.choice(venues),
                    status=status,
                    published=day - dt.timedelta(days=7),
                    issued_by=f"Governance Services, {info.authority.place} City Council",
                    private_business=rng.random() < 0.1,
                )
                record = MeetingInfo(meeting, year_label(municipal_year_start(day)))
                info.meetings.append(record)
                meetings.append(record)
        self.insert(Meeting, [m.meeting for m in meetings])

        done = 0
        chunk: list[tuple[BodyInfo, MeetingInfo]] = []
        for info in self.bodies:
            for record in info.meetings:
                chunk.append((info, record))
                if len(chunk) >= 200:
                    done += len(chunk)
                    self.meeting_records(chunk)
                    self.progress("Meetings, agendas and minutes", done, total)
                    chunk = []
        done += len(chunk)
        self.meeting_records(chunk)
        self.progress("Meetings, agendas and minutes", done, total)

    def agenda(self, info: BodyInfo, record: MeetingInfo, sub: list[AgendaItem]):
        """A meeting's agenda as (item, role) pairs; sub-items are added to ``sub``."""
        rng, meeting, authority = self.rng, record.meeting, info.authority
        items: list[tuple[AgendaItem, str]] = []
        page = 1

        def add(title, role, presenter="", visibility=Visibility.PUBLIC, pages=0, desc=""):
            nonlocal page
            item = AgendaItem(
                meeting=meeting,
                number=str(len(items) + 1),
                order=len(items) + 1,
                title=title,
                presenter=presenter,
                description=desc,
                visibility=visibility,
                first_page=page if pages else None,
                last_page=page + pages - 1 if pages else None,
            )
            page += pages
            items.append((item, role))
            return item

        add("Apologies and Substitutions", "apologies")
        add("Declarations of Interest", "declarations")
        minutes_item = add("Minutes", "minutes", pages=rng.randint(4, 10))
        for order, (letter, title) in enumerate(
            [("(a)", "To agree the minutes of the previous meeting"), ("(b)", "Matters arising")],
            start=1,
        ):
            sub.append(
                AgendaItem(
                    meeting=meeting, parent=minutes_item, number=letter, order=order, title=title
                )
            )
        for topic in rng.sample(TOPICS, rng.randint(3, 5)):
            officer, title, _ = rng.choice(authority.officers)
            item = add(
                topic,
                "topic",
                presenter=f"{title} ({officer.name})",
                pages=rng.randint(6, 40),
                desc=f"Briefing note of the {title}.",
            )
            record.topics.append((item, topic))
        if info.body.kind == Body.Kind.SCRUTINY_BOARD:
            add("Outstanding Issues", "standing", pages=rng.randint(2, 6))
        add(f"Work Programme {record.year}", "standing", pages=rng.randint(3, 8))
        add("Any other items of public business", "aob")
        if meeting.private_business:
            topic = rng.choice(TOPICS)
            add(
                f"Private business: {topic}",
                "private",
                visibility=Visibility.RESTRICTED,
                desc="Exempt information under paragraph 2 of Schedule 12A.",
            )
        return items

    def meeting_records(self, chunk: list[tuple[BodyInfo, MeetingInfo]]) -> None:
        """Agenda items, minutes, resolutions, declarations and attendance for some meetings."""
        rng = self.rng
        top, sub = [], []
        plans = []
        for info, record in chunk:
            if record.meeting.status == "cancelled":
                continue
            items = self.agenda(info, record, sub)
            top.extend(item for item, _ in items)
            plans.append((info, record, items))
        self.insert(AgendaItem, top)
        self.insert(AgendaItem, sub)  # bulk_create picks up their parents' new pks

        minutes, held = [], []
        numbers = self.minute_numbers
        for info, record, items in plans:
            if record.meeting.status != "held":
                continue
            held.append((info, record, items))
            for item, _role in items:
                key = (info.body.pk, record.year)
                numbers[key] = numbers.get(key, 0) + 1
                minute = Minute(
                    meeting=record.meeting,
                    number=numbers[key],
                    municipal_year=record.year,
                    title=item.title,
                    agenda_item=item,
                    visibility=item.visibility,
                )
                record.minutes[id(item)] = minute
                minutes.append(minute)
        self.insert(Minute, minutes)

        resolutions, declarations, attendance = [], [], []
        for info, record, items in held:
            authority = info.authority
            meeting = record.meeting
            for item, role in items:
                minute = record.minutes[id(item)]
                if role == "minutes":
                    resolutions.append(
                        Resolution(
                            minute=minute,
                            order=1,
                            text="That the minutes of the previous meeting be agreed and "
                            "signed as a true record.",
                        )
                    )
                elif role == "declarations":
                    declarations.append(
                        Declaration(
                            meeting=meeting,
                            minute=minute,
                            order=1,
                            text="There were no disclosable pecuniary interests.",
                            none_declared=True,
                        )
                    )
                    if rng.random() < 0.12:
                        who = rng.choice([s.person for s in info.seats if s.person])
                        declarations.append(
                            Declaration(
                                meeting=meeting,
                                minute=minute,
                                order=2,
                                person=who,
                                text=f"{who.name} declared an other interest as a foster carer "
                                "in the matter referred to in the report.",
                            )
                        )
                elif role == "topic":
                    resolutions.append(
                        Resolution(
                            minute=minute,
                            order=1,
                            part="1)",
                            text=f"That the Board notes the report on {item.title}.",
                        )
                    )
                    for order in range(2, 2 + rng.choices([0, 1, 2, 3], [2, 4, 3, 1])[0]):
                        request = self.request(authority, item.title)
                        resolution = Resolution(
                            minute=minute, order=order, part=f"{order})", text=request.text
                        )
                        request.resolution = resolution
                        resolutions.append(resolution)
                        record.requests.append(request)
            attendance.extend(self.attendance(info, record))
        self.insert(Resolution, resolutions)
        self.insert(Declaration, declarations)
        self.insert(Attendance, attendance)

    def request(self, authority: Authority, topic: str) -> Request:
        """What a resolution asks for, worded as boards word it."""
        rng = self.rng
        portfolio = rng.choice(PORTFOLIOS)
        roll = rng.random()
        months = rng.choice(DUE_MONTHS)
        if roll < 0.35:
            return Request(
                None,
                "R",
                f"That the Cabinet Member ({portfolio}) be recommended to "
                f"{rng.choice(ACTIONS)} {lower(topic)}.",
                topic,
                months,
            )
        if roll < 0.7:
            period = f"{months} month{'s' if months != 1 else ''}"
            text = rng.choice(
                [
                    f"Request an update on {lower(topic)} in {period}.",
                    f"That a progress report on {lower(topic)} be brought back in {period}.",
                    f"Request further information on {rng.choice(METRICS)} for {lower(topic)}.",
                ]
            )
            return Request(None, "I", text, topic, months)
        return Request(
            None,
            "A",
            rng.choice(
                [
                    f"Officers to circulate the {rng.choice(DOCUMENTS)} on {lower(topic)} "
                    "to members of the Board.",
                    f"Arrange a visit for members to see {lower(topic)} in practice.",
                    f"Officers to provide a briefing note on {lower(topic)} before the "
                    "next meeting.",
                ]
            ),
            topic,
            months,
        )

    def attendance(self, info: BodyInfo, record: MeetingInfo) -> list[Attendance]:
        rng, meeting = self.rng, record.meeting
        rows, used = [], set()
        authority = info.authority
        for seat in info.seats:
            if seat.start > meeting.date or (seat.end and seat.end <= meeting.date):
                continue
            person = seat.person
            capacity = (
                "officer"
                if seat.capacity == "officer"
                else "co-opted"
                if seat.capacity == "co-opted"
                else "member"
            )
            roll = rng.random()
            status = (
                "in-attendance"
                if capacity == "officer"
                else "present"
                if roll < 0.8
                else "apology"
                if roll < 0.93
                else "absent"
            )
            name = f"{person.honorific} {person.name}".strip()
            if (name, status) in used:
                continue
            used.add((name, status))
            rows.append(
                Attendance(
                    meeting=meeting,
                    person=person,
                    name_as_written=name,
                    status=status,
                    capacity=capacity,
                    chair=seat.chair and status == "present",
                    organisation=seat.organisation,
                )
            )
            if status == "apology" and person.honorific == "Councillor" and rng.random() < 0.4:
                substitute = rng.choice(authority.councillors[8:])
                sub_name = f"Councillor {substitute.name}"
                if (sub_name, "substitute") not in used:
                    used.add((sub_name, "substitute"))
                    rows.append(
                        Attendance(
                            meeting=meeting,
                            person=substitute,
                            name_as_written=sub_name,
                            status="substitute",
                            capacity="member",
                            substitute_for=person,
                        )
                    )
        for officer, title, directorate in rng.sample(authority.officers[:16], 2):
            if (officer.name, "in-attendance") not in used:
                used.add((officer.name, "in-attendance"))
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person=officer,
                        name_as_written=officer.name,
                        status="in-attendance",
                        capacity="officer",
                        role=title,
                        organisation=authority.council,
                        directorate=directorate,
                    )
                )
        if info.body.kind == Body.Kind.SCRUTINY_BOARD:
            portfolio, member = rng.choice(authority.cabinet)
            name = f"Councillor {member.name}"
            if (name, "in-attendance") not in used:
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person=member,
                        name_as_written=name,
                        status="in-attendance",
                        capacity="cabinet-member",
                        role=f"Cabinet Member for {portfolio}",
                    )
                )
        return rows

    # -- the tracker --

    def tracked_items(self) -> None:
        held = [
            (info, record)
            for info in self.bodies
            for record in info.meetings
            if record.meeting.status == "held"
        ]
        target = self.plan.tracked_items
        if not held:
            raise RuntimeError("No meetings were held, so there is nothing to track.")
        quotas = [target // len(held)] * len(held)
        for i in self.rng.sample(range(len(held)), target % len(held)):
            quotas[i] += 1
        batch = _Batch()
        made = 0
        for (info, record), quota in zip(held, quotas, strict=True):
            made += self.items_for_meeting(info, record, quota, batch)
            if len(batch.items) >= BATCH:
                self.flush(batch)
                batch = _Batch()
                self.progress("Tracked items", made, target)
        self.flush(batch)
        self.progress("Tracked items", made, target)

    def items_for_meeting(self, info: BodyInfo, record: MeetingInfo, quota: int, batch) -> int:
        rng = self.rng
        made = 0
        for request in record.requests:
            if made >= quota:
                return made
            self.item(
                batch, info, record, "resolution", request.item_type, request.text,
                request.topic, request.due_months, resolution=request.resolution,
            )  # fmt: skip
            made += 1
        kinds, weights = zip(*SOURCE_MIX[info.body.kind], strict=True)
        topics = [topic for _, topic in record.topics] or [rng.choice(TOPICS)]
        while made < quota:
            kind = rng.choices(kinds, weights)[0]
            low, high = GROUP_SIZES[kind]
            size = rng.randint(low, high)
            made += self.group(batch, info, record, kind, rng.choice(topics), size, quota - made)
        return made

    def group(self, batch, info, record, kind, topic, size, room) -> int:
        """A set of items from one source: a review's recommendations, an action plan..."""
        rng, made = self.rng, 0
        months = rng.choice(DUE_MONTHS)
        phrase = lower(topic)
        if kind == "case-review":
            label = rng.choice(
                [
                    "Serious Case Review",
                    "Child Safeguarding Practice Review",
                    "Safeguarding Adults Review",
                    "Rapid Review",
                ]
            )
            reference = f"{label} – {rng.choice(REVIEW_NAMES)}"
        else:
            reference = {
                "briefing-note": f"Briefing note: {topic}",
                "outstanding-issues": "Outstanding Issues report",
                "peer-review": f"Peer review of {phrase}",
                "action-plan": f"{topic} action plan",
                "audit": f"Multi-agency audit: {phrase}",
                "manual": "",
            }[kind]
        for n in range(1, size + 1):
            if made >= room:
                break
            item_type, text = self.group_text(kind, phrase)
            number = {"audit": f"F{n}", "peer-review": f"R{n}"}.get(kind, str(n))
            parent = self.item(
                batch, info, record, kind, item_type, text, topic, months,
                number=number, reference=reference,
            )  # fmt: skip
            made += 1
            if kind == "case-review" and rng.random() < 0.45:
                for letter in "abcd"[: rng.randint(2, 4)]:
                    if made >= room:
                        break
                    _, sub_text = self.group_text(kind, phrase)
                    self.item(
                        batch, info, record, kind, item_type, sub_text, topic, months,
                        number=f"{n}{letter}", reference=reference, parent=parent,
                    )  # fmt: skip
                    made += 1
            if kind == "action-plan" and rng.random() < 0.3:
                months = rng.choice(DUE_MONTHS)  # plans stagger their timescales
        return made

    def group_text(self, kind: str, topic: str) -> tuple[str, str]:
        rng = self.rng
        action = rng.choice(ACTIONS)
        if kind == "case-review":
            return "R", rng.choice(
                [
                    f"The Partnership should seek assurance that agencies {action} {topic}.",
                    f"All agencies should {action} {topic} and report to the Board.",
                    f"Practitioners should be reminded of the guidance on {topic}.",
                    f"The Board should {action} {topic} within six months.",
                ]
            )
        if kind == "audit":
            return rng.choice("AR"), rng.choice(
                [
                    f"Case records did not consistently show the voice of the child in {topic}.",
                    f"Agencies to {action} {topic}.",
                    f"Supervision records should evidence management oversight of {topic}.",
                ]
            )
        if kind == "action-plan":
            return "A", rng.choice(
                [
                    f"{action.capitalize()} {topic}.",
                    f"Deliver multi-agency training on {topic}.",
                    f"Publish guidance for practitioners on {topic}.",
                    f"Establish a task group to {action} {topic}.",
                ]
            )
        if kind == "peer-review":
            return "R", f"The council should {action} {topic}."
        if kind == "outstanding-issues":
            item_type = rng.choice("RAI")
            if item_type == "I":
                return (
                    item_type,
                    f"Request an update on {topic} in {rng.choice([3, 6, 12])} months.",
                )
            return item_type, f"Officers to {action} {topic}."
        if kind == "briefing-note":
            return "R", f"Members are recommended to ask officers to {action} {topic}."
        return rng.choice("RAI"), f"Follow up {topic}: {rng.choice(METRICS)}."

    def item(
        self, batch, info, record, kind, item_type, text, topic, due_months, *,
        number="", reference="", resolution=None, parent=None,
    ) -> TrackedItem:  # fmt: skip
        rng, today = self.rng, self.today
        authority = info.authority
        day = record.meeting.date
        officer, officer_title, _ = rng.choice(authority.officers)
        derived = derive_due_date(text, day) if item_type == "I" else None
        if derived:
            due, basis = derived.date, derived.basis
        elif rng.random() < 0.08:
            due, basis = None, ""
        else:
            due = add_months(day, due_months)
            basis = f"Timescale stated: {due:%B %Y}"
        reference_day = due or add_months(day, 6)
        overdue_days = (today - reference_day).days
        if overdue_days > 730:
            p_closed = 0.93
        elif overdue_days > 365:
            p_closed = 0.85
        elif overdue_days > 0:
            p_closed = 0.6
        elif overdue_days > -90:
            p_closed = 0.2
        else:
            p_closed = 0.05
        if (today - day).days < 30:
            status = rng.choice(["open", "open", "sent"])
        elif rng.random() < p_closed:
            status = rng.choice(CLOSED_CHOICES)
        else:
            status = rng.choice(OPEN_STATUSES)
        history = rng.choice(HISTORIES[status])
        restricted = record.meeting.private_business and rng.random() < 0.2
        restricted = restricted or rng.random() < RESTRICTED_SHARE
        item = TrackedItem(
            item_type=item_type,
            text=text,
            number=number,
            source_kind=kind,
            source_reference=reference,
            topic=topic,
            body_id=info.body.pk,
            meeting_id=record.meeting.pk,
            resolution_id=resolution.pk if resolution else None,
            parent=parent,
            officer_contact_id=officer.pk,
            officer_contact_text=f"{officer.name}, {officer_title}",
            due_date=due,
            due_basis=basis,
            status=status,
            visibility=Visibility.RESTRICTED if restricted else Visibility.PUBLIC,
            version=len(history),
        )
        if parent is None:
            batch.items.append((item, day))
        else:
            batch.subitems.append(item)
        self.parties(batch, item, info, kind, item_type)
        self.history(batch, item, history, day, reference_day)
        return item

    def parties(self, batch, item, info: BodyInfo, kind: str, item_type: str) -> None:
        rng, authority = self.rng, info.authority
        rows: list[tuple] = []

        def add(role, label, person=None, organisation=None, body=None):
            if all(row[2] != label or row[1] != role for row in rows):
                rows.append((item, role, label, person, organisation, body))

        portfolio, member = rng.choice(authority.cabinet)
        officer, title, directorate = rng.choice(authority.officers)
        if kind in {"resolution", "briefing-note", "outstanding-issues"}:
            if item_type == "R":
                add("addressee", f"Cabinet Member ({portfolio})", person=member)
                if rng.random() < 0.15:
                    _, other = rng.choice(authority.cabinet)
                    add("addressee", f"Cabinet Member ({rng.choice(PORTFOLIOS)})", person=other)
            else:
                add("owner", f"Cabinet Member ({portfolio})", person=member)
            add("owner", officer.name, person=officer)
        elif kind in {"case-review", "audit"}:
            roll = rng.random()
            board = info.body.parent or info.body
            if roll < 0.4:
                add("owner", board.name, body=board)
            elif roll < 0.75:
                org = rng.choice(authority.partners + [authority.council])
                add("owner", org.name, organisation=org)
            else:
                add("owner", rng.choice(LABEL_OWNERS))
            if rng.random() < 0.3:
                org = rng.choice(authority.partners)
                add("owner", org.name, organisation=org)
        elif kind == "peer-review":
            add("addressee", authority.council.name, organisation=authority.council)
            add("owner", officer.name, person=officer)
        elif kind == "action-plan":
            if rng.random() < 0.6:
                add("owner", officer.name, person=officer)
            else:
                org = rng.choice(authority.partners)
                add("owner", org.name, organisation=org)
            if rng.random() < 0.25:
                add("owner", directorate)
        else:
            add("owner", officer.name, person=officer)
        batch.parties.extend(rows)

    def history(self, batch, item, history, day: dt.date, reference_day: dt.date) -> None:
        rng = self.rng
        start = dt.datetime.combine(day, dt.time(17), tzinfo=UTC)
        last_day = min(self.today - dt.timedelta(days=1), reference_day + dt.timedelta(days=120))
        end = dt.datetime.combine(max(last_day, day + dt.timedelta(days=2)), dt.time(12), UTC)
        span = (end - start).total_seconds()
        offsets = sorted(rng.random() for _ in history[1:])
        moments = [start] + [
            start + dt.timedelta(seconds=int(span * f) + i + 1) for i, f in enumerate(offsets)
        ]
        previous = ""
        for status, moment in zip(history, moments, strict=True):
            batch.changes.append((item, previous, status, moment, rng.choice(STATUS_NOTES[status])))
            previous = status
        if item.status in ANSWERED and rng.random() < RESPONSE_SHARE:
            answered = moments[min(2, len(moments) - 1)]
            for k in range(rng.choices([1, 2], [3, 1])[0]):
                when = (answered + dt.timedelta(days=30 * k)).date()
                text = rng.choice(RESPONSE_TEXTS).format(
                    topic=lower(item.topic), month=f"{when:%B %Y}", n=rng.randint(12, 400)
                )
                links = "" if rng.random() < 0.7 else "https://example.org/evidence"
                batch.responses.append(
                    (item, min(when, self.today), item.officer_contact_text, text, links)
                )

    def flush(self, batch: _Batch) -> None:
        # Parents first: bulk_create gives them pks, which the rows that point to them
        # (sub-items, parties, history, responses) pick up when they are inserted.
        # Parents first: bulk_create gives them pks, which sub-items pick up from the parent
        # object; the rows that point to items are written once the items have pks.
        self.insert(TrackedItem, [item for item, _ in batch.items])
        self.insert(TrackedItem, batch.subitems)
        self.insert_rows(
            Party,
            [
                {
                    "tracked_item_id": item.pk,
                    "role": role,
                    "label": label,
                    "person_id": person.pk if person else None,
                    "organisation_id": organisation.pk if organisation else None,
                    "body_id": body.pk if body else None,
                }
                for item, role, label, person, organisation, body in batch.parties
            ],
        )
        self.insert_rows(
            StatusChange,
            [
                {
                    "tracked_item_id": item.pk,
                    "from_status": from_status,
                    "to_status": to_status,
                    "changed_at": when,
                    "note": note,
                }
                for item, from_status, to_status, when, note in batch.changes
            ],
        )
        self.insert_rows(
            Response,
            [
                {
                    "tracked_item_id": item.pk,
                    "date": day,
                    "responder": responder,
                    "text": text,
                    "links": links,
                }
                for item, day, responder, text, links in batch.responses
            ],
        )
        for item, day in batch.items:
            key = (item.body_id, year_label(municipal_year_start(day)))
            kept = self.origins.setdefault(key, [])
            if len(kept) < 6 and item.visibility == Visibility.PUBLIC:
                kept.append((item, day))

    # -- work programmes --

    def work_programmes(self) -> None:
        rows: list[WorkProgrammeItem] = []
        follow_ups: list[FollowUp] = []
        for done, info in enumerate(self.bodies, start=1):
            by_year: dict[str, list[MeetingInfo]] = {}
            for record in info.meetings:
                by_year.setdefault(record.year, []).append(record)
            for start_year in range(self.first_year, municipal_year_start(self.today) + 1):
                meetings = by_year.get(year_label(start_year), [])
                self.programme(info, start_year, meetings, rows, follow_ups)
            self.progress("Work programmes", done, len(self.bodies))
        self.insert(WorkProgrammeItem, rows)
        self.insert(FollowUp, follow_ups)

    def programme(self, info: BodyInfo, start_year: int, meetings, rows, follow_ups) -> None:
        """One body's work programme for one municipal year: what each meeting took (or
        will take), then the buckets, some of them carried from earlier tracked items."""
        rng, authority = self.rng, info.authority
        year = year_label(start_year)
        current = start_year == municipal_year_start(self.today)
        order = itertools.count(1)

        def add(title, detail="", **fields):
            officer, _, _ = rng.choice(authority.officers)
            _, member = rng.choice(authority.cabinet)
            row = WorkProgrammeItem(
                body=info.body,
                municipal_year=year,
                order=next(order),
                title=title,
                detail=detail,
                lead_officers=[officer.name],
                cabinet_members=[f"Councillor {member.name}"],
                leads_as_written=f"{officer.name} Cllr {member.name.split()[-1]}",
                **fields,
            )
            rows.append(row)
            return row

        for record in meetings:
            meeting = record.meeting
            if meeting.status == "cancelled":
                continue
            status = {"held": "held", "postponed": "postponed"}.get(meeting.status, "scheduled")
            for agenda_item, topic in record.topics:
                taken = {}
                if status == "held":
                    taken["taken_at"] = agenda_item
                    if self.has_taken_minute:
                        taken["taken_minute"] = record.minutes.get(id(agenda_item))
                detail = f"To consider the report on {lower(topic)}."
                add(topic, detail, meeting=meeting, status=status, **taken)
            if info.body.kind == Body.Kind.SCRUTINY_BOARD:
                standing = "held" if status == "held" else "scheduled"
                add("Outstanding Issues", meeting=meeting, standing=True, status=standing)
        buckets = [
            ("date-to-be-decided", "Date to be decided", rng.randint(1, 3)),
            ("progress-reports", "Progress reports (by exception)", rng.randint(1, 3)),
            ("proposed-items", "Proposed agenda items", rng.randint(2, 4)),
            ("performance-monitoring", "Performance monitoring", rng.randint(0, 2)),
            ("next-year", f"Items for {year_label(start_year + 1)}", rng.randint(0, 2)),
        ]
        origins = self.origins.get((info.body.pk, year_label(start_year - 1)), [])
        for bucket, label, count in buckets:
            for topic in rng.sample(TOPICS, count):
                status = "deferred" if rng.random() < 0.1 else "scheduled"
                if bucket == "next-year" or (not current and rng.random() < 0.15):
                    status = "postponed"
                origin, origin_day = (
                    origins.pop() if origins and rng.random() < 0.5 else (None, None)
                )
                row = add(
                    topic,
                    f"Progress on {lower(topic)}.",
                    bucket=bucket,
                    bucket_label=label,
                    status=status,
                    origin_tracked_item=origin,
                    origin_text=f"Recommendation of {origin_day:%-d %B %Y}" if origin else "",
                )
                if origin:
                    follow_ups.append(
                        FollowUp(
                            tracked_item=origin,
                            programme_item=row,
                            note="Added to the work programme.",
                        )
                    )


@dataclass
class _Batch:
    """Rows waiting to be written. Items come with their meeting's date; the rows that
    point to items are tuples until the items have pks."""

    items: list[tuple[TrackedItem, dt.date]] = field(default_factory=list)
    subitems: list[TrackedItem] = field(default_factory=list)
    parties: list[tuple] = field(default_factory=list)
    changes: list[tuple] = field(default_factory=list)
    responses: list[tuple] = field(default_factory=list)


def check_database(force: bool = False) -> None:
    """Refuse to mix synthetic rows into ingested papers, or to run twice."""
    if Document.objects.exists() and not force:
        raise SynthRefused(
            "The database holds ingested documents. Synthetic data would be mixed into real "
            "records; use an empty database, or pass --force if you really mean it."
        )
    names = [
        pattern.format(place=PLACES[0]) for pattern, *_ in BODY_TEMPLATES[:3]
    ]  # the first bodies every run creates
    if Body.objects.filter(name__in=names).exists():
        raise SynthRefused(
            "The database already holds synthetic data from an earlier run. "
            "Empty it first (scrutineer flush) and run synth again."
        )


def generate(
    scale: float = 1.0,
    *,
    seed: int = 0,
    today: dt.date | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill the database with synthetic data; returns counts by record type (plural names).

    Runs in one transaction. ``today`` fixes which meetings are past and which items are
    overdue; with the same ``scale``, ``seed`` and ``today`` the data is the same.
    """
    synthesiser = Synthesiser(scale, seed, today or dt.date.today(), progress)
    with transaction.atomic():
        check_database(force)
        counts = synthesiser.run()
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather soon after a bulk load; without them
        # the planner guesses at the sizes of the new tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts
