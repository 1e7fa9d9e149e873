from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "cchc.exports"
    verbose_name = "Xuất văn bản"
