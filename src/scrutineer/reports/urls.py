"""Reports and exports; mounted at /reports/."""

from django.urls import path, re_path

from . import views

YEAR = r"(?P<year>\d{4}-\d{2})"

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
    re_path(
        rf"^bodies/(?P<slug>[-a-zA-Z0-9_]+)/work-programme/{YEAR}/$",
        views.programme_document,
        name="programme-document",
    ),
    re_path(
        rf"^bodies/(?P<slug>[-a-zA-Z0-9_]+)/work-programme/{YEAR}\.docx$",
        views.programme_docx,
        name="programme-docx",
    ),
    path("tracker.csv", views.tracker_csv, name="tracker-csv"),
    path("tracker.xlsx", views.tracker_xlsx, name="tracker-xlsx"),
]
