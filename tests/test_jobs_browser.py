"""An officer uploads a paper in a real browser: the GOV.UK file upload, its error summary,
then the job's page, each checked by axe-core and by Chromium's Content-Security-Policy.

Uses the browser and helpers of tests/test_browser.py (and skips, or fails in CI, as they
do). Jobs run in-process here: the live server has no broker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from scrutineer.jobs.celery_app import app
from scrutineer.jobs.models import Job
from tests.test_browser import (  # noqa: F401 - browser and chromium are fixtures
    PASSWORD,
    SERIOUS,
    axe_violations,
    browser,
    chromium,
    click_and_wait,
    describe,
    open_page,
    text_of,
)

pytestmark = pytest.mark.browser
UPLOAD_BUTTON = "//main//button[normalize-space()='Upload and read the paper']"

SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "scrutineer"
    / "sample"
    / "exampleshire-children-scrutiny-2025-09-18.txt"
)


@pytest.fixture
def officer(transactional_db, django_user_model):
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    officers, _ = Group.objects.get_or_create(name="officer")
    user = django_user_model.objects.create_user("petra", password=PASSWORD)  # not staff
    user.groups.add(officers)
    yield user
    app.conf.task_always_eager = before


def accessible(driver) -> None:
    violations, version = axe_violations(driver)
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"axe-core {version} on {driver.current_url}:\n{describe(serious)}"


def test_an_officer_uploads_a_pack_and_follows_its_job(browser, officer):  # noqa: F811
    open_page(browser, "/sign-in/?next=/jobs/upload/")
    browser.find_element("id", "id_username").send_keys("petra")
    browser.find_element("id", "id_password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element("css selector", "main button[type='submit']"))
    assert browser.current_url == browser.base_url + "/jobs/upload/"
    assert text_of(browser, "h1") == "Upload a paper"
    browser.get_log("browser")  # what earlier pages left

    # Sent with no file: the error summary links to the file input.
    click_and_wait(browser, browser.find_element("xpath", UPLOAD_BUTTON))
    assert browser.title.startswith("Error: Upload a paper")
    assert text_of(browser, ".govuk-error-summary a") == "Select a paper to upload"
    assert text_of(browser, ".govuk-error-summary a") in text_of(browser, "#id_file-error")
    accessible(browser)

    browser.find_element("id", "id_file").send_keys(str(SAMPLE))
    click_and_wait(browser, browser.find_element("xpath", UPLOAD_BUTTON))
    job = Job.objects.get()
    assert browser.current_url == browser.base_url + job.get_absolute_url()
    assert text_of(browser, "#job-state") == "Done"
    assert text_of(browser, "#job-result").startswith(f"Read {SAMPLE.name} into ")
    accessible(browser)

    click_and_wait(browser, browser.find_element("link text", "see all your jobs"))
    assert text_of(browser, "h1") == "Jobs"
    accessible(browser)
    blocked = [
        e["message"] for e in browser.get_log("browser") if "Content Security" in e["message"]
    ]
    assert not blocked
