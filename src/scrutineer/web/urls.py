from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/<slug:slug>/", views.body, name="body"),
    path("bodies/<slug:slug>/meetings/<str:day>/", views.meeting, name="meeting"),
    path("people/<int:pk>/", views.person, name="person"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/original/", views.document_original, name="document-original"),
    path("warnings/", views.warnings, name="warnings"),
]
