from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "scrutineer.governance"
    verbose_name = "Governance record"
