"""The assurance pages, one module per concept; each module names its own addresses in
``urlpatterns``, gathered by ``assurance.urls``."""
