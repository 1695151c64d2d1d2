"""The partnership dashboard: exact figures from records made here, counted only from what
the reader may see, in a fixed number of queries however many records there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scrutineer.assurance.dashboard import dashboard
from scrutineer.packs.figures import pounds
from tests.assurance_records import more_records, partnership
from tests.helpers import page, signed_in, user_in


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def body(db, today):
    return partnership(today)


@pytest.fixture
def member(django_user_model, body):
    return user_in(django_user_model, "member", "member", reads=[body])


def summary(response) -> dict[str, str]:
    html = page(response)
    return {
        " ".join(row.xpath("dt")[0].text_content().split()): " ".join(
            row.xpath("dd")[0].text_content().split()
        )
        for row in html.xpath('//dl[@id="summary"]/div')
    }


def test_pounds_reads_as_printed():
    assert pounds(48_700_000) == "£487,000"
    assert pounds(-2_000_000) == "-£20,000"
    assert pounds(22_534_150) == "£225,341.50"


def test_the_public_figures(body, today, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    board = dashboard(body, AnonymousUser(), today)

    assert [(r.record.title, r.recommendations, r.open, r.overdue) for r in board.reviews] == [
        ("Serious Case Review – Child P", 3, 2, 1),
        ("Rapid review – Family Q", 1, 0, 0),
    ]
    assert (board.reviews_open, board.reviews_overdue) == (1, 1)
    assert (board.review_recommendations_open, board.review_recommendations_overdue) == (2, 1)
    assert [(r.record.title, r.open, r.overdue) for r in board.audits] == [
        ("Section 11 audit 2023", 2, 1)
    ]
    assert board.audit_recommendations_outstanding == 2
    assert [(t.period, t.by_level, t.total) for t in board.training] == [
        ("2022/23", {1: 300, 2: 100, 3: 50}, 450),
        ("2023/24", {1: 320, 2: 90, 3: 60}, 470),  # the printed 999 is never added
    ]
    assert [row.budget.year for row in board.budgets] == ["2023/24"]
    latest = board.budget
    assert (latest.income, latest.planned, latest.spent) == ("£100,000", "£100,000", "£103,000")
    assert (latest.position.outcome, latest.balance) == ("overspend", "£3,000")
    assert latest.position.shares == {
        "Northbrook Council": 60.0,
        "Northbrook Police": 30.0,
        "Health": 10.0,
    }
    assert board.priority_period == "2023–2025"
    assert [(p.priority.title, p.by_heading, p.total) for p in board.priorities] == [
        ("Neglect is recognised early", (2, 1, 1, 0), 4),
        ("Children are safe online", (0, 0, 1, 0), 1),
    ]
    assert [group.name for group in board.subgroups] == ["Learning and Improvement"]


def test_a_reader_of_the_body_counts_the_restricted_records_too(body, today, member):
    board = dashboard(body, member, today)

    assert [r.record.title for r in board.reviews] == [
        "Child Safeguarding Practice Review – Rowan",  # not published: no date, first
        "Serious Case Review – Child P",
        "Rapid review – Family Q",
    ]
    assert (board.reviews_open, board.reviews_overdue) == (2, 2)
    assert (board.review_recommendations_open, board.review_recommendations_overdue) == (4, 2)
    assert (board.audits_outstanding, board.audit_recommendations_outstanding) == (2, 3)
    assert board.this_year.total == 475
    assert board.budget.budget.year == "2024/25"
    assert (board.budget.spent, board.budget.position.outcome) == ("£4,000", "underspend")
    assert [p.total for p in board.priorities] == [4, 1, 1]
    assert len(board.subgroups) == 2


def test_the_page_states_the_figures_for_each_reader(client, body, member):
    url = reverse("assurance-dashboard", args=[body.slug])
    public = summary(client.get(url))
    assert public == {
        "Learning reviews": "2 reviews: 1 with open recommendations, 1 with overdue ones",
        "Review recommendations": "2 open, 1 overdue",
        "Audit recommendations outstanding": "2 in 1 of 1 audit (1 overdue)",
        "People trained": "470 in 2023/24 against 450 in 2022/23",
        "Budget": "2023/24: £103,000 spent against £100,000, overspend £3,000",
        "Priorities": "2 for 2023–2025",
    }
    member_view = summary(signed_in(member).get(url))
    assert member_view["Learning reviews"] == (
        "3 reviews: 2 with open recommendations, 2 with overdue ones"
    )
    assert member_view["Audit recommendations outstanding"] == "3 in 2 of 2 audits (1 overdue)"
    assert member_view["People trained"] == "475 in 2023/24 against 450 in 2022/23"
    assert member_view["Budget"] == "2024/25: £4,000 spent against £5,000, underspend £1,000"
    assert member_view["Priorities"] == "3 for 2023–2025"


def test_nothing_restricted_reaches_the_public_page(client, body, member):
    url = reverse("assurance-dashboard", args=[body.slug])
    public = client.get(url).content.decode()
    restricted = [
        "Rowan",
        "bruising in non-mobile babies",
        "2024/25",
        "Exploitation",
        "475",
        "£4,000",
    ]
    assert not [word for word in restricted if word in public]
    members = signed_in(member).get(url).content.decode()
    assert all(word in members for word in restricted)


def test_the_charts_have_their_figures_in_a_table_beneath(client, body):
    html = page(client.get(reverse("assurance-dashboard", args=[body.slug])))
    svgs = html.xpath("//figure//*[local-name()='svg']")
    assert len(svgs) == 2
    assert [" ".join(c.text_content().split()) for c in html.xpath("//caption")] == [
        "Reviews with open recommendations",
        "Audits with recommendations outstanding",
        "People trained by level",
        "Budget position by year",
        "Contributions by agency, 2023/24",
        "Priorities for 2023–2025 and their progress statements",
        "Subgroups and their chairs",
    ]
    training = html.xpath("//table[caption='People trained by level']//tr")
    assert [" ".join(cell.text_content() for cell in row) for row in training] == [
        "Level 2022/23 2023/24",
        "1 300 320",
        "2 100 90",
        "3 50 60",
        "Total 450 470",
    ]
    reviews = html.xpath("//table[caption='Reviews with open recommendations']/tbody/tr")
    assert [" | ".join(c.text_content().strip() for c in row) for row in reviews] == [
        "Serious Case Review – Child P | Serious Case Review | 1 May 2024 | 3 | 2 | 1"
    ]  # Family Q's only recommendation is closed
    desc = html.xpath("//*[local-name()='desc' and @id='chart-training-desc']")[0].text_content()
    assert "Level 1, 2023/24: 320" in desc


def test_a_body_with_no_records_says_so(client, db):
    from scrutineer.governance.models import Body

    empty = Body.objects.create(name="Westmere Safeguarding Partnership")
    text = client.get(reverse("assurance-dashboard", args=[empty.slug])).content.decode()
    for sentence in (
        "No learning reviews are recorded",
        "No audits are recorded",
        "No training is recorded",
        "No budget is recorded",
        "No priorities are recorded",
    ):
        assert sentence in text


def test_an_unknown_body_is_not_found(client, db):
    assert client.get(reverse("assurance-dashboard", args=["nowhere"])).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_queries_do_not_grow_with_the_number_of_records(client, body, member, today, who):
    reader = signed_in(member) if who == "member" else client
    url = reverse("assurance-dashboard", args=[body.slug])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reader.get(url).status_code == 200
        return len(captured)

    before = queries()
    more_records(body, today, 12)
    after = queries()
    assert after <= before <= 30, (before, after)
