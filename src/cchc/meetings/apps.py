from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "cchc.meetings"
    verbose_name = "Phối hợp, giao ban"
