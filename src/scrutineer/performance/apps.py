from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "scrutineer.performance"
    verbose_name = "Performance scorecard"
