"""The restricted-record matrix: every page of the site, fetched as every kind of reader.

Every URL pattern comes from Django's resolver, so a page added later is covered without
editing this test; each is filled with the real ids, slugs, dates and years of public and
restricted records of every restrictable kind. Each restricted record carries a marker
string that appears nowhere else. Readers who may not see restricted records must never
meet a marker, in a page, a chart, a download or a header; readers who may must meet every
marker somewhere, so that the test fails if the records are missing rather than hidden.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import re
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from scrutineer.assurance.models import (
    Audit,
    AuditFinding,
    Budget,
    BudgetLine,
    LearningReview,
    Priority,
    ProgressStatement,
    Subgroup,
    TrainingCount,
    TrainingCourse,
)
from scrutineer.assurance.training import period_slug
from scrutineer.cli import SAMPLE_DIR
from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Declaration,
    Document,
    LinkedDocument,
    Meeting,
    Minute,
    Person,
    Resolution,
    Section,
    Visibility,
    Warning,
)
from scrutineer.governance.restriction import restricted_q
from scrutineer.ingest.loader import ingest_file
from scrutineer.performance.models import Area, DataCall, Indicator, Observation, Period
from scrutineer.tracker.models import (
    ActionPlan,
    FollowUp,
    Party,
    Response,
    StatusChange,
    TrackedItem,
    WorkProgrammeItem,
)

RESTRICTED = Visibility.RESTRICTED
# The sample pack's private agenda item (line 45 of the 20 November 2025 pack).
PRIVATE_ITEM = "Placement Commissioning Contract Award"
HIDDEN_DAY = dt.date(2025, 12, 11)
NEWEST = 3  # public rows of each kind whose ids fill the URLs, besides every restricted one

MARKERS = {
    "private agenda item": PRIVATE_ITEM,
    "restricted meeting's venue": "QZXMEETINGVENUE",
    "restricted meeting's date": "11 December 2025",
    "restricted meeting's date (ISO)": "2025-12-11",
    "restricted meeting's source line": "QZXMEETINGSOURCELINE",
    "agenda item of a restricted meeting": "QZXMEETINGAGENDA",
    "minute of a restricted meeting": "QZXMEETINGMINUTE",
    "resolution of a restricted meeting": "QZXMEETINGRESOLUTION",
    "declaration at a restricted meeting": "QZXMEETINGDECLARATION",
    "restricted agenda item": "QZXAGENDAITEM",
    "restricted linked paper": "QZXLINKEDPAPER",
    "restricted linked paper's address": "qzxlinkedpaperaddress",
    "restricted uploaded attachment": "QZXUPLOADTITLE",
    "restricted uploaded attachment's text": "QZXUPLOADTEXT",
    "paper linked from a restricted agenda item": "QZXITEMPAPER",
    "party of an attendee at a restricted meeting": "QZXATTENDEEPARTY",
    "restricted agenda item's source line": "QZXAGENDASOURCELINE",
    "restricted minute": "QZXMINUTETITLE",
    "restricted minute's source line": "QZXMINUTESOURCELINE",
    "resolution of a restricted minute": "QZXMINUTERESOLUTION",
    "declaration on a restricted minute": "QZXMINUTEDECLARATION",
    "warning on a restricted minute's lines": "QZXSPANWARNING",
    "section over a restricted minute": "QZXSECTIONTITLE",
    "restricted tracked item": "QZXTRACKEDITEM",
    "restricted tracked item's source line": "QZXTRACKEDSOURCELINE",
    "party of a restricted tracked item": "QZXTRACKEDPARTY",
    "response to a restricted tracked item": "QZXTRACKEDRESPONSE",
    "status note of a restricted tracked item": "QZXTRACKEDSTATUS",
    "restricted action plan": "QZXACTIONPLAN",
    "action of a restricted action plan": "QZXPLANACTION",
    "restricted work programme item": "QZXPROGRAMMEITEM",
    "restricted work programme item's source line": "QZXPROGRAMMESOURCELINE",
    "restricted indicator": "QZXINDICATORNAME",
    "figure of a restricted indicator": "QZXINDICATORFIGURE",
    "restricted figure": "QZXOBSERVATIONNOTE",
    "restricted document's title": "QZXDOCUMENTTITLE",
    "restricted document's text": "QZXDOCUMENTTEXT",
    "warning on a restricted document": "QZXDOCUMENTWARNING",
}

# Who may read restricted records (README, "Private business is restricted"): the members
# and officers of their body (officers need to see what they edit), and administrators.
# Every restricted record here is of one body, but the restricted document, which belongs
# to a body through the restricted meeting's linked paper.
ROLES = {
    "anonymous": False,
    "signed in, no role": False,
    "member": True,
    "member of another body": False,
    "officer of another body": False,
    "officer of the body": True,
    "administrator": True,
}


def _evidence_document() -> tuple[Document, dict[str, int]]:
    """A public paper with one line per restricted record, so every kind has a source
    span inside a document the public may read."""
    names = [
        "QZXMEETINGSOURCELINE",
        "QZXAGENDASOURCELINE",
        "QZXMINUTESOURCELINE",
        "QZXTRACKEDSOURCELINE",
        "QZXPROGRAMMESOURCELINE",
    ]
    lines = ["Public heading of the evidence paper"]
    where = {}
    for name in names:
        lines.append("A public line before it")
        lines.append(f"{name} is a restricted record's own words")
        where[name] = len(lines)
    lines.append("A public closing line")
    text = "\n".join(lines) + "\n"
    document = Document.objects.create(
        name="evidence.txt",
        title="Public evidence paper",
        kind=Document.Kind.REPORT,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        size_bytes=len(text.encode()),
        line_count=len(lines),
    )
    return document, where


def _span(document, line):
    return {"source": document, "first_line": line, "last_line": line}


def _pdf_saying(text: str) -> bytes:
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, text)
    sheet.save()
    return buffer.getvalue()


def build_records():
    """The sample packs, then one restricted record of every kind with its marker."""
    for path in sorted(SAMPLE_DIR.glob("*.txt")):
        ingest_file(path)
    private = AgendaItem.objects.get(title=PRIVATE_ITEM)
    assert private.visibility == RESTRICTED
    public_meeting = private.meeting
    body = public_meeting.body
    other_body = Body.objects.create(name="Health and Wellbeing Board")
    evidence, line = _evidence_document()
    person = Person.objects.create(name="Quentin Example", surname_key="example", initial="Q")

    hidden = Meeting.objects.create(
        body=body,
        date=HIDDEN_DAY,
        venue="QZXMEETINGVENUE",
        visibility=RESTRICTED,
        **_span(evidence, line["QZXMEETINGSOURCELINE"]),
    )
    AgendaItem.objects.create(meeting=hidden, number="1", title="QZXMEETINGAGENDA")
    hidden_minute = Minute.objects.create(
        meeting=hidden, number=77, municipal_year="2025/26", title="QZXMEETINGMINUTE"
    )
    Resolution.objects.create(minute=hidden_minute, order=0, text="QZXMEETINGRESOLUTION")
    Declaration.objects.create(meeting=hidden, text="QZXMEETINGDECLARATION")
    Attendance.objects.create(
        meeting=hidden,
        person=person,
        name_as_written="Councillor Q Example",
        status=Attendance.Status.PRESENT,
        capacity=Attendance.Capacity.MEMBER,
        party="QZXATTENDEEPARTY",
    )
    person.memberships.create(body=body)  # listed in the directory: its party only if it may

    restricted_item = AgendaItem.objects.create(
        meeting=public_meeting,
        number="99",
        order=99,
        title="QZXAGENDAITEM",
        visibility=RESTRICTED,
        **_span(evidence, line["QZXAGENDASOURCELINE"]),
    )
    LinkedDocument.objects.create(
        agenda_item=restricted_item, title="QZXITEMPAPER", url="https://example.org/paper/1"
    )
    LinkedDocument.objects.create(
        agenda_item=public_meeting.agenda_items.filter(visibility="public").first(),
        title="QZXLINKEDPAPER",
        url="https://example.org/qzxlinkedpaperaddress",
        visibility=RESTRICTED,
    )
    upload = LinkedDocument(
        agenda_item=public_meeting.agenda_items.filter(visibility="public").first(),
        title="QZXUPLOADTITLE",
        media_type="application/pdf",
        visibility=RESTRICTED,
    )
    upload.file.save("upload.pdf", ContentFile(_pdf_saying("QZXUPLOADTEXT")))
    minute = Minute.objects.create(
        meeting=public_meeting,
        number=98,
        municipal_year="2025/26",
        title="QZXMINUTETITLE",
        visibility=RESTRICTED,
        **_span(evidence, line["QZXMINUTESOURCELINE"]),
    )
    Resolution.objects.create(minute=minute, order=0, text="QZXMINUTERESOLUTION")
    Declaration.objects.create(
        meeting=public_meeting, minute=minute, order=98, text="QZXMINUTEDECLARATION"
    )
    Warning.objects.create(
        document=evidence,
        code="restricted-span",
        message="QZXSPANWARNING",
        first_line=line["QZXMINUTESOURCELINE"],
        last_line=line["QZXMINUTESOURCELINE"],
    )
    Section.objects.create(
        document=evidence,
        kind="minutes",
        title="QZXSECTIONTITLE",
        first_line=line["QZXMINUTESOURCELINE"],
        last_line=line["QZXMINUTESOURCELINE"],
    )

    today = timezone.localdate()
    item = TrackedItem.objects.create(
        item_type=TrackedItem.Type.ACTION,
        text="QZXTRACKEDITEM",
        source_kind=TrackedItem.SourceKind.MANUAL,
        body=body,
        due_date=today + dt.timedelta(days=3),
        visibility=RESTRICTED,
        **_span(evidence, line["QZXTRACKEDSOURCELINE"]),
    )
    Party.objects.create(tracked_item=item, role=Party.Role.OWNER, label="QZXTRACKEDPARTY")
    Response.objects.create(tracked_item=item, text="QZXTRACKEDRESPONSE")
    StatusChange.objects.create(
        tracked_item=item, to_status=item.status, changed_at=timezone.now(), note="QZXTRACKEDSTATUS"
    )
    # Public records that point at restricted ones.
    public_item = TrackedItem.objects.create(
        item_type=TrackedItem.Type.ACTION,
        text="A public action from a private meeting",
        source_kind=TrackedItem.SourceKind.MANUAL,
        body=body,
        meeting=hidden,
        parent=item,
        due_date=today + dt.timedelta(days=2),
    )
    plan = ActionPlan.objects.create(body=body, title="QZXACTIONPLAN", visibility=RESTRICTED)
    TrackedItem.objects.create(
        item_type=TrackedItem.Type.ACTION,
        text="QZXPLANACTION",
        source_kind=TrackedItem.SourceKind.ACTION_PLAN,
        body=body,
        plan=plan,
        visibility=RESTRICTED,
    )
    FollowUp.objects.create(tracked_item=public_item, minute=minute)
    FollowUp.objects.create(tracked_item=public_item, minute=hidden_minute)
    WorkProgrammeItem.objects.create(
        body=body,
        municipal_year="2025/26",
        meeting=hidden,
        title="A public item planned for a private meeting",
        origin_tracked_item=item,
    )
    WorkProgrammeItem.objects.create(
        body=body,
        municipal_year="2025/26",
        title="QZXPROGRAMMEITEM",
        visibility=RESTRICTED,
        **_span(evidence, line["QZXPROGRAMMESOURCELINE"]),
    )

    area, _ = Area.objects.get_or_create(name="Exampleshire", kind=Area.Kind.LOCAL_AUTHORITY)
    quarter, _ = Period.objects.get_or_create(
        label="Q2 2025/26",
        kind=Period.Kind.QUARTER,
        start=dt.date(2025, 7, 1),
        end=dt.date(2025, 9, 30),
    )
    secret = Indicator.objects.create(name="QZXINDICATORNAME", body=body, visibility=RESTRICTED)
    Observation.objects.create(
        indicator=secret,
        area=area,
        period=quarter,
        raw="12",
        value=Decimal(12),
        note="QZXINDICATORFIGURE",
    )
    shown = Indicator.objects.create(name="Children seen within a week", body=body)
    Observation.objects.create(
        indicator=shown, area=area, period=quarter, raw="30", value=Decimal(30)
    )
    Observation.objects.create(
        indicator=shown,
        area=area,
        period=Period.objects.get_or_create(
            label="Q1 2025/26",
            kind=Period.Kind.QUARTER,
            start=dt.date(2025, 4, 1),
            end=dt.date(2025, 6, 30),
        )[0],
        raw="31",
        value=Decimal(31),
        note="QZXOBSERVATIONNOTE",
        visibility=RESTRICTED,
    )
    call = DataCall.objects.create(
        body=body, period=quarter, deadline=today + dt.timedelta(days=9), title="Q2 figures"
    )
    call.indicators.add(secret, shown)

    text = "QZXDOCUMENTTEXT, a draft nobody outside may read\n"
    secret_document = Document.objects.create(
        name="draft.txt",
        title="QZXDOCUMENTTITLE",
        kind=Document.Kind.REPORT,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        size_bytes=len(text.encode()),
        line_count=1,
        visibility=RESTRICTED,
    )
    Warning.objects.create(
        document=secret_document, code="draft", message="QZXDOCUMENTWARNING", first_line=1
    )
    # The draft is a paper of the restricted meeting, so the body's readers read it.
    LinkedDocument.objects.create(
        agenda_item=hidden.agenda_items.get(), title="The draft", document=secret_document
    )
    build_assurance_records(body)
    return body, other_body


def readers(django_user_model, body, other_body) -> dict[str, Client]:
    def user(name, *groups, serves=None, reads=None):
        account = django_user_model.objects.create_user(name, password="unused")
        account.groups.add(*Group.objects.filter(name__in=groups))
        if serves is not None:
            serves.officers.add(account)
        if reads is not None:
            reads.readers.add(account)
        client = Client()
        client.force_login(account)
        return client

    return {
        "anonymous": Client(),
        "signed in, no role": user("reader"),
        "member": user("member", "member", reads=body),
        "member of another body": user("outsider", "member", reads=other_body),
        "officer of another body": user("elsewhere", "officer", serves=other_body),
        "officer of the body": user("officer", "officer", serves=body),
        "administrator": user("administrator", "admin"),
    }


# -- every URL, filled ------------------------------------------------------------------------


def url_patterns(patterns=None, prefix="", inherited=()):
    """(name, parameter names, route) of every named page outside the admin; the names
    include those of the includes it is under (the work programme's body slug)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        own = tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            if getattr(entry, "app_name", None) == "admin":
                continue
            yield from url_patterns(
                entry.url_patterns, prefix + str(entry.pattern), (*inherited, *own)
            )
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, sorted({*inherited, *own}), prefix + str(entry.pattern)


def _training_period_slugs() -> set[str]:
    from scrutineer.assurance.models import TrainingCount, TrainingCourse
    from scrutineer.assurance.training import period_slug

    periods = set(TrainingCount.objects.values_list("period", flat=True))
    periods |= set(TrainingCourse.objects.values_list("period", flat=True))
    return {period_slug(period) for period in periods}


def _year_slugs(days) -> set[str]:
    """Municipal (May-April) and financial (April-March) years around these days."""
    years = set()
    for day in days:
        for first in (day.year - 1, day.year):
            years.add(f"{first}-{(first + 1) % 100:02d}")
    return years


def _restricted_and_newest(model) -> set[int]:
    rows = model.objects.order_by("-pk")
    return set(rows.filter(visibility=RESTRICTED).values_list("pk", flat=True)) | set(
        rows.values_list("pk", flat=True)[:NEWEST]
    )


def _every_row(model) -> set[int]:
    """Every row of a kind restricted with its owner (a priority's progress statement)."""
    return set(model.objects.values_list("pk", flat=True))


def candidates() -> dict[str, list[str]]:
    """Values for each URL parameter: every public and restricted record's key."""
    days = set(Meeting.objects.values_list("date", flat=True))
    pks = set()
    models = (Document, Meeting, TrackedItem, WorkProgrammeItem, Person, DataCall, Indicator)
    for model in (*models, ActionPlan, Priority):
        # Every restricted row, and the newest public ones: those built to point at them.
        rows = model.objects.order_by("-pk")
        if hasattr(model, "visibility"):
            pks |= set(rows.filter(visibility=RESTRICTED).values_list("pk", flat=True))
        pks |= set(rows.values_list("pk", flat=True)[:NEWEST])
    body_slugs = set(Body.objects.values_list("slug", flat=True))
    return {
        "slug": sorted(body_slugs | set(Indicator.objects.values_list("slug", flat=True))),
        "body": sorted(body_slugs),
        "day": sorted(day.isoformat() for day in days),
        "year": sorted(_year_slugs(days)),
        "pk": sorted(str(pk) for pk in pks),
        # Agenda items of the officers' agenda pages: every restricted one, the newest public.
        "item": sorted(str(pk) for pk in _restricted_and_newest(AgendaItem)),
        "attachment": sorted(str(pk) for pk in _restricted_and_newest(LinkedDocument)),
        "statement": sorted(str(pk) for pk in _every_row(ProgressStatement)),
        "indicator_pk": sorted(str(pk) for pk in Indicator.objects.values_list("pk", flat=True)),
        "kind": ["person", "organisation", "body"],
        "period": sorted(
            _training_period_slugs() | {p.period_slug for p in Priority.objects.all()}
        ),
        "fmt": ["docx", "pdf", "html"],  # an annual report's files
        "section": ["training"],  # an annual report's section
        "uidb64": ["MQ"],  # a password reset link, which shows no record
        "token": ["set-password"],
    }


# Query strings a page needs before it shows records (a search's words), by URL name: each
# address of that name is fetched bare and with each of these.
QUERIES: dict[str, list[str]] = {"people": ["q=Example"]}
QUERIES["meetings"] = ["month=2025-12", "month=2025-12&status=scheduled"]  # the hidden month
# Search: every restricted marker's words, lower-cased so that the query the page repeats is
# not itself a marker; every marker by its prefix, by kind and in a date range.
QUERIES["search"] = [
    *(f"q={m.lower()}" for m in MARKERS.values() if m.startswith("QZX")),
    "q=placement+commissioning+contract",
    "q=qzx*",
    *(f"q=qzx*&kind={kind}" for kind in ("document", "minute", "tracked-item", "indicator")),
    "q=qzx*&from=2025-01-01&to=2026-12-31",
    "q=qzx*&body=1",
]
QUERIES.update(
    {
        # The open-data API's lists: also as CSV, and filtered by the restricted meeting's day.
        **{
            f"api-{name}": ["format=csv", f"since={HIDDEN_DAY}&until={HIDDEN_DAY}"]
            for name in ("meetings", "minutes", "attendance-list")
        },
    }
)


def urls() -> list[str]:
    values = with_assurance_candidates(candidates())
    found = []
    for name, params, _route in url_patterns():
        unknown = [p for p in params if p not in values]
        assert not unknown, f"URL {name!r}: add candidate values for {unknown} to this test"
        for combination in itertools.product(*(values[p] for p in params)):
            try:
                address = reverse(name, kwargs=dict(zip(params, combination, strict=True)))
            except NoReverseMatch:
                continue  # a value its converter refuses, such as a slug for a year
            found.append(address)
            found.extend(f"{address}?{query}" for query in QUERIES.get(name, ()))
    return found


# -- assurance records (issue 12) -------------------------------------------------------------
# A public and a restricted record of every assurance model, of the body every restricted
# record here belongs to. Kept in these helpers so that each concept's additions stay apart.

ASSURANCE_MARKERS = {
    "unpublished learning review": "QZXREVIEWTITLE",
    "unpublished learning review's subject": "QZXREVIEWSUBJECT",
    "recommendation of an unpublished review": "QZXREVIEWRECOMMENDATION",
    "restricted recommendation of a published review": "QZXPUBLISHEDREVIEWRESTRICTEDREC",
    "restricted audit": "QZXAUDITTITLE",
    "finding of a restricted audit": "QZXAUDITFINDING",
    "recommendation of a restricted audit": "QZXAUDITRECOMMENDATION",
    "a restricted course of a restricted year": "QZXHIDDENYEARCOURSE",
    "restricted training count's agency": "QZXTRAININGAGENCY",
    "line of a restricted budget": "QZXHIDDENBUDGETLINE",
    "restricted priority": "QZXPRIORITYTITLE",
    "progress statement of a restricted priority": "QZXPROGRESSSTATEMENT",
    "restricted subgroup": "QZXSUBGROUPNAME",
    "restricted subgroup's chair": "QZXSUBGROUPCHAIR",
}
MARKERS.update(ASSURANCE_MARKERS)
# Markers no page shows to their readers yet: each is still checked never to leak. When a
# page that shows one lands (the training page shows its courses), take it out of this set.
ASSURANCE_NOT_YET_SHOWN: set[str] = set()
# The public records' year and the restricted ones': years the meetings' years already fill
# the URLs with, so that they add no addresses of their own.
ASSURANCE_YEARS = ("2025/26", "2026/27")
ASSURANCE_PERIOD = "2017–2019"  # the priorities'


def _assurance_item(body, text, visibility=Visibility.PUBLIC, kind="case-review"):
    return TrackedItem.objects.create(
        item_type=TrackedItem.Type.RECOMMENDATION,
        text=text,
        source_kind=kind,
        body=body,
        due_date=timezone.localdate() - dt.timedelta(days=20),
        visibility=visibility,
    )


def _assurance_reviews(body, evidence):
    published = LearningReview.objects.create(
        body=body,
        kind=LearningReview.Kind.SCR,
        title="Serious Case Review – Child V",
        subject="Child V",
        published_on=dt.date(2025, 6, 1),
        source=evidence,
        first_line=1,
        last_line=1,
    )
    published.recommendations.add(
        _assurance_item(body, "A public recommendation of a published review"),
        _assurance_item(body, "QZXPUBLISHEDREVIEWRESTRICTEDREC", RESTRICTED),
    )
    draft = LearningReview.objects.create(  # no publication date: restricted on save
        body=body,
        kind=LearningReview.Kind.CSPR,
        title="QZXREVIEWTITLE",
        subject="QZXREVIEWSUBJECT",
        not_published_reason="An investigation remains current",
    )
    assert draft.visibility == RESTRICTED
    draft.recommendations.add(_assurance_item(body, "QZXREVIEWRECOMMENDATION", RESTRICTED))


def _assurance_audits(body):
    public = Audit.objects.create(
        body=body, kind=Audit.Kind.SECTION_11, title="Section 11 audit 2025", period="2025"
    )
    public.recommendations.add(_assurance_item(body, "A public audit recommendation", kind="audit"))
    AuditFinding.objects.create(audit=public, heading="working-well", text="Returns on time")
    hidden = Audit.objects.create(
        body=body, kind=Audit.Kind.MULTI_AGENCY, title="QZXAUDITTITLE", visibility=RESTRICTED
    )
    hidden.recommendations.add(
        _assurance_item(body, "QZXAUDITRECOMMENDATION", RESTRICTED, kind="audit")
    )
    AuditFinding.objects.create(audit=hidden, heading="worried", text="QZXAUDITFINDING")


def _assurance_training(body):
    public_year, hidden_year = ASSURANCE_YEARS
    TrainingCourse.objects.create(
        body=body, period=public_year, name="Neglect awareness", level=1, attendees=40
    )
    TrainingCourse.objects.create(
        body=body, period=hidden_year, name="QZXHIDDENYEARCOURSE", level=2, attendees=9,
        visibility=RESTRICTED,
    )  # fmt: skip
    TrainingCount.objects.create(body=body, period=public_year, level=1, count=40)
    TrainingCount.objects.create(
        body=body, period=hidden_year, agency="QZXTRAININGAGENCY", count=9, visibility=RESTRICTED
    )


def _assurance_budgets(body):
    public_year, hidden_year = ASSURANCE_YEARS
    public = Budget.objects.create(body=body, year=public_year)
    BudgetLine.objects.create(budget=public, kind="contribution", label="Council", pence=10_000)
    BudgetLine.objects.create(budget=public, kind="expenditure", label="Staffing", pence=9_000)
    hidden = Budget.objects.create(body=body, year=hidden_year, visibility=RESTRICTED)
    BudgetLine.objects.create(
        budget=hidden, kind="contribution", label="QZXHIDDENBUDGETLINE", pence=20_000
    )


def _assurance_priorities(body):
    public = Priority.objects.create(
        body=body, period=ASSURANCE_PERIOD, number=1, title="Neglect is tackled early"
    )
    ProgressStatement.objects.create(priority=public, heading="working-well", text="Progress")
    hidden = Priority.objects.create(
        body=body, period=ASSURANCE_PERIOD, number=2, title="QZXPRIORITYTITLE",
        visibility=RESTRICTED,
    )  # fmt: skip
    ProgressStatement.objects.create(
        priority=hidden, heading="worried", text="QZXPROGRESSSTATEMENT"
    )
    Subgroup.objects.create(body=body, name="Learning and Improvement", chair="A Chair")
    Subgroup.objects.create(
        body=body, name="QZXSUBGROUPNAME", chair="QZXSUBGROUPCHAIR", visibility=RESTRICTED
    )


def build_assurance_records(body):
    """Beside ``build_records``' own: the sample packs' body's assurance records."""
    _assurance_reviews(body, Document.objects.get(name="evidence.txt"))
    _assurance_audits(body)
    _assurance_training(body)
    _assurance_budgets(body)
    _assurance_priorities(body)


ASSURANCE_MODELS = (
    LearningReview,
    Audit,
    AuditFinding,
    TrainingCourse,
    TrainingCount,
    Budget,
    BudgetLine,
    Priority,
    ProgressStatement,
    Subgroup,
)


def _assurance_pks(model) -> set[int]:
    """Every restricted row (itself or through what it belongs to), and the newest."""
    rows = model.objects.order_by("-pk")
    hidden = restricted_q(model)
    pks = set(rows.filter(hidden).values_list("pk", flat=True)) if hidden is not None else set()
    return pks | set(rows.values_list("pk", flat=True)[:NEWEST])


def _period_slugs(periods) -> set[str]:
    """A period as an address may write it: "2016/17" as "2016-17", "2017–2019" as
    "2017-2019" or "2017-19"."""
    slugs = set()
    for period in periods:
        slug = re.sub(r"[/–—\s]+", "-", period.strip()).lower()
        slugs.add(slug)
        if match := re.fullmatch(r"(\d{4})-(\d{2})(\d{2})", slug):
            slugs.add(f"{match[1]}-{match[3]}")
    return slugs


def _is_year_slug(slug: str) -> bool:
    """ "2016-17", not a two-year period such as "2017-19"."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", slug)
    return bool(match) and (int(match[1]) + 1) % 100 == int(match[2])


def with_assurance_candidates(values: dict[str, list[str]]) -> dict[str, list[str]]:
    """``values`` with those of the parameters assurance pages take: every model's pk (and
    the names a page may give one), and the records' years and periods as slugs."""
    pks = {model: _assurance_pks(model) for model in ASSURANCE_MODELS}
    periods = set(Budget.objects.values_list("year", flat=True))
    for model in (TrainingCourse, TrainingCount, Priority):
        periods |= set(model.objects.values_list("period", flat=True))
    slugs = _period_slugs(periods) | {period_slug(period) for period in periods}
    own = {
        "review": pks[LearningReview],
        "audit": pks[Audit],
        "course": pks[TrainingCourse],
        "budget": pks[Budget],
        "priority": pks[Priority],
        "subgroup": pks[Subgroup],
        "finding": pks[AuditFinding],
        "line": pks[BudgetLine],
        "statement": pks[ProgressStatement],
        "pk": set().union(*pks.values()),
    }
    extra = {name: {str(pk) for pk in found} for name, found in own.items()}
    extra["year"] = {slug for slug in slugs if _is_year_slug(slug)}
    extra["period"] = slugs
    extra["version"] = {"1", "2"}
    for name, found in extra.items():
        values[name] = sorted(set(values.get(name, ())) | found)
    return values


# -- reading responses ------------------------------------------------------------------------


def readable_text(response) -> str:
    """Everything a reader receives: headers, and the body however it is encoded."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = " ".join(f"{k}: {v}" for k, v in response.items())
    kind = response.get("Content-Type", "")
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            text = " ".join(
                archive.read(member).decode("utf-8", "replace") for member in archive.namelist()
            )
    elif "pdf" in kind:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    else:
        text = body.decode("utf-8", "replace")
    return re.sub(r"\s+", " ", f"{headers} {text}")


INLINE = re.compile(r"<script(?![^>]*\ssrc=)|<style\b|\sstyle=\"|\son[a-z]+=\"", re.I)


def check_headers(address, role, response, text) -> None:
    """Every page may be cached only privately once it was made for a signed-in reader,
    and carries a Content-Security-Policy its markup satisfies: no inline script, style or
    event handler."""
    if role != "anonymous":
        assert "private" in response.get("Cache-Control", ""), f"{address} as {role}"
    if response.get("Content-Type", "").startswith("text/html"):
        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, address
        assert not INLINE.search(text), f"{address}: inline {INLINE.search(text)[0]!r}"


@pytest.mark.django_db
def test_no_restricted_marker_reaches_a_reader_who_may_not_see_it(
    django_user_model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # the uploaded attachment's file
    body, other_body = build_records()
    clients = readers(django_user_model, body, other_body)
    addresses = urls()
    leaks, seen, statuses = [], {role: set() for role in ROLES}, set()
    for address in addresses:
        for role, client in clients.items():
            response = client.get(address)
            statuses.add(response.status_code)
            assert response.status_code < 500, f"{address} as {role}: {response.status_code}"
            text = readable_text(response)
            if response.status_code == 200:
                check_headers(address, role, response, text)
            for what, marker in MARKERS.items():
                if marker in text:
                    seen[role].add(what)
                    if not ROLES[role]:
                        leaks.append(f"{role} sees the {what} at {address}")
    print(
        f"\nrestricted-record matrix: {len(addresses)} URLs x {len(clients)} roles = "
        f"{len(addresses) * len(clients)} fetches; statuses {sorted(statuses)}"
    )
    assert not leaks, "\n".join(sorted(set(leaks)))
    for role, entitled in ROLES.items():
        if entitled:
            missing = sorted(set(MARKERS) - seen[role] - ASSURANCE_NOT_YET_SHOWN)
            assert not missing, f"{role} should see but never saw: {missing}"


# -- the open-data API read with tokens (issue 13) --------------------------------------------


@pytest.mark.django_db
def test_an_api_token_reads_what_its_member_reads(django_user_model, settings, tmp_path):
    """Every API address, fetched with a member's token and with another body's member's:
    each answer is the one their session gets, and the outsider meets no marker."""
    from scrutineer.api.models import ApiToken

    settings.MEDIA_ROOT = tmp_path
    body, other_body = build_records()
    sessions = readers(django_user_model, body, other_body)
    tokens = {
        role: Client(
            headers={
                "Authorization": "Bearer "
                + ApiToken.issue(django_user_model.objects.get(username=name), "matrix")[1]
            }
        )
        for role, name in (("member", "member"), ("member of another body", "outsider"))
    }
    addresses = [address for address in urls() if address.startswith("/api/")]
    seen = set()
    for address in addresses:
        for role, client in tokens.items():
            by_token, by_session = client.get(address), sessions[role].get(address)
            assert by_token.status_code == by_session.status_code < 500, f"{address} as {role}"
            if by_token["Content-Type"].startswith("application/json"):  # not a 404 page
                assert by_token.content == by_session.content, f"{address} as {role}"
            text = readable_text(by_token)
            found = {what for what, marker in MARKERS.items() if marker in text}
            assert ROLES[role] or not found, f"{role}'s token sees {sorted(found)} at {address}"
            seen |= found if ROLES[role] else set()
    print(f"\nAPI with tokens: {len(addresses)} URLs x {len(tokens)} tokens")
    assert {"restricted tracked item", "restricted meeting's venue", "restricted indicator"} <= seen
