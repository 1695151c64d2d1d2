"""Scorecard tables from the real seeds, stored as indicators and observations."""

import datetime as dt
from decimal import Decimal

import pytest

from scrutineer.governance.models import Document, Warning
from scrutineer.ingest.loader import ingest_bytes, ingest_file
from scrutineer.performance.models import Indicator, Observation
from tests.seeds import seed_path


@pytest.fixture
def scorecard(seeded):
    """The 2022 pack, which holds the scorecard tables."""
    return Document.objects.get(name="scrutiny-pack-2022-03-17.txt")


def observation(indicator, period, area="Coventry", breakdown=None):
    return Observation.objects.current().get(
        indicator__name=indicator,
        period__label=period,
        area__name=area,
        breakdown__value=breakdown,
    )


def test_observations_keep_the_cell_as_printed(scorecard):
    cin = observation("CIN (Abuse or Neglect)", "Q2")
    assert (cin.raw, cin.value, cin.value2) == ("1696 (90.7)", Decimal("1696"), Decimal("90.7"))
    assert cin.period.start == dt.date(2020, 7, 1)
    assert cin.source == scorecard and cin.first_line == 966
    neglect = observation("Child Protection Plans (Neglect)", "Q4")
    assert (neglect.value, neglect.value2) == (Decimal("168"), Decimal("36.1"))
    indicator = neglect.indicator
    assert indicator.body.name == "Education and Children's Services Scrutiny Board (2)"
    assert indicator.priority.startswith("Priority 1")


def test_statuses_and_footnotes(scorecard):
    regional = Observation.objects.current().get(
        indicator__name__startswith="Regional CSE reports", period__label="Q3"
    )
    assert regional.status == "not-received"
    mash = Indicator.objects.get(name="% of re-referrals (YTD)")
    comparators = mash.observations.current().exclude(area__kind="local-authority")
    assert sorted((o.area.kind, o.value, o.footnote) for o in comparators) == [
        ("england", Decimal("22.6"), "*2019/20 average"),
        ("region", Decimal("23.0"), "*2019/20 average"),
    ]


def test_breakdown_warnings_are_stored_with_their_lines(scorecard):
    mismatches = Warning.objects.filter(document=scorecard, code="breakdown-sum-mismatch")
    assert mismatches.filter(first_line=992, message__contains="1649").exists()
    assert mismatches.filter(first_line=1054, message__contains="344").exists()


def test_reingesting_and_a_contradicting_paper(scorecard):
    before = Observation.objects.count()
    ingest_file(seed_path("scrutiny-pack-2022-03-17.txt"))
    assert Observation.objects.count() == before
    path = seed_path("scrutiny-pack-2022-03-17.txt")
    changed = path.read_bytes().replace(b"168 (36.1%)", b"170 (36.5%)")
    result = ingest_bytes(changed, "scrutiny-pack-2022-03-17-corrected.txt")
    latest = observation("Child Protection Plans (Neglect)", "Q4")
    assert latest.raw == "170 (36.5%)"
    earlier = latest.supersedes.get()
    assert earlier.raw == "168 (36.1%)"
    warning = Warning.objects.get(document=result.document, code="observation-differs")
    assert "'170 (36.5%)'" in warning.message and "'168 (36.1%)'" in warning.message
