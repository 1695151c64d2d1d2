from django.apps import AppConfig


class HarvestConfig(AppConfig):
    name = "scrutineer.harvest"
    verbose_name = "Harvest"
