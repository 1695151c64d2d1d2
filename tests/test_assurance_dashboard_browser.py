"""The partnership dashboard in a real browser: axe-core finds no serious or critical problem,
for the public and for a member who also sees the restricted records.

Chromium, its driver and axe-core as tests/test_browser.py, whose fixtures these are.
"""

# The fixtures are imported, so pytest finds them here; the tests' arguments name them again.
# ruff: noqa: F811

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from tests.assurance_records import partnership
from tests.test_browser import (  # noqa: F401 (fixtures)
    PASSWORD,
    SERIOUS,
    axe_violations,
    browser,
    chromium,
    describe,
    open_page,
)
from tests.test_browser_govuk import sign_in


def no_serious_violations(browser, where: str) -> None:
    violations, version = axe_violations(browser)
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"axe-core {version} on {where}:\n{describe(serious)}"


def test_the_dashboard_passes_axe_core_for_the_public_and_a_member(
    browser, django_user_model, transactional_db
):
    from django.contrib.auth.models import Group

    body = partnership(timezone.localdate())
    path = reverse("assurance-dashboard", args=[body.slug])

    open_page(browser, path)
    assert "Assurance dashboard" in browser.title
    assert "Rowan" not in browser.page_source
    no_serious_violations(browser, f"{path} (public)")

    member = django_user_model.objects.create_user("olivia", password=PASSWORD)
    # get_or_create: an earlier transactional test's flush empties the migrations' groups
    member.groups.add(Group.objects.get_or_create(name="member")[0])
    body.readers.add(member)
    sign_in(browser, path)  # as olivia, back to the dashboard
    assert "Rowan" in browser.page_source
    no_serious_violations(browser, f"{path} (member)")
