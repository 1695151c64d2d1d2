from django.views.decorators.cache import cache_control

from .service import api

urlpatterns = api.urls[0]

# The schema is the same for every reader, but the site's rule is that nothing answered to
# a signed-in reader is kept by a shared cache: it is marked private as every answer is.
for pattern in urlpatterns:
    if pattern.name == "openapi-json":
        pattern.callback = cache_control(private=True)(pattern.callback)
