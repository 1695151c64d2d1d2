"""Reports and exports; mounted at /reports/."""

from django.urls import path

from scrutineer.web import converters  # noqa: F401  (registers <municipal_year:…>)

from . import views

urlpatterns = [
    path(
        "bodies/<slug:slug>/outstanding-issues/",
        views.outstanding_issues,
        name="outstanding-issues",
    ),
    path(
        "bodies/<slug:slug>/outstanding-issues.docx",
        views.outstanding_issues_docx,
        name="outstanding-issues-docx",
    ),
    path(
        "bodies/<slug:slug>/outstanding-issues.pdf",
        views.outstanding_issues_pdf,
        name="outstanding-issues-pdf",
    ),
    path(
        "bodies/<slug:slug>/work-programme/<municipal_year:year>/",
        views.programme_document,
        name="programme-document",
    ),
    path(
        "bodies/<slug:slug>/work-programme/<municipal_year:year>.docx",
        views.programme_docx,
        name="programme-docx",
    ),
    path("tracker.csv", views.tracker_csv, name="tracker-csv"),
    path("tracker.xlsx", views.tracker_xlsx, name="tracker-xlsx"),
]
