from django.apps import AppConfig


class RegulationConfig(AppConfig):
    name = "cchc.regulation"
    verbose_name = "Quy chế phối hợp"
