"""The annual report in a real browser: an officer previews the draft, writes the training
section's narrative, publishes, and reads the published report; axe-core finds no serious or
critical problem on the draft, the narrative form, the published page or the HTML file.

Chromium, its driver and axe-core as tests/test_browser.py, whose fixtures these are.
"""

# The fixtures are imported, so pytest finds them here; the tests' arguments name them again.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from scrutineer.assurance.annual_report import html_file
from scrutineer.assurance.models import (
    AnnualReport,
    Budget,
    BudgetLine,
    Priority,
    ProgressStatement,
    Subgroup,
    TrainingCount,
)
from scrutineer.governance.models import ReportedAttendance
from scrutineer.periods import FinancialYear
from tests.test_browser import (  # noqa: F401 (fixtures)
    browser,
    button,
    chromium,
    click_and_wait,
    site,
    text_of,
)
from tests.test_browser_govuk import sign_in
from tests.test_browser_track import no_serious_violations

YEAR = FinancialYear(2024)


def _records(body):
    for level, count in ((1, 120), (2, 45), (3, 80)):
        TrainingCount.objects.create(body=body, period=YEAR.label, level=level, count=count)
    budget = Budget.objects.create(body=body, year=YEAR.label)
    BudgetLine.objects.create(
        budget=budget, kind="contribution", label="The council", pence=9_000_000, share="90%"
    )
    BudgetLine.objects.create(
        budget=budget, kind="expenditure", label="Staff", pence=9_500_000, budget_pence=9_000_000
    )
    priority = Priority.objects.create(
        body=body, period=YEAR.label, number=1, title="Neglect is seen early"
    )
    ProgressStatement.objects.create(
        priority=priority, heading="working-well", text="A neglect toolkit is in use."
    )
    Subgroup.objects.create(body=body, name="Learning Group", chair="Ada Pike")
    ReportedAttendance.objects.create(
        body=body, name="Police", attended=4, expected=4, percent_printed="100",
        period_start=dt.date(2024, 6, 1), period_end=dt.date(2025, 3, 1),
    )  # fmt: skip


def test_an_officer_writes_and_publishes_the_annual_report(browser, site, tmp_path):
    body = site["board"]
    _records(body)
    draft = reverse("annual-report", args=[body.slug, YEAR])

    sign_in(browser, draft)
    assert text_of(browser, "h1") == f"Annual report {YEAR.label}"
    no_serious_violations(browser, "the draft annual report")

    click_and_wait(
        browser,
        browser.find_element("css selector", "a[href$='/sections/training/']"),
    )
    assert text_of(browser, "h1") == "Safeguarding training"
    no_serious_violations(browser, "the narrative form")
    browser.find_element("id", "id_text").send_keys("More people were trained this year.")
    click_and_wait(browser, button(browser, "Save the narrative"))
    assert "More people were trained this year." in text_of(browser, "#section-training + p")

    click_and_wait(browser, browser.find_element("link text", "Publish the report"))
    no_serious_violations(browser, "the publish page")
    click_and_wait(browser, button(browser, "Publish the report"))
    assert browser.current_url == browser.base_url + draft
    no_serious_violations(browser, "the published annual report")
    links = browser.find_elements("css selector", "a[download]")
    assert [link.text for link in links] == [
        "Download the annual report as a Word document (DOCX)",
        "Download the annual report as a PDF",
        "Download the annual report as a web page (HTML)",
    ]

    report = AnnualReport.objects.get(body=body, year=YEAR.label)
    saved = tmp_path / "annual-report.html"
    saved.write_bytes(html_file(str(report), report.published_html))
    browser.get(saved.as_uri())
    assert text_of(browser, "h1") == str(report)
    no_serious_violations(browser, "the annual report's HTML file")
