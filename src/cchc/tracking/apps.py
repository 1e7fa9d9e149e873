from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "cchc.tracking"
    verbose_name = "Theo dõi, đôn đốc"
