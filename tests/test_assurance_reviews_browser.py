"""A learning review's page, its body's list of reviews and the officers' form, in a real
Chromium with axe-core: no serious or critical violation. Chromium, its driver and axe-core
as tests/test_browser.py, whose fixtures these are."""

# The fixtures are imported, so pytest finds them here; the tests' arguments name them again.
# ruff: noqa: F811

from __future__ import annotations

from tests.helpers import user_in
from tests.seeds import seed_path
from tests.test_browser import (  # noqa: F401 (fixtures)
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

G_TO_K = "Serious Case Review – Child G, Child H, Child I, Child J, Child K"


def _no_serious_violation(driver, what: str) -> None:
    violations, version = axe_violations(driver)
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"axe-core {version} on {what}:\n{describe(serious)}"


def test_review_pages_pass_axe(browser, transactional_db, django_user_model):
    from scrutineer.assurance.models import LearningReview
    from scrutineer.ingest.loader import ingest_file

    ingest_file(seed_path("scrutiny-pack-2016-07-21.txt"))
    review = LearningReview.objects.get(title=G_TO_K)

    open_page(browser, review.get_absolute_url())
    assert text_of(browser, "h1") == G_TO_K
    _no_serious_violation(browser, "the review page")

    open_page(browser, f"/bodies/{review.body.slug}/reviews/")
    assert text_of(browser, "h1") == "Learning reviews"
    _no_serious_violation(browser, "the body's reviews")

    officer = user_in(django_user_model, "olivia", "officer", bodies=[review.body])
    officer.set_password(PASSWORD)
    officer.save()
    open_page(browser, f"/sign-in/?next=/reviews/{review.pk}/recommendations/add/")
    browser.find_element("id", "id_username").send_keys("olivia")
    browser.find_element("id", "id_password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element("css selector", "main button[type='submit']"))
    assert text_of(browser, "h1") == "Add a recommendation"
    click_and_wait(browser, browser.find_element("css selector", "main button[type='submit']"))
    assert browser.title.startswith("Error: ")
    _no_serious_violation(browser, "the recommendation form with errors")
    open_page(browser, f"/reviews/{review.pk}/change/")
    assert text_of(browser, "h1") == "Change the review"
    _no_serious_violation(browser, "the review form")
