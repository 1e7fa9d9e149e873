from django.apps import AppConfig


class IndexConfig(AppConfig):
    name = "cchc.index"
    verbose_name = "Chỉ số CCHC"
