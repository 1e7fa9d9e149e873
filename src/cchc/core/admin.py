"""Django admin is for looking, not changing: every change goes through the services, which audit it (U-3)."""

from django.contrib import admin

from cchc.core.models import AuditEntry, Province, ProvinceAdministrator


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "standing_agency"]
    search_fields = ["search_text"]


@admin.register(ProvinceAdministrator)
class ProvinceAdministratorAdmin(ReadOnlyAdmin):
    list_display = ["user", "province"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "record_type", "record_label", "summary"]
    list_filter = ["action", "record_type", "province"]
