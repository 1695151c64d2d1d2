"""Issue 12 §3 in a real browser: the priorities page (plan on a page, progress under the
Signs of Safety headings, indicators with their latest figure, subgroups) and the officer's
priority form with errors have no serious or critical axe-core violation.

Chromium, its driver and axe-core as tests/test_browser.py, whose fixtures these are."""

# ruff: noqa: F811

from __future__ import annotations

import pytest

from scrutineer.assurance.models import Priority, ProgressStatement, Subgroup
from scrutineer.performance.models import Area, Indicator, Observation, Period
from tests.test_browser import (  # noqa: F401 (fixtures)
    SERIOUS,
    axe_violations,
    browser,
    button,
    chromium,
    click_and_wait,
    describe,
    open_page,
    site,
)
from tests.test_browser_govuk import sign_in


def _priorities(site) -> str:
    board = site["board"]
    indicator = Indicator.objects.create(body=board, name="Repeat referrals within 12 months")
    area = Area.objects.create(name="Fenwick", kind="local-authority")
    year = Period.objects.create(label="2024/25", kind="financial-year")
    Observation.objects.create(indicator=indicator, area=area, period=year, raw="18.5%", value=18.5)
    first = Priority.objects.create(
        body=board,
        period="2024/25",
        number=1,
        title="Families get help early",
        why=["Referrals repeat", "Families <b>tell</b> us help comes late"],
        metrics=["Repeat referrals within 12 months"],
        outcomes=["Families are helped when problems first appear"],
        on_plan_on_a_page=True,
    )
    first.indicators.add(indicator)
    for order, (heading, text) in enumerate(
        [
            ("working-well", "Family hubs opened in three wards."),
            ("worried", "Waiting lists for parenting courses grew."),
            ("needs-to-happen", "Agree a shared risk tool."),
            ("other", "A conclusion the paper printed."),
        ]
    ):
        ProgressStatement.objects.create(priority=first, heading=heading, text=text, order=order)
    Priority.objects.create(body=board, period="2024/25", number=2, title="Safer streets")
    Priority.objects.create(body=board, period="2022–2024", title="An earlier priority")
    Subgroup.objects.create(
        body=board, name="Learning and Improvement", chair="Priya Venn", workplan=["Audit"]
    )
    return f"/bodies/{board.slug}/priorities/2024-25/"


def _assert_accessible(browser, path):
    violations, version = axe_violations(browser)
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"axe-core {version} on {path}:\n{describe(serious)}"


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_priorities_page_is_accessible(browser, site, signed_in):
    path = _priorities(site)
    if signed_in:
        sign_in(browser, path)  # an officer sees the change links too
    else:
        open_page(browser, path)
    assert "Priorities 2024/25" in browser.title
    text = browser.find_element("tag name", "main").text
    assert "Families <b>tell</b> us help comes late" in text  # escaped, shown as printed
    assert ("Change the priority" in text) is signed_in
    _assert_accessible(browser, path)


def test_the_priority_form_with_errors_is_accessible(browser, site):
    _priorities(site)
    path = f"/bodies/{site['board'].slug}/priorities/new/"
    sign_in(browser, path)
    click_and_wait(browser, button(browser, "Save the priority"))
    summary = browser.find_element("css selector", ".govuk-error-summary").text
    assert "Enter the priority as the plan words it" in summary
    _assert_accessible(browser, path)
