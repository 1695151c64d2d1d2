"""The council calendar: every year and quarter the apps, parser and reports count."""

import datetime as dt

import pytest
from django.urls import reverse

from scrutineer.periods import FinancialYear, MunicipalYear, Quarter, add_months, year_pair_start
from scrutineer.rag import Rag
from scrutineer.web.converters import MunicipalYearConverter


def test_municipal_year_runs_may_to_april():
    year = MunicipalYear.of(dt.date(2021, 12, 9))
    assert year == MunicipalYear(2021)
    assert (year.label, year.slug) == ("2021/22", "2021-22")
    assert (year.start, year.end) == (dt.date(2021, 5, 1), dt.date(2022, 4, 30))
    assert MunicipalYear.of(dt.date(2022, 4, 30)) == year
    assert MunicipalYear.of(dt.date(2022, 5, 1)) == MunicipalYear(2022)
    assert dt.date(2022, 4, 30) in year and dt.date(2022, 5, 1) not in year


def test_years_read_as_printed_and_as_addressed():
    for printed in ["2016/17", "2016-17", "2016/2017", "2016 - 17"]:
        assert MunicipalYear.parse(printed) == MunicipalYear(2016), printed
    assert MunicipalYear.parse("1999/00") == MunicipalYear(1999)
    assert MunicipalYear.parse("2016/18") is None
    assert MunicipalYear.parse("the year") is None
    assert FinancialYear.from_slug("2020-21") == FinancialYear(2020)
    for wrong in ["2020-22", "2020/21", "202-21", "2099-00x"]:
        with pytest.raises(ValueError, match="write it as 2020-21"):
            FinancialYear.from_slug(wrong)
    assert year_pair_start("2021", "2022") == 2021
    assert year_pair_start("2021", "23") is None


def test_financial_year_and_its_quarters():
    year = FinancialYear.of(dt.date(2022, 3, 31))
    assert year == FinancialYear(2021)
    assert (year.start, year.end, year.window_start) == (
        dt.date(2021, 4, 1),
        dt.date(2022, 3, 31),
        dt.date(2021, 3, 31),
    )
    spans = [(q.key, q.start, q.end) for q in year.quarters]
    assert spans == [
        ("q1", dt.date(2021, 4, 1), dt.date(2021, 6, 30)),
        ("q2", dt.date(2021, 7, 1), dt.date(2021, 9, 30)),
        ("q3", dt.date(2021, 10, 1), dt.date(2021, 12, 31)),
        ("q4", dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
    ]
    assert year.quarter("q4").description == "Q4 (January to March 2022)"
    assert year.quarter("q5") is None


def test_quarters_parse_label_and_step_back():
    quarter = Quarter.parse("2021/22 Q4")
    assert quarter == Quarter(FinancialYear(2021), 4)
    assert Quarter.parse("2021-2022  q1") == Quarter(FinancialYear(2021), 1)
    assert Quarter.parse("2021/23 Q1") is None
    assert quarter.label == "2021/22 Q4"
    assert Quarter.of(dt.date(2022, 2, 14)) == quarter
    assert Quarter.last_ended_before(dt.date(2022, 4, 1)) == quarter
    assert Quarter.last_ended_before(dt.date(2021, 7, 15)).label == "2021/22 Q1"
    assert Quarter(FinancialYear(2021), 1).previous().label == "2020/21 Q4"


def test_add_months_keeps_within_the_month():
    assert add_months(dt.date(2022, 1, 31), 1) == dt.date(2022, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2021, 11, 15), 14) == dt.date(2023, 1, 15)
    assert add_months(dt.date(2021, 3, 15), -3) == dt.date(2020, 12, 15)


def test_rag_is_one_of_three_colours():
    assert Rag("red", "Overdue by 3 days").colour == "red"
    with pytest.raises(ValueError, match="red, amber or green"):
        Rag("blue", "no such rating")


def test_a_municipal_year_in_an_address_reaches_the_view_as_a_year():
    converter = MunicipalYearConverter()
    assert converter.to_python("2016-17") == MunicipalYear(2016)
    with pytest.raises(ValueError):
        converter.to_python("2016-18")
    assert converter.to_url(MunicipalYear(2016)) == converter.to_url("2016-17") == "2016-17"
    assert reverse("work-programme", args=["sb2", MunicipalYear(2016)]) == (
        "/bodies/sb2/work-programme/2016-17/"
    )
