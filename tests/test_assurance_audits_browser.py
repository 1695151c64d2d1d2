"""The audit page, an officer's audit and recommendation forms, and an action plan's summary
of progress levels in a real browser: axe-core finds no serious or critical problem.

Chromium, its driver and axe-core as tests/test_browser.py, whose fixtures these are.
"""

# The fixtures are imported, so pytest finds them here; the tests' arguments name them again.
# ruff: noqa: F811

from __future__ import annotations

from scrutineer.assurance.models import Audit, AuditFinding, PlanHeader, PlanLevel
from scrutineer.tracker.models import ActionPlan, Party, TrackedItem
from tests.helpers import make_document
from tests.test_browser import (  # noqa: F401 (fixtures)
    browser,
    button,
    chromium,
    click_and_wait,
    open_page,
    site,
    text_of,
)
from tests.test_browser_govuk import sign_in
from tests.test_browser_track import no_serious_violations


def _audit(board):
    paper = make_document("a", lines=60)
    audit = Audit.objects.create(
        body=board,
        kind=Audit.Kind.SECTION_175,
        title="Schools safeguarding audit",
        period="2024",
        scope="Every maintained school and academy in the borough.",
        returned=["All schools except two"],
        not_returned_count=2,
        facts={"period": [3, 3], "returned": [3, 3]},
        source=paper,
        first_line=2,
        last_line=20,
    )
    for order, (heading, text) in enumerate(
        [
            ("working-well", "Designated leads are trained."),
            ("worried", "Governor checks are late."),
        ]
    ):
        AuditFinding.objects.create(
            audit=audit, heading=heading, text=text, order=order, source=paper, first_line=5
        )
    item = TrackedItem.objects.create(
        body=board,
        item_type="R",
        source_kind="audit",
        source_reference=audit.title,
        text="The Education Safeguarding Lead should remind governors of their checks.",
        source=paper,
        first_line=12,
        last_line=12,
    )
    Party.objects.create(
        tracked_item=item, role=Party.Role.OWNER, label="Education Safeguarding Lead"
    )
    audit.recommendations.add(item)
    return audit


def test_the_audit_page_and_its_forms_have_no_serious_accessibility_problem(browser, site):
    audit = _audit(site["board"])
    open_page(browser, audit.get_absolute_url())
    assert text_of(browser, "h1") == "Schools safeguarding audit"
    no_serious_violations(browser, "the audit page, as the public sees it")

    sign_in(browser, audit.get_absolute_url())
    no_serious_violations(browser, "the audit page, as its officer sees it")
    click_and_wait(browser, browser.find_element("link text", "Add a recommendation"))
    assert text_of(browser, "h1") == "Add a recommendation"
    click_and_wait(browser, button(browser, "Add the recommendation"))
    assert "Enter the recommendation" in text_of(browser, ".govuk-error-summary")
    no_serious_violations(browser, "the recommendation form with an error")
    browser.find_element("id", "id_text").send_keys("Publish the governor checklist.")
    browser.find_element("id", "id_owners").send_keys("Governor Services")
    click_and_wait(browser, button(browser, "Add the recommendation"))
    assert audit.recommendations.count() == 2

    open_page(browser, f"/audits/{audit.pk}/edit/")
    no_serious_violations(browser, "the audit form")
    open_page(browser, f"/audits/{audit.pk}/findings/new/")
    no_serious_violations(browser, "the finding form")
    open_page(browser, f"/bodies/{site['board'].slug}/audits/")
    no_serious_violations(browser, "the body's audits")


def test_the_action_plan_summary_has_no_serious_accessibility_problem(browser, site):
    board = site["board"]
    plan = ActionPlan.objects.create(body=board, title="Early Help Plan 2024 – 2026")
    PlanHeader.objects.create(plan=plan, period="2024 – 2026")
    for number, (area, level) in enumerate([("Prevention", 2), ("Prevention", 3), ("Support", 1)]):
        TrackedItem.objects.create(
            body=board,
            item_type="A",
            source_kind="action-plan",
            text=f"Action {number + 1}",
            number=str(number + 1),
            topic=area.upper(),
            progress_level=level,
            plan=plan,
        )
    PlanLevel.objects.create(plan=plan, area="Prevention", level=2, count=2, marks=True, order=0)
    PlanLevel.objects.create(plan=plan, area="Support", level=1, count=1, marks=True, order=1)
    open_page(browser, plan.get_absolute_url())
    assert "Summary of progress levels" in browser.page_source
    no_serious_violations(browser, "the action plan with its summary")
