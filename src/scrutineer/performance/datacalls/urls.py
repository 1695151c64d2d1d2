"""Data call pages, included at ``scorecard/calls/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.call_index, name="data-call-index"),
    path("bodies/<slug:slug>/", views.data_calls, name="data-calls"),
    path("bodies/<slug:slug>/new/", views.new_data_call, name="data-call-new"),
    path("<int:pk>/", views.data_call, name="data-call"),
    path("<int:pk>/template.xlsx", views.template_xlsx, name="data-call-template-xlsx"),
    path("<int:pk>/template.csv", views.template_csv, name="data-call-template-csv"),
    path("<int:pk>/upload/", views.upload, name="data-call-upload"),
    path("<int:pk>/close/", views.close, name="data-call-close"),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/figure/",
        views.new_observation,
        name="observation-new",
    ),
]
