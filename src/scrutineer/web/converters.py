"""Path converters: a municipal or financial year in an address ("2016-17") reaches a view
as a MunicipalYear or FinancialYear, and anything else that looks like one is not a page
(404).

Not a year, so 404:

- a pair whose second half does not follow the first ("2016-18", "2099-01");
- a year before 1974-75, when the councils and their committees as they are now were set
  up (Local Government Act 1972): no paper Scrutineer reads can be from before then;
- a year starting more than ``YEARS_AHEAD`` years after this one ("2099-00" is a real
  pair, 2099/2100, but no council plans or reports that far ahead).

Any year in that range is a page, even one with nothing recorded: the work programme or
scorecard of a year before the papers begin, or of next year, says it has no items, which
is true and lets people link to next year's programme before it is written.
"""

from __future__ import annotations

from datetime import date

from django.urls import register_converter

from scrutineer.periods import FinancialYear, MunicipalYear

FIRST_YEAR = 1974
YEARS_AHEAD = 10


def in_range(first: int, today: date | None = None) -> bool:
    """Whether a year pair starting in ``first`` is one an address may name."""
    return FIRST_YEAR <= first <= (today or date.today()).year + YEARS_AHEAD


class _YearConverter:
    regex = r"\d{4}-\d{2}"
    year: type[MunicipalYear] | type[FinancialYear]

    def to_python(self, value: str):
        year = self.year.from_slug(value)  # ValueError: the address matches no page
        if not in_range(year.first):
            raise ValueError(f"{value!r} is outside the years Scrutineer shows.")
        return year

    def to_url(self, value) -> str:
        return value.slug if isinstance(value, self.year) else str(value)


class MunicipalYearConverter(_YearConverter):
    year = MunicipalYear


class FinancialYearConverter(_YearConverter):
    year = FinancialYear


register_converter(MunicipalYearConverter, "municipal_year")
register_converter(FinancialYearConverter, "financial_year")
