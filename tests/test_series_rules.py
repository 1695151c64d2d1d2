"""The series rules (performance.series) that the scorecard and the indicator page share."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from scrutineer.performance.models import Area, Indicator, Period
from scrutineer.performance.series import (
    comparator_rank,
    measure,
    own_area_rank,
    period_rank,
    points,
)


def figure(name, kind, end, start=None):
    return SimpleNamespace(name=name, period=SimpleNamespace(kind=kind, end=end, start=start))


def test_one_point_per_end_date_the_shortest_period_and_the_last_of_equals():
    march = dt.date(2022, 3, 31)
    year = figure("year", Period.Kind.FINANCIAL_YEAR, march)
    q4 = figure("q4", Period.Kind.QUARTER, march)
    q4_again = figure("q4 again", Period.Kind.QUARTER, march)
    q3 = figure("q3", Period.Kind.QUARTER, dt.date(2021, 12, 31))
    undated = figure("undated", Period.Kind.SNAPSHOT, None)
    assert [f.name for f in points([year, q4, undated, q4_again, q3])] == ["q3", "q4 again"]
    assert period_rank(Period.Kind.QUARTER) < period_rank(Period.Kind.FINANCIAL_YEAR)
    assert period_rank("something new") > period_rank(Period.Kind.FINANCIAL_YEAR)


def test_the_own_area_is_the_council_then_a_police_force_area():
    areas = [
        ("England", Area.Kind.ENGLAND, 1),
        ("West Midlands", Area.Kind.POLICE_FORCE, 2),
        ("Coventry", Area.Kind.LOCAL_AUTHORITY, 3),
    ]
    assert min(areas, key=lambda a: own_area_rank(*a))[0] == "Coventry"
    assert min(areas[:2], key=lambda a: own_area_rank(*a))[0] == "West Midlands"


def test_comparators_are_the_nation_the_region_then_neighbours():
    areas = [
        ("Statistical neighbours", Area.Kind.STATISTICAL_NEIGHBOURS),
        ("west midlands", Area.Kind.REGION),
        ("England", Area.Kind.ENGLAND),
        ("East Midlands", Area.Kind.REGION),
    ]
    assert [a[0] for a in sorted(areas, key=lambda a: comparator_rank(*a))] == [
        "England",
        "East Midlands",
        "west midlands",
        "Statistical neighbours",
    ]


def test_a_count_with_a_percentage_is_compared_by_its_percentage():
    unit = Indicator.Unit
    assert measure(unit.COUNT_PERCENT, Decimal(1345), Decimal("88.2")) == Decimal("88.2")
    assert measure(unit.COUNT_PERCENT, Decimal(1345), None) == Decimal(1345)
    assert measure(unit.RATIO, Decimal(5), Decimal(2)) == Decimal(5)
