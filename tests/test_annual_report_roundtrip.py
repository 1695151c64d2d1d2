"""Issue 12 §3, the round trip: ingest the seeds, generate the LSCB's 2016/17 annual
report from the records, and every figure issue 12 §2 names for
``lscb-annual-report-2016-17.txt`` is in the generated DOCX, PDF and HTML with the same
value: training by level, the Appendix 1 breakdown by agency, the budget and its shares,
the five priorities since April 2015 and the five for 2017/18, the plan on a page, the
subgroups and their chairs.

The records come from the assurance readers (training, budgets, priorities, subgroups). Until
each has landed this test fails, naming what is missing: it never skips (but for the seeds
themselves, as every seed test does)."""

from __future__ import annotations

import re

import pytest

from scrutineer.assurance.annual_report import html_file, report_document, report_html
from scrutineer.governance.models import Body
from scrutineer.periods import FinancialYear
from scrutineer.reports.annual_report import Subheading, to_docx, to_pdf
from tests.annual_report_text import docx_tables, docx_text, html_tables, html_text, pdf_text

SEED = "lscb-annual-report-2016-17.txt"
YEAR = FinancialYear(2016)

# Training by level (lines 651-654): Level 1, 2, 3 and the total derived from them.
LEVEL_ROWS = [
    ["280", "182", "706", "1,168"],  # 2015-16
    ["372", "69", "191", "632"],  # 2016-17, October to March
    ["499", "108", "668", "1,275"],  # combined 2016-17
]
BUDGET = ["£487,000", "£507,000", "£20,000"]
SHARES = ["78%", "15%", "6%", "1%"]
PRIORITIES_SINCE_2015 = [
    "listen to and learn from the voice of the child",
    "learning from Serious Case Reviews",
    "impact of Early Help arrangements",
    "missing young people and those at risk of sexual exploitation",
    "protected from domestic violence",
]
PRIORITIES_2017_18 = [
    "looked after have equal opportunities",
    "Early help services, including mental health support",
    "Missing children and young people, and those at risk of Child Sexual Exploitation",
    "emotional abuse and neglect",
    "Wood Report",
]
PLAN = [
    "To ensure equality of opportunity for all children in Coventry",
    "Number of placement breakdowns",
    "Good progress has been made in Coventry",
    "Children have positive relationships and feel safe at home.",
    "Attendance at Board meetings",
]
SUBGROUPS = [
    "Effectiveness and quality",
    "Child Death Overview Panel",
    "Child Sexual Exploitation and Missing",
    "Policy and procedures",
    "Serious Case Review",
    "Learning and development",
    "Multi-Agency Safeguarding Hub",
]
CHAIRS = ["John Gregg", "Andy Wade", "Jayne Phelps", "Ian Green"]
_AGENCY_ROW = re.compile(r"([^\t]{1,80})\t(\d{1,5})\t\d{1,3}%?")


def appendix_rows(lines: list[str]) -> list[tuple[str, str]]:
    """Appendix 1's rows (agency, trained) as the seed prints them, its totals left out."""
    start = next(i for i, line in enumerate(lines) if line.startswith("Appendix 1:"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("Appendix 2:"))
    rows = []
    for line in lines[start:end]:
        match = _AGENCY_ROW.fullmatch(line.strip())
        if match and match[1] != "Total":
            rows.append((match[1], match[2]))
    return rows


@pytest.fixture
def lscb(seeded):
    body = Body.objects.filter(name="Coventry Safeguarding Children Board").first()
    assert body is not None, "ingesting the seeds made no Coventry LSCB body"
    return body


@pytest.fixture
def generated(lscb):
    document = report_document(lscb, YEAR)
    docx = to_docx(document)
    html = html_file(document.title, report_html(document))
    return {
        "document": document,
        "docx": docx_text(docx),
        "docx_tables": docx_tables(docx),
        "pdf": pdf_text(to_pdf(document)),
        "html": html_text(html),
        "html_tables": html_tables(html),
    }


def _missing(text: str, wanted: list[str]) -> list[str]:
    return [figure for figure in wanted if figure not in text]


def _sections_with_records(document) -> dict[str, bool]:
    return {section.key: bool(section.parts) for section in document.all_sections}


def test_the_records_the_report_is_made_from_are_there(generated):
    """The first thing to fail while a reader has not landed: which sections are empty."""
    have = _sections_with_records(generated["document"])
    needed = ["training", "appendix-training", "budget", "progress", "next", "appendix-plan"]
    needed += ["arrangements", "appendix-membership"]
    empty = [key for key in needed if not have[key]]
    assert not empty, f"the 2016/17 report has no records for {empty}: a reader has not landed"


@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
def test_training_by_level(generated, kind):
    text = generated[kind].replace(" | ", " ")
    rows = [" ".join(row) for row in LEVEL_ROWS]
    assert not _missing(text, rows), f"{kind}: training by level"


def test_training_by_level_in_the_tables(generated):
    for tables in (generated["docx_tables"], list(generated["html_tables"].values())):
        found = [row[1:] for table in tables for row in table if row[1:] in LEVEL_ROWS]
        assert sorted(found) == sorted(LEVEL_ROWS)


@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
def test_appendix_1_by_agency(generated, seed_lines, kind):
    rows = appendix_rows(seed_lines(SEED))
    assert len(rows) == 88  # 22 agencies, in all and at each of three levels
    text = generated[kind].replace(" | ", " ")
    missing = [f"{agency} {count}" for agency, count in rows if f"{agency} {count}" not in text]
    assert not missing, f"{kind}: Appendix 1 rows {missing[:5]}…"
    for total in ("Total 609", "Total 350", "Total 69", "Total 191"):
        assert total in text, f"{kind}: Appendix 1 {total}"


@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
def test_budget_and_shares(generated, kind):
    assert not _missing(generated[kind], BUDGET + SHARES), f"{kind}: the budget"
    text = generated[kind]
    assert "Overspend" in text and "Underspend" not in text


@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
def test_priorities_and_the_plan_on_a_page(generated, kind):
    text = generated[kind]
    for wanted, what in (
        (PRIORITIES_SINCE_2015, "the five priorities since April 2015"),
        (PRIORITIES_2017_18, "the five priorities for 2017/18"),
        (PLAN, "the plan on a page"),
    ):
        assert not _missing(text, wanted), f"{kind}: {what}"


def test_five_priorities_each_year_and_on_the_plan(generated):
    document = generated["document"]
    parts = document.section("progress").parts
    titles = [part.text for part in parts if isinstance(part, Subheading)]
    for priority in PRIORITIES_SINCE_2015:
        assert sum(priority in title for title in titles) == 1, priority
    next_year = document.section("next").parts[0]
    assert len(next_year.rows) == 5
    # The plan on a page prints a row for each of the five (lines 1014-1018), the second
    # without its number.
    plan = document.section("appendix-plan").parts[0]
    assert [row[0][:2] for row in plan.rows] == ["1.", "2.", "3.", "4.", "5."]


@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
def test_subgroups_and_their_chairs(generated, kind):
    assert not _missing(generated[kind], SUBGROUPS + CHAIRS), f"{kind}: the subgroups"


@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
def test_every_figure_has_its_source(generated, kind):
    assert f"Source: {SEED}, lines" in generated[kind]
