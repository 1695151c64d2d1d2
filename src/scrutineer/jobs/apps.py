from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "scrutineer.jobs"
    label = "jobs"
    verbose_name = "Jobs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import celery_app  # noqa: F401 - the Celery app, configured from settings
