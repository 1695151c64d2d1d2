"""Scorecards and indicators; mounted at /scorecard/."""

from django.urls import path

from scrutineer.web import converters  # noqa: F401  (registers <financial_year:…>)

from . import views

urlpatterns = [
    path("", views.scorecards, name="scorecards"),
    # Indicator pages first, so that "indicators" is never read as a body.
    path("indicators/<slug:slug>/", views.indicator, name="indicator"),
    path("indicators/<slug:slug>/chart.svg", views.indicator_chart, name="indicator-chart"),
    path(
        "indicators/<slug:slug>/breakdown.svg",
        views.indicator_breakdown_chart,
        name="indicator-breakdown-chart",
    ),
    path("<slug:body>/<financial_year:year>/", views.scorecard, name="scorecard"),
    path("<slug:body>/<financial_year:year>/print/", views.scorecard_print, name="scorecard-print"),
    path(
        "<slug:body>/<financial_year:year>/scorecard.xlsx",
        views.scorecard_xlsx,
        name="scorecard-xlsx",
    ),
    path(
        "<slug:body>/<financial_year:year>/scorecard.csv", views.scorecard_csv, name="scorecard-csv"
    ),
]
