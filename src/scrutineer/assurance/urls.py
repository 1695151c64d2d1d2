"""Every assurance address, from the module of the concept it shows."""

from .views import annual_reports, audits, budgets, dashboard, priorities, reviews, training

urlpatterns = [
    *reviews.urlpatterns,
    *audits.urlpatterns,
    *training.urlpatterns,
    *budgets.urlpatterns,
    *priorities.urlpatterns,
    *dashboard.urlpatterns,
    *annual_reports.urlpatterns,
]
