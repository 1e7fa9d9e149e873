from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cchc.api"
    verbose_name = "API"
