"""The one bulk writer, on the real database (COPY on PostgreSQL, executemany on SQLite)."""

import pytest

from scrutineer import bulk
from scrutineer.governance.models import Organisation, OrganisationAlias

pytestmark = pytest.mark.django_db


def test_write_rows_fills_named_and_fixed_columns():
    rows = [(f"Agency {n}", f"agency-{n}") for n in range(2_500)]  # more than one batch
    assert bulk.write_rows(Organisation, ["name", "slug"], rows) == 2_500
    assert Organisation.objects.count() == 2_500
    assert Organisation.objects.get(slug="agency-2499").name == "Agency 2499"
    first = Organisation.objects.get(slug="agency-0")
    written = bulk.write_dicts(
        OrganisationAlias,
        [
            {"organisation_id": first.pk, "alias": "A0", "key": "a0"},
            {"organisation_id": first.pk, "alias": "A 0", "key": "a 0"},
        ],
    )
    assert written == 2
    assert sorted(first.aliases.values_list("key", flat=True)) == ["a 0", "a0"]


def test_write_rows_refuses_a_column_the_model_lacks():
    with pytest.raises(ValueError, match="Organisation has no column colour"):
        bulk.write_rows(Organisation, ["name", "colour"], [("A", "red")])
    assert not Organisation.objects.exists()


def test_insert_returning_and_set_column():
    returned = bulk.insert_returning(
        Organisation, ["name", "slug"], [("North", "north"), ("South", "south")], ["id", "slug"]
    )
    by_slug = {slug: pk for pk, slug in returned}
    assert set(by_slug) == {"north", "south"}
    assert Organisation.objects.get(pk=by_slug["north"]).name == "North"
    bulk.set_column(
        Organisation, "name", [(by_slug["north"], "Northern"), (by_slug["south"], "Southern")]
    )
    assert sorted(Organisation.objects.values_list("name", flat=True)) == ["Northern", "Southern"]


def test_write_rows_takes_decimals_as_they_are():
    from decimal import Decimal

    from scrutineer.performance.models import Area, Indicator, Observation, Period

    indicator = Indicator.objects.create(name="Rate", slug="rate", unit=Indicator.Unit.PERCENT)
    area = Area.objects.create(name="England", kind=Area.Kind.ENGLAND)
    period = Period.objects.create(
        label="2021/22", kind=Period.Kind.FINANCIAL_YEAR, start="2021-04-01", end="2022-03-31"
    )
    names = ["indicator_id", "area_id", "period_id", "raw", "value", "value2"]
    row = (indicator.pk, area.pk, period.pk, "12.5%", Decimal("12.5"), None)
    assert bulk.write_rows(Observation, names, [row]) == 1
    assert Observation.objects.get().value == Decimal("12.5")
