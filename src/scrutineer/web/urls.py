from django.urls import path

from . import merges, publishing, users, views

urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/<slug:slug>/", views.body, name="body"),
    path("bodies/<slug:slug>/meetings/<str:day>/", views.meeting, name="meeting"),
    path(
        "bodies/<slug:slug>/meetings/<str:day>/publish/",
        publishing.agenda_publish,
        name="agenda-publish",
    ),
    path(
        "bodies/<slug:slug>/meetings/<str:day>/agenda-pack.pdf",
        publishing.agenda_pack,
        name="agenda-pack",
    ),
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
