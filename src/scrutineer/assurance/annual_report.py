"""The statutory annual report, assembled from the records: which records belong to a
partnership's financial year, and what each section says about them.

It is a public document, so it reads only what anyone may read (``visible_to`` an
anonymous reader): an unpublished review, a restricted audit or budget never reaches it,
whoever asks for the report. Every figure is worded from a record and carries a source note
(the paper and its lines); a section with no records says so. Sums come from their one home
(``assurance.budgets``, ``assurance.training``). The sections themselves are built in
``annual_report_sections``; the layout is ``reports.annual_report``.

Which records belong to the year is read from the periods they print ("2016/17",
"October 2016 – March 2017", "2020–2022", "since April 2015"): training of this year and
the year before (the report compares them), priorities in force during it, priorities that
start in the year after (next year's), a budget for the year, audits of the year, reviews
decided before its end and not published before its start.
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from scrutineer.governance.models.sources import Visibility, line_span_label
from scrutineer.governance.restriction import document_name
from scrutineer.packs.figures import pounds
from scrutineer.packs.text import MONTHS
from scrutineer.periods import YEAR_PAIR, FinancialYear, month_end, year_pair_start
from scrutineer.reports.annual_report import APPENDICES, SECTIONS, AnnualReportDocument

PUBLIC = AnonymousUser()
OPEN_END = dt.date.max

_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?,?\s{1,3}((?:19|20)\d{2})\b")
_YEAR_PAIRS = re.compile(YEAR_PAIR)
_YEARS = re.compile(r"\b((?:19|20)\d{2})\b")
_MONTH_RANGE = re.compile(r"\b([A-Za-z]{3,9})\.?\s{0,3}(?:-|–|—|to)\s{0,3}([A-Za-z]{3,9})\b")
_SINCE = re.compile(r"\b(?:since|from)\b", re.I)

Span = tuple[dt.date, dt.date]


def period_span(text: str) -> Span | None:
    """The dates a printed period covers, or None when it names none: "2016/17" is the
    financial year; "October 2016 – March 2017" those months; "2016/17 (Oct – Mar)" those
    months of the year; "2020–2022" the financial years from April 2020 to March 2022;
    "since April 2015" from then on; "2015" the calendar year."""
    months = [
        (int(year), MONTHS[name.lower()])
        for name, year in _MONTH_YEAR.findall(text or "")
        if name.lower() in MONTHS
    ]
    if months:
        start = dt.date(months[0][0], months[0][1], 1)
        if len(months) == 1 and _SINCE.search(text):
            return start, OPEN_END
        return start, month_end(*months[-1])
    pairs = [
        first
        for first in (year_pair_start(a, b) for a, b in _YEAR_PAIRS.findall(text or ""))
        if first is not None
    ]
    if pairs:
        start, end = FinancialYear(pairs[0]).start, FinancialYear(pairs[-1]).end
        if len(pairs) == 1:
            return _months_of(text, pairs[0]) or (start, end)
        return start, end
    years = [int(year) for year in _YEARS.findall(text or "")]
    if len(years) >= 2 and years[-1] > years[0]:
        return FinancialYear(years[0]).start, FinancialYear(years[-1] - 1).end
    if years:
        return dt.date(years[0], 1, 1), dt.date(years[0], 12, 31)
    return None


def _months_of(text: str, first: int) -> Span | None:
    """ "Oct – Mar" beside a financial year: those months of it."""
    match = _MONTH_RANGE.search(text)
    if not match:
        return None
    start, end = MONTHS.get(match[1].lower()), MONTHS.get(match[2].lower())
    if not (start and end):
        return None
    start_year = first if start >= 4 else first + 1
    end_year = first if end >= 4 else first + 1
    return dt.date(start_year, start, 1), month_end(end_year, end)


def overlaps(span: Span | None, start: dt.date, end: dt.date) -> bool:
    return span is not None and span[0] <= end and span[1] >= start


# Source notes -----------------------------------------------------------------------------


def source_note(*spans) -> str:
    """ "Source: lscb-annual-report-2016-17.txt, lines 651–654" for ``spans`` of
    (document, first, last), one clause per paper; a paper not public is not named."""
    by_document: dict = {}
    for document, first, last in spans:
        if document is not None and first is not None:
            by_document.setdefault(document, set()).add((first, last or first))
    clauses = []
    for document, lines in by_document.items():
        first = min(a for a, _ in lines)
        last = max(b for _, b in lines)
        name = document_name(document.name, document.visibility, False)
        clauses.append(f"{name}, {line_span_label(first, last)}")
    return "Source: " + "; ".join(clauses) if clauses else ""


def from_public_papers(rows):
    """Rows of a governance record with no visibility of its own (a seat, an attendance
    row) read from a public paper or typed on the site: none from a restricted paper."""
    return rows.filter(Q(source__isnull=True) | Q(source__visibility=Visibility.PUBLIC))


def spans_of(records) -> list:
    return [(r.source, r.first_line, r.last_line) for r in records]


def fact_span(record, name: str) -> list:
    lines = (record.facts or {}).get(name)
    if not lines:
        return spans_of([record])
    return [(record.source, lines[0], lines[-1])]


def number(value: int | None) -> str:
    return "not printed" if value is None else f"{value:,}"


def money(pence: int | None) -> str:
    return "not printed" if pence is None else pounds(pence)


def day(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else "not recorded"


# The report ---------------------------------------------------------------------------------


def report_document(
    body, year: FinancialYear, narrative: dict | None = None, standing: str = ""
) -> AnnualReportDocument:
    """The annual report of ``body`` for ``year``, from the public records, with the
    officer's ``narrative`` (section key -> text)."""
    from .annual_report_sections import build_sections

    narrative = narrative or {}
    council = body.council.name if body.council_id else ""
    document = AnnualReportDocument(
        title=f"{body.name} annual report {year.label}",
        body=body.name,
        council=council,
        year=year.label,
        covers=f"{day(year.start)} to {day(year.end)}",
        standing=standing or "Draft: not published",
    )
    built = build_sections(body, year)
    for key, title in SECTIONS:
        section = built[key]
        section.title, section.narrative = title, narrative.get(key, "")
        document.sections.append(section)
    for key, title in APPENDICES:
        section = built[key]
        section.title, section.narrative = title, narrative.get(key, "")
        document.appendices.append(section)
    return document


# HTML ---------------------------------------------------------------------------------------


def report_html(document: AnnualReportDocument, **context) -> str:
    """The report as the page shows it (escaped by the template: no paper's text is
    trusted); ``context``: the page's edit links, for a draft."""
    return render_to_string(
        "assurance/annual_report_document.html", {"document": document, **context}
    )


def html_file(title: str, fragment: str) -> bytes:
    """A whole HTML file around the report ``fragment`` (made by ``report_html``, then or
    when it was published), readable without the site."""
    page = render_to_string(
        "assurance/annual_report_file.html",
        {"title": title, "report": mark_safe(fragment)},  # escaped when it was made
    )
    return page.encode("utf-8")
