from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "cchc.ingest"
    verbose_name = "Nhập văn bản"
