from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "scrutineer.web"
    verbose_name = "Web pages"
