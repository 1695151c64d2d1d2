from django.urls import path

from . import merges, minutes_views, users, views

MEETING = "bodies/<slug:slug>/meetings/<str:day>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/<slug:slug>/", views.body, name="body"),
    path("bodies/<slug:slug>/meetings/<str:day>/", views.meeting, name="meeting"),
    path(f"{MEETING}attendance/", minutes_views.attendance_edit, name="attendance-edit"),
    path(f"{MEETING}declarations/", minutes_views.declarations_edit, name="declarations-edit"),
    path(f"{MEETING}minutes/", minutes_views.minutes_edit, name="minutes-edit"),
    path(f"{MEETING}minutes/<int:pk>/", minutes_views.minute_edit, name="minute-edit"),
    path(f"{MEETING}minutes.docx", minutes_views.minutes_docx_view, name="minutes-docx"),
    path(f"{MEETING}minutes.pdf", minutes_views.minutes_pdf_view, name="minutes-pdf"),
    path("people/<int:pk>/", views.person, name="person"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/original/", views.document_original, name="document-original"),
    path("warnings/", views.warnings, name="warnings"),
    path("users/", users.users, name="users"),
    path("users/invite/", users.invite, name="user-invite"),
    path("users/<int:pk>/role/", users.user_roles, name="user-roles"),
    path("merges/", merges.merge_list, name="merges"),
    path("merges/<str:kind>/<int:pk>/", merges.merge_record, name="merge"),
    path("merges/<int:pk>/undo/", merges.undo_merge, name="merge-undo"),
]
