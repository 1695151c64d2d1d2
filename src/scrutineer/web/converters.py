"""Path converters: a municipal year in an address ("2016-17") reaches a view as a
MunicipalYear, and anything else that looks like one ("2016-18") is not a page (404)."""

from __future__ import annotations

from django.urls import register_converter

from scrutineer.periods import MunicipalYear


class MunicipalYearConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> MunicipalYear:
        return MunicipalYear.from_slug(value)  # ValueError: the address matches no page

    def to_url(self, value: MunicipalYear | str) -> str:
        return value.slug if isinstance(value, MunicipalYear) else str(value)


register_converter(MunicipalYearConverter, "municipal_year")
