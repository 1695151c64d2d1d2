from django.contrib import admin
from django.urls import include, path

from scrutineer.tracker.urls import programme_patterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("scrutineer.web.accounts")),
    path("tracker/", include("scrutineer.tracker.urls")),
    path("bodies/<slug:slug>/work-programme/", include(programme_patterns)),
    path("reports/", include("scrutineer.reports.urls")),
    path("jobs/", include("scrutineer.jobs.urls")),
    path("scorecard/calls/", include("scrutineer.performance.datacalls.urls")),
    path("scorecard/", include("scrutineer.performance.urls")),
    path("api/v1/", include("scrutineer.api.urls")),
    path("account/api-tokens/", include("scrutineer.api.token_urls")),
    path("search/", include("scrutineer.search.urls")),
    path("", include("scrutineer.assurance.urls")),
    path("", include("scrutineer.web.urls")),
]
