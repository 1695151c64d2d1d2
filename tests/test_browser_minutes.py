"""Attendance and minutes in a real browser: an officer records one apology and one
substitute, writes a minute with a two-part resolution, and the meeting page offers the
generated minutes; axe-core finds no serious or critical problem on the pages she uses.

Chromium, its driver and axe-core as tests/test_browser.py, whose fixtures these are.
"""

# The fixtures are imported, so pytest finds them here; the tests' arguments name them again.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt

from scrutineer.governance.models import AgendaItem, Attendance, Meeting, Roster, RosterEntry
from scrutineer.governance.tenure import rederive_memberships
from tests.helpers import make_document
from tests.minutes_records import person
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


def test_an_officer_records_attendance_and_writes_a_minute(browser, site):
    board = site["board"]
    meeting = Meeting.objects.filter(body=board, status="held").first()
    moore, khan = person("Jane Moore"), person("Amir Khan")
    roster = Roster.objects.create(
        body=board, document=make_document("r"), as_at=dt.date(2020, 6, 1), covers=["members"]
    )
    RosterEntry.objects.create(roster=roster, person=moore, role="chair")
    RosterEntry.objects.create(roster=roster, person=khan, role="member")
    rederive_memberships(board)
    item = AgendaItem.objects.create(meeting=meeting, number="5", title="School Transport")

    sign_in(browser, meeting.get_absolute_url() + "attendance/")
    assert text_of(browser, "h1") == "Record attendance"
    no_serious_violations(browser, "the attendance form")
    browser.find_element("id", f"id_status_p{moore.pk}_0").click()
    browser.find_element("id", f"id_chair_p{moore.pk}").click()
    browser.find_element("id", f"id_status_p{khan.pk}_1").click()
    browser.find_element("id", "id_sub_name_0").send_keys("Councillor Sam Patel")
    browser.find_element("css selector", f"#id_sub_for_0 option[value='p{khan.pk}']").click()
    click_and_wait(browser, button(browser, "Save attendance"))
    assert browser.current_url == browser.base_url + meeting.get_absolute_url() + "#attendance"
    assert sorted(meeting.attendance.values_list("name_as_written", "status")) == [
        ("Amir Khan", Attendance.Status.APOLOGY),
        ("Jane Moore", Attendance.Status.PRESENT),
        ("Sam Patel", Attendance.Status.SUBSTITUTE),
    ]

    browser.get(browser.base_url + meeting.get_absolute_url() + f"minutes/{item.pk}/")
    no_serious_violations(browser, "the minute form")
    browser.find_element("id", "id_resolutions").send_keys(
        "RESOLVED: (1) that the report be noted; (2) that the Director reports back in June."
    )
    click_and_wait(browser, button(browser, "Save the minute"))
    assert text_of(browser, "h1") == "Write the minutes"
    no_serious_violations(browser, "the minutes list")
    assert [(r.part, r.text) for r in item.minutes.get().resolutions.all()] == [
        ("1", "that the report be noted;"),
        ("2", "that the Director reports back in June."),
    ]

    browser.get(browser.base_url + meeting.get_absolute_url() + "declarations/")
    no_serious_violations(browser, "the declarations form")
    browser.get(browser.base_url + meeting.get_absolute_url())
    links = browser.find_elements("css selector", "a[download]")
    assert [link.text for link in links] == [
        "Download the minutes as a Word document (DOCX)",
        "Download the minutes as a PDF",
    ]
    no_serious_violations(browser, "the meeting page with its minutes")
