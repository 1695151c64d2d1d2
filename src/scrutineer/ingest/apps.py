from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "scrutineer.ingest"
    verbose_name = "Ingestion"
