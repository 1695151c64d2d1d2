"""Issue 11's real-browser journey, whole: an officer signs in, adds a meeting, types its
agenda, attaches a PDF, publishes the agenda pack, records attendance, writes a minute with a
two-part resolution, tracks part 2, records a response, and finds the item in the Outstanding
Issues report under its agenda item's title. Only the pages and their form controls are
used after the fixture; axe-core checks every page on the way, and the pack and the generated
minutes are read back as files.

Chromium, its driver and axe-core as tests/test_browser.py, whose fixtures these are.
"""

# The fixtures are imported, so pytest finds them here; the tests' arguments name them again.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import io
import re
import time

import httpx
import pdfplumber
import pytest
from django.contrib.auth.models import Group
from docx import Document as WordDocument
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from scrutineer.governance.models import Attendance, Body, Meeting, Roster, RosterEntry
from scrutineer.governance.tenure import rederive_memberships
from scrutineer.tracker.models import TrackedItem
from tests.helpers import make_document
from tests.minutes_records import person
from tests.test_browser import (  # noqa: F401 (fixtures)
    PASSWORD,
    SERIOUS,
    axe_violations,
    browser,
    button,
    chromium,
    click_and_wait,
    describe,
    field_for,
    link,
    main_text,
    open_page,
    text_of,
)

pytestmark = pytest.mark.browser

BOARD = "Young People and Families Scrutiny Board"
DAY = dt.date(2026, 3, 10)
ITEMS = [
    ("1", "Apologies and declarations of interest"),
    ("2", "Kestrel Fostering Service annual review"),
    ("3", "Work programme 2026/27"),
]
SUB_ITEM = ("3a", "Task group on school exclusions")
PAPER = "Appendix A: Kestrel fostering figures"
PAGE_MARKS = ["KESTREL-ALPHA placements", "KESTREL-BRAVO recruitment", "KESTREL-CHARLIE budget"]
ASK = "that the Director of Children's Services provide an update to the Board in six months."
RESOLVED = f"RESOLVED: (1) that the annual review be noted; (2) {ASK}"
RESPONSE = "An update is scheduled for the Board's September meeting, with placement figures."
A4_POINTS = (595.28, 841.89)


@pytest.fixture
def board(transactional_db, django_user_model, settings, tmp_path):
    """The board, its three current members (from a printed list, as ingest records them)
    and an officer of it who is not staff. The live server shares these settings."""
    settings.MEDIA_ROOT = tmp_path / "media"
    body = Body.objects.create(name=BOARD, kind=Body.Kind.SCRUTINY_BOARD)
    members = [person("Priya Shah"), person("Tom Bright"), person("Nadia Hollis")]
    roster = Roster.objects.create(
        body=body, document=make_document("j"), as_at=dt.date(2025, 6, 1), covers=["members"]
    )
    for role, member in zip(("chair", "member", "member"), members, strict=True):
        RosterEntry.objects.create(roster=roster, person=member, role=role)
    rederive_memberships(body)
    officers, _ = Group.objects.get_or_create(name="officer")
    officer = django_user_model.objects.create_user(
        "olivia", password=PASSWORD, first_name="Olivia", last_name="Officer"
    )
    officer.groups.add(officers)
    body.officers.add(officer)
    assert not officer.is_staff
    return {"body": body, "members": members, "officer": officer}


def three_page_pdf(path):
    """A real PDF whose every page carries text found nowhere else in the pack."""
    canvas = Canvas(str(path), pagesize=A4)
    for mark in PAGE_MARKS:
        canvas.setFont("Helvetica", 16)
        canvas.drawString(72, A4[1] / 2, mark)
        canvas.showPage()
    canvas.save()
    return path


class Axe:
    """axe-core on each page of the journey; the serious and critical problems are kept and
    asserted once, at the end, so one run lists them all."""

    def __init__(self, driver):
        self.driver, self.pages, self.found, self.seconds = driver, [], [], 0.0

    def check(self, where: str) -> None:
        started = time.monotonic()
        violations, self.version = axe_violations(self.driver)
        self.seconds += time.monotonic() - started
        serious = [v for v in violations if v["impact"] in SERIOUS]
        self.pages.append(where)
        if serious:
            self.found.append(f"{where} ({self.driver.current_url}):\n{describe(serious)}")


def fill(driver, label: str, value: str) -> None:
    box = field_for(driver, label)
    box.clear()
    box.send_keys(value)


def choose(driver, label: str) -> None:
    """Tick a radio or checkbox by clicking its label, as a person does."""
    driver.find_element("xpath", f"//label[normalize-space()={quote(label)}]").click()


def quote(text: str) -> str:
    return f'"{text}"' if '"' not in text else f"'{text}'"


def row_link(driver, first_cell: str, text: str):
    """The link starting with ``text`` in the table row whose first cell is ``first_cell``."""
    return driver.find_element(
        "xpath",
        f"//tr[td[1][normalize-space()={quote(first_cell)}]]"
        f"//a[starts-with(normalize-space(), {quote(text)})]",
    )


def download(driver, href: str) -> httpx.Response:
    """A file fetched with the browser's own session, as the signed-in officer."""
    cookies = {cookie["name"]: cookie["value"] for cookie in driver.get_cookies()}
    response = httpx.get(href, cookies=cookies, timeout=30)
    assert response.status_code == 200, (href, response.status_code)
    return response


def page_texts(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert all((round(p.width, 2), round(p.height, 2)) == A4_POINTS for p in pdf.pages)
        return [page.extract_text() or "" for page in pdf.pages]


def test_an_officer_runs_a_meeting_from_agenda_to_tracked_item(browser, board, tmp_path):
    from selenium.webdriver.support.ui import Select

    started = time.monotonic()
    body, officer = board["body"], board["officer"]
    shah, bright, hollis = board["members"]
    axe = Axe(browser)
    body_path = body.get_absolute_url()
    meeting_path = f"{body_path}meetings/{DAY.isoformat()}/"

    # Sign in on Scrutineer's own page, without staff status.
    open_page(browser, f"/sign-in/?next={body_path}")
    axe.check("the sign-in page")
    fill(browser, "Username", "olivia")
    fill(browser, "Password", PASSWORD)
    click_and_wait(browser, browser.find_element("css selector", "main button[type='submit']"))
    assert browser.current_url == browser.base_url + body_path
    assert "Sign out" in text_of(browser, "header")
    axe.check("the body page, signed in")

    # Add the meeting from the body page.
    click_and_wait(browser, link(browser, "Add a meeting"))
    assert text_of(browser, "h1") == "Add a meeting"
    axe.check("the add-a-meeting form")
    fill(browser, "Date", "10/3/2026")
    fill(browser, "Start time", "2pm")
    fill(browser, "Venue", "Civic Hall, Committee Room 3")
    fill(browser, "Contact officer", "Olivia Officer, 0113 496 0100")
    click_and_wait(browser, button(browser, "Save the meeting"))
    assert browser.current_url == browser.base_url + meeting_path
    assert "The meeting on 10 March 2026 is added." in main_text(browser)
    axe.check("the new meeting's page")

    # The agenda: three items and a sub-item, typed on the item form.
    click_and_wait(browser, link(browser, "Edit the agenda"))
    assert text_of(browser, "h1") == "Edit the agenda"
    assert "The agenda has no items yet." in main_text(browser)
    axe.check("the empty agenda")
    for number, title in [*ITEMS, SUB_ITEM]:
        click_and_wait(browser, link(browser, "Add an agenda item"))
        assert text_of(browser, "h1") == "Add an agenda item"
        axe.check(f"the agenda item form for item {number}")
        fill(browser, "Item number", number)
        fill(browser, "Title", title)
        if number == "2":
            fill(browser, "Presenter", "Head of Fostering")
        if number == SUB_ITEM[0]:
            choose(browser, f"Yes, under 3. {ITEMS[2][1]}")
            axe.check("the agenda item form with a sub-item chosen")
        click_and_wait(browser, button(browser, "Save the item"))
        assert f"Item {number} is added to the agenda." in main_text(browser)
        axe.check(f"the agenda with item {number} added")
    rows = browser.find_elements("css selector", "table.govuk-table tbody tr")
    assert [row.find_element("css selector", "td").text for row in rows] == ["1", "2", "3", "3a"]

    # One PDF attached to item 2.
    paper_file = three_page_pdf(tmp_path / "kestrel-figures.pdf")
    click_and_wait(browser, row_link(browser, "2", "Attach a file"))
    assert text_of(browser, "h1") == "Attach a file to item 2"
    axe.check("the attachment form")
    fill(browser, "Title", PAPER)
    field_for(browser, "File").send_keys(str(paper_file))
    click_and_wait(browser, button(browser, "Upload the file"))
    assert f"{PAPER} is attached to item 2." in main_text(browser)
    item_two_row = browser.find_element("xpath", "//tr[td[1][normalize-space()='2']]").text
    assert f"{PAPER} (PDF, 3 pages" in item_two_row
    axe.check("the agenda with an attachment")

    # Publish the agenda pack from the meeting page.
    click_and_wait(browser, link(browser, "Back to the meeting"))
    click_and_wait(browser, link(browser, "Publish the agenda"))
    assert text_of(browser, "h1") == "Check the agenda pack before publishing it"
    assert "1 paper, 3 pages, after the front sheet" in main_text(browser)
    axe.check("the publish check page")
    click_and_wait(browser, button(browser, "Publish the agenda"))
    assert browser.current_url == browser.base_url + meeting_path
    assert "Published the agenda pack (4 pages)" in main_text(browser)
    agenda_row = browser.find_element("xpath", "//tr[td[1][normalize-space()='2']]")
    assert agenda_row.find_elements("tag name", "td")[2].text == "2–4"
    axe.check("the meeting page with its pack")

    # The pack: the front sheet first, and item 2's printed pages are the paper's pages.
    pack_link = link(browser, "Agenda pack (PDF, 4 pages)")
    pack = page_texts(download(browser, pack_link.get_attribute("href")).content)
    assert len(pack) == 4
    council = body.council.name
    assert pack[0].splitlines()[:3] == [council, BOARD, "Agenda"]
    assert pack[0].splitlines()[-1] == "Page 1"
    front = " ".join(pack[0].split())
    assert "Councillor Priya Shah (Chair), Councillor Tom Bright, Councillor Nadia Hollis" in front
    printed = re.search(re.escape(ITEMS[1][1]) + r" \(Pages? (\d+)(?: - (\d+))?\)", front)
    assert printed, front
    first, last = int(printed[1]), int(printed[2] or printed[1])
    found = [n for n, text in enumerate(pack, start=1) if any(m in text for m in PAGE_MARKS)]
    assert (first, last) == (2, 4) and list(range(first, last + 1)) == found
    assert pack[1:] == [f"{mark}\nPage {n}" for n, mark in enumerate(PAGE_MARKS, start=2)]

    # Attendance: Tom Bright sends apologies and Leo Marsh substitutes for him.
    click_and_wait(browser, link(browser, "Record attendance"))
    assert text_of(browser, "h1") == "Record attendance"
    axe.check("the attendance form")
    for member, status in ((shah, 0), (bright, 1), (hollis, 0)):
        browser.find_element("id", f"id_status_p{member.pk}_{status}").click()
    choose(browser, "Councillor Priya Shah chaired the meeting")
    Select(field_for(browser, "Substitute 1: substituting for")).select_by_visible_text(
        "Councillor Tom Bright"
    )
    # A member cannot be a substitute: the form says so, with focus on its error summary.
    fill(browser, "Substitute 1: name", "Councillor Nadia Hollis")
    click_and_wait(browser, button(browser, "Save attendance"))
    assert browser.title.startswith("Error: Record attendance")
    assert browser.execute_script("return document.activeElement.className").startswith(
        "govuk-error-summary"
    )
    assert (
        f"Councillor Nadia Hollis is a member of {BOARD}: record them in the list of members, "
        "not as a substitute" in text_of(browser, ".govuk-error-summary")
    )
    axe.check("the attendance form with an error")
    fill(browser, "Substitute 1: name", "Councillor Leo Marsh")
    click_and_wait(browser, button(browser, "Save attendance"))
    assert browser.current_url == browser.base_url + meeting_path + "#attendance"
    page = main_text(browser)
    assert "The attendance is saved." in page
    assert "Leo Marsh" in page and "Councillor Tom Bright" in page
    axe.check("the meeting page with attendance")

    # The minute of item 2, with a numbered two-part resolution.
    click_and_wait(browser, link(browser, "Write the minutes"))
    assert text_of(browser, "h1") == "Write the minutes"
    axe.check("the minutes list")
    click_and_wait(browser, row_link(browser, f"2. {ITEMS[1][1]}", "Write"))
    assert text_of(browser, "h1") == "Minute of item 2"
    assert field_for(browser, "Title").get_attribute("value") == ITEMS[1][1]
    axe.check("the minute form")
    fill(browser, "What the minute records", "The Head of Fostering presented the review.")
    fill(browser, "Resolutions", RESOLVED)
    click_and_wait(browser, button(browser, "Save the minute"))
    assert text_of(browser, "h1") == "Write the minutes"
    assert "Minute 1/25 is saved." in main_text(browser)
    minute_row = browser.find_element("xpath", "//tr[td[1][starts-with(normalize-space(), '2.')]]")
    assert f"1/25 {ITEMS[1][1]}" in minute_row.text
    axe.check("the minutes list with a minute")
    fill(browser, "When the meeting closed", "3.45pm")
    click_and_wait(browser, button(browser, "Save the closing time"))
    assert "The closing time is saved." in main_text(browser)
    axe.check("the minutes list with the closing time")

    # Track this on part 2, from the meeting page.
    click_and_wait(browser, link(browser, "Back to the meeting"))
    minute_section = browser.find_element("id", "minute-1")
    assert f"2. {ASK}" in minute_section.text
    assert "Proposed for tracking" in minute_section.text
    axe.check("the meeting page with its minute and Track this")
    click_and_wait(
        browser,
        minute_section.find_element(
            "xpath", ".//a[normalize-space()='Track this: minute 1/25, resolution 2']"
        ),
    )
    assert text_of(browser, "h1") == "Track resolution 2"
    assert field_for(browser, "Agenda item").get_attribute("value") == ITEMS[1][1]
    assert field_for(browser, "Text").get_attribute("value") == ASK
    # An information request is owned by who reported (the item's presenter), as ingest reads it.
    assert browser.find_element("id", "id_owners").get_attribute("value") == "Head of Fostering"
    assert browser.find_element("id", "id_addressees").get_attribute("value") == ""
    assert browser.find_element("id", "id_due_date").get_attribute("value") == "10/9/2026"
    axe.check("the Track this form")
    click_and_wait(browser, button(browser, "Track this resolution"))
    item = TrackedItem.objects.get(resolution__minute__meeting__date=DAY)
    assert browser.current_url == browser.base_url + item.get_absolute_url()
    assert "The resolution is now tracked." in main_text(browser)
    axe.check("the tracked item's page")

    # A response, which leaves the item open: it is not accepted.
    click_and_wait(browser, link(browser, "Record a response"))
    assert text_of(browser, "h1") == "Record a response"
    axe.check("the response form")
    fill(browser, "Date of the response", "14/4/2026")
    fill(browser, "Who responded", "Director of Children's Services")
    fill(browser, "Response", RESPONSE)
    click_and_wait(browser, button(browser, "Record the response"))
    assert "The response has been recorded." in text_of(browser, "[role='alert']")
    assert "Response received" in text_of(browser, ".govuk-summary-list__row:first-child")
    axe.check("the tracked item with its response")

    # The Outstanding Issues report, from the body page: the item under item 2's title.
    click_and_wait(browser, browser.find_element("link text", BOARD))
    assert f"2 {ASK}" in main_text(browser)  # overdue since 10 September 2026
    axe.check("the body page with the item due")
    click_and_wait(browser, browser.find_element("xpath", "//a[normalize-space()='web page']"))
    assert text_of(browser, "h1") == "Outstanding Issues for the next meeting"
    report_rows = browser.find_elements("css selector", "main table tbody tr")
    cells = [[td.text for td in row.find_elements("tag name", "td")] for row in report_rows]
    assert cells == [["10 March 2026", ITEMS[1][1], "Head of Fostering", "I", ASK, "", RESPONSE]]
    axe.check("the Outstanding Issues report")

    # The meeting page at the end: every edit on its pages, attributed to the officer.
    open_page(browser, meeting_path)
    history = browser.find_elements(
        "xpath", "//h2[@id='history']/following-sibling::table[1]/tbody/tr"
    )
    edits = [[td.text for td in row.find_elements("css selector", "td")][1:] for row in history]
    assert edits == [
        ["Olivia Officer", what]
        for what in [
            "Tracked minute 1/25, resolution 2 as Information request",
            "Meeting closed at 3.45 pm",
            f"Added minute 1/25: {ITEMS[1][1]}",
            "Recorded attendance",
            "Published the agenda pack (4 pages)",
            f"Attached {PAPER} (kestrel-figures.pdf) to item 2. {ITEMS[1][1]}",
            *[f"Added agenda item {n}. {t}" for n, t in reversed([*ITEMS, SUB_ITEM])],
            "Added the meeting",
        ]
    ]
    axe.check("the meeting page at the end")

    # The generated minutes, from the meeting page: A4, numbered pages, the resolution.
    docx = download(browser, link(browser, "as a Word document").get_attribute("href"))
    document = WordDocument(io.BytesIO(docx.content))
    [section] = document.sections
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Page ") and "NUMPAGES" in footer._p.xml
    assert section.header.paragraphs[0].text == f"{BOARD}: minutes"
    assert [p.text for p in document.paragraphs] == [
        BOARD,
        council,
        "Minutes of the meeting held on Tuesday 10 March 2026 at 2.00 pm",
        "Place: Civic Hall, Committee Room 3",
        "Present",
        "Councillor Priya Shah (Chair), Councillor Nadia Hollis",
        "Apologies",
        "Councillor Tom Bright",
        "Substitutes",
        "Councillor Leo Marsh substituting for Councillor Tom Bright",
        f"1/25 {ITEMS[1][1]}",
        "The Head of Fostering presented the review.",
        "RESOLVED:",
        "(1) that the annual review be noted;",
        f"(2) {ASK}",
        "(Meeting closed at 3.45 pm)",
        "Draft: not yet approved",
    ]
    pdf_link = link(browser, "as a PDF").get_attribute("href")
    minutes_pdf = page_texts(download(browser, pdf_link).content)
    assert f"Page 1 of {len(minutes_pdf)}" in minutes_pdf[0]
    assert f"(2) {ASK}" in " ".join(" ".join(minutes_pdf).split())

    # What the pages wrote, read back: the records the journey made.
    meeting = Meeting.objects.get(body=body, date=DAY)
    assert sorted(meeting.attendance.values_list("name_as_written", "status")) == [
        ("Leo Marsh", Attendance.Status.SUBSTITUTE),
        ("Nadia Hollis", Attendance.Status.PRESENT),
        ("Priya Shah", Attendance.Status.PRESENT),
        ("Tom Bright", Attendance.Status.APOLOGY),
    ]
    assert item.status == TrackedItem.Status.OPEN  # as Track this made it
    item.refresh_from_db()
    assert item.status == TrackedItem.Status.RESPONSE_RECEIVED
    assert item.responses.get().recorded_by == officer

    took = time.monotonic() - started
    print(
        f"the journey took {took:.1f}s, {axe.seconds:.1f}s of it axe-core on {len(axe.pages)} pages"
    )
    assert not axe.found, f"axe-core {axe.version}:\n" + "\n".join(axe.found)
