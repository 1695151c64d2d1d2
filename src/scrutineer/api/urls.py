from .service import api

urlpatterns = api.urls[0]
