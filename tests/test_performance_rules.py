"""Trend and RAG rules: judged by polarity, rated with a reason."""

from decimal import Decimal as D

import pytest

from scrutineer.performance.rules import rag_against_comparator, rag_against_target, trend


@pytest.mark.parametrize(
    ("latest", "previous", "polarity", "words", "arrow"),
    [
        ("25.1", "26.0", "lower-is-better", "improving", "↓"),
        ("25.1", "24.0", "lower-is-better", "worsening", "↑"),
        ("90", "80", "higher-is-better", "improving", "↑"),
        ("70", "80", "higher-is-better", "worsening", "↓"),
        ("70", "80", "neutral", "down", "↓"),
        ("80", "80", "higher-is-better", "no change", "→"),
    ],
)
def test_trend_is_judged_by_polarity(latest, previous, polarity, words, arrow):
    result = trend(D(latest), D(previous), polarity)
    assert (result.words, result.arrow) == (words, arrow)


def test_no_trend_without_both_values():
    assert trend(None, D(1), "higher-is-better") is None


def test_rag_against_target_with_tolerance():
    assert rag_against_target(D("22"), D("23"), D("2"), "lower-is-better").colour == "green"
    amber = rag_against_target(D("24.5"), D("23"), D("2"), "lower-is-better")
    assert (amber.colour, amber.reason) == (
        "amber",
        "24.5 is 1.5 above the target of 23, within the tolerance of 2",
    )
    red = rag_against_target(D("80"), D("90"), D("5"), "higher-is-better")
    assert red.reason == "80 is 10 below the target of 90, beyond the tolerance of 5"
    assert rag_against_target(D("80"), D("90"), D("5"), "neutral") is None


def test_rag_against_comparator_names_the_comparator():
    rating = rag_against_comparator(D("25.1"), D("22.6"), "England", "lower-is-better")
    assert rating.colour == "red"
    assert rating.reason == "25.1 is 2.5 above England's 22.6, beyond the tolerance of 0"
    better = rag_against_comparator(D("20"), D("22.6"), "England", "lower-is-better")
    assert better.reason == "20 is at least as good as England's 22.6"
