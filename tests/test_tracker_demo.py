"""Issue 10 §4–5 on the bundled demo papers: one request is one item, whatever the order of
the papers, and a later minute's "Further to Minute" keeps the earlier items live."""

import datetime as dt

from scrutineer.tracker.models import TrackedItem


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


def test_the_demo_scorecard_agrees_with_itself(demo_records, client):
    from django.urls import reverse

    from scrutineer.performance.models import Indicator, Observation
    from scrutineer.performance.yearly_scorecard import build
    from scrutineer.periods import FinancialYear

    ehcp = Indicator.objects.get(name="EHCPs issued within 20 weeks (%)")
    assert (ehcp.unit, ehcp.frequency) == ("percent", "annual")
    january_2024 = Observation.objects.get(indicator=ehcp, period__label="January 2024")
    assert january_2024.period.start in FinancialYear(2023)  # not in the 2024/25 scorecard
    row = next(r for r in build(ehcp.body, FinancialYear(2024), None).rows if r.indicator == ehcp)
    assert (row.latest.period.label, row.previous.period.label) == ("January 2025", "January 2024")
    assert row.trend is not None and row.missing == ""
    (england,) = row.comparators
    assert (england.area, england.figure.period.label) == ("England", "January 2025")
    # the paper's "Good is" and "Target 2024/25" columns give it a polarity and a target
    assert (row.trend.words, row.rag.colour, row.no_rating) == ("worsening", "red", "")
    # every indicator with two or more figures of its own area shows a trend
    for year in (FinancialYear(2024), FinancialYear(2025)):
        for row in build(ehcp.body, year, None).rows:
            if row.latest is not None and row.previous is not None:
                if row.latest.measure is not None and row.previous.measure is not None:
                    assert row.trend is not None, row.indicator.name
    page = client.get(reverse("scorecard", args=[ehcp.body.slug, FinancialYear(2024)]))
    shown = page.content.decode().split("EHCPs issued")[1]
    assert "No target or comparator is set" not in shown[:600]
    assert "41.2 is 13.8 below the target of 55" in shown[:3000]
