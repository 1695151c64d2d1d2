from django.urls import path

from . import views

urlpatterns = [
    path("", views.job_list, name="jobs"),
    path("upload/", views.upload, name="upload-paper"),
    path("<int:pk>/", views.job_page, name="job"),
]
