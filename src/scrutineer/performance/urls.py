"""Scorecards and indicators; mounted at /scorecard/."""

from django.urls import path

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
    path("<slug:body>/<str:year>/", views.scorecard, name="scorecard"),
    path("<slug:body>/<str:year>/print/", views.scorecard_print, name="scorecard-print"),
    path("<slug:body>/<str:year>/scorecard.xlsx", views.scorecard_xlsx, name="scorecard-xlsx"),
    path("<slug:body>/<str:year>/scorecard.csv", views.scorecard_csv, name="scorecard-csv"),
]
