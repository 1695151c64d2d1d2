from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "scrutineer.governance"
    verbose_name = "Governance record"

    def ready(self):
        from . import changes

        changes.connect()
