from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cchc.core"
    verbose_name = "Lõi hệ thống"

    def ready(self):
        # U-3: every model of the cchc apps is audited by django-auditlog (see cchc.core.auditing).
        from cchc.core import auditing

        auditing.register_models()

        from cchc.core import audit_admin

        audit_admin.install()
