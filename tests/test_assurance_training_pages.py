"""Training and budget pages for every period and year the seeds give, with the derived
totals, the printed ones beside them and the warnings; the officers' forms; and no
restricted row on a public page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from scrutineer.assurance.models import Budget, BudgetLine, TrainingCount, TrainingCourse
from scrutineer.assurance.training import period_slug, training_periods
from scrutineer.governance.edits import history_of
from scrutineer.governance.models import Visibility
from scrutineer.periods import FinancialYear
from tests.helpers import signed_in, user_in

OCT_MAR = "2016/17 (October–March)"


def _board():
    return TrainingCount.objects.get(period="2015/16", level=1).body


def _partnership():
    return TrainingCourse.objects.get(name="Neglect Conference").body


@pytest.mark.django_db
def test_every_training_period_renders(seeded, client):
    for body in (_board(), _partnership()):
        index = client.get(reverse("training", args=[body.slug]))
        assert index.status_code == 200
        html = index.content.decode()
        assert 'id="chart-training-title"' in html and "<svg" in html
        for period in training_periods(body):
            page = client.get(reverse("training-period", args=[body.slug, period_slug(period)]))
            assert page.status_code == 200, period
            assert f"Training {period}" in page.content.decode()


@pytest.mark.django_db
def test_a_period_shows_the_sums_the_printed_totals_and_the_warnings(seeded, client):
    board = _board()
    assert period_slug(OCT_MAR) == "2016-17-october-march"
    html = client.get(
        reverse("training-period", args=[board.slug, period_slug(OCT_MAR)])
    ).content.decode()
    assert "Level 1: 372; Level 2: 69; Level 3: 191" in html
    assert 'Sum by agency</dt><dd class="govuk-summary-list__value">609' in html
    assert "training-levels-differ" in html and "training-level-differs" in html
    assert 'id="chart-levels-title"' in html and 'id="chart-agencies-title"' in html
    assert "People trained by level, 2016/17 (October–March)</caption>" in html
    earlier = client.get(reverse("training-period", args=[board.slug, "2015-16"])).content.decode()
    assert "1,170 (line 662)" in earlier
    hwb = client.get(reverse("training-period", args=[board.slug, "2012-13"])).content.decode()
    assert "Level 1: 450; Level 2: 92; Level 3: 410" in hwb
    assert "the levels come to 952" in hwb


@pytest.mark.django_db
def test_the_courses_page_of_2020_21(seeded, client):
    body = _partnership()
    html = client.get(reverse("training-period", args=[body.slug, "2020-21"])).content.decode()
    assert 'Sum by course</dt><dd class="govuk-summary-list__value">2160' in html
    assert "Neglect Conference" in html and 'id="chart-courses-title"' in html
    assert "188 in the text (line 644)" in html
    assert "Evaluation: Level 1 - Intro To SG Children" in html


@pytest.mark.django_db
def test_unknown_periods_and_years_are_not_found(seeded, client):
    board = _board()
    assert client.get(reverse("training-period", args=[board.slug, "1999-00"])).status_code == 404
    assert client.get(reverse("budget-year", args=[board.slug, "1999-00"])).status_code == 404
    assert client.get(reverse("budget-year", args=[board.slug, "nonsense"])).status_code == 404


@pytest.mark.django_db
def test_every_budget_year_renders(seeded, client):
    board = _board()
    index = client.get(reverse("budget", args=[board.slug])).content.decode()
    assert "2012/13" in index and "2016/17" in index
    for budget in Budget.objects.filter(body=board):
        year = FinancialYear.parse(budget.year)
        page = client.get(reverse("budget-year", args=[board.slug, year.slug]))
        assert page.status_code == 200
        assert f"Budget {budget.year}" in page.content.decode()


@pytest.mark.django_db
def test_budget_pages_show_the_position_and_the_printed_totals(seeded, client):
    board = _board()
    html = client.get(reverse("budget-year", args=[board.slug, "2012-13"])).content.decode()
    assert "£225,341" in html and "£221,129" in html and "£4,212" in html
    assert "Underspend</dt>" in html
    assert "59.9%" in html and "£134,931" in html
    assert "budget-item-not-held" in html and "Annual Conference £1,497 (line 3226)" in html
    assert 'id="chart-contributions-title"' in html and 'id="chart-spending-title"' in html
    later = client.get(reverse("budget-year", args=[board.slug, "2016-17"])).content.decode()
    assert "£487,000" in later and "£507,000" in later and "£20,000" in later
    assert "78%" in later and "Shares of funding 2016/17" in later


@pytest.mark.django_db
def test_restricted_rows_stay_off_public_pages(seeded, client, django_user_model):
    board = _board()
    TrainingCount.objects.create(
        body=board, period="2009/10", level=1, count=77, visibility=Visibility.RESTRICTED
    )
    Budget.objects.create(body=board, year="2009/10", visibility=Visibility.RESTRICTED)
    assert "2009/10" not in client.get(reverse("training", args=[board.slug])).content.decode()
    assert client.get(reverse("training-period", args=[board.slug, "2009-10"])).status_code == 404
    assert client.get(reverse("budget-year", args=[board.slug, "2009-10"])).status_code == 404
    member = signed_in(user_in(django_user_model, "mira", "member"))
    assert member.get(reverse("training-period", args=[board.slug, "2009-10"])).status_code == 200
    assert member.get(reverse("budget-year", args=[board.slug, "2009-10"])).status_code == 200


@pytest.mark.django_db
def test_an_officer_adds_and_changes_a_course(seeded, client, django_user_model):
    body = _partnership()
    add = reverse("training-course-add", args=[body.slug])
    assert client.get(add).status_code == 302  # sign in first
    other = signed_in(user_in(django_user_model, "olga", "officer"))
    assert other.get(add).status_code == 403
    officer = signed_in(user_in(django_user_model, "otto", "officer", bodies=[body]))
    form = {"period": "2020/21", "name": "Neglect Conference", "visibility": "public"}
    page = officer.post(add, form)
    assert "Neglect Conference is already a course in 2020/21" in page.content.decode()
    page = officer.post(add, {**form, "name": "Online Safety", "level": "2", "attendees": "x"})
    assert "Enter the number of attendees as a whole number" in page.content.decode()
    done = officer.post(add, {**form, "name": "Online Safety", "level": "2", "attendees": "30"})
    assert done.status_code == 302 and done.url.endswith("/training/2020-21/")
    course = TrainingCourse.objects.get(body=body, name="Online Safety")
    assert (course.level, course.attendees, course.source_id) == (2, 30, None)
    edit = reverse("training-course-edit", args=[body.slug, course.pk])
    officer.post(edit, {**form, "name": "Online Safety", "level": "2", "attendees": "31"})
    course.refresh_from_db()
    assert course.attendees == 31
    assert [e.change_message for e in history_of(course)][:2] == [
        "Changed attendees",
        "Added the course Online Safety (2020/21)",
    ]


@pytest.mark.django_db
def test_an_officer_adds_a_count(seeded, django_user_model):
    board = _board()
    officer = signed_in(user_in(django_user_model, "otto", "officer", bodies=[board]))
    done = officer.post(
        reverse("training-count-add", args=[board.slug]),
        {"period": "2017/18", "level": "1", "count": "400", "visibility": "public"},
    )
    assert done.status_code == 302
    assert TrainingCount.objects.get(body=board, period="2017/18").count == 400
    assert "2017/18" in officer.get(reverse("training", args=[board.slug])).content.decode()


@pytest.mark.django_db
def test_an_officer_adds_and_changes_a_budget_line(seeded, client, django_user_model):
    board = _board()
    add = reverse("budget-line-add", args=[board.slug, "2012-13"])
    assert client.get(add).status_code == 302
    officer = signed_in(user_in(django_user_model, "otto", "officer", bodies=[board]))
    page = officer.post(add, {"kind": "expenditure", "label": "Catering", "pence": "10"})
    assert "Catering is already a line of this budget" in page.content.decode()
    page = officer.post(add, {"kind": "expenditure", "label": "Room hire 2", "pence": "ten"})
    assert "Enter amount in pounds, like £1,250" in page.content.decode()
    done = officer.post(add, {"kind": "expenditure", "label": "Venue", "pence": "£1,250.50"})
    assert done.status_code == 302
    line = BudgetLine.objects.get(budget__body=board, label="Venue")
    assert line.pence == 125_050
    edit = reverse("budget-line-edit", args=[board.slug, line.pk])
    assert 'value="1250.50"' in officer.get(edit).content.decode()
    officer.post(edit, {"kind": "expenditure", "label": "Venue", "pence": "1,300"})
    line.refresh_from_db()
    assert line.pence == 130_000
    # a year with no budget yet gets one with its first line
    first = officer.post(
        reverse("budget-line-add", args=[board.slug, "2018-19"]),
        {"kind": "contribution", "label": "Police", "pence": "5000", "share": "10%"},
    )
    assert first.status_code == 302
    assert Budget.objects.get(body=board, year="2018/19").lines.get().pence == 500_000


@pytest.mark.django_db
def test_typed_and_printed_text_is_escaped(seeded, django_user_model):
    body = _partnership()
    officer = signed_in(user_in(django_user_model, "otto", "officer", bodies=[body]))
    officer.post(
        reverse("training-course-add", args=[body.slug]),
        {
            "period": "2020/21",
            "name": "<script>alert(1)</script>",
            "attendees": "3",
            "visibility": "public",
        },
    )
    html = officer.get(reverse("training-period", args=[body.slug, "2020-21"])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_a_line_of_another_bodys_budget_is_not_found(seeded, django_user_model):
    board = _board()
    line = BudgetLine.objects.filter(budget__body=board).first()
    body = _partnership()
    officer = signed_in(user_in(django_user_model, "otto", "officer", bodies=[body]))
    assert officer.get(reverse("budget-line-edit", args=[body.slug, line.pk])).status_code == 404
