from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "scrutineer.tracker"
    verbose_name = "Recommendations tracker and work programme"
