from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "scrutineer.search"
    verbose_name = "Search"

    def ready(self):
        from . import signals

        signals.connect()
