"""Issue 12 §3: a body's priorities pages, for each period the papers give (the plan on a
page, progress under the Signs of Safety headings, the indicators with their latest figure,
subgroups), and officers' forms to add and change a priority and a progress statement.
Restricted priorities never reach a reader who may not see them."""

import pytest
from django.urls import reverse

from scrutineer.assurance.models import Priority, ProgressStatement, Subgroup
from scrutineer.governance.edits import history_of
from scrutineer.governance.models import Body, Visibility
from scrutineer.performance.models import Area, Indicator, Observation, Period
from tests.helpers import page, signed_in, table, texts, user_in

pytestmark = pytest.mark.django_db


def _period_url(priority):
    return reverse("priorities-period", args=[priority.body.slug, priority.period_slug])


def test_every_period_found_renders_with_its_priorities(seeded, client):
    pairs = {(p.body, p.period_slug) for p in Priority.objects.select_related("body")}
    assert len(pairs) == 4  # 2012/13, since April 2015, 2017/18 and 2020–2022
    for body, slug in pairs:
        shown = page(client.get(reverse("priorities-period", args=[body.slug, slug])))
        titles = texts(shown, "//section[@class='app-priority']/h3")
        expected = Priority.objects.filter(body=body)
        expected = [p for p in expected if p.period_slug == slug]
        assert len(titles) == len(expected)
        for priority in expected:
            assert any(priority.title in title for title in titles)
    index = page(client.get(reverse("priorities", args=[body.slug])))
    assert texts(index, "//h1") == ["Priorities"]


def test_the_2017_18_plan_on_a_page(seeded, client):
    lscb = Priority.objects.get(period="2017/18", number=1).body
    shown = page(client.get(reverse("priorities-period", args=[lscb.slug, "2017-18"])))
    rows = table(shown, "Plan on a page 2017/18")
    assert rows[0] == ["Priority", "Why", "Metrics", "Outcomes"]
    assert len(rows) == 6
    assert rows[1][0].startswith("1. Children and young people who are looked after")
    assert rows[2][1] == "Not printed"  # the row that runs its why into the priority cell
    assert rows[5][3].startswith("That safeguarding activity is maintained")
    subgroups = table(shown, f"Subgroups of {lscb.name}")
    assert [
        "Effectiveness and quality",
        "John Gregg",
        "None printed",
        "Source: lines 707–709",
    ] in subgroups


def test_progress_under_the_three_headings_with_indicators(seeded, client):
    neglect = Priority.objects.get(title="Neglect", period="2020–2022")
    shown = page(client.get(_period_url(neglect)))
    section = shown.xpath(f"//section[h3[@id='priority-{neglect.pk}']]")[0]
    assert texts(section, "./h4") == [
        "What's working well",
        "What we are worried about",
        "What needs to happen",
    ]
    lists = section.xpath("./ul")
    assert [len(ul.xpath("./li")) for ul in lists] == [18, 6, 7]
    assert texts(lists[1], "./li")[0].startswith("The implementation of the GCP2 training")
    assert "line 478" in texts(lists[1], "./li")[0]
    measures = table(shown, "Indicators for “Neglect”")
    names = [row[0] for row in measures[1:]]
    assert "Child Protection Plans (Neglect)" in names
    assert all(len(row) == 3 for row in measures)


def test_a_restricted_priority_is_not_shown_to_the_public(seeded, client, django_user_model):
    neglect = Priority.objects.get(title="Neglect", period="2020–2022")
    Priority.objects.filter(pk=neglect.pk).update(visibility=Visibility.RESTRICTED)
    shown = client.get(_period_url(neglect)).content.decode()
    assert "Neglect" not in texts(page(client.get(_period_url(neglect))), "//h3")
    assert "GCP2" not in shown
    reader = user_in(django_user_model, "rita", "member", reads=[neglect.body])
    seen = page(signed_in(reader).get(_period_url(neglect)))
    assert "Neglect" in texts(seen, "//section[@class='app-priority']/h3")


@pytest.fixture
def board(db, django_user_model):
    body = Body.objects.create(name="Fenwick Safeguarding Children Partnership")
    other = Body.objects.create(name="Fenwick Adults Board")
    indicator = Indicator.objects.create(body=body, name="Early help assessments completed")
    area = Area.objects.create(name="Fenwick", kind="local-authority")
    year = Period.objects.create(label="2024/25", kind="financial-year")
    Observation.objects.create(indicator=indicator, area=area, period=year, raw="1,204", value=1204)
    return {
        "body": body,
        "indicator": indicator,
        "officer": user_in(django_user_model, "olwen", "officer", bodies=[body]),
        "stranger": user_in(django_user_model, "otis", "officer", bodies=[other]),
    }


def test_an_officer_adds_and_changes_a_priority_and_its_progress(board):
    body, officer = board["body"], signed_in(board["officer"])
    add = reverse("priority-add", args=[body.slug])
    refused = page(officer.post(add, {"period": "", "title": "", "visibility": "public"}))
    assert texts(refused, "//div[contains(@class, 'govuk-error-summary')]//li") == [
        "Enter the period of the priority, for example 2017/18",
        "Enter the priority as the plan words it",
    ]
    done = officer.post(
        add,
        {
            "period": "2024/25",
            "number": "1",
            "title": "Early help reaches families sooner",
            "why": "Families tell us help comes late\n\nReferrals repeat",
            "metrics": "Early help assessments completed",
            "outcomes": "Families are helped when problems first appear",
            "visibility": "public",
        },
    )
    priority = Priority.objects.get(body=body)
    assert done.status_code == 302
    assert done.url == priority.get_absolute_url()
    assert priority.why == ["Families tell us help comes late", "Referrals repeat"]
    assert priority.on_plan_on_a_page
    priority.indicators.add(board["indicator"])
    same = {"period": "2024/25", "title": priority.title, "visibility": "public"}
    again = page(officer.post(add, same))
    assert "2024/25 already has this priority: change its words" in again.text_content()

    edit = reverse("priority-edit", args=[body.slug, priority.pk])
    officer.post(
        edit,
        {
            "period": "2024/25",
            "number": "2",
            "title": priority.title,
            "why": "",
            "metrics": "",
            "outcomes": "",
            "visibility": "public",
        },
    )
    priority.refresh_from_db()
    assert (priority.number, priority.why, priority.on_plan_on_a_page) == (2, [], False)

    progress = reverse("progress-add", args=[body.slug, priority.pk])
    added = officer.post(progress, {"heading": "worried", "text": "Waiting lists grew."})
    assert added.status_code == 302
    statement = ProgressStatement.objects.get(priority=priority)
    assert (statement.heading, statement.order, statement.source_id) == ("worried", 0, None)
    change = reverse("progress-edit", args=[body.slug, priority.pk, statement.pk])
    officer.post(change, {"heading": "needs-to-happen", "text": "Open two more hubs."})
    statement.refresh_from_db()
    assert (statement.heading, statement.text) == ("needs-to-happen", "Open two more hubs.")
    assert [e.change_message for e in history_of(priority)] == [
        "Progress statement: changed heading and progress statement",
        "Added a progress statement",
        "Changed number, why, metrics and outcomes",
        "Added the priority",
    ]

    shown = page(signed_in(board["officer"]).get(priority.get_absolute_url()))
    section = shown.xpath(f"//section[h3[@id='priority-{priority.pk}']]")[0]
    assert texts(section, "./ul/li")[0].startswith("Open two more hubs.")
    assert table(shown, "Indicators for “Early help")[1] == [
        "Early help assessments completed",
        "1,204",
        "2024/25",
    ]


def test_others_cannot_use_the_forms(board, client):
    body = board["body"]
    priority = Priority.objects.create(body=body, period="2024/25", title="Safer streets")
    add = reverse("priority-add", args=[body.slug])
    assert client.get(add).status_code == 302  # to sign in
    stranger = signed_in(board["stranger"])
    assert stranger.get(add).status_code == 403
    progress = reverse("progress-add", args=[body.slug, priority.pk])
    assert stranger.post(progress, {"heading": "worried", "text": "x"}).status_code == 403
    assert not ProgressStatement.objects.filter(priority=priority).exists()


def test_subgroups_on_the_priorities_index(board, client):
    body = board["body"]
    Subgroup.objects.create(body=body, name="Learning and Improvement", chair="Priya Venn")
    shown = page(client.get(reverse("priorities", args=[body.slug])))
    assert texts(shown, "//p[@class='govuk-body']")[0] == (
        "No priorities are recorded for Fenwick Safeguarding Children Partnership."
    )
    assert table(shown, "Subgroups of")[1][:3] == [
        "Learning and Improvement",
        "Priya Venn",
        "None printed",
    ]
