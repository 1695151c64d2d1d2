"""A training page and a budget page in a real browser: axe-core finds no serious or
critical problem on either, with their charts, tables and warnings. Chromium, its driver and
axe-core as tests/test_browser.py, whose fixtures these are."""

# The fixtures are imported, so pytest finds them here; the tests' arguments name them again.
# ruff: noqa: F811

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.seeds import seed_path
from tests.test_agenda_pack_browser import assert_accessible
from tests.test_browser import browser, chromium, main_text, open_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture
def board(transactional_db):
    from scrutineer.assurance.models import TrainingCount
    from scrutineer.ingest.loader import ingest_file

    for name in ("lscb-annual-report-2016-17.txt", "hwb-pack-2014-02-24.txt"):
        ingest_file(seed_path(name))
    return TrainingCount.objects.get(period="2015/16", level=1).body


def test_training_and_budget_pages_are_accessible(browser, board):
    open_page(browser, reverse("training-period", args=[board.slug, "2016-17-october-march"]))
    text = main_text(browser)
    assert "Training 2016/17 (October–March)" in text and "609" in text
    assert_accessible(browser, "the training page for October to March 2016/17")

    open_page(browser, reverse("training", args=[board.slug]))
    assert_accessible(browser, "the training index")

    open_page(browser, reverse("budget-year", args=[board.slug, "2012-13"]))
    text = main_text(browser)
    assert "Budget 2012/13" in text and "£225,341" in text and "budget-item-not-held" in text
    assert_accessible(browser, "the budget page for 2012/13")
