"""Issue 10 §5: a scorecard's "Target" and "Good is"/"Polarity" columns give an indicator
its polarity and target rule, so the demo's scorecard shows ratings with their reasons."""

from decimal import Decimal

from scrutineer.packs.scorecard import HIGHER, LOWER, ParsedTarget, extract_indicators
from scrutineer.packs.segment import segment

# An invented district council's quarterly report, in the style of a corporate scorecard
# with a polarity column worded in full, arrows, and a "Target 2027" column.
MARLCOMBE = """Marlcombe Borough Council

Overview and Scrutiny Committee - 4 February 2025

Appendix A - Performance Scorecard 2024/25

The scorecard below shows the Council's key measures at the end of the third quarter.

Priority 1: Housing

Measure\tQ1\tQ2\tQ3\tTarget 2024/25\tPolarity
Homeless households in temporary accommodation\t212\t226\t219\t200\tLower is better
Affordable homes delivered (year to date)\t41\t77\t118\t150\tHigher is better
Average days to re-let a council home\t34\t31\t29\t28\t\u2193
Housing register applications assessed within 10 days (%)\t82\t88\t91\t90%\t\u2191
Households prevented from becoming homeless\t96\t104\t99\t-\ttbc
Rough sleepers seen on the quarterly count\t7\t5\t9\tNil\tLow

Priority 2: Workforce

Measure\tMarch 2024\tMarch 2025\tEngland March 2025\tTarget 2027\tGood is
Planning officer vacancy rate (%)\t18.5\t14.0\t11.2\t9.0\tLow
Staff completing an annual appraisal (%)\t71\t79\t-\t95\tHigh
"""


def _extract():
    lines = MARLCOMBE.splitlines()
    return extract_indicators(lines, segment(lines))


def test_polarity_and_target_columns_are_read_from_their_headers():
    indicators, _ = _extract()
    assert [(i.name, i.polarity, i.target) for i in indicators] == [
        (
            "Homeless households in temporary accommodation",
            LOWER,
            ParsedTarget("200", 200.0, "2024/25"),
        ),
        (
            "Affordable homes delivered (year to date)",
            HIGHER,
            ParsedTarget("150", 150.0, "2024/25"),
        ),
        ("Average days to re-let a council home", LOWER, ParsedTarget("28", 28.0, "2024/25")),
        (
            "Housing register applications assessed within 10 days (%)",
            HIGHER,
            ParsedTarget("90%", 90.0, "2024/25"),
        ),
        ("Households prevented from becoming homeless", None, None),
        ("Rough sleepers seen on the quarterly count", LOWER, None),
        ("Planning officer vacancy rate (%)", LOWER, ParsedTarget("9.0", 9.0, "2027")),
        ("Staff completing an annual appraisal (%)", HIGHER, ParsedTarget("95", 95.0, "2027")),
    ]
    assert (HIGHER, LOWER) == ("higher-is-better", "lower-is-better")


def test_target_and_polarity_cells_are_not_observations():
    indicators, _ = _extract()
    vacancy = next(i for i in indicators if i.name == "Planning officer vacancy rate (%)")
    assert [(o.area, o.period, o.period_kind, o.raw) for o in vacancy.observations] == [
        ("Marlcombe", "March 2024", "month", "18.5"),
        ("Marlcombe", "March 2025", "month", "14.0"),
        ("England", "March 2025", "month", "11.2"),
    ]
    homeless = indicators[0]
    assert [o.raw for o in homeless.observations] == ["212", "226", "219"]


def test_a_cell_saying_neither_is_flagged_with_its_line():
    _, warnings = _extract()
    assert [(w.code, w.lines) for w in warnings] == [
        ("unread-polarity", (16, 16)),
        ("unread-target", (17, 17)),
    ]
    assert "'tbc' under 'Polarity' on line 16" in warnings[0].message
    assert "'Nil' under 'Target 2024/25' on line 17" in warnings[1].message


# The demo: what `make demo` loads ---------------------------------------------------------

EHCP_TIMELY = "EHCPs issued within 20 weeks (%)"


def _row(name):
    from scrutineer.performance import yearly_scorecard
    from scrutineer.performance.models import Indicator
    from scrutineer.periods import FinancialYear

    indicator = Indicator.objects.get(name=name)
    card = yearly_scorecard.build(indicator.body, FinancialYear(2024), None)
    return indicator, next(r for r in card.rows if r.indicator.pk == indicator.pk)


def test_the_demo_rates_ehcp_timeliness_against_its_printed_target(demo_records, client):
    from django.urls import reverse

    indicator, row = _row(EHCP_TIMELY)
    assert indicator.polarity == HIGHER
    rule = indicator.rag_rule
    assert (rule.kind, rule.target, rule.target_period) == ("target", Decimal("55"), "2024/25")
    assert row.latest.period.label == "January 2025"
    assert row.rag.colour == "red" and row.no_rating == ""
    assert row.rag.reason == (
        "41.2 is 13.8 below the target of 55, beyond the tolerance of 0; the target is for 2024/25"
    )
    page = client.get(reverse("indicator", args=[indicator.slug])).content.decode()
    assert "Against a target of 55 for 2024/25, amber within 0 on the wrong side" in page


def test_the_demo_scorecard_shows_ratings_and_says_why_others_have_none(demo_records):
    from scrutineer.performance import yearly_scorecard
    from scrutineer.periods import FinancialYear

    indicator, _ = _row(EHCP_TIMELY)
    card = yearly_scorecard.build(indicator.body, FinancialYear(2024), None)
    assert [(r.indicator.name, r.indicator.polarity, r.rag_key) for r in card.rows] == [
        ("Children and young people with an EHCP", "neutral", "none"),
        ("Children placed in independent special schools", LOWER, "red"),
        (EHCP_TIMELY, HIGHER, "red"),
        ("Pupils with an EHCP in mainstream schools (%)", HIGHER, "green"),
        ("Child Protection Plans (Neglect)", LOWER, "none"),
        ("Children In Need (Neglect)", LOWER, "none"),
        ("Child Protection Plan (Neglect)", "neutral", "none"),
        (
            "Number of young people at risk of exploitation (cumulative) from the Horizon team",
            "neutral",
            "none",
        ),
        ("% of Return Home Interviews (YTD) being completed within timescale", HIGHER, "red"),
    ]
    rhi = card.rows[-1]
    assert rhi.rag.reason == "70 is 5 below the target of 75, beyond the tolerance of 0"
    cpp = card.rows[4]
    assert cpp.no_rating == "No target or comparator is set"


def test_a_later_paper_with_another_polarity_or_target_wins_and_warns(demo_records):
    from scrutineer.cli import SAMPLE_DIR
    from scrutineer.governance.models import Warning
    from scrutineer.ingest.loader import ingest_bytes
    from scrutineer.performance.models import Indicator

    data = (SAMPLE_DIR / "exampleshire-children-scrutiny-2025-11-20.txt").read_bytes()
    changed = data.replace(b"\t55.0\tHigh", b"\t60.0\tHigh").replace(b"\t400\tLow", b"\t400\tHigh")
    result = ingest_bytes(changed, "exampleshire-children-scrutiny-2025-11-20-revised.txt")
    timely = Indicator.objects.get(name=EHCP_TIMELY)
    assert (timely.rag_rule.target, timely.rag_rule.target_period) == (Decimal("60"), "2024/25")
    placed = Indicator.objects.get(name="Children placed in independent special schools")
    assert placed.polarity == HIGHER
    warnings = Warning.objects.filter(document=result.document, code__endswith="-differs")
    assert sorted((w.code, w.message) for w in warnings) == [
        (
            "polarity-differs",
            "Children placed in independent special schools: this paper gives its polarity "
            "as 'higher-is-better' but an earlier one gave 'lower-is-better'; the latest is "
            "kept",
        ),
        (
            "target-differs",
            f"{EHCP_TIMELY}: this paper gives its target as '60.0 for 2024/25' but an "
            "earlier one gave '55 for 2024/25'; the latest is kept",
        ),
    ]
    unchanged = Indicator.objects.get(name="Pupils with an EHCP in mainstream schools (%)")
    assert unchanged.rag_rule.target == Decimal("37")


def test_which_headers_are_targets_and_polarities():
    from scrutineer.packs.scorecard.polarity import is_polarity_head, target_period

    heads = ["Target", "Target 2025/26", "2025/26 Target", "Target for March 2027", "Target (%)"]
    assert [target_period(h) for h in heads] == [None, "2025/26", "2025/26", "March 2027", None]
    # not a target's column: left to be read as before
    assert [target_period(h) for h in ["On target", "Targeted support", "Target met?"]] == [
        False,
        False,
        False,
    ]
    polarity = ["Good is", "Polarity", "Higher or lower is better?", "Good performance is"]
    assert all(is_polarity_head(h) for h in polarity)
    assert not is_polarity_head("Direction of travel")


def test_the_same_paper_again_changes_nothing_and_a_comparator_rule_is_kept(demo_records):
    from scrutineer.cli import SAMPLE_DIR
    from scrutineer.governance.models import Warning
    from scrutineer.ingest.loader import ingest_bytes
    from scrutineer.performance.models import Area, Indicator, RagRule

    data = (SAMPLE_DIR / "exampleshire-children-scrutiny-2025-11-20.txt").read_bytes()
    data += b"\n"  # another file, so it is read again
    again = ingest_bytes(data, "exampleshire-children-scrutiny-2025-11-20-copy.txt")
    assert again.created
    codes = set(Warning.objects.filter(document=again.document).values_list("code", flat=True))
    assert not codes & {"polarity-differs", "target-differs", "target-not-used"}
    timely = Indicator.objects.get(name=EHCP_TIMELY)
    RagRule.objects.filter(indicator=timely).update(
        kind=RagRule.Kind.COMPARATOR, target=None, comparator=Area.objects.get(name="England")
    )
    later = ingest_bytes(data + b"\n", "exampleshire-children-scrutiny-2025-11-20-later.txt")
    (kept,) = Warning.objects.filter(document=later.document, code="target-not-used")
    assert kept.message == (
        f"{EHCP_TIMELY}: this paper prints a target of '55.0' but the indicator is rated "
        "against a comparator area; its rule is unchanged"
    )
    rule = RagRule.objects.get(indicator=timely)
    assert (rule.kind, rule.target, rule.comparator.name) == ("comparator", None, "England")
    _, row = _row(EHCP_TIMELY)
    assert row.rag.colour == "red"
    assert row.rag.reason.startswith("41.2 is 5.2 below England's 46.4")
