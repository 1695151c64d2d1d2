"""GOV.UK behaviour in a real browser: after an invalid submit the page opens with focus
on the error summary, so a screen reader reads "There is a problem" and the list first,
and a link in the summary moves focus to its field. Also the page not found and the
warnings page with an unknown code, under the Content-Security-Policy (the focus script
is a static file, as the policy allows no inline script).

Chromium, its driver and axe-core as tests/test_browser.py, whose fixtures these are.
"""

# The fixtures are imported, so pytest finds them here; the tests' arguments name them again.
# ruff: noqa: F811

from __future__ import annotations

from tests.test_browser import (  # noqa: F401 (fixtures)
    PASSWORD,
    SERIOUS,
    axe_violations,
    browser,
    button,
    chromium,
    click_and_wait,
    describe,
    open_page,
    site,
    text_of,
)

ACTIVE_CLASS = "return document.activeElement.className"
ACTIVE_ID = "return document.activeElement.id"


def sign_in(driver, next_path: str) -> None:
    open_page(driver, f"/sign-in/?next={next_path}")
    driver.find_element("id", "id_username").send_keys("olivia")
    driver.find_element("id", "id_password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element("css selector", "main button[type='submit']"))
    assert driver.current_url == driver.base_url + next_path


def test_focus_moves_to_the_error_summary_after_an_invalid_submit(browser, site):
    status_path = f"/tracker/{site['overdue'].pk}/status/"
    sign_in(browser, status_path)
    assert text_of(browser, "h1") == "Change status"
    # A page without errors leaves focus where the browser puts it.
    assert browser.execute_script(ACTIVE_CLASS) == ""

    # No note: the form comes back with the summary, and the summary has focus.
    click_and_wait(browser, button(browser, "Change the status"))
    assert browser.title.startswith("Error: ")
    summary = browser.find_element("css selector", ".govuk-error-summary")
    assert summary.get_attribute("data-module") == "govuk-error-summary"
    assert browser.execute_script(ACTIVE_CLASS) == "govuk-error-summary"
    assert browser.execute_script("return document.activeElement === arguments[0]", summary)
    assert "There is a problem" in summary.text
    assert "Enter a note saying why the status changed" in summary.text

    # The summary's link moves focus to the field it names.
    summary.find_element("link text", "Enter a note saying why the status changed").click()
    assert browser.execute_script(ACTIVE_ID) == "id_note"
    assert browser.current_url.endswith(status_path)  # focus moved, the page did not change

    violations, version = axe_violations(browser)
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"axe-core {version} on the form with errors:\n{describe(serious)}"


def test_pages_with_errors_satisfy_their_content_security_policy(browser, site):
    browser.get_log("browser")  # what earlier tests left
    open_page(browser, "/warnings/?code=no-such-code")
    assert browser.title == "Error: Warnings – Scrutineer"
    assert browser.execute_script(ACTIVE_CLASS) == "govuk-error-summary"
    open_page(browser, "/no-such-page/")
    assert text_of(browser, "h1") == "Page not found"
    blocked = [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]
    assert not blocked, "\n".join(blocked)
