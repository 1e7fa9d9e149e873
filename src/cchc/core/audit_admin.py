"""U-3: the log of every write (django-auditlog's LogEntry) in the admin, read-only and in Vietnamese: who by full
name, what record, which fields by their Vietnamese labels, names rather than ids. It replaces auditlog's own
admin (English labels, usernames); `CoreConfig.ready` installs it once auditlog's admin is registered."""

from auditlog.models import LogEntry
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from cchc.core import audit, auditing


class LogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "record_type", "object_repr", "action_name", "actor_name"]
    list_select_related = ["content_type", "actor"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor__first_name", "actor__last_name"]
    fields = ["at", "record_type", "object_repr", "action_name", "actor_name", "remote_addr", "changes_table"]
    readonly_fields = fields

    @admin.display(description="Thời điểm", ordering="timestamp")
    def at(self, entry: LogEntry) -> str:
        return timezone.localtime(entry.timestamp).strftime("%d/%m/%Y %H:%M")

    @admin.display(description="Loại hồ sơ", ordering="content_type")
    def record_type(self, entry: LogEntry) -> str:
        model = entry.content_type.model_class()
        return str(model._meta.verbose_name) if model else entry.content_type.model

    @admin.display(description="Thao tác", ordering="action")
    def action_name(self, entry: LogEntry) -> str:
        return auditing.action_label(entry)

    @admin.display(description="Người thực hiện", ordering="actor")
    def actor_name(self, entry: LogEntry) -> str:
        return audit.person(entry.actor) or "Hệ thống"

    @admin.display(description="Nội dung thay đổi")
    def changes_table(self, entry: LogEntry) -> str:
        lines = ((field, before or "—", after or "—") for field, before, after in auditing.describe(entry))
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", lines)
        return format_html(
            "<table><thead><tr><th>Trường</th><th>Trước</th><th>Sau</th></tr></thead><tbody>{}</tbody></table>", rows
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def install(site: admin.AdminSite = admin.site) -> None:
    if site.is_registered(LogEntry):
        site.unregister(LogEntry)
    site.register(LogEntry, LogEntryAdmin)
