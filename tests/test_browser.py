"""Real-browser tests: headless Chromium from Debian's packages, driven by Selenium against
pytest-django's live server.

The main journey an officer takes (tracker, overdue filter, item, sign in, record a
response, see it in the history) is walked through the real pages and form controls, and
axe-core checks the tracker, a tracked item and a work programme for serious or critical
accessibility problems.

Nothing is downloaded: the browser and its driver are the system packages (``chromium``,
``chromium-driver``), Selenium Manager is never consulted (the driver's path is given), and
Chromium's own background connections are switched off. axe-core comes from npm into
``.ci/node`` (see ``.ci/run``). Without any of these the tests skip, unless
``SCRUTINEER_REQUIRE_BROWSER=1`` says they must run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from scrutineer.governance.models import Body, Meeting, Visibility
from scrutineer.tracker.models import Party, Response, TrackedItem, WorkProgrammeItem
from tests.helpers import make_document

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_HINT = (
    "apt-get install chromium chromium-driver; npm install --no-save --prefix .ci/node axe-core@4"
)
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-dev-shm-usage",
    "--metrics-recording-only",
    "--window-size=1280,1024",
]
WAIT_SECONDS = 15
PASSWORD = "a-long-test-password"
SERIOUS = {"serious", "critical"}


def _missing() -> list[str]:
    missing = [
        f"{path} is missing" for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)
    ]
    if not AXE.is_file():
        missing.append(f"{AXE.relative_to(ROOT)} is missing")
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium is not installed")
    return missing


@pytest.fixture(scope="session")
def chromium(request):
    """One headless Chromium for the session, with a fresh profile that is thrown away.

    The live server starts first so that it stops last: quitting the browser closes its
    kept-alive connections, and the server's threads must still be there to see them close.
    """
    missing = _missing()
    if missing:
        reason = "Real-browser tests need Chromium and axe-core ({}): {}".format(
            "; ".join(missing), INSTALL_HINT
        )
        if os.environ.get("SCRUTINEER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SCRUTINEER_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)

    request.getfixturevalue("live_server")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # The driver's path is given, so Selenium Manager is not run; offline in case it were.
    os.environ.setdefault("SE_OFFLINE", "true")
    profile = tempfile.mkdtemp(prefix="scrutineer-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    # The console, where Chromium reports anything the Content-Security-Policy blocked.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(chromium, live_server):
    """The session's browser, signed out, knowing the live server's address."""
    chromium.delete_all_cookies()
    chromium.base_url = live_server.url
    yield chromium
    # Shown by pytest only when the test failed: where the browser was, and what it showed.
    body = chromium.find_element("tag name", "body").text
    print(f"The browser was at {chromium.current_url} ({chromium.title}):\n{body[:3000]}")
    chromium.delete_all_cookies()


# Data ----------------------------------------------------------------------------------


@pytest.fixture
def site(transactional_db, django_user_model):
    """A board, an officer of it, tracked items (one overdue, one restricted) and a work
    programme, made as model rows. The live server sees them: the database is shared."""
    today = timezone.localdate()
    days = timedelta
    board = Body.objects.create(
        name="Children and Young People Board", kind=Body.Kind.SCRUTINY_BOARD
    )
    other = Body.objects.create(
        name="Safeguarding Partnership", kind=Body.Kind.SAFEGUARDING_PARTNERSHIP
    )
    # The test database is flushed between transactional tests, groups from migrations too.
    officers, _ = Group.objects.get_or_create(name="officer")
    officer = django_user_model.objects.create_user(
        "olivia", password=PASSWORD, first_name="Olivia", last_name="Officer"
    )
    officer.groups.add(officers)
    board.officers.add(officer)

    pack = make_document("b")
    held = Meeting.objects.create(
        body=board, date=today - days(70), status=Meeting.Status.HELD, source=pack, first_line=1
    )

    def track(body, text, due, **fields):
        return TrackedItem.objects.create(
            body=body,
            text=text,
            item_type=fields.pop("item_type", "R"),
            due_date=due,
            source_kind=fields.pop("source_kind", TrackedItem.SourceKind.RESOLUTION),
            **fields,
        )

    overdue = track(
        board,
        "Write to the Cabinet Member (Education and Skills) about school transport funding",
        today - days(12),
        number="2",
        meeting=held,
        due_basis='"request an update in 2 months" from the meeting',
        officer_contact_text="G Holmes",
        source=pack,
        first_line=5,
        last_line=8,
    )
    track(
        board,
        "Include the cost of post-16 transport",
        today - days(20),
        number="2a",
        parent=overdue,
        status=TrackedItem.Status.COMPLETE,
    )
    Party.objects.create(
        tracked_item=overdue,
        role=Party.Role.ADDRESSEE,
        label="Cabinet Member (Education and Skills)",
    )
    Party.objects.create(tracked_item=overdue, role=Party.Role.OWNER, label="Director of Education")
    items = {
        "overdue": overdue,
        "upcoming": track(
            board, "Circulate the attendance dashboard", today + days(10), item_type="A"
        ),
        "complete": track(
            board,
            "Report adoption figures",
            today - days(40),
            item_type="I",
            status=TrackedItem.Status.COMPLETE,
        ),
        "restricted": track(
            board,
            "Exempt placement costs",
            today - days(3),
            visibility=Visibility.RESTRICTED,
        ),
        "later": track(other, "Review the joint protocol", today + days(60), item_type="A"),
    }

    june = Meeting.objects.create(body=board, date=date(2016, 6, 16))
    january = Meeting.objects.create(
        body=board, date=date(2017, 1, 26), status=Meeting.Status.POSTPONED
    )
    for title, fields in [
        (
            "Youth Offending Service – progress report",
            {
                "meeting": june,
                "detail": "Annual report",
                "cabinet_members": ["Cllr Ruane"],
                "lead_officers": ["John Gregg"],
                "origin_tracked_item": overdue,
            },
        ),
        ("Library Service and Connecting Communities", {"meeting": january, "standing": True}),
        (
            "Fostering update",
            {
                "bucket": WorkProgrammeItem.Bucket.PROGRESS_REPORTS,
                "bucket_label": "Progress reports (by exception)",
            },
        ),
        ("SEN transport", {"bucket": WorkProgrammeItem.Bucket.DATE_TO_BE_DECIDED}),
    ]:
        WorkProgrammeItem.objects.create(
            body=board, municipal_year="2016/17", title=title, **fields
        )
    return {"board": board, "officer": officer, "today": today, **items}


# Helpers -------------------------------------------------------------------------------


def _wait(driver, condition, message: str, ignored=None):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT_SECONDS, ignored_exceptions=ignored).until(condition, message)


def open_page(driver, path: str) -> None:
    driver.get(driver.base_url + path)
    _wait_loaded(driver)


def _wait_loaded(driver) -> None:
    _wait(
        driver,
        lambda d: d.execute_script("return document.readyState") == "complete",
        "the page did not finish loading",
    )


def click_and_wait(driver, element) -> None:
    """Click something that loads a new page, and wait until the new page has loaded.

    The old page is marked with a window property a new page cannot have. Chromium may
    answer any command sent mid-navigation with an error rather than a stale element,
    so errors while waiting mean "not yet", not failure.
    """
    from selenium.common.exceptions import WebDriverException

    driver.execute_script("window.scrutineerOldPage = true;")
    element.click()
    _wait(
        driver,
        lambda d: d.execute_script(
            "return !window.scrutineerOldPage && document.readyState === 'complete'"
        ),
        "clicking did not load a new page",
        ignored=(WebDriverException,),
    )


def text_of(driver, css: str) -> str:
    return driver.find_element("css selector", css).text


def main_text(driver) -> str:
    return text_of(driver, "main")


def field_for(driver, label: str):
    """The form control a visible label names, as a person would find it."""
    label_element = driver.find_element(
        "xpath", f"//label[normalize-space()={_xpath_literal(label)}]"
    )
    return driver.find_element("id", label_element.get_attribute("for"))


def _xpath_literal(text: str) -> str:
    return f'"{text}"' if '"' not in text else f"'{text}'"


def button(driver, text: str):
    return driver.find_element(
        "xpath",
        f"//button[normalize-space()={_xpath_literal(text)}]"
        f" | //input[@type='submit' and @value={_xpath_literal(text)}]",
    )


def link(driver, text: str):
    return driver.find_element("partial link text", text)


def section(driver, heading_id: str, next_heading_id: str) -> str:
    """The text between two headings of the page."""
    text = main_text(driver)
    start = driver.find_element("id", heading_id).text
    end = driver.find_element("id", next_heading_id).text
    return text[text.index(start) : text.index(end)]


# The journey ---------------------------------------------------------------------------


def test_officer_filters_overdue_signs_in_and_records_a_response(browser, site):
    started = time.monotonic()
    item = site["overdue"]

    # The tracker: everything the public may see, and nothing restricted.
    open_page(browser, "/tracker/")
    assert browser.title == "Tracker – Scrutineer"
    assert text_of(browser, "h1") == "Recommendations, actions and information requests"
    assert text_of(browser, "#result-count") == "5 tracked items"
    listing = main_text(browser)
    assert "Circulate the attendance dashboard" in listing
    assert "Review the joint protocol" in listing
    assert "Exempt placement costs" not in listing

    # Filter to overdue with the form's own controls: the board, then "Overdue only".
    from selenium.webdriver.support.ui import Select

    Select(field_for(browser, "Body")).select_by_visible_text(site["board"].name)
    overdue_box = field_for(browser, "Overdue only")
    assert not overdue_box.is_selected()
    browser.find_element("css selector", "label[for='id_overdue']").click()
    assert overdue_box.is_selected()
    click_and_wait(browser, button(browser, "Apply filters"))
    assert "overdue=on" in browser.current_url
    assert f"body={site['board'].slug}" in browser.current_url
    assert text_of(browser, "#result-count") == "1 tracked item"
    assert field_for(browser, "Overdue only").is_selected()
    rows = browser.find_elements("css selector", "table.govuk-table tbody tr")
    assert len(rows) == 1
    row = rows[0].text
    assert "Write to the Cabinet Member (Education and Skills)" in row
    assert "Overdue" in row and "Overdue by 12 days" in row
    assert "Director of Education" in row
    listing = main_text(browser)
    for absent in ["Circulate the attendance dashboard", "Report adoption figures"]:
        assert absent not in listing
    assert "Exempt placement costs" not in listing
    assert "Clear filters" in listing

    # Open the item: anonymous visitors read it but cannot change it.
    click_and_wait(browser, link(browser, "2 Write to the Cabinet Member"))
    assert browser.current_url == browser.base_url + item.get_absolute_url()
    assert text_of(browser, "h1") == "Recommendation 2"
    page = main_text(browser)
    assert "school transport funding" in page
    assert "Overdue" in page
    assert 'How it was worked out: "request an update in 2 months" from the meeting' in page
    assert "No responses are recorded." in page
    assert "Source line 5 <b>as printed</b>" in page  # the source lines, as text
    assert "2a Include the cost of post-16 transport" in page
    assert not browser.find_elements("link text", "Record a response")

    # Sign in from the header; the sign-in page sends the officer back to the item.
    click_and_wait(browser, link(browser, "Sign in"))
    assert browser.current_url.startswith(browser.base_url + "/sign-in/")
    assert f"next={item.get_absolute_url()}" in browser.current_url.replace("%2F", "/")
    browser.find_element("id", "id_username").send_keys("olivia")
    browser.find_element("id", "id_password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element("css selector", "main button[type='submit']"))
    assert browser.current_url == browser.base_url + item.get_absolute_url()
    assert text_of(browser, "h1") == "Recommendation 2"
    assert "Sign out" in text_of(browser, "header")

    # Record a response through the form.
    click_and_wait(browser, link(browser, "Record a response"))
    assert text_of(browser, "h1") == "Record a response"
    date_box = field_for(browser, "Date of the response")
    today = site["today"]
    assert date_box.get_attribute("value") == f"{today.day}/{today.month}/{today.year}"
    date_box.clear()
    date_box.send_keys("3/2/2022")
    field_for(browser, "Who responded").send_keys("Cabinet Member (Education and Skills)")
    field_for(browser, "Response").send_keys(
        "A letter was sent to the Department for Education on 2 February."
    )
    field_for(browser, "Links to evidence (optional)").send_keys("https://example.org/letter")
    click_and_wait(browser, button(browser, "Record the response"))

    # Back on the item: the message, the new status, the history and the response.
    assert browser.current_url == browser.base_url + item.get_absolute_url()
    assert "The response has been recorded." in text_of(browser, "[role='alert']")
    status = text_of(browser, ".govuk-summary-list__row:first-child")
    assert "Response received" in status
    history = section(browser, "history", "responses")
    assert "Open → Response received" in history
    assert "Olivia Officer" in history and "Response recorded." in history
    responses = section(browser, "responses", "follow-ups")
    assert "3 February 2022: Cabinet Member (Education and Skills)" in responses
    assert "A letter was sent to the Department for Education on 2 February." in responses
    assert "https://example.org/letter" in responses
    assert f"Recorded by Olivia Officer on {today:%-d %B %Y}" in responses
    assert "No responses are recorded." not in main_text(browser)

    # The signed-in page, with its message, history and response, passes axe-core too.
    violations, version = axe_violations(browser)
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"axe-core {version} after recording a response:\n{describe(serious)}"

    saved = Response.objects.get(tracked_item=item)
    assert saved.recorded_by == site["officer"] and saved.date == date(2022, 2, 3)
    item.refresh_from_db()
    assert item.status == TrackedItem.Status.RESPONSE_RECEIVED and item.version == 2
    print(f"journey took {time.monotonic() - started:.2f}s")


# Accessibility -------------------------------------------------------------------------

AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]})
  .then((results) => done({violations: results.violations, version: axe.version}))
  .catch((error) => done({error: String(error)}));
"""


def axe_violations(driver) -> tuple[list[dict], str]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(AXE_RUN)
    assert "error" not in result, f"axe-core failed: {result.get('error')}"
    return result["violations"], result["version"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"][:10]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
            if summary:
                lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


def _with_a_second_council(path: str) -> str:
    """``path``, once the install holds a second council (the home page then lists them)."""
    from scrutineer.governance.models import Council

    Council.objects.get_or_create(slug="westvale", defaults={"name": "Westvale District Council"})
    return path


def _a_plan_and_history(site) -> str:
    """An action plan with an action and its milestones, and an item last seen in an
    older paper than the board's latest: history."""
    from scrutineer.tracker.models import ActionPlan, Milestone

    board = site["board"]
    plan = ActionPlan.objects.create(body=board, title="Early Help Action Plan 2025 – 2027")
    action = TrackedItem.objects.create(
        body=board,
        plan=plan,
        number="1",
        text="Open two more family hubs",
        item_type="A",
        source_kind=TrackedItem.SourceKind.ACTION_PLAN,
        topic="SERVICE DELIVERY",
    )
    Milestone.objects.create(action=action, order=0, text="Agree the sites", timescale="May 2026")
    Body.objects.filter(pk=board.pk).update(latest_paper=timezone.localdate())
    TrackedItem.objects.filter(pk=site["upcoming"].pk).update(
        last_seen=timezone.localdate() - timedelta(days=400)
    )
    return plan.get_absolute_url()


PAGES = {
    "councils": lambda site: _with_a_second_council("/"),
    "council-home": lambda site: _with_a_second_council(f"/{site['board'].council.slug}/"),
    "tracker": lambda site: "/tracker/",
    "tracker-filtered": lambda site: f"/tracker/?body={site['board'].slug}&overdue=on&sort=-due",
    "tracked-item": lambda site: site["overdue"].get_absolute_url(),
    "work-programme": lambda site: f"/bodies/{site['board'].slug}/work-programme/2016-17/",
    "body": lambda site: site["board"].get_absolute_url(),
    "page-not-found": lambda site: "/no-such-page/",
    "action-plan": _a_plan_and_history,
    "tracker-history": lambda site: (
        _a_plan_and_history(site) and (f"/tracker/?body={site['board'].slug}&seen=history")
    ),
    "outstanding-issues-with-history": lambda site: (
        _a_plan_and_history(site) and (f"/reports/bodies/{site['board'].slug}/outstanding-issues/")
    ),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_no_serious_or_critical_accessibility_violations(browser, site, page):
    path = PAGES[page](site)
    open_page(browser, path)
    assert "Scrutineer" in browser.title
    started = time.monotonic()
    violations, version = axe_violations(browser)
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, (
        f"axe-core {version} found serious or critical problems on {path}:\n{describe(serious)}"
    )
    others = describe(violations)
    print(f"axe-core {version} on {path}: {time.monotonic() - started:.2f}s; {others or 'clean'}")


# Content-Security-Policy ---------------------------------------------------------------


def test_pages_satisfy_their_content_security_policy(browser, site):
    """Chromium enforces each page's policy; anything it blocks (an inline style in a chart,
    a script) is reported in the console, which must stay free of such reports."""
    from decimal import Decimal

    from scrutineer.performance.models import Area, Indicator, Observation, Period

    area = Area.objects.create(name="Exampleshire", kind=Area.Kind.LOCAL_AUTHORITY)
    indicator = Indicator.objects.create(name="Children seen within a week", body=site["board"])
    for label, start, end, value in [
        ("Q1", date(2020, 4, 1), date(2020, 6, 30), 41),
        ("Q2", date(2020, 7, 1), date(2020, 9, 30), 44),
    ]:
        period = Period.objects.create(label=label, kind=Period.Kind.QUARTER, start=start, end=end)
        Observation.objects.create(
            indicator=indicator, area=area, period=period, raw=str(value), value=Decimal(value)
        )
    board = site["board"].slug
    pages = [
        "/",
        "/tracker/",
        site["overdue"].get_absolute_url(),
        f"/bodies/{board}/work-programme/2016-17/",
        indicator.get_absolute_url(),
        f"/scorecard/{board}/2020-21/",
        f"/scorecard/{board}/2020-21/print/",
        "/admin/login/",
        "/sign-in/",
    ]
    browser.get_log("browser")  # what earlier tests left
    blocked = []
    for path in pages:
        open_page(browser, path)
        blocked += [
            f"{path}: {entry['message']}"
            for entry in browser.get_log("browser")
            if "Content Security Policy" in entry["message"]
        ]
    assert not blocked, "\n".join(blocked)
    open_page(browser, indicator.get_absolute_url())  # the chart is drawn, and in colour
    assert browser.find_elements("css selector", "svg.app-chart path[stroke]")
