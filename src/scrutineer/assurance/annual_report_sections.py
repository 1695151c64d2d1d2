"""Each section of the annual report, from the public records of a body's year
(``annual_report`` says which records belong to it and words the figures)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from scrutineer.governance.models import Body, Membership, ReportedAttendance
from scrutineer.periods import FinancialYear
from scrutineer.reports.annual_report import Bullets, ReportTable, Section, Subheading, Text
from scrutineer.tracker.models import Party, TrackedItem

from .annual_report import (
    OPEN_END,
    PUBLIC,
    day,
    fact_span,
    from_public_papers,
    number,
    overlaps,
    period_span,
    source_note,
    spans_of,
)
from .annual_report_figures import budget, scorecard, training
from .models import (
    Audit,
    LearningReview,
    Priority,
    Subgroup,
)
from .models.common import SignsOfSafety


def build_sections(body, year: FinancialYear) -> dict[str, Section]:
    current, upcoming = _priorities(body, year)
    built = {
        "introduction": _introduction(body, year),
        "context": Section(
            "context", "", empty="No local context figures are recorded for this body."
        ),
        "arrangements": _arrangements(body, year),
        "progress": _progress(current, year),
        "reviews": _reviews(body, year),
        "audits": _audits(body, year),
        "scorecard": scorecard(body, year),
        "budget": budget(body, year),
        "next": _next(upcoming, year),
        "appendix-membership": _membership(body, year),
        "appendix-plan": _plan(upcoming, year),
    }
    built["training"], built["appendix-training"] = training(body, year)
    return built


def _introduction(body, year) -> Section:
    section = Section("introduction", "", empty="No introduction is recorded.")
    if body.remit:
        section.parts.append(Text(body.remit))
    return section


# Arrangements, membership and attendance ----------------------------------------------------


def _arrangements(body, year) -> Section:
    """The subgroups and their chairs: the subgroup records, and the bodies under this one
    (a chair read from a membership list makes one), a body shown once when both name it."""
    section = Section("arrangements", "", empty="No subgroups are recorded for this body.")
    subgroups = list(Subgroup.objects.visible_to(PUBLIC).filter(body=body).select_related("source"))
    chairs = _chairs(body, year)
    rows, spans, named = [], spans_of(subgroups), set()
    for subgroup in subgroups:
        key = group_key(subgroup.name)
        seat = next((seat for group, seat in chairs if group_key(group.name) == key), None)
        named.add(key)
        chair = subgroup.chair or (_seat_name(seat) if seat else "not recorded")
        rows.append([subgroup.name, chair])
    for group, seat in chairs:
        if group_key(group.name) not in named:
            named.add(group_key(group.name))
            rows.append([group.name, _seat_name(seat) if seat else "not recorded"])
            spans += spans_of([seat] if seat else [])
    if rows:
        section.parts.append(
            ReportTable(
                "The partnership's subgroups and their chairs",
                ["Subgroup", "Chair"],
                rows,
                source_note(*spans),
                [3, 2],
            )
        )
        section.parts.append(Text("The membership and attendance are in Appendix 2."))
    return section


_FILLER = {"sub", "subgroup", "group", "steering", "panel", "and", "the", "of"}


def group_key(name: str) -> frozenset[str]:
    """ "Policies & Procedures Subgroup" and "Policy and procedures" name one group."""
    words = re.findall(r"[a-z]{1,40}", name.lower())
    stems = {re.sub(r"(?:ies|s)$", lambda m: "y" if m[0] == "ies" else "", w) for w in words}
    return frozenset(stems - _FILLER)


def _chairs(body, year) -> list:
    """Each body under ``body`` with its Chair during ``year`` (None when none is known)."""
    found = []
    for group in Body.objects.filter(parent=body).order_by("name"):
        seats = [
            seat
            for seat in from_public_papers(
                group.memberships.filter(role=Membership.Role.CHAIR)
            ).select_related("person", "organisation", "source")
            if seated_in(seat, year)
        ]
        found.append((group, seats[0] if seats else None))
    return found


def _membership(body, year) -> Section:
    section = Section(
        "appendix-membership", "", empty="No membership or attendance is recorded for the year."
    )
    seats = [
        seat
        for seat in from_public_papers(body.memberships.all()).select_related(
            "person", "organisation", "source"
        )
        if seated_in(seat, year)
    ]
    if seats:
        section.parts.append(
            ReportTable(
                "Members of the partnership",
                ["Member", "Role", "Title or organisation"],
                [[_seat_name(seat), seat.get_role_display(), seat.title] for seat in seats],
                source_note(*spans_of(seats)),
                [2, 1, 3],
            )
        )
    rows = [
        row
        for row in from_public_papers(ReportedAttendance.objects.filter(body=body)).select_related(
            "source"
        )
        if row.period_start is None
        or overlaps((row.period_start, row.period_end or row.period_start), year.start, year.end)
    ]
    if rows:
        section.parts.append(
            ReportTable(
                "Attendance at the partnership's meetings",
                ["Organisation or post", "Meetings attended", "Meetings expected", "Per cent"],
                [
                    [r.name, number(r.attended), number(r.expected), r.percent_printed or ""]
                    for r in rows
                ],
                source_note(*spans_of(rows)),
                [4, 1, 1, 1],
            )
        )
    return section


# A report is published some months after its year ends, with the membership "as at" then.
AS_AT_AFTER = dt.timedelta(days=183)


def seated_in(seat, year) -> bool:
    """A seat of the report's year: evidenced by the end of the year (or in the months
    before the report, as a list "correct as of 26 April 2017" is), not ended before it
    began, and not last seen before it (a seat nobody has printed since is not current)."""
    return (
        (seat.start_date is None or seat.start_date <= year.end + AS_AT_AFTER)
        and (seat.end_date is None or seat.end_date >= year.start)
        and (seat.last_seen is None or seat.last_seen >= year.start)
    )


def _seat_name(seat) -> str:
    if seat.vacant:
        return "Vacant"
    if seat.person_id:
        return seat.person.display_name
    return seat.organisation.name if seat.organisation_id else ""


# Priorities -----------------------------------------------------------------------------------


def _priorities(body, year):
    following = FinancialYear(year.first + 1)
    current, upcoming = [], []
    priorities = (
        Priority.objects.visible_to(PUBLIC)
        .filter(body=body)
        .select_related("source")
        .prefetch_related("progress__source")
    )
    for priority in priorities:
        span = period_span(priority.period)
        if span is not None and (span[0].year, span[0].month) == (span[1].year, span[1].month):
            span = (span[0], OPEN_END)  # a set of priorities "April 2015": in force from then
        if span is not None and span[0] > year.end:
            if overlaps(span, following.start, following.end):
                upcoming.append(priority)
        elif overlaps(span, year.start, year.end):
            current.append(priority)
    return current, upcoming


def _priority_title(priority) -> str:
    return f"{priority.number}. {priority.title}" if priority.number else priority.title


def _progress(priorities, year) -> Section:
    section = Section("progress", "", empty=f"No priorities are recorded for {year.label}.")
    for priority in priorities:
        section.parts.append(Subheading(_priority_title(priority)))
        statements = list(priority.progress.all())
        by_heading = defaultdict(list)
        for statement in statements:
            by_heading[statement.heading].append(statement)
        for heading, label in SignsOfSafety.choices:
            said = by_heading.get(heading)
            if said:
                if heading != SignsOfSafety.OTHER:  # statements under no heading stand alone
                    section.parts.append(Subheading(label))
                section.parts.append(Bullets([s.text for s in said], source_note(*spans_of(said))))
        if not statements:
            section.parts.append(
                Text(
                    "No progress statements are recorded for this priority.",
                    source_note(*spans_of([priority])),
                )
            )
    return section


def _next(priorities, year) -> Section:
    following = FinancialYear(year.first + 1)
    section = Section("next", "", empty=f"No priorities are recorded for {following.label} yet.")
    if priorities:
        section.parts.append(
            ReportTable(
                f"The partnership's priorities for {following.label}",
                ["Number", "Priority", "Period"],
                [[str(p.number or ""), p.title, p.period] for p in priorities],
                source_note(*spans_of(priorities)),
                [1, 6, 2],
            )
        )
        section.parts.append(Text("The plan on a page is in Appendix 3."))
    return section


def _plan(priorities, year) -> Section:
    section = Section("appendix-plan", "", empty="No plan on a page is recorded.")
    planned = [p for p in priorities if p.on_plan_on_a_page]
    if planned:
        section.parts.append(
            ReportTable(
                "Plan on a page",
                ["Priority", "Why", "Metrics", "Outcomes"],
                [
                    [
                        _priority_title(p),
                        "\n".join(p.why),
                        "\n".join(p.metrics),
                        "\n".join(p.outcomes),
                    ]
                    for p in planned
                ],
                source_note(*spans_of(planned)),
            )
        )
    return section


# Reviews and audits ---------------------------------------------------------------------------


def _reviews(body, year) -> Section:
    section = Section("reviews", "", empty=f"No published reviews are recorded for {year.label}.")
    reviews = [
        review
        for review in LearningReview.objects.visible_to(PUBLIC)
        .filter(body=body)
        .select_related("source")
        if (review.decided_on is None or review.decided_on <= year.end)
        and (review.published_on is None or review.published_on >= year.start)
    ]
    if not reviews:
        return section
    section.parts.append(
        ReportTable(
            "Reviews",
            ["Review", "Kind", "Decided", "Published", "Recommendations"],
            [
                [
                    r.title,
                    r.get_kind_display(),
                    day(r.decided_on),
                    day(r.published_on),
                    str(r.recommendations.visible_to(PUBLIC).count()),
                ]
                for r in reviews
            ],
            source_note(*(span for r in reviews for span in fact_span(r, "published"))),
            [4, 2, 2, 2, 1],
        )
    )
    for review in reviews:
        _recommendations(section, review.title, review.recommendations)
    return section


def _recommendations(section, title, related) -> None:
    items = list(related.visible_to(PUBLIC).select_related("source").order_by("number", "pk"))
    if not items:
        return
    owners = defaultdict(list)
    for party in Party.objects.filter(tracked_item__in=items, role=Party.Role.OWNER):
        owners[party.tracked_item_id].append(party.label)
    section.parts.append(
        ReportTable(
            f"Recommendations: {title}",
            ["Number", "Recommendation", "Owner", "Status"],
            [
                [
                    item.number,
                    item.text,
                    ", ".join(owners[item.pk]),
                    TrackedItem.Status(item.status).label,
                ]
                for item in items
            ],
            source_note(*spans_of(items)),
            [1, 6, 2, 1.5],
        )
    )


def _audits(body, year) -> Section:
    section = Section("audits", "", empty=f"No audits are recorded for {year.label}.")
    audits = [
        audit
        for audit in Audit.objects.visible_to(PUBLIC)
        .filter(body=body)
        .select_related("source")
        .prefetch_related("findings__source")
        if overlaps(period_span(audit.period), year.start, year.end)
    ]
    for audit in audits:
        section.parts.append(Subheading(audit.title))
        facts = [f"{audit.get_kind_display()}, {audit.period}."]
        if audit.returned or audit.not_returned:
            facts.append(
                f"Returned by {len(audit.returned)}; not returned by {len(audit.not_returned)}."
            )
        section.parts.append(Text(" ".join(facts), source_note(*spans_of([audit]))))
        findings = list(audit.findings.all())
        for heading, label in SignsOfSafety.choices:
            said = [f for f in findings if f.heading == heading]
            if said:
                section.parts.append(Subheading(label))
                section.parts.append(Bullets([f.text for f in said], source_note(*spans_of(said))))
        _recommendations(section, audit.title, audit.recommendations)
    return section
