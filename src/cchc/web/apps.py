from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cchc.web"
    verbose_name = "Giao diện"
