"""Tracker pages under /tracker/, and the work programme pages under each body.

``programme_patterns`` is included at ``bodies/<slug:slug>/work-programme/``.
"""

from django.urls import path

from scrutineer.web import converters  # noqa: F401  (registers <municipal_year:…>)

from . import views

urlpatterns = [
    path("", views.tracker_list, name="tracker"),
    path("add/", views.add_tracked_item, name="tracked-item-add"),
    path("history/", views.settle_history, name="tracker-history"),
    path("<int:pk>/", views.tracked_item, name="tracked-item"),
    path("<int:pk>/response/", views.record_response, name="tracked-item-response"),
    path("<int:pk>/status/", views.change_status, name="tracked-item-status"),
    path("plans/<int:pk>/", views.action_plan, name="action-plan"),
    path("resolutions/<int:pk>/track/", views.track_resolution, name="resolution-track"),
]

programme_patterns = [
    path("<municipal_year:year>/", views.work_programme, name="work-programme"),
    path("<municipal_year:year>/add/", views.add_programme_item, name="work-programme-add"),
    path(
        "<municipal_year:year>/items/<int:pk>/move/",
        views.move_programme_item,
        name="work-programme-move",
    ),
]
