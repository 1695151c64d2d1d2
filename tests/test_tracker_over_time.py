"""Issue 10 §4: the tracker across years of papers. The board's own asks are its
Outstanding Issues; what older papers showed open and nothing since has touched is history,
not overdue."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from scrutineer.governance.models import Body
from scrutineer.reports import outstanding
from scrutineer.tracker import workflow
from scrutineer.tracker.models import TrackedItem

SCRUTINY = "Education and Children's Services Scrutiny Board (2)"
TODAY = dt.date(2026, 12, 1)


def test_the_outstanding_issues_report_holds_the_boards_own_live_items(seeded):
    board = Body.objects.get(name=SCRUTINY)
    assert board.latest_paper == dt.date(2022, 3, 17)
    report = outstanding.build(board, AnonymousUser(), TODAY)
    # the five asks resolved on 9 December 2021, in the minutes of the 17 March 2022 pack
    assert [(r.meeting_date, r.item_type) for r in report.rows] == [
        (dt.date(2021, 12, 9), "R"),
        (dt.date(2021, 12, 9), "R"),
        (dt.date(2021, 12, 9), "R"),
        (dt.date(2021, 12, 9), "R"),
        (dt.date(2021, 12, 9), "A"),
    ]
    (history,) = report.history
    assert history.heading == "Last seen open in the papers of 21 July 2016 (2 items)"
    assert history.last_seen == dt.date(2016, 7, 21)
    shown = {row.pk for row in report.rows} | {row.pk for row in history.rows}
    # the board watches the 2016 plan's 15 actions; the case reviews' recommendations are
    # chased by the partnerships that own the reviews, not by the board that read them
    watched = TrackedItem.objects.filter(body=board, source_kind__in=["action-plan", "case-review"])
    assert watched.count() == 15 and not watched.filter(pk__in=shown).exists()
    reviewed = TrackedItem.objects.filter(source_kind="case-review")
    assert set(reviewed.values_list("body__name", flat=True)) == {
        "Coventry Safeguarding Children Board",
        "Coventry Safeguarding Children's Partnership",
    }


def test_history_is_neither_overdue_nor_rated(seeded):
    board = Body.objects.get(name=SCRUTINY)
    since_latest = (TODAY - board.latest_paper).days
    for item in TrackedItem.objects.filter(body__council=board.council).open():
        if item.is_overdue(TODAY):
            assert (TODAY - item.due_date).days <= since_latest
    old = TrackedItem.objects.history().filter(body=board, due_date__isnull=False)
    assert old.count() == 5  # the 2016 plan's actions whose one timescale gives a due date
    for item in old:
        assert item.is_history and not item.is_overdue(TODAY) and item.rag(TODAY) is None
        assert item.history_note == "Last seen open in the papers of 21 July 2016"
    assert not TrackedItem.objects.overdue(TODAY).filter(pk__in=old).exists()


def test_a_change_in_scrutineer_makes_an_item_live_again(seeded):
    item = TrackedItem.objects.history().filter(source_kind="resolution").first()
    assert item.last_seen == dt.date(2016, 7, 21)
    workflow.change_status(item, "in-progress", "Carried forward: the board still wants it.")
    item.refresh_from_db()
    assert not item.is_history and item.last_seen >= dt.date(2026, 1, 1)


def test_the_tracker_filters_history_with_a_count(seeded, client):
    board = Body.objects.get(name=SCRUTINY)
    page = client.get(reverse("tracker"), {"body": board.slug, "seen": "history"})
    count = TrackedItem.objects.history().filter(body=board).count()
    assert page.context["page"].paginator.count == count
    assert "Last seen open in the papers of 21 July 2016" in page.content.decode()
    own = client.get(reverse("tracker"), {"body": board.slug, "seen": "history", "scope": "own"})
    assert own.context["page"].paginator.count == 2
    csv = client.get(reverse("tracker-csv"), {"body": board.slug, "seen": "history"})
    assert csv.status_code == 200
    bad = client.get(reverse("tracker-csv"), {"seen": "old"})
    assert bad.status_code == 400


def test_the_early_help_action_plan_is_one_plan_of_fifteen_actions(seeded, client):
    from scrutineer.tracker.models import ActionPlan

    plan = ActionPlan.objects.get(title="Early Help and Prevention Action Plan 2015 – 2018")
    assert (plan.body.name, plan.meeting.date) == (SCRUTINY, dt.date(2016, 7, 21))
    assert (plan.source.name, plan.first_line) == ("scrutiny-pack-2016-07-21.txt", 1082)
    actions = list(plan.actions.order_by("first_line"))
    assert [a.number for a in actions] == ["1", "2", "3", "4", "5", "6", "7", "9", "10"] + [""] * 6
    assert [a.topic for a in actions[9:]] == [
        "INTEGRATED PERFORMANCE MONITORING Data and intelligence",
        "INTEGRATED PERFORMANCE MONITORING Data and intelligence",
        "INTEGRATED PERFORMANCE MONITORING Data and intelligence",
        "QUALITY ASSURANCE",
        "COMMUNICATION AND ENGAGEMENT",
        "GOVERNANCE",
    ]
    seven, nine = actions[6], actions[7]
    assert "Step up and down – effectiveness and prompt interventions." in seven.text
    assert "Ignite – Willenhall 1st live hub pilot" in nine.text
    assert not TrackedItem.objects.filter(text__startswith="Step up and down").exists()
    assert not TrackedItem.objects.filter(text__startswith="Completed").exists()
    assert seven.milestones.count() == 9 and not seven.subitems.exists()
    # progress notes, dated by the paper that gives them
    assert {r.date for r in seven.responses.all()} == {dt.date(2016, 7, 21)}
    report = outstanding.build(plan.body, AnonymousUser(), TODAY)
    shown = {row.pk for row in report.rows} | {r.pk for s in report.history for r in s.rows}
    assert not plan.actions.filter(pk__in=shown).exists()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "15 actions" in page and "Step up and down" in page


def test_an_officer_settles_history_in_bulk(seeded, django_user_model):
    from tests.helpers import signed_in, user_in

    board = Body.objects.get(name=SCRUTINY)
    hwb = Body.objects.get(name="Coventry Health and Well-being Board")
    officer = signed_in(user_in(django_user_model, "olive", "officer", bodies=[board]))
    listed = officer.get(reverse("tracker"), {"body": board.slug, "seen": "history"})
    page = listed.content.decode()
    assert "What to do with the ticked items" in page and 'name="item"' in page
    old = list(TrackedItem.objects.history().filter(body=board).order_by("pk")[:3])
    kept = old[2].status
    elsewhere = TrackedItem.objects.filter(body=hwb).first()  # not this officer's body
    back = f"?body={board.slug}&seen=history"
    posted = officer.post(
        reverse("tracker-history"),
        {"item": [old[0].pk, old[1].pk, elsewhere.pk], "action": "close", "back": back},
    )
    assert posted.status_code == 302 and posted.url == reverse("tracker") + back
    closed = TrackedItem.objects.filter(pk__in=[old[0].pk, old[1].pk])
    assert set(closed.values_list("status", flat=True)) == {"complete"}
    change = old[0].status_changes.last()
    assert change.changed_by.username == "olive"
    assert change.note == "Close: Last seen open in the papers of 21 July 2016."
    elsewhere.refresh_from_db()
    assert elsewhere.status == "open"
    officer.post(reverse("tracker-history"), {"item": [old[2].pk], "action": "carry-forward"})
    old[2].refresh_from_db()
    assert old[2].status == kept and not old[2].is_history  # tracked live again
    # the public sees no form, and cannot post one
    public = Client().get(reverse("tracker"), {"body": board.slug, "seen": "history"})
    assert 'name="item"' not in public.content.decode()
    refused = Client().post(reverse("tracker-history"), {"item": [old[2].pk], "action": "close"})
    assert refused.status_code == 302 and refused.url.startswith("/sign-in/")


def test_the_2016_outstanding_issues_rows_are_closed_with_that_reports_lines(seeded):
    rows = TrackedItem.objects.filter(
        source_kind="outstanding-issues", source__name="scrutiny-pack-2016-07-21.txt"
    ).order_by("first_line")
    assert [row.status for row in rows] == ["complete"] * 3
    for row in rows:
        change = row.status_changes.get(to_status="complete")
        assert (change.source, change.first_line) == (row.source, row.first_line)
        assert change.changed_by is None  # read from the paper, dated by it
        assert change.changed_at.date() == dt.date(2016, 7, 21)
