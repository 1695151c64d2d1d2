"""Publishing the agenda in a real browser: an officer goes from the meeting page to the
check page, publishes, and is back on the meeting page with the pack linked; axe-core finds
no serious or critical problem on the pages on the way. Chromium, its driver and axe-core
as tests/test_browser.py, whose fixtures these are."""

# The fixtures are imported, so pytest finds them here; the tests' arguments name them again.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from scrutineer.governance.models import AgendaItem, Body, Meeting
from tests.test_agenda_pack import attach, pdf_paper
from tests.test_browser import (  # noqa: F401 (fixtures)
    PASSWORD,
    SERIOUS,
    axe_violations,
    browser,
    button,
    chromium,
    click_and_wait,
    describe,
    link,
    main_text,
    open_page,
    text_of,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(transactional_db, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    board = Body.objects.create(name="Families Scrutiny Board")
    officers, _ = Group.objects.get_or_create(name="officer")
    officer = django_user_model.objects.create_user("olivia", password=PASSWORD)
    officer.groups.add(officers)
    board.officers.add(officer)
    meeting = Meeting.objects.create(
        body=board, date=dt.date(2026, 4, 21), venue="Committee Room 2"
    )
    AgendaItem.objects.create(meeting=meeting, number="1", order=1, title="Apologies")
    report = AgendaItem.objects.create(meeting=meeting, number="2", order=2, title="Early help")
    attach(report, "Early help report", pdf_paper("EARLY", 4))
    return meeting


def assert_accessible(driver, where: str) -> None:
    violations, version = axe_violations(driver)
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"axe-core {version} on {where}:\n{describe(serious)}"


def test_an_officer_publishes_the_agenda_from_the_meeting_page(browser, meeting):
    path = meeting.get_absolute_url()
    open_page(browser, f"/sign-in/?next={path}")
    browser.find_element("id", "id_username").send_keys("olivia")
    browser.find_element("id", "id_password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element("css selector", "main button[type='submit']"))
    assert browser.current_url == browser.base_url + path

    click_and_wait(browser, link(browser, "Publish the agenda"))
    assert text_of(browser, "h1") == "Check the agenda pack before publishing it"
    assert "1 paper, 4 pages, after the front sheet" in main_text(browser)
    assert_accessible(browser, "the publish page")

    click_and_wait(browser, button(browser, "Publish the agenda"))
    assert browser.current_url == browser.base_url + path
    assert "Published the agenda pack (5 pages)" in main_text(browser)
    pack = link(browser, "Agenda pack (PDF, 5 pages)")
    assert pack.get_attribute("href").endswith(f"{path}agenda-pack.pdf")
    assert_accessible(browser, "the meeting page with its pack")
