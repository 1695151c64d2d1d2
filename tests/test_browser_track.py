""" "Track this" in a real browser: an officer tracks part 2 of a resolution from the meeting
page, confirms the prefilled form, and the item's page names her in its history; axe-core
finds no serious or critical problem on the three pages.

Chromium, its driver and axe-core as tests/test_browser.py, whose fixtures these are.
"""

# The fixtures are imported, so pytest finds them here; the tests' arguments name them again.
# ruff: noqa: F811

from __future__ import annotations

from scrutineer.governance.models import Meeting, Minute, Resolution
from scrutineer.tracker.models import TrackedItem
from tests.test_browser import (  # noqa: F401 (fixtures)
    SERIOUS,
    axe_violations,
    browser,
    button,
    chromium,
    click_and_wait,
    describe,
    site,
    text_of,
)
from tests.test_browser_govuk import sign_in

ASKS = (
    "that the Board recommends to the Cabinet Member (Education and Skills) that an update on "
    "home to school transport be brought to the Board in six months"
)


def no_serious_violations(browser, where: str) -> None:
    violations, version = axe_violations(browser)
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"axe-core {version} on {where}:\n{describe(serious)}"


def test_an_officer_tracks_a_resolution_from_the_meeting_page(browser, site):
    meeting = Meeting.objects.filter(body=site["board"], status="held").first()
    minute = Minute.objects.create(
        meeting=meeting, number=12, municipal_year="2025/26", title="School transport"
    )
    Resolution.objects.create(minute=minute, order=0, part="1", text="that the report be noted")
    asks = Resolution.objects.create(minute=minute, order=1, part="2", text=ASKS)

    sign_in(browser, meeting.get_absolute_url())
    section = browser.find_element("id", "minute-12")
    assert "Proposed for tracking" in section.text
    no_serious_violations(browser, "the meeting page with Track this")

    link = section.find_element(
        "xpath", ".//a[normalize-space()='Track this: minute 12/25, resolution 2']"
    )
    click_and_wait(browser, link)
    assert text_of(browser, "h1") == "Track resolution 2"
    assert browser.find_element("id", "id_addressees").get_attribute("value") == (
        "Cabinet Member (Education and Skills)"
    )
    no_serious_violations(browser, "the Track this form")

    click_and_wait(browser, button(browser, "Track this resolution"))
    item = TrackedItem.objects.get(resolution=asks)
    assert browser.current_url == browser.base_url + item.get_absolute_url()
    history = browser.find_element("xpath", "//h2[@id='edits']/following-sibling::table[1]")
    assert "Olivia Officer" in history.text and "Tracked minute 12/25, resolution 2" in history.text
    no_serious_violations(browser, "the tracked item's page")
