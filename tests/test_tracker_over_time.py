"""Issue 10 §4: the tracker across years of papers. The board's own asks are its
Outstanding Issues; what older papers showed open and nothing since has touched is history,
not overdue."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
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
    watched = TrackedItem.objects.filter(body=board, source_kind__in=["action-plan", "case-review"])
    assert watched.count() == 40 and not watched.filter(pk__in=shown).exists()


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


def test_in_the_demo_no_request_is_tracked_twice(demo_records):
    from scrutineer.packs.titles import SAME_TITLE, title_similarity

    (letter,) = TrackedItem.objects.filter(text__contains="evening and weekend opening")
    assert (letter.source_kind, letter.status) == ("resolution", "in-progress")
    assert [(s.source_kind, s.first_line) for s in letter.sources.all()] == [
        ("outstanding-issues", 369)
    ]
    assert letter.responses.get().text.startswith("Letter sent 24/07/25.")
    follow_up = TrackedItem.objects.get(text__contains="follow up item on children missing")
    assert (follow_up.source_kind, follow_up.status) == ("resolution", "complete")
    items = list(TrackedItem.objects.filter(parent=None, plan=None))
    for a in items:
        for b in items:
            if a.pk < b.pk and a.meeting_id == b.meeting_id:
                assert title_similarity(a.text, b.text) < SAME_TITLE, (a.text, b.text)


def test_the_samples_in_either_order_give_the_same_items(db):
    from django.db import transaction

    from scrutineer.cli import SAMPLE_DIR
    from scrutineer.ingest.loader import ingest_file

    papers = sorted(SAMPLE_DIR.glob("*.txt"))
    seen = []
    for order in (papers, papers[::-1]):
        with transaction.atomic():
            for path in order:
                ingest_file(path)
            seen.append(
                sorted(
                    (str(t.meeting.date) if t.meeting else "", t.status, t.text[:60])
                    for t in TrackedItem.objects.filter(
                        body__council__name="Exampleshire County Council"
                    ).select_related("meeting")
                )
            )
            transaction.set_rollback(True)
    assert seen[0] == seen[1] and len(seen[0]) == 8


def test_further_to_minute_follows_up_that_minutes_items(demo_records):
    letter = TrackedItem.objects.get(text__contains="evening and weekend opening")
    (follow_up,) = letter.follow_ups.select_related("minute__meeting")
    # the minutes of 18 September 2025, printed in the pack for 20 November
    assert (follow_up.minute.reference, follow_up.minute.meeting.date) == (
        "19/25",
        dt.date(2025, 9, 18),
    )
    assert follow_up.note == "Further to minute 10/25."
    assert letter.last_seen == dt.date(2025, 11, 20)  # the November pack still shows it
