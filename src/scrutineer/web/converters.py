"""Path converters: a municipal or financial year in an address ("2016-17") reaches a view
as a MunicipalYear or FinancialYear, and anything else that looks like one ("2016-18") is
not a page (404)."""

from __future__ import annotations

from django.urls import register_converter

from scrutineer.periods import FinancialYear, MunicipalYear


class _YearConverter:
    regex = r"\d{4}-\d{2}"
    year: type[MunicipalYear] | type[FinancialYear]

    def to_python(self, value: str):
        return self.year.from_slug(value)  # ValueError: the address matches no page

    def to_url(self, value) -> str:
        return value.slug if isinstance(value, self.year) else str(value)


class MunicipalYearConverter(_YearConverter):
    year = MunicipalYear


class FinancialYearConverter(_YearConverter):
    year = FinancialYear


register_converter(MunicipalYearConverter, "municipal_year")
register_converter(FinancialYearConverter, "financial_year")
