from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "scrutineer.assurance"
    verbose_name = "Assurance: reviews, audits, training, budget and priorities"
