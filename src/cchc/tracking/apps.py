from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "cchc.tracking"
    verbose_name = "Theo dõi, đôn đốc"

    def ready(self):
        # TRK-4: the rules of reminders (django-rules discovers only rules.py).
        from cchc.tracking import reminder_rules  # noqa: F401
