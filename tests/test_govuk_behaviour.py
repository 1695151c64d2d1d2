"""GOV.UK behaviour of the site's pages: styled 404 and 500 pages, years in addresses that
are not years the site shows, and filter values that match nothing, said on the page.

Focus moving to the error summary needs a browser: tests/test_browser_govuk.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from scrutineer.governance.models import Body, Council, Warning
from scrutineer.periods import FinancialYear, MunicipalYear
from scrutineer.web.converters import (
    FinancialYearConverter,
    MunicipalYearConverter,
    in_range,
)
from tests.helpers import make_document


@pytest.fixture
def board():
    return Body.objects.create(name="Adults and Health Board", kind=Body.Kind.SCRUTINY_BOARD)


@pytest.fixture
def warned():
    pack = make_document("a", title="Board pack", lines=20)
    Warning.objects.create(
        document=pack, code="total-mismatch", first_line=3, message="Totals 312 and 321 disagree"
    )
    Warning.objects.create(
        document=pack, code="ambiguous-name", first_line=9, message="Two people match K Ashdown"
    )
    return pack


# 404 and 500 ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_address_gets_the_styled_page_not_found(client, settings):
    assert settings.DEBUG is False  # Django renders 404.html only when DEBUG is off
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found – Scrutineer</title>" in html
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "If you typed the web address, check it is correct." in html
    assert "If you pasted the web address, check you copied the entire address." in html
    assert 'class="govuk-header"' in html and 'id="main-content"' in html  # the site layout
    assert 'href="/">go to the list of bodies and meetings</a>' in html


@pytest.mark.django_db
def test_an_unknown_body_gets_the_styled_page_not_found(client):
    response = client.get("/bodies/no-such-body/")
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in response.content.decode()


@pytest.mark.django_db
def test_an_unprefixed_address_with_several_councils_gets_the_styled_page(client, board):
    """The council middleware refuses it before it knows the council: the page still has
    the site's layout."""
    Council.objects.get_or_create(slug="westvale", defaults={"name": "Westvale District Council"})
    response = client.get("/tracker/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert '<a href="/" class="govuk-header__service-name">Scrutineer</a>' in html


def test_the_server_error_page_stands_alone():
    """500.html is rendered with an empty context, and may be shown because the database
    is down: it reads nothing from the request or the database (this test has no database:
    a query would fail it)."""
    response = server_error(RequestFactory().get("/bodies/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "<title>Sorry, there is a problem with the service – Scrutineer</title>" in html
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in html
    assert "Try again later." in html
    assert '<a href="/" class="govuk-header__service-name">Scrutineer</a>' in html
    assert "Sign in" not in html and "Tracker" not in html  # no navigation that needs a user


# Years in addresses ---------------------------------------------------------------------


def test_years_an_address_may_name():
    today = date(2026, 12, 1)
    assert not in_range(1973, today)
    assert in_range(1974, today)
    assert in_range(2036, today)
    assert not in_range(2037, today)


@pytest.mark.parametrize("converter", [MunicipalYearConverter(), FinancialYearConverter()])
def test_a_year_pair_out_of_range_or_not_a_pair_is_not_a_page(converter):
    this_year = date.today().year
    for slug in ["2099-00", "1066-67", "1973-74", "2016-18", "2099-01"]:
        with pytest.raises(ValueError):
            converter.to_python(slug)
    assert converter.to_python("1974-75").first == 1974
    ahead = f"{this_year + 10}-{(this_year + 11) % 100:02d}"
    assert converter.to_python(ahead).first == this_year + 10
    assert type(converter.to_python("2016-17")) in (MunicipalYear, FinancialYear)


@pytest.mark.django_db
def test_work_programme_of_an_impossible_year_is_not_found(client, board):
    base = f"/bodies/{board.slug}/work-programme/"
    assert client.get(f"{base}2099-00/").status_code == 404
    assert client.get(f"{base}1900-01/").status_code == 404
    assert client.get(f"{base}2099-00.docx").status_code == 404
    next_year = date.today().year + 1
    later = client.get(f"{base}{next_year}-{(next_year + 1) % 100:02d}/")
    assert later.status_code == 200  # a year with nothing planned yet is still a page


@pytest.mark.django_db
def test_scorecard_of_an_impossible_year_is_not_found(client, board):
    assert client.get(f"/scorecard/{board.slug}/2099-00/").status_code == 404
    assert client.get(f"/scorecard/{board.slug}/2020-21/").status_code == 200


# Filter values --------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_warning_code_is_said_in_an_error_summary(client, warned):
    response = client.get("/warnings/", {"code": "no-such-code"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Warnings – Scrutineer</title>" in html
    assert 'data-module="govuk-error-summary" tabindex="-1"' in html
    assert (
        '<a href="#codes">There are no warnings with the code no-such-code.'
        " Choose a code from the list</a>"
    ) in html
    assert response.context["page"].paginator.count == 2  # the filter is not applied
    assert '<ul class="govuk-list app-filter" id="codes">' in html


@pytest.mark.django_db
def test_a_known_warning_code_has_no_error_summary(client, warned):
    response = client.get("/warnings/", {"code": "ambiguous-name"})
    html = response.content.decode()
    assert "govuk-error-summary" not in html
    assert [w.code for w in response.context["page"]] == ["ambiguous-name"]


@pytest.mark.django_db
def test_unknown_tracker_filter_values_are_said_in_an_error_summary(client, board):
    response = client.get("/tracker/", {"status": "nonsense", "body": "no-such-body"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-module="govuk-error-summary"' in html
    assert '<li><a href="#id_body">Select one of the options listed for “body”</a></li>' in html
    assert '<li><a href="#id_status">Select one of the options listed for “status”</a></li>' in (
        html
    )


@pytest.mark.django_db
def test_unknown_scorecard_filter_values_are_said_in_an_error_summary(client, board):
    response = client.get(f"/scorecard/{board.slug}/2020-21/", {"rag": "purple"})
    html = response.content.decode()
    assert 'data-module="govuk-error-summary"' in html
    assert '<a href="#id_rag">Select one of the options listed for “rag rating”' in html
    export = client.get(reverse("scorecard-csv", args=[board.slug, "2020-21"]), {"rag": "purple"})
    assert export.status_code == 400


@pytest.mark.django_db
def test_a_page_number_that_is_not_there_is_not_found(client, warned):
    assert client.get("/warnings/", {"page": "1"}).status_code == 200
    for number in ["2", "0", "-1", "last", "1.5"]:
        response = client.get("/warnings/", {"page": number})
        assert response.status_code == 404, number
        assert "Page not found" in response.content.decode()
    assert client.get("/tracker/", {"page": "1"}).status_code == 200  # empty, and says so
    assert client.get("/tracker/", {"page": "2"}).status_code == 404
    assert client.get("/tracker/", {"page": "nonsense"}).status_code == 404
