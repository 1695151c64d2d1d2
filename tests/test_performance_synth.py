"""`scrutineer synth` scorecards: indicators and observations in the right proportions, with
proper periods, missing and corrected figures, and the same data for the same seed."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from scrutineer.governance.models import Body, Visibility
from scrutineer.performance.models import (
    Area,
    Breakdown,
    DataCall,
    Indicator,
    Observation,
    Period,
    RagRule,
    Submission,
)
from scrutineer.synth import governance as tracker_synth
from scrutineer.synth import indicators
from scrutineer.synth import performance as synth
from scrutineer.synth.datacalls import bench_data_call

TODAY = dt.date(2026, 11, 22)


def generate(scale=0.01, seed=0):
    tracker_synth.generate(scale, seed=seed, today=TODAY)
    return synth.generate(scale, seed=seed, today=TODAY)


# --- sizes ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_counts_at_a_tiny_scale():
    result = generate(0.01)
    counts = result.counts

    assert Indicator.objects.count() == synth.MIN_INDICATORS == counts["indicators"]
    assert Observation.objects.count() == counts["observations"]
    # 10 indicators, 49 periods (40 quarters, 9 whole years), 5 areas, some breakdowns.
    per_indicator = Observation.objects.count() / Indicator.objects.count()
    assert 5 * 9 <= per_indicator <= 5 * 49 * 15
    assert 0.5 * 1000 <= per_indicator <= 2 * 1000  # about 1,000, as at scale 1
    assert Period.objects.filter(kind=Period.Kind.QUARTER).count() == synth.QUARTERS
    assert Period.objects.filter(kind=Period.Kind.FINANCIAL_YEAR).count() in {9, 10}
    kinds = set(Area.objects.values_list("kind", flat=True))
    assert kinds == {
        Area.Kind.LOCAL_AUTHORITY,
        Area.Kind.ENGLAND,
        Area.Kind.REGION,
        Area.Kind.STATISTICAL_NEIGHBOURS,
        Area.Kind.BEST_NEIGHBOUR,
    }
    # Every indicator has figures for all five areas.
    areas = Observation.objects.values("indicator").annotate(n=Count("area", distinct=True))
    assert {row["n"] for row in areas} == {5}
    # The indicators cover every unit, each polarity, and sit under their bodies' priorities.
    assert set(Indicator.objects.values_list("unit", flat=True)) == set(Indicator.Unit.values)
    assert set(Indicator.objects.values_list("polarity", flat=True)) == set(
        Indicator.Polarity.values
    )
    for indicator in Indicator.objects.select_related("body"):
        assert indicator.body is not None and indicator.priority.startswith("Priority ")
        assert indicator.responsible_organisation_id and indicator.source_agency_id
    assert RagRule.objects.filter(kind=RagRule.Kind.TARGET).exists()
    # Some indicators are broken down by age band, for every area.
    by_age = Observation.objects.filter(breakdown__dimension=Breakdown.Dimension.AGE_BAND)
    assert by_age.exists()
    assert by_age.values("area").distinct().count() == 5


@pytest.mark.django_db
def test_the_scale_multiplies_indicators():
    generate(0.1)
    assert Indicator.objects.count() == 20
    units = set(Indicator.objects.values_list("unit", flat=True))
    assert {Indicator.Unit.COUNT_PERCENT, Indicator.Unit.RATIO} <= units
    assert RagRule.objects.filter(kind=RagRule.Kind.COMPARATOR).exists()
    assert 20 * 500 <= Observation.objects.count() <= 20 * 2000
    # Indicator names are realistic and unique within a body.
    names = Counter(Indicator.objects.values_list("body", "name"))
    assert max(names.values()) == 1
    catalogue = {m.name for m in indicators.CHILDREN + indicators.ADULTS + indicators.HEALTH}
    for name in Indicator.objects.values_list("name", flat=True):
        assert any(name.startswith(known) for known in catalogue), name


# --- periods -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_period_has_a_start_and_end():
    generate()
    used = Period.objects.filter(observations__isnull=False).distinct()
    assert not used.filter(start__isnull=True).exists()
    assert not used.filter(end__isnull=True).exists()
    quarters = list(Period.objects.filter(kind=Period.Kind.QUARTER).order_by("start"))
    for quarter in quarters:
        assert quarter.start.day == 1 and quarter.start.month in {1, 4, 7, 10}
        assert 89 <= (quarter.end - quarter.start).days <= 91
        assert quarter.label.endswith(f"Q{(quarter.start.month - 4) % 12 // 3 + 1}")
    # Consecutive, ending with the last quarter over before today.
    for before, after in zip(quarters, quarters[1:], strict=False):
        assert after.start == before.end + dt.timedelta(days=1)
    assert quarters[-1].end == dt.date(2026, 9, 30)
    assert quarters[0].label == "2016/17 Q3"
    for year in Period.objects.filter(kind=Period.Kind.FINANCIAL_YEAR):
        assert (year.start.month, year.start.day, year.end.month, year.end.day) == (4, 1, 3, 31)
        assert year.label == f"{year.start.year}/{(year.start.year + 1) % 100:02d}"


# --- statuses, corrections, data calls ------------------------------------------------------


@pytest.mark.django_db
def test_some_figures_are_missing():
    generate()
    statuses = Counter(Observation.objects.values_list("status", flat=True))
    for status in Observation.Status.values:
        assert statuses[status] > 0, status
    total = sum(statuses.values())
    assert statuses[Observation.Status.REPORTED] > 0.9 * total
    missing = Observation.objects.exclude(status=Observation.Status.REPORTED)
    assert not missing.filter(value__isnull=False).exists()
    assert set(missing.filter(status="not-received").values_list("raw", flat=True)) == {
        "Not received"
    }
    assert set(missing.filter(status="blank").values_list("raw", flat=True)) == {""}
    assert set(missing.filter(status="not-applicable").values_list("raw", flat=True)) <= {
        "n/a",
        "NA",
        "-",
    }
    reported = Observation.objects.filter(status=Observation.Status.REPORTED)
    assert not reported.filter(value__isnull=True).exists()
    assert not reported.filter(raw="").exists()


@pytest.mark.django_db
def test_corrected_figures_supersede_the_first_and_are_current():
    counts = generate().counts
    superseded = list(
        Observation.objects.filter(superseded_by__isnull=False).select_related("superseded_by")
    )
    assert len(superseded) >= 3  # "a few", even at a tiny scale
    assert len(superseded) == counts["corrected observations"]
    for old in superseded:
        new = old.superseded_by
        assert new.superseded_by_id is None
        assert (new.indicator_id, new.area_id, new.period_id, new.breakdown_id) == (
            old.indicator_id,
            old.area_id,
            old.period_id,
            old.breakdown_id,
        )
        assert new.value != old.value and new.raw != old.raw
        assert new.note and new.recorded_at > old.recorded_at
        # Exactly one current figure for the cell.
        assert (
            Observation.objects.current()
            .filter(
                indicator_id=old.indicator_id,
                area_id=old.area_id,
                period_id=old.period_id,
                breakdown=None,
            )
            .count()
            == 1
        )
    # No cell has two current figures anywhere.
    doubled = (
        Observation.objects.current()
        .values("indicator", "area", "period", "breakdown")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not doubled.exists()


@pytest.mark.django_db
def test_data_calls_record_returns_and_missing_returns():
    generate()
    calls = DataCall.objects.all()
    assert calls.exists() and calls.filter(closed_at__isnull=False).exists()
    submissions = Submission.objects.all()
    assert submissions.exists()
    # Reported council figures in a call's quarter come from a submission by the partner
    # responsible; a partner that sent nothing has its figures "not received".
    linked = Observation.objects.filter(submission__isnull=False).select_related(
        "submission__data_call", "indicator"
    )
    assert linked.exists()
    for o in linked[:200]:
        assert o.area.kind == Area.Kind.LOCAL_AUTHORITY
        assert o.submission.data_call.period_id == o.period_id
        assert o.submission.organisation_id == o.indicator.responsible_organisation_id
    call_periods = set(calls.values_list("period", flat=True))
    council = Observation.objects.filter(
        area__kind=Area.Kind.LOCAL_AUTHORITY, period__in=call_periods, breakdown=None
    )
    for o in council.filter(status="not-received").select_related("indicator")[:50]:
        assert not Submission.objects.filter(
            data_call__period=o.period_id,
            data_call__body=o.indicator.body_id,
            organisation=o.indicator.responsible_organisation_id,
        ).exists()


@pytest.mark.django_db
def test_names_a_body_and_year_with_figures():
    card = generate().scorecard
    assert card is not None
    body = Body.objects.get(slug=card.body_slug)
    assert body.name == card.body_name
    first = int(card.year[:4])
    assert card.year == f"{first}-{(first + 1) % 100:02d}"
    in_year = Observation.objects.filter(
        indicator__body=body,
        indicator__visibility=Visibility.PUBLIC,
        period__start__gte=dt.date(first, 4, 1),
        period__end__lte=dt.date(first + 1, 3, 31),
        status=Observation.Status.REPORTED,
    )
    assert in_year.filter(period__kind=Period.Kind.QUARTER).values("period").distinct().count() == 4


# --- determinism and safety ----------------------------------------------------------------


def snapshot():
    indicators = sorted(
        Indicator.objects.values_list("slug", "name", "unit", "polarity", "priority", "body__name")
    )
    observations = sorted(
        Observation.objects.values_list(
            "indicator__slug",
            "area__name",
            "period__label",
            "breakdown__value",
            "raw",
            "value",
            "value2",
            "status",
            "footnote",
            "superseded_by__raw",
        ),
        key=repr,
    )
    return indicators, observations


@pytest.mark.django_db(transaction=True)
def test_same_seed_same_data_other_seed_other_data():
    generate(seed=5)
    first = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    assert Observation.objects.count() == 0
    generate(seed=5)
    assert snapshot() == first
    call_command("flush", interactive=False, verbosity=0)
    generate(seed=6)
    assert snapshot()[1] != first[1]


@pytest.mark.django_db
def test_refuses_to_run_twice():
    generate()
    before = Observation.objects.count()
    with pytest.raises(synth.ScorecardSynthRefused):
        synth.generate(0.01, seed=0, today=TODAY)
    assert Observation.objects.count() == before


@pytest.mark.django_db
def test_a_failure_part_way_writes_nothing(monkeypatch):
    tracker_synth.generate(0.01, seed=0, today=TODAY)

    def fail(self, plans):
        raise RuntimeError("disk full")

    monkeypatch.setattr(synth.ScorecardSynthesiser, "observations", fail)
    with pytest.raises(RuntimeError):
        synth.generate(0.01, seed=0, today=TODAY)
    assert Indicator.objects.count() == 0 and DataCall.objects.count() == 0


# --- the command -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_makes_scorecards_and_names_one():
    out = StringIO()
    call_command("synth", "--scale", "0.01", "--today", "2026-11-22", stdout=out)
    line = out.getvalue().strip()
    assert f"{Indicator.objects.count()} indicators" in line
    assert f"{Observation.objects.count():,} observations" in line
    assert "a scorecard with figures: " in line
    assert "(body brindleford-" in line and "2025-26" in line


@pytest.mark.django_db
def test_command_can_leave_the_scorecards_out():
    out = StringIO()
    call_command("synth", "--scale", "0.01", "--skip-scorecards", stdout=out)
    assert Body.objects.exists()
    assert Indicator.objects.count() == 0 and Observation.objects.count() == 0
    assert "indicators" not in out.getvalue()


# --- the benchmark's data call ----------------------------------------------------------------


@pytest.mark.django_db
def test_bench_data_call_asks_for_enough_rows():
    from scrutineer.performance.datacalls import templates

    card = generate().scorecard
    call, organisation = bench_data_call(card.body_slug, 500, TODAY)
    assert call.period.start <= TODAY <= call.period.end
    rows = templates.template_rows(call, organisation)
    assert len(rows) >= 500
    assert {row.indicator.responsible_organisation_id for row in rows} == {organisation.pk}
