from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "cchc.agencies"
    verbose_name = "Cơ quan, đơn vị"
