"""`scrutineer bench --annual-report`: how long generating the statutory annual report takes.

Two partnerships, each in a throw-away database: the Coventry LSCB's 2016/17 report from the
four seeds as ingested, and an invented partnership with ten years of assurance records
(training by level and agency, courses, a budget, priorities with progress, reviews with
recommendations, audits with findings, subgroups and attendance) whose last year's report
is generated. Assembling the report from the records, and laying it out as DOCX, PDF and
HTML, are each timed (median of three runs).
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from .measure import find_seeds, throwaway_database

RUNS = 3
YEARS = 10
AGENCIES = 20


@dataclass
class ReportFigures:
    label: str
    backend: str
    sections_with_records: int
    sections: int
    tables: int
    pdf_pages: int
    docx_bytes: int
    pdf_bytes: int
    assemble_seconds: float
    docx_seconds: float
    pdf_seconds: float
    html_seconds: float


def _timed(make) -> tuple[float, object]:
    times, made = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        made = make()
        times.append(time.perf_counter() - started)
    return statistics.median(times), made


def measure(label: str, body, year) -> ReportFigures:
    from django.db import connection
    from pypdf import PdfReader

    from scrutineer.assurance.annual_report import report_document, report_html
    from scrutineer.reports.annual_report import ReportTable, to_docx, to_pdf

    assemble, document = _timed(lambda: report_document(body, year))
    docx_seconds, docx = _timed(lambda: to_docx(document))
    pdf_seconds, pdf = _timed(lambda: to_pdf(document))
    html_seconds, _ = _timed(lambda: report_html(document))
    sections = document.all_sections
    return ReportFigures(
        label=label,
        backend=connection.vendor,
        sections_with_records=sum(1 for s in sections if s.parts),
        sections=len(sections),
        tables=sum(isinstance(p, ReportTable) for s in sections for p in s.parts),
        pdf_pages=len(PdfReader(io.BytesIO(pdf)).pages),
        docx_bytes=len(docx),
        pdf_bytes=len(pdf),
        assemble_seconds=assemble,
        docx_seconds=docx_seconds,
        pdf_seconds=pdf_seconds,
        html_seconds=html_seconds,
    )


def seed_report(seeds_dir: Path) -> ReportFigures:
    from scrutineer.governance.models import Body
    from scrutineer.ingest.loader import ingest_file
    from scrutineer.periods import FinancialYear

    paths = find_seeds(seeds_dir)
    with throwaway_database():
        for path in paths:
            ingest_file(path)
        body = (
            Body.objects.filter(kind=Body.Kind.SAFEGUARDING_PARTNERSHIP)
            .order_by("-pk")
            .filter(reported_attendance__isnull=False)
            .distinct()
            .first()
        )
        if body is None:
            raise SystemExit("bench: the seeds made no safeguarding partnership")
        return measure(f"{body.name} 2016/17 (the seeds)", body, FinancialYear(2016))


def synthetic_report(years: int = YEARS) -> ReportFigures:
    from scrutineer.periods import FinancialYear

    with throwaway_database():
        body, last = ten_years(years)
        return measure(f"a partnership with {years} years of records", body, FinancialYear(last))


def ten_years(years: int = YEARS):
    """An invented partnership's records, one set for each of ``years`` financial years."""
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
    from scrutineer.governance.models import Body, ReportedAttendance
    from scrutineer.periods import FinancialYear
    from scrutineer.tracker.models import TrackedItem

    body = Body.objects.create(
        name="Benchmark Safeguarding Partnership", kind=Body.Kind.SAFEGUARDING_PARTNERSHIP
    )
    agencies = [f"Agency {n}" for n in range(1, AGENCIES + 1)]
    Subgroup.objects.bulk_create(
        Subgroup(body=body, name=f"Subgroup {n}", chair=f"Chair {n}") for n in range(1, 9)
    )
    first = 2026 - years
    for offset in range(years):
        year = FinancialYear(first + offset)
        label = year.label
        TrainingCount.objects.bulk_create(
            [TrainingCount(body=body, period=label, level=lv, count=100 + lv) for lv in (1, 2, 3)]
            + [
                TrainingCount(body=body, period=label, level=lv, agency=a, count=n + lv)
                for lv in (1, 2, 3)
                for n, a in enumerate(agencies)
            ]
        )
        TrainingCourse.objects.bulk_create(
            TrainingCourse(
                body=body,
                period=label,
                name=f"Course {n}",
                level=1 + n % 3,
                sessions=2,
                attendees=20 + n,
            )  # fmt: skip
            for n in range(20)
        )
        budget = Budget.objects.create(body=body, year=label)
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    budget=budget,
                    kind="contribution",
                    label=a,
                    pence=1_000_000 * (n + 1),
                    share=f"{n + 1}%",
                    order=n,
                )  # fmt: skip
                for n, a in enumerate(agencies[:6])
            ]
            + [
                BudgetLine(
                    budget=budget,
                    kind="expenditure",
                    label=f"Line {n}",
                    order=10 + n,
                    pence=2_000_000,
                    budget_pence=1_900_000,
                )  # fmt: skip
                for n in range(10)
            ]
        )
        for number in range(1, 6):
            priority = Priority.objects.create(
                body=body, period=label, number=number, title=f"Priority {number} of {label}",
                why=["Because"], metrics=["A metric"], outcomes=["An outcome"],
                on_plan_on_a_page=True,
            )  # fmt: skip
            ProgressStatement.objects.bulk_create(
                ProgressStatement(priority=priority, heading=heading, text=f"Said {n}", order=n)
                for n, heading in enumerate(["working-well", "worried", "needs-to-happen"] * 2)
            )
        for n in range(2):
            review = LearningReview.objects.create(
                body=body, kind="cspr", title=f"Review {n} of {label}", subject=f"Child {n}",
                decided_on=year.start, published_on=year.start + dt.timedelta(days=200),
            )  # fmt: skip
            review.recommendations.add(
                *TrackedItem.objects.bulk_create(
                    TrackedItem(
                        body=body,
                        item_type="R",
                        text=f"Recommendation {r}",
                        number=str(r),
                        source_kind="case-review",
                    )  # fmt: skip
                    for r in range(1, 7)
                )
            )
        for n in range(3):
            audit = Audit.objects.create(
                body=body, kind="multi-agency", title=f"Audit {n} of {label}", period=label
            )
            AuditFinding.objects.bulk_create(
                AuditFinding(audit=audit, heading="worried", text=f"Finding {f}", order=f)
                for f in range(6)
            )
        ReportedAttendance.objects.bulk_create(
            ReportedAttendance(
                body=body,
                name=a,
                attended=3,
                expected=4,
                percent_printed="75",
                period_start=year.start,
                period_end=year.end,
            )  # fmt: skip
            for a in agencies + [f"Officer {n}" for n in range(10)]
        )
    return body, first + years - 1


def report_annual_report(figures: list[ReportFigures]) -> None:
    for f in figures:
        print(
            f"Annual report, {f.label} ({f.backend}): {f.sections_with_records} of {f.sections} "
            f"sections with records, {f.tables} tables, {f.pdf_pages} PDF pages "
            f"(DOCX {f.docx_bytes / 1e3:.0f} kB, PDF {f.pdf_bytes / 1e3:.0f} kB)"
        )
        print(f"  from the records (median of {RUNS}): {f.assemble_seconds:.3f} s")
        print(f"  DOCX: {f.docx_seconds:.3f} s; PDF: {f.pdf_seconds:.3f} s; "
              f"HTML: {f.html_seconds:.3f} s")  # fmt: skip
        total = f.assemble_seconds + f.docx_seconds + f.pdf_seconds
        print(f"  the records to DOCX and PDF: {total:.2f} s")
